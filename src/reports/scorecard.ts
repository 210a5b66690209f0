// The quarterly store scorecard (考核): each store's sales and collection achievement, gross
// margin, violations, stock alerts and days without POS data (日清日报) over the quarter so far,
// scored and weighted by HQ's weights (src/pnl/scorecard.ts), ranked in the region and the company.
// Each figure is the one the other reports show: achievement to date from the achievement rows,
// collections from the consolidated report, margin from the monthly P&L.
import { achievementRows } from '../achievement/query'
import { settingsOf } from '../config'
import { regionFilterParam, regionFilterSql } from '../db/region-filter'
import { stockOf } from '../inventory/positions'
import { addDays, localDay } from '../lib/time'
import { DEFAULT_SCORECARD_WEIGHTS } from '../pnl/default-weights'
import { storePnlReport } from '../pnl/pnl'
import { quarterSpan, scoreQuarter, type StoreQuarter } from '../pnl/scorecard'
import type { Weights } from '../pnl/weights'
import { storeDays } from './arrivals'
import { consolidatedReport } from './consolidated'
import { monthFigures, scopeStoreInfo } from './pnl-data'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { storesInScope } from './scope-stores'
import { yearReviewReport } from './year-review'
import { rowsOf } from './sql'

export const SCORECARD_COLUMNS: Column[] = [
  { key: 'regionRank', title: 'Region rank 区域排名', kind: 'count' },
  { key: 'companyRank', title: 'Company rank 公司排名', kind: 'count' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'storeName', title: 'Name 名称', kind: 'text' },
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'manager', title: 'Manager 店长', kind: 'text' },
  { key: 'total', title: 'Total 总分', kind: 'count' },
  { key: 'salesAchievement', title: 'Sales achievement 销售达成率', kind: 'rate' },
  { key: 'salesScore', title: 'Sales score 销售得分', kind: 'count' },
  { key: 'collectionAchievement', title: 'Collection achievement 回款达成率', kind: 'rate' },
  { key: 'collectionScore', title: 'Collection score 回款得分', kind: 'count' },
  { key: 'grossMargin', title: 'Gross margin 毛利率', kind: 'rate', unknown: true },
  { key: 'grossMarginScore', title: 'Margin score 毛利得分', kind: 'count' },
  { key: 'openViolations', title: 'Open violations 未结违规', kind: 'count' },
  { key: 'confirmedViolations', title: 'Confirmed violations 已确认违规', kind: 'count' },
  { key: 'violationsScore', title: 'Violations score 违规得分', kind: 'count' },
  { key: 'stockAlerts', title: 'Stock alerts 库存预警', kind: 'count' },
  { key: 'stockAlertsScore', title: 'Stock score 库存得分', kind: 'count' },
  { key: 'daysWithoutPos', title: 'Days without POS data 未上报天数', kind: 'count' },
  { key: 'reportingScore', title: 'Reporting score 日清得分', kind: 'count' },
]

const monthsOf = (quarter: number) => [quarter * 3 - 2, quarter * 3 - 1, quarter * 3]

/** The quarter's figures per store, as the scorecard rule takes them. */
async function quarterFigures(ctx: ReportContext, year: number, quarter: 1 | 2 | 3 | 4, to: string) {
  const { from } = quarterSpan(year, quarter)
  const months = monthsOf(quarter).filter((m) => `${year}-${String(m).padStart(2, '0')}-01` <= to)
  const info = await scopeStoreInfo(ctx)
  const [scope, achievements, pnls, consolidated, violations, stock] = await Promise.all([
    storesInScope(ctx),
    Promise.all(months.map((month) => achievementRows(ctx.env, { request: { year, month }, level: 'store', regionCodes: ctx.regionCodes, asOf: ctx.asOf }))),
    Promise.all(months.map(async (month) => monthFigures(ctx, year, month, to, info).then((f) => storePnlReport({ stores: f.stores, regionalExpenses: f.regionalExpenses, rule: 'none' })))),
    consolidatedReport(ctx, { year }),
    // A day wider on each side: detection instants are read as days where the company is.
    ctx.env.DB.prepare(`SELECT store_code, status, detected_at FROM violations WHERE store_code IS NOT NULL AND detected_at BETWEEN ?2 AND ?3 AND ${regionFilterSql(1)}`)
      .bind(regionFilterParam(ctx.regionCodes), addDays(from, -1), `${addDays(to, 1)}T23:59:59Z`)
      .all(),
    stockOf(ctx.env, ctx.regionCodes, to),
  ])
  const timeZone = settingsOf(ctx.env).timeZone
  const sales = new Map<string, { actual: number; target: number; hasTarget: boolean }>()
  for (const rows of achievements) {
    for (const r of rows.rows) {
      const s = sales.get(r.code) ?? { actual: 0, target: 0, hasTarget: false }
      sales.set(r.code, { actual: s.actual + r.actual, target: s.target + r.targetToDate, hasTarget: s.hasTarget || r.target > 0 })
    }
  }
  const margin = new Map<string, { grossProfit: number | null; netSales: number }>()
  for (const pnl of pnls) {
    for (const s of pnl.stores) {
      const m = margin.get(s.storeCode) ?? { grossProfit: 0, netSales: 0 }
      margin.set(s.storeCode, { grossProfit: m.grossProfit === null || s.grossProfit === null ? null : m.grossProfit + s.grossProfit, netSales: m.netSales + s.netSales })
    }
  }
  const regionCollection = new Map<string, { collected: number; target: number }>()
  for (const r of consolidated.rows.filter((row) => months.includes(Number(String(row.month).slice(5))))) {
    const c = regionCollection.get(String(r.regionCode)) ?? { collected: 0, target: 0 }
    regionCollection.set(String(r.regionCode), { collected: c.collected + Number(r.collected ?? 0), target: c.target + Number(r.collectionTarget ?? 0) })
  }
  const counted = new Map<string, { open: number; confirmed: number }>()
  for (const v of rowsOf(violations)) {
    const day = localDay(new Date(v.detected_at as string), timeZone)
    if (day < from || day > to) continue
    const c = counted.get(v.store_code as string) ?? { open: 0, confirmed: 0 }
    if (v.status === 'open') c.open++
    if (v.status === 'confirmed') c.confirmed++
    counted.set(v.store_code as string, c)
  }
  const alerts = new Map<string, number>()
  for (const a of stock.alerts.filter((x) => x.locationType === 'store')) alerts.set(a.locationCode, (alerts.get(a.locationCode) ?? 0) + 1)
  const arrived = await storeDays(ctx, scope, from, to)
  const stores: StoreQuarter[] = info.map((s) => {
    const m = margin.get(s.code)
    const target = sales.get(s.code)
    return {
      storeCode: s.code,
      regionCode: s.regionCode,
      channel: s.channel,
      dealerCode: s.dealerCode,
      managerName: s.manager,
      openedOn: s.openedOn,
      closedOn: s.closedOn,
      salesActual: target?.actual ?? 0,
      salesTarget: target?.hasTarget ? target.target : null,
      // To 4 places, as the P&L shows it.
      grossMargin: m && m.grossProfit !== null && m.netSales !== 0 ? Math.round((m.grossProfit / m.netSales) * 10_000) / 10_000 : null,
      violations: counted.get(s.code) ?? { open: 0, confirmed: 0 },
      stockAlerts: alerts.get(s.code) ?? 0,
      daysWithSales: arrived.filter((d) => d.store.code === s.code && d.arrived).map((d) => d.day),
    }
  })
  return { stores, regionCollection, names: new Map(info.map((s) => [s.code, s.name])), period: { from, to } }
}

/** A quarter's scored stores through `to` (the quarter's end, or the as-of day while it runs). */
export async function scoredQuarter(ctx: ReportContext, year: number, quarter: 1 | 2 | 3 | 4, weights: Weights) {
  const span = quarterSpan(year, quarter)
  const to = span.to < ctx.asOf ? span.to : ctx.asOf
  const figures = await quarterFigures(ctx, year, quarter, to)
  // Days are judged once they are over, as 日清日报 judges them: a running quarter's as-of day is not one yet.
  const judgedTo = span.to < ctx.asOf ? span.to : addDays(ctx.asOf, -1)
  return { scored: scoreQuarter({ period: { from: span.from, to: judgedTo }, stores: figures.stores, regionCollection: figures.regionCollection, weights }), names: figures.names }
}

export async function scorecardReport(ctx: ReportContext, params: ReportParams, weights: Weights = DEFAULT_SCORECARD_WEIGHTS): Promise<Report> {
  // Without a quarter, the year-end review of the year's quarters so far.
  if (params.quarter === undefined) return yearReviewReport(ctx, params, weights)
  const quarter = params.quarter as 1 | 2 | 3 | 4
  const { scored, names } = await scoredQuarter(ctx, params.year, quarter, weights)
  const rows: Row[] = scored.map((s) => ({
    regionRank: s.regionRank,
    companyRank: s.companyRank,
    storeCode: s.storeCode,
    storeName: names.get(s.storeCode) ?? null,
    regionCode: s.regionCode,
    manager: s.managerName,
    total: s.total,
    salesAchievement: s.figures.salesAchievement,
    salesScore: s.scores.sales,
    collectionAchievement: s.figures.collectionAchievement,
    collectionScore: s.scores.collection,
    grossMargin: s.figures.grossMargin,
    grossMarginScore: s.scores.grossMargin,
    openViolations: s.figures.openViolations,
    confirmedViolations: s.figures.confirmedViolations,
    violationsScore: s.scores.violations,
    stockAlerts: s.figures.stockAlerts,
    stockAlertsScore: s.scores.stockAlerts,
    daysWithoutPos: s.figures.daysWithoutPos,
    reportingScore: s.scores.reporting,
  }))
  return { report: 'scorecard', title: `Store scorecard ${params.year} Q${quarter}`, params, asOf: ctx.asOf, columns: SCORECARD_COLUMNS, rows }
}
