// Data completeness: per store and day, whether its POS sales arrived. A month or an ISO week, or
// without either the last 7 days before the as-of day — a rolling view for a link pulled daily.
import { periodOf } from '../achievement/measures'
import { toMajorUnits } from '../lib/money'
import { addDays } from '../lib/time'
import { storeDays } from './arrivals'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { storesInScope } from './scope-stores'

export const ROLLING_DAYS = 7

export const COMPLETENESS_COLUMNS: Column[] = [
  { key: 'day', title: 'Day 日期', kind: 'day' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'storeName', title: 'Name 名称', kind: 'text' },
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'arrived', title: 'Arrived 已上报', kind: 'flag' },
  { key: 'sales', title: 'Sales 单数', kind: 'count' },
  { key: 'amount', title: 'Amount 金额', kind: 'money' },
  { key: 'missing', title: 'Missing 未上报', kind: 'flag' },
]

export async function completenessReport(ctx: ReportContext, params: ReportParams): Promise<Report> {
  const [from, to] =
    params.month !== undefined || params.week !== undefined
      ? (({ from, to }) => [from, to])(periodOf({ year: params.year, month: params.month, week: params.week }, ctx.asOf))
      : [addDays(ctx.asOf, -ROLLING_DAYS), addDays(ctx.asOf, -1)]
  const stores = await storesInScope(ctx)
  const days = await storeDays(ctx, stores, from, to)
  const rows: Row[] = days.map((d) => ({
    day: d.day,
    storeCode: d.store.code,
    storeName: d.store.name,
    regionCode: d.store.regionCode,
    arrived: d.arrived,
    sales: d.sales,
    amount: toMajorUnits(d.amount),
    missing: !d.arrived,
  }))
  return { report: 'completeness', title: `POS data completeness ${from} – ${to}`, params, asOf: ctx.asOf, columns: COMPLETENESS_COLUMNS, rows }
}
