// The weekly store-manager meeting pack (周会) for an ISO week: per store the week's target, actual,
// rate and rank in its region, the gap to the month's target, open violations, stock alerts, and
// the trading days on which its POS data did not arrive.
import { periodOf } from '../achievement/measures'
import { byPace } from '../achievement/progress'
import { achievementRows } from '../achievement/query'
import { stockOf } from '../inventory/positions'
import { storeDays } from './arrivals'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { storesInScope } from './scope-stores'
import { REGION_FILTER, regionFilterParam } from '../db/region-filter'
import { rowsOf } from './sql'

export const WEEKLY_COLUMNS: Column[] = [
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'rank', title: 'Rank 排名', kind: 'count' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'storeName', title: 'Name 名称', kind: 'text' },
  { key: 'weekTarget', title: 'Week target 周目标', kind: 'money' },
  { key: 'actual', title: 'Actual 实际', kind: 'money' },
  { key: 'rate', title: 'Rate 达成率', kind: 'rate' },
  { key: 'targetToDate', title: 'Target to date 进度目标', kind: 'money' },
  { key: 'rateToDate', title: 'Rate to date 进度达成率', kind: 'rate' },
  { key: 'timeProgress', title: 'Time progress 时间进度', kind: 'rate' },
  { key: 'pace', title: 'Pace 进度', kind: 'pace' },
  { key: 'monthGap', title: 'Gap to month 月目标差额', kind: 'money' },
  { key: 'openViolations', title: 'Open violations 未结违规', kind: 'count' },
  { key: 'stockAlerts', title: 'Stock alerts 库存预警', kind: 'text', labels: 'stockAlert' },
  { key: 'missingDays', title: 'No POS data 未上报日期', kind: 'text' },
]

export async function weeklyReport(ctx: ReportContext, params: ReportParams): Promise<Report> {
  const week = periodOf({ year: params.year, week: params.week }, ctx.asOf)
  // The pack as the meeting sees it: figures through the week's end, or through today while it runs.
  const through = week.through < week.from ? week.from : week.through
  const month = { year: Number(through.slice(0, 4)), month: Number(through.slice(5, 7)) }
  // Figures never count past the as-of day: a week not begun reads its month and stock as of today.
  const asOf = ctx.asOf < through ? ctx.asOf : through

  const [weekRows, monthRows, stores, violations, stock] = await Promise.all([
    achievementRows(ctx.env, { request: { year: params.year, week: params.week }, level: 'store', regionCodes: ctx.regionCodes, asOf: ctx.asOf }),
    achievementRows(ctx.env, { request: month, level: 'store', regionCodes: ctx.regionCodes, asOf }),
    storesInScope(ctx),
    ctx.env.DB.prepare(`SELECT store_code, count(*) AS open FROM violations WHERE status = 'open' AND store_code IS NOT NULL AND ${REGION_FILTER} GROUP BY store_code`)
      .bind(regionFilterParam(ctx.regionCodes))
      .all(),
    stockOf(ctx.env, ctx.regionCodes, asOf),
  ])
  const open = stores.filter((s) => s.openDuring(week.from, week.to))
  const days = await storeDays(ctx, open, week.from, week.to)

  const monthGap = new Map(monthRows.rows.map((r) => [r.code, r.gap]))
  const openViolations = new Map(rowsOf(violations).map((v) => [v.store_code as string, v.open as number]))
  const alerts = new Map<string, string[]>()
  for (const alert of stock.alerts) {
    if (alert.locationType === 'store') alerts.set(alert.locationCode, [...(alerts.get(alert.locationCode) ?? []), `${alert.kind} ${alert.sku}`])
  }
  const missing = new Map<string, string[]>()
  for (const d of days) if (!d.arrived) missing.set(d.store.code, [...(missing.get(d.store.code) ?? []), d.day])

  const achievement = new Map(weekRows.rows.map((r) => [r.code, r]))
  const rows: Row[] = []
  for (const regionCode of [...new Set(open.map((s) => s.regionCode))]) {
    const ranked = open
      .filter((s) => s.regionCode === regionCode)
      .map((s) => ({ store: s, ...achievement.get(s.code)! }))
      .sort(byPace)
    ranked.forEach((r, index) =>
      rows.push({
        regionCode,
        rank: index + 1,
        storeCode: r.store.code,
        storeName: r.store.name,
        weekTarget: r.target,
        actual: r.actual,
        rate: r.rate,
        targetToDate: r.targetToDate,
        rateToDate: r.rateToDate,
        timeProgress: r.timeProgress,
        pace: r.pace,
        monthGap: monthGap.get(r.store.code) ?? 0,
        openViolations: openViolations.get(r.store.code) ?? 0,
        stockAlerts: (alerts.get(r.store.code) ?? []).join('; '),
        missingDays: (missing.get(r.store.code) ?? []).join(' '),
      }),
    )
  }
  return {
    report: 'weekly',
    title: `Weekly meeting pack ${params.year}-W${String(params.week).padStart(2, '0')} (${week.from} – ${week.to})`,
    params,
    asOf: ctx.asOf,
    columns: WEEKLY_COLUMNS,
    rows,
    timeProgress: weekRows.period.timeProgress,
  }
}
