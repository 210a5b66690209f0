// Achievement per store or region over the daily rollups: one query for actuals (this period, and
// last year's for YoY and the forecast) and one for the monthly targets, for any region scope.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Database } from '../db/client'
import { regions, salesDaily, stores, targets } from '../db/schema'
import { toMajorUnits } from '../lib/money'
import { forecast, lastYearOf, periodOf, ratio, spanTarget, yoy, type Period, type PeriodRequest } from './measures'

export interface AchievementRow {
  code: string
  regionCode: string
  /** Money in major units. */
  target: number
  actual: number
  rate: number | null
  gap: number
  yoy: number | null
  forecast: number | null
}

export interface AchievementQuery {
  request: PeriodRequest
  level: 'store' | 'region'
  /** The regions to measure; null for every region. */
  regionCodes: string[] | null
  asOf: string
}

const inRegions = (column: SQLiteColumn, codes: string[] | null) => (codes === null ? undefined : inArray(column, codes))

export async function achievementRows(db: Database, query: AchievementQuery): Promise<{ period: Period; rows: AchievementRow[] }> {
  const { request, level, regionCodes } = query
  const period = periodOf(request, query.asOf)
  const lastYear = lastYearOf(request, period)
  const byStore = level === 'store'

  const units = byStore
    ? await db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(inRegions(stores.regionCode, regionCodes)).orderBy(stores.code).all()
    : (await db.select({ code: regions.code }).from(regions).where(inRegions(regions.code, regionCodes)).orderBy(regions.code).all()).map((r) => ({
        code: r.code,
        regionCode: r.code,
      }))

  const key = byStore ? salesDaily.storeCode : salesDaily.regionCode
  const between = (from: string, to: string) => sql`${salesDaily.day} BETWEEN ${from} AND ${to}`
  const [actualRows, targetRows] = await Promise.all([
    db
      .select({
        code: key,
        actual: sql<number>`coalesce(sum(CASE WHEN ${between(period.from, period.through)} THEN ${salesDaily.amount} END), 0)`,
        lyElapsed: sql<number>`coalesce(sum(CASE WHEN ${between(lastYear.from, lastYear.through)} THEN ${salesDaily.amount} END), 0)`,
        lyTotal: sql<number>`coalesce(sum(CASE WHEN ${between(lastYear.from, lastYear.to)} THEN ${salesDaily.amount} END), 0)`,
      })
      .from(salesDaily)
      .where(and(sql`(${between(period.from, period.through)} OR ${between(lastYear.from, lastYear.to)})`, inRegions(salesDaily.regionCode, regionCodes)))
      .groupBy(key)
      .all(),
    db
      .select({ code: targets.code, year: targets.year, month: targets.month, amount: targets.amount })
      .from(targets)
      .where(
        and(
          eq(targets.metric, 'sales'),
          eq(targets.level, level),
          inArray(targets.year, [...new Set([Number(period.from.slice(0, 4)), Number(period.to.slice(0, 4))])]),
          inRegions(targets.regionCode, regionCodes),
        ),
      )
      .all(),
  ])
  const totals = new Map(actualRows.map((r) => [r.code, r]))
  const monthTargets = new Map<string, number>(targetRows.map((t) => [`${t.code}/${t.year}/${t.month}`, t.amount]))

  const yearToDate = request.month === undefined && request.week === undefined
  const rows = units.map(({ code, regionCode }): AchievementRow => {
    const { actual, lyElapsed, lyTotal } = totals.get(code) ?? { actual: 0, lyElapsed: 0, lyTotal: 0 }
    // A month or week is measured against its whole target; the year to date against the target of its elapsed days.
    const targetTo = yearToDate ? period.through : period.to
    const target = spanTarget(period.from, targetTo, (year, month) => monthTargets.get(`${code}/${year}/${month}`) ?? 0)
    const expected = forecast(period, actual, { elapsed: lyElapsed, total: lyTotal })
    return {
      code,
      regionCode,
      target: toMajorUnits(target),
      actual: toMajorUnits(actual),
      rate: ratio(actual, target),
      gap: toMajorUnits(target - actual),
      yoy: period.through < period.from ? null : yoy(actual, lyElapsed),
      forecast: expected === null ? null : toMajorUnits(expected),
    }
  })
  return { period, rows }
}
