// Which open stores sent sales on which days (日清日报). A day is judged once it is over: the
// as-of day itself is still running and is never flagged.
import { addDays } from '../lib/time'
import type { ReportContext } from './report'
import type { ScopeStore } from './scope-stores'
import { REGION_FILTER, regionFilterParam } from '../db/region-filter'
import { rowsOf } from './sql'

export interface StoreDay {
  store: ScopeStore
  day: string
  arrived: boolean
  sales: number
  /** Net amount, minor units. */
  amount: number
}

/** Every day of `from`..`to` before `asOf` on which each store was open, with what arrived. */
export async function storeDays(ctx: ReportContext, stores: ScopeStore[], from: string, to: string): Promise<StoreDay[]> {
  const last = to < ctx.asOf ? to : addDays(ctx.asOf, -1)
  if (last < from) return []
  const result = await ctx.env.DB.prepare(`SELECT store_code, day, sales, amount FROM sales_daily WHERE day BETWEEN ?2 AND ?3 AND ${REGION_FILTER}`)
    .bind(regionFilterParam(ctx.regionCodes), from, last)
    .all()
  const arrived = new Map(rowsOf(result).map((r) => [`${r.store_code}/${r.day}`, { sales: r.sales as number, amount: r.amount as number }]))
  const days: StoreDay[] = []
  for (let day = from; day <= last; day = addDays(day, 1)) {
    for (const store of stores) {
      if (!store.openOn(day)) continue
      const figures = arrived.get(`${store.code}/${day}`)
      days.push({ store, day, arrived: figures !== undefined, sales: figures?.sales ?? 0, amount: figures?.amount ?? 0 })
    }
  }
  return days
}
