// The monthly store P&L report (各店损益): a row per store, then per region and for the company,
// from one pure rule (src/pnl/pnl.ts) over what ./pnl-data.ts reads, with last year's same month
// beside it. Unknown is shown as unknown (null), never as 0: a store with a sold SKU of no known
// cost, or a franchise's own expenses. `allocation` says how regional expenses reach the stores:
// by sales share (the default) or not at all.
import { ALLOCATION_RULES, type AllocationRule } from '../pnl/allocate'
import { storePnlReport, type PnlTotals, type Reference } from '../pnl/pnl'
import { toMajorUnits } from '../lib/money'
import { invalid } from '../lib/problem'
import { monthFigures, scopeStoreInfo } from './pnl-data'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'

export const PNL_COLUMNS: Column[] = [
  { key: 'level', title: 'Level 层级', kind: 'text', labels: 'pnlLevel' },
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'storeName', title: 'Name 名称', kind: 'text' },
  { key: 'channel', title: 'Channel 渠道', kind: 'text', labels: 'channel' },
  { key: 'netSales', title: 'Net sales 净销售额', kind: 'money' },
  { key: 'cogs', title: 'COGS 销售成本', kind: 'money', unknown: true },
  { key: 'grossProfit', title: 'Gross profit 毛利', kind: 'money', unknown: true },
  { key: 'grossMargin', title: 'Gross margin 毛利率', kind: 'rate', unknown: true },
  { key: 'storeExpenses', title: 'Store expenses 门店费用', kind: 'money', unknown: true },
  { key: 'allocatedExpenses', title: 'Allocated 分摊费用', kind: 'money', unknown: true },
  { key: 'contribution', title: 'Contribution 贡献利润', kind: 'money', unknown: true },
  { key: 'contributionMargin', title: 'Contribution margin 贡献利润率', kind: 'rate', unknown: true },
  { key: 'netSalesLastYear', title: 'Net sales LY 去年同期净销售额', kind: 'money' },
  { key: 'grossProfitLastYear', title: 'Gross profit LY 去年同期毛利', kind: 'money', unknown: true },
  { key: 'contributionLastYear', title: 'Contribution LY 去年同期贡献利润', kind: 'money', unknown: true },
  { key: 'unknownCostSales', title: 'Sales of unknown cost 成本未知的销售额', kind: 'money' },
]

const money = (minor: number | null) => (minor === null ? null : toMajorUnits(minor))
const marginOf = (part: number | null, whole: number) => (part === null || whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000)

function totalsRow(level: 'region' | 'company', regionCode: string | null, t: PnlTotals, lastYear: PnlTotals | undefined): Row {
  return {
    level,
    regionCode,
    storeCode: null,
    storeName: null,
    channel: null,
    netSales: money(t.netSales),
    cogs: money(t.cogs),
    grossProfit: money(t.grossProfit),
    grossMargin: t.grossMargin,
    storeExpenses: money(t.direct.storeExpenses.total + t.nonDirectStoreExpenses.total),
    allocatedExpenses: money(t.direct.allocatedExpenses.total),
    contribution: money(t.contribution),
    contributionMargin: marginOf(t.contribution, t.netSales),
    netSalesLastYear: lastYear ? money(lastYear.netSales) : 0,
    grossProfitLastYear: lastYear ? money(lastYear.grossProfit) : 0,
    contributionLastYear: lastYear ? money(lastYear.contribution) : 0,
    unknownCostSales: money(t.unknownCostSales),
  }
}

export function allocationOf(value: string | undefined): AllocationRule {
  if (value === undefined) return 'sales_share'
  if ((ALLOCATION_RULES as readonly string[]).includes(value)) return value as AllocationRule
  throw invalid([{ path: 'allocation', message: `must be one of ${ALLOCATION_RULES.join(', ')}` }])
}

export async function pnlReport(ctx: ReportContext, params: ReportParams): Promise<Report> {
  if (params.month === undefined) throw invalid([{ path: 'month', message: 'the P&L reads a month' }])
  const rule = allocationOf(params.allocation)
  // A running month counts through the as-of day, and last year's through the same day of its month.
  const through = ctx.asOf
  const lastYearThrough = `${Number(through.slice(0, 4)) - 1}${through.slice(4) === '-02-29' ? '-02-28' : through.slice(4)}`
  const stores = await scopeStoreInfo(ctx)
  const [now, before] = await Promise.all([monthFigures(ctx, params.year, params.month, through, stores), monthFigures(ctx, params.year - 1, params.month, lastYearThrough, stores)])
  const lastYearPnl = storePnlReport({ stores: before.stores, regionalExpenses: before.regionalExpenses, rule })
  const lastYear = new Map<string, Reference>(lastYearPnl.stores.map((s) => [s.storeCode, { netSales: s.netSales, grossProfit: s.grossProfit, contribution: s.contribution }]))
  const pnl = storePnlReport({ stores: now.stores, regionalExpenses: now.regionalExpenses, rule, lastYear })
  const rows: Row[] = []
  for (const region of pnl.regions) {
    for (const s of pnl.stores.filter((x) => x.regionCode === region.regionCode)) {
      rows.push({
        level: 'store',
        regionCode: s.regionCode,
        storeCode: s.storeCode,
        storeName: now.info.get(s.storeCode)?.name ?? null,
        channel: s.channel,
        netSales: money(s.netSales),
        cogs: money(s.cogs),
        grossProfit: money(s.grossProfit),
        grossMargin: s.grossMargin,
        storeExpenses: money(s.storeExpenses?.total ?? null),
        allocatedExpenses: money(s.allocatedExpenses?.total ?? null),
        contribution: money(s.contribution),
        contributionMargin: s.contributionMargin,
        netSalesLastYear: money(s.lastYear?.netSales ?? 0),
        grossProfitLastYear: s.lastYear ? money(s.lastYear.grossProfit) : 0,
        contributionLastYear: s.lastYear ? money(s.lastYear.contribution) : 0,
        unknownCostSales: money(s.unknownCostSales),
      })
    }
    rows.push(totalsRow('region', region.regionCode, region, lastYearPnl.regions.find((r) => r.regionCode === region.regionCode)))
  }
  rows.push(totalsRow('company', null, pnl.company, lastYearPnl.company))
  return { report: 'pnl', title: `Store P&L ${params.year}-${String(params.month).padStart(2, '0')}`, params, asOf: ctx.asOf, columns: PNL_COLUMNS, rows }
}
