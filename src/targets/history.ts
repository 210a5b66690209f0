// What planning and re-spreading know of the past: last year's targets from the targets table,
// and actual sales per region, store and month from the sales ledger.
import { and, between, eq, sql } from 'drizzle-orm'
import type { Database } from '../db/client'
import { regions, salesMonthly, stores, targets } from '../db/schema'
import type { RegionHistory, StoreFacts } from './plan'
import type { Metric } from './repository'

export interface ActualSales {
  /** Region code → 12 monthly actuals, minor units. */
  byRegionMonth: Map<string, number[]>
  /** Store code → annual actual, minor units. */
  byStore: Map<string, number>
}

/**
 * Actual net sales of a year from the monthly rollup of the POS ledger (12 rows a store, not 365). A region or store without
 * sales has no entry (it plans from the average share). Collections have no ledger of their own
 * here yet, so their actuals are empty.
 */
export async function actualSales(db: Database, metric: Metric, year: number): Promise<ActualSales> {
  const actuals: ActualSales = { byRegionMonth: new Map(), byStore: new Map() }
  if (metric !== 'sales') return actuals
  const inYear = between(salesMonthly.month, `${year}-01`, `${year}-12`)
  const [byRegionMonth, byStore] = await Promise.all([
    db
      .select({ regionCode: salesMonthly.regionCode, month: salesMonthly.month, amount: sql<number>`sum(${salesMonthly.amount})` })
      .from(salesMonthly)
      .where(inYear)
      .groupBy(salesMonthly.regionCode, salesMonthly.month)
      .all(),
    db.select({ storeCode: salesMonthly.storeCode, amount: sql<number>`sum(${salesMonthly.amount})` }).from(salesMonthly).where(inYear).groupBy(salesMonthly.storeCode).all(),
  ])
  for (const row of byRegionMonth) {
    const months = actuals.byRegionMonth.get(row.regionCode) ?? Array(12).fill(0)
    months[Number(row.month.slice(5, 7)) - 1] = row.amount
    actuals.byRegionMonth.set(row.regionCode, months)
  }
  for (const row of byStore) actuals.byStore.set(row.storeCode, row.amount)
  return actuals
}

export async function planInputs(db: Database, year: number): Promise<{ regions: RegionHistory[]; stores: StoreFacts[] }> {
  const [regionRows, storeRows, lastYearTargets, actuals] = await Promise.all([
    db.select({ code: regions.code }).from(regions).all(),
    db.select().from(stores).all(),
    db
      .select({ regionCode: targets.regionCode, amount: targets.amount })
      .from(targets)
      .where(and(eq(targets.metric, 'sales'), eq(targets.year, year - 1), eq(targets.level, 'region')))
      .all(),
    actualSales(db, 'sales', year - 1),
  ])
  const targetByRegion = new Map<string, number>()
  for (const row of lastYearTargets) targetByRegion.set(row.regionCode, (targetByRegion.get(row.regionCode) ?? 0) + row.amount)
  return {
    regions: regionRows.map(({ code }) => {
      const monthly = actuals.byRegionMonth.get(code) ?? Array(12).fill(0)
      return {
        code,
        lastYearActual: monthly.reduce((a, b) => a + b, 0),
        lastYearTarget: targetByRegion.get(code) ?? 0,
        lastYearMonthly: monthly,
      }
    }),
    stores: storeRows.map((s) => ({
      code: s.code,
      regionCode: s.regionCode,
      openedOn: s.openedOn,
      closedOn: s.closedOn,
      tier: s.tier,
      areaSqm: s.areaSqm,
      lastYearActual: actuals.byStore.get(s.code) ?? 0,
    })),
  }
}
