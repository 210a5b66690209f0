// The consolidated report HQ pulls into its sheets: one row per region × month with sales
// achievement, collections, budget and spending, and open violations. It reads the monthly
// rollup, plus the daily rollup of the one running month (to the day, for YoY and the forecast).
import { lastYearCurve } from '../achievement/curve'
import { forecast, lastYearOf, periodOf, ratio, yoy } from '../achievement/measures'
import { paceOf, rateToDate, toDate } from '../achievement/progress'
import { COUNTED_STATUSES } from '../budgets/ledger'
import { toMajorUnits } from '../lib/money'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { REGION_FILTER, regionFilterParam } from '../db/region-filter'
import { rowsOf, sumsBy } from './sql'

export const CONSOLIDATED_COLUMNS: Column[] = [
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'regionName', title: 'Name 名称', kind: 'text' },
  { key: 'month', title: 'Month 月份', kind: 'text' },
  { key: 'target', title: 'Target 目标', kind: 'money' },
  { key: 'actual', title: 'Actual 实际', kind: 'money' },
  { key: 'rate', title: 'Rate 达成率', kind: 'rate' },
  { key: 'gap', title: 'Gap 差额', kind: 'money' },
  { key: 'yoy', title: 'YoY 同比', kind: 'rate' },
  { key: 'forecast', title: 'Forecast 预测', kind: 'money' },
  { key: 'collectionTarget', title: 'Collection target 回款目标', kind: 'money' },
  { key: 'collected', title: 'Collected 回款', kind: 'money' },
  { key: 'budget', title: 'Budget 预算', kind: 'money' },
  { key: 'expenses', title: 'Expenses 费用', kind: 'money' },
  { key: 'openViolations', title: 'Open violations 未结违规', kind: 'count' },
  // Added after the first columns, so HQ's IMPORTDATA ranges keep their places.
  { key: 'targetToDate', title: 'Target to date 进度目标', kind: 'money' },
  { key: 'rateToDate', title: 'Rate to date 进度达成率', kind: 'rate' },
  { key: 'timeProgress', title: 'Time progress 时间进度', kind: 'rate' },
  { key: 'pace', title: 'Pace 进度', kind: 'pace' },
  { key: 'targetStatus', title: 'Target status 目标状态', kind: 'text', labels: 'targetStatus' },
]

export async function consolidatedReport(ctx: ReportContext, params: ReportParams): Promise<Report> {
  const { year } = params
  const months = params.month === undefined ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [params.month]
  const regions = regionFilterParam(ctx.regionCodes)
  const monthKey = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`
  const periods = new Map(months.map((m) => [m, periodOf({ year, month: m }, ctx.asOf)]))
  // At most one month runs on the asOf day: its actuals, and last year's same elapsed days, are taken to the day.
  const running = months.find((m) => {
    const p = periods.get(m)!
    return p.through >= p.from && p.through < p.to
  })
  const runningPeriod = running === undefined ? null : periods.get(running)!
  const runningLastYear = running === undefined ? null : lastYearOf({ year, month: running }, runningPeriod!)
  // One day range per statement, so SQLite walks the day index instead of the whole table.
  const runningSales = (span: { from: string; through: string } | null) =>
    ctx.env.DB.prepare(`SELECT region_code AS region, 'days' AS key, sum(amount) AS amount FROM sales_daily WHERE day BETWEEN ?2 AND ?3 AND ${REGION_FILTER} GROUP BY 1`).bind(
      regions,
      span?.from ?? '9999-12-31',
      span?.through ?? '0000-01-01',
    )
  const yearEnd = `${year}-12-31`
  const through = ctx.asOf < yearEnd ? ctx.asOf : yearEnd

  const [[regionRows, monthly, runningNow, runningLast, targetRows, collected, budgets, spent, violations, statuses], curve] = await Promise.all([
    ctx.env.DB.batch([
      ctx.env.DB.prepare(`SELECT code, name FROM regions WHERE (?1 IS NULL OR code IN (SELECT value FROM json_each(?1))) ORDER BY code`).bind(regions),
      ctx.env.DB.prepare(
        `SELECT region_code AS region, month AS key, sum(amount) AS amount FROM sales_monthly
         WHERE month BETWEEN ?2 AND ?3 AND ${REGION_FILTER} GROUP BY region_code, month`,
      ).bind(regions, `${year - 1}-01`, `${year}-12`),
      runningSales(runningPeriod),
      runningSales(runningLastYear),
      ctx.env.DB.prepare(
        `SELECT region_code AS region, metric || '/' || month AS key, sum(amount) AS amount FROM targets
         WHERE level = 'region' AND year = ?2 AND metric IN ('sales', 'collection') AND ${REGION_FILTER} GROUP BY 1, 2`,
      ).bind(regions, year),
      ctx.env.DB.prepare(
        `SELECT region_code AS region, substr(received_on, 1, 7) AS key, sum(amount) AS amount FROM payments
         WHERE received_on BETWEEN ?2 AND ?3 AND ${REGION_FILTER} GROUP BY 1, 2`,
      ).bind(regions, `${year}-01-01`, through),
      ctx.env.DB.prepare(`SELECT region_code AS region, month AS key, sum(amount) AS amount FROM budgets WHERE year = ?2 AND ${REGION_FILTER} GROUP BY 1, 2`).bind(
        regions,
        year,
      ),
      ctx.env.DB.prepare(
        `SELECT region_code AS region, month AS key, sum(amount) AS amount FROM expenses
         WHERE year = ?2 AND incurred_on <= ?3 AND status IN ${COUNTED_STATUSES} AND ${REGION_FILTER} GROUP BY 1, 2`,
      ).bind(regions, year, through),
      // A violation counts in the month its evidence happened (the sale's day, or the month sell-out was checked through).
      ctx.env.DB.prepare(
        `SELECT region_code AS region, substr(coalesce(json_extract(evidence, '$.day'), json_extract(evidence, '$.through'), detected_at), 1, 7) AS key,
                count(*) AS amount
         FROM violations WHERE status = 'open' AND ${REGION_FILTER} GROUP BY 1, 2`,
      ).bind(regions),
      ctx.env.DB.prepare(`SELECT region_code AS region, 'status' AS key, status AS amount FROM target_regions WHERE metric = 'sales' AND year = ?2 AND ${REGION_FILTER}`).bind(regions, year),
    ]),
    runningPeriod === null ? new Map<string, number>() : lastYearCurve(ctx.env.DB, runningPeriod),
  ])

  const sales = sumsBy(monthly)
  const now = sumsBy(runningNow)
  const last = sumsBy(runningLast)
  const target = sumsBy(targetRows)
  const collections = sumsBy(collected)
  const budget = sumsBy(budgets)
  const expenses = sumsBy(spent)
  const openViolations = sumsBy(violations)
  const targetStatus = new Map(rowsOf(statuses).map((r) => [r.region as string, r.amount as string]))

  const rows: Row[] = []
  for (const region of rowsOf(regionRows) as { code: string; name: string }[]) {
    for (const month of months) {
      const period = periods.get(month)!
      const started = period.through >= period.from
      const isRunning = month === running
      const actual = !started ? 0 : isRunning ? now(region.code, 'days') : sales(region.code, monthKey(year, month))
      const lastYearTotal = sales(region.code, monthKey(year - 1, month))
      const lastYearElapsed = isRunning ? last(region.code, 'days') : lastYearTotal
      const monthTarget = target(region.code, `sales/${month}`)
      const expected = forecast(period, actual, { elapsed: lastYearElapsed, total: lastYearTotal })
      const due = toDate({ ...period, monthTarget: () => monthTarget, lastYearByDay: curve })
      const rateDue = started ? rateToDate(actual, due.targetToDate) : null
      rows.push({
        regionCode: region.code,
        regionName: region.name,
        month: monthKey(year, month),
        target: toMajorUnits(monthTarget),
        actual: toMajorUnits(actual),
        rate: started ? ratio(actual, monthTarget) : null,
        gap: toMajorUnits(monthTarget - actual),
        yoy: started ? yoy(actual, lastYearElapsed) : null,
        forecast: expected === null ? null : toMajorUnits(expected),
        collectionTarget: toMajorUnits(target(region.code, `collection/${month}`)),
        collected: toMajorUnits(collections(region.code, monthKey(year, month))),
        budget: toMajorUnits(budget(region.code, String(month))),
        expenses: toMajorUnits(expenses(region.code, String(month))),
        openViolations: openViolations(region.code, monthKey(year, month)),
        targetToDate: toMajorUnits(due.targetToDate),
        rateToDate: rateDue,
        timeProgress: due.timeProgress,
        pace: paceOf(rateDue),
        targetStatus: targetStatus.get(region.code) ?? 'draft',
      })
    }
  }
  return { report: 'consolidated', title: `Consolidated ${year}${params.month ? `-${String(params.month).padStart(2, '0')}` : ''}`, params, asOf: ctx.asOf, columns: CONSOLIDATED_COLUMNS, rows }
}
