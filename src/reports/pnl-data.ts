// What the monthly store P&L reads from D1, in one batch: the stores of the scope that trade in the
// month, their net sales by SKU and day (the daily SKU rollups: a refund counts on its own day, so
// its cost is the cost of that day), the products' cost histories, and the month's committed
// expenses (approved and pending, as the budget controls count them), by store or by region.
import { COUNTED_STATUSES } from '../budgets/ledger'
import { regionFilterParam, regionFilterSql } from '../db/region-filter'
import { monthEnd, monthStart } from '../lib/time'
import { tradesDuring } from '../masterdata/trading-days'
import type { ByCategory } from '../pnl/allocate'
import { sumCogs, type CostPoint, type CostedLine } from '../pnl/cost'
import type { Channel, StoreMonth } from '../pnl/pnl'
import type { ReportContext } from './report'
import { rowsOf } from './sql'

export interface StoreInfo {
  code: string
  name: string
  regionCode: string
  channel: Channel
  dealerCode: string | null
  manager: string | null
  openedOn: string | null
  closedOn: string | null
}

export interface MonthFigures {
  stores: StoreMonth[]
  regionalExpenses: Map<string, ByCategory>
  info: Map<string, StoreInfo>
}

const add = (into: ByCategory, key: string, amount: number) => {
  into[key] = (into[key] ?? 0) + amount
}

/** The stores of the scope, with what the P&L and the scorecard show of them. */
export async function scopeStoreInfo(ctx: ReportContext): Promise<StoreInfo[]> {
  const result = await ctx.env.DB.prepare(
    `SELECT code, name, region_code, channel, dealer_code, manager, opened_on, closed_on FROM stores WHERE ${regionFilterSql(1)} ORDER BY region_code, code`,
  )
    .bind(regionFilterParam(ctx.regionCodes))
    .all()
  return rowsOf(result).map((r) => ({
    code: r.code as string,
    name: r.name as string,
    regionCode: r.region_code as string,
    channel: r.channel as Channel,
    dealerCode: r.dealer_code as string | null,
    manager: r.manager as string | null,
    openedOn: r.opened_on as string | null,
    closedOn: r.closed_on as string | null,
  }))
}

/** A month's figures, through `through` when the month is still running (the report's as-of day). */
/** The store's cost of goods; beyond exact integer arithmetic (an absurd cost price), unknown rather than a failed report. */
function costedOrUnknown(lines: CostedLine[], histories: Map<string, CostPoint[]>) {
  try {
    return sumCogs(lines, histories)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    return { cogsKnown: 0, unknownCostSales: lines.reduce((sum, l) => sum + l.netSales, 0), unknownQty: 0, unknownSkus: [...new Set(lines.map((l) => l.sku))].sort() }
  }
}

/** `known`: the scope's stores when the caller has read them already (a quarter reads them once, not per month). */
export async function monthFigures(ctx: ReportContext, year: number, month: number, through?: string, known?: StoreInfo[]): Promise<MonthFigures> {
  const from = monthStart(year, month)
  const to = through !== undefined && through < monthEnd(year, month) ? through : monthEnd(year, month)
  const regions = regionFilterParam(ctx.regionCodes)
  const [stores, [lines, costs, spent]] = await Promise.all([
    known ?? scopeStoreInfo(ctx),
    ctx.env.DB.batch([
      ctx.env.DB.prepare(`SELECT store_code, day, sku, qty, amount FROM sales_daily_sku WHERE day BETWEEN ?2 AND ?3 AND ${regionFilterSql(1)}`).bind(regions, from, to),
      ctx.env.DB.prepare(
        `SELECT sku, effective_from, cost_price FROM product_costs WHERE sku IN (SELECT DISTINCT sku FROM sales_daily_sku WHERE day BETWEEN ?2 AND ?3 AND ${regionFilterSql(1)})`,
      ).bind(regions, from, to),
      ctx.env.DB.prepare(
        `SELECT region_code, store_code, category, sum(amount) AS amount FROM expenses
         WHERE year = ?2 AND month = ?3 AND incurred_on <= ?4 AND status IN ${COUNTED_STATUSES} AND ${regionFilterSql(1)} GROUP BY region_code, store_code, category`,
      ).bind(regions, year, month, to),
    ]),
  ])
  const histories = new Map<string, CostPoint[]>()
  for (const c of rowsOf(costs)) histories.set(c.sku as string, [...(histories.get(c.sku as string) ?? []), { effectiveFrom: c.effective_from as string, costPrice: c.cost_price as number }])
  const linesByStore = new Map<string, CostedLine[]>()
  for (const l of rowsOf(lines)) {
    const store = l.store_code as string
    linesByStore.set(store, [...(linesByStore.get(store) ?? []), { sku: l.sku as string, day: l.day as string, qty: l.qty as number, netSales: l.amount as number }])
  }
  // Stores that trade in the month, and any that sold in it all the same.
  const trading = stores.filter((s) => tradesDuring({ openedOn: s.openedOn, closedOn: s.closedOn }, from, to) || linesByStore.has(s.code))
  const tradingCodes = new Set(trading.map((s) => s.code))
  const storeExpenses = new Map<string, ByCategory>()
  const regionalExpenses = new Map<string, ByCategory>()
  for (const e of rowsOf(spent)) {
    // An expense of a store with no row this month (closed, not yet open) stays with its region: never lost.
    const store = e.store_code as string | null
    if (store && tradingCodes.has(store)) add(storeExpenses.get(store) ?? storeExpenses.set(store, {}).get(store)!, e.category as string, e.amount as number)
    else add(regionalExpenses.get(e.region_code as string) ?? regionalExpenses.set(e.region_code as string, {}).get(e.region_code as string)!, e.category as string, e.amount as number)
  }
  return {
    stores: trading.map((s) => {
      const storeLines = linesByStore.get(s.code) ?? []
      const cogs = costedOrUnknown(storeLines, histories)
      return {
        storeCode: s.code,
        regionCode: s.regionCode,
        channel: s.channel,
        netSales: storeLines.reduce((sum, l) => sum + l.netSales, 0),
        cogsKnown: cogs.cogsKnown,
        unknownCostSales: cogs.unknownCostSales,
        unknownSkus: cogs.unknownSkus,
        storeExpenses: storeExpenses.get(s.code) ?? {},
      }
    }),
    regionalExpenses,
    info: new Map(stores.map((s) => [s.code, s])),
  }
}
