// Collection achievement: money received against the monthly `collection` targets of each
// region, for a month or the year to date, measured as sales achievement is (achievement/measures.ts).
import { and, eq, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { periodOf, ratio, spanTarget } from '../achievement/measures'
import type { Database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { payments, regions, targets } from '../db/schema'
import { toMajorUnits } from '../lib/money'

/** Collected and collection targets per region for a month or the year to date. */
export async function collectionAchievement(db: Database, regionCodes: string[] | null, year: number, month: number | undefined, asOf: string) {
  const period = periodOf({ year, month }, asOf)
  const inScope = (column: SQLiteColumn) => inRegions(column, regionCodes)
  const [regionRows, collected, monthTargets] = await Promise.all([
    db.select({ code: regions.code }).from(regions).where(inScope(regions.code)).orderBy(regions.code).all(),
    db
      .select({ regionCode: payments.regionCode, amount: sql<number>`sum(${payments.amount})` })
      .from(payments)
      .where(and(sql`${payments.receivedOn} BETWEEN ${period.from} AND ${period.through}`, inScope(payments.regionCode)))
      .groupBy(payments.regionCode)
      .all(),
    db
      .select({ code: targets.code, month: targets.month, amount: targets.amount })
      .from(targets)
      .where(and(eq(targets.metric, 'collection'), eq(targets.level, 'region'), eq(targets.year, year), inScope(targets.regionCode)))
      .all(),
  ])
  const collectedBy = new Map(collected.map((r) => [r.regionCode, r.amount]))
  const targetOf = new Map(monthTargets.map((t) => [`${t.code}/${t.month}`, t.amount]))
  return regionRows.map(({ code }) => {
    const target = spanTarget(period.from, month === undefined ? period.through : period.to, (y, m) => (y === year ? (targetOf.get(`${code}/${m}`) ?? 0) : 0))
    const amount = collectedBy.get(code) ?? 0
    return { regionCode: code, target: toMajorUnits(target), collected: toMajorUnits(amount), rate: ratio(amount, target), gap: toMajorUnits(target - amount) }
  })
}
