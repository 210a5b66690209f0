// The stores of a report's regions with the days they trade (src/masterdata/trading-days.ts, the
// rule planning uses too).
import type { ReportContext } from './report'
import { regionFilterParam } from '../db/region-filter'
import { tradesDuring, tradesOn, type StoreDates } from '../masterdata/trading-days'
import { rowsOf } from './sql'

export interface ScopeStore {
  code: string
  name: string
  regionCode: string
  openOn(day: string): boolean
  openDuring(from: string, to: string): boolean
}

export async function storesInScope(ctx: ReportContext): Promise<ScopeStore[]> {
  const result = await ctx.env.DB.prepare(
    `SELECT code, name, region_code, opened_on, closed_on FROM stores
     WHERE (?1 IS NULL OR region_code IN (SELECT value FROM json_each(?1))) ORDER BY region_code, code`,
  )
    .bind(regionFilterParam(ctx.regionCodes))
    .all()
  return rowsOf(result).map((row) => {
    const dates: StoreDates = { openedOn: row.opened_on as string | null, closedOn: row.closed_on as string | null }
    return {
      code: row.code as string,
      name: row.name as string,
      regionCode: row.region_code as string,
      openOn: (day: string) => tradesOn(dates, day),
      openDuring: (from: string, to: string) => tradesDuring(dates, from, to),
    }
  })
}
