// Store ranking for a month, an ISO week or the year to date: achievement, gap and YoY per store,
// ranked by pace (the rate against the target due so far, ../achievement/progress.ts). Stores not
// open in the period are left out.
import { byPace } from '../achievement/progress'
import { achievementRows } from '../achievement/query'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { storesInScope } from './scope-stores'

export const STORES_COLUMNS: Column[] = [
  { key: 'rank', title: 'Rank 排名', kind: 'count' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'storeName', title: 'Name 名称', kind: 'text' },
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'target', title: 'Target 目标', kind: 'money' },
  { key: 'actual', title: 'Actual 实际', kind: 'money' },
  { key: 'rate', title: 'Rate 达成率', kind: 'rate' },
  { key: 'gap', title: 'Gap 差额', kind: 'money' },
  { key: 'yoy', title: 'YoY 同比', kind: 'rate' },
  { key: 'targetToDate', title: 'Target to date 进度目标', kind: 'money' },
  { key: 'rateToDate', title: 'Rate to date 进度达成率', kind: 'rate' },
  { key: 'timeProgress', title: 'Time progress 时间进度', kind: 'rate' },
  { key: 'pace', title: 'Pace 进度', kind: 'pace' },
]

export async function storesReport(ctx: ReportContext, params: ReportParams): Promise<Report> {
  const request = { year: params.year, month: params.month, week: params.week }
  const [{ period, rows }, stores] = await Promise.all([
    achievementRows(ctx.env, { request, level: 'store', regionCodes: ctx.regionCodes, asOf: ctx.asOf }),
    storesInScope(ctx),
  ])
  const open = new Map(stores.filter((s) => s.openDuring(period.from, period.to)).map((s) => [s.code, s]))
  const ranked: Row[] = rows
    .filter((r) => open.has(r.code))
    .sort(byPace)
    .map((r, index) => ({
      rank: index + 1,
      storeCode: r.code,
      storeName: open.get(r.code)!.name,
      regionCode: r.regionCode,
      target: r.target,
      actual: r.actual,
      rate: r.rate,
      gap: r.gap,
      yoy: r.yoy,
      targetToDate: r.targetToDate,
      rateToDate: r.rateToDate,
      timeProgress: r.timeProgress,
      pace: r.pace,
    }))
  return { report: 'stores', title: `Store ranking ${period.from} – ${period.to}`, params, asOf: ctx.asOf, columns: STORES_COLUMNS, rows: ranked, timeProgress: period.timeProgress }
}
