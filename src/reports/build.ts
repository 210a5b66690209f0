// One entry to every report: build it for a region scope and answer it as CSV, JSON or HTML.
import type { Context } from 'hono'
import { dueShare, type Pace } from '../achievement/progress'
import { achievementRows } from '../achievement/query'
import { VIOLATION_KINDS, type REPORT_FORMATS } from '../db/schema'
import { contentDisposition } from '../lib/content-disposition'
import { toCsv } from '../lib/csv'
import { completenessReport } from './completeness'
import { consolidatedReport } from './consolidated'
import type { DashboardData } from './html/pages'
import { DashboardPage, ReportPage } from './html/pages'
import type { Report, ReportContext, ReportName, ReportParams } from './report'
import { REGION_FILTER, regionFilterParam, regionFilterSql } from '../db/region-filter'
import type { PageNav } from './html/nav'
import { rowsOf } from './sql'
import { storesReport } from './stores'
import { violationsReport } from './violations'
import { weeklyReport } from './weekly'
import { langOf, type Lang } from '../lib/lang'
import { settingsOf } from '../config'
import { reportWorkbook } from './xlsx'
import { pnlReport } from './pnl'
import { latestWeights } from '../pnl/weight-store'
import { scorecardReport } from './scorecard'

export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** `lang`: the report is drawn for a person (a page, a workbook); JSON and CSV are built without it, for machines. */
type Builder = (ctx: ReportContext, params: ReportParams, lang?: Lang) => Promise<Report>

const BUILDERS: Record<ReportName, Builder> = {
  consolidated: consolidatedReport,
  stores: storesReport,
  violations: violationsReport,
  weekly: weeklyReport,
  completeness: completenessReport,
  pnl: pnlReport,
  scorecard: async (ctx, params) => scorecardReport(ctx, params, await latestWeights(ctx.env)),
}

export const buildReport = (name: ReportName, ctx: ReportContext, params: ReportParams, lang?: Lang) => BUILDERS[name](ctx, params, lang)

/** The dashboard draws every store up to this many; beyond, the best and the worst half of it. */
const MAX_STORE_BARS = 50

async function dashboardData(ctx: ReportContext, report: Report): Promise<DashboardData> {
  const request = { year: report.params.year, month: report.params.month }
  // The store bars are the stores report of the same period: ranked, stores not open left out.
  const [regions, stores, kinds] = await Promise.all([
    achievementRows(ctx.env, { request, level: 'region', regionCodes: ctx.regionCodes, asOf: ctx.asOf }),
    storesReport(ctx, { year: report.params.year, month: report.params.month }),
    ctx.env.DB.prepare(`SELECT kind, count(*) AS open FROM violations WHERE status = 'open' AND ${REGION_FILTER} GROUP BY kind`).bind(regionFilterParam(ctx.regionCodes)).all(),
  ])
  const regionNames = new Map(report.rows.map((r) => [r.regionCode, r.regionName]))
  let ranked = stores.rows
  let storesNote: DashboardData['storesNote'] = null
  if (ranked.length > MAX_STORE_BARS) {
    storesNote = { stores: ranked.length, drawn: MAX_STORE_BARS / 2 }
    ranked = [...ranked.slice(0, MAX_STORE_BARS / 2), ...ranked.slice(-MAX_STORE_BARS / 2)]
  }
  const openByKind = new Map(rowsOf(kinds).map((k) => [k.kind as string, k.open as number]))
  return {
    report,
    period: regions.period,
    regions: regions.rows.map((r) => ({ label: `${r.code} ${regionNames.get(r.code) ?? ''}`.trim(), rate: r.rate, rateToDate: r.rateToDate, pace: r.pace, due: dueShare(r.targetToDate, r.target) })),
    stores: ranked.map((r) => ({ label: `${r.storeCode} ${r.storeName}`, rate: r.rate as number | null, rateToDate: r.rateToDate as number | null, pace: r.pace as Pace | null, due: dueShare(r.targetToDate as number, r.target as number) })),
    storesNote,
    violationsByKind: VIOLATION_KINDS.map((kind) => ({ kind, count: openByKind.get(kind) ?? 0 })),
  }
}

/** Where a page sits: the nav bar's base and the regions it may narrow to; a store it narrows to. */
export interface PageContext {
  base: string
  fixed: Record<string, string>
  regionParam: string
  /** The regions of the link or token, before the page narrowed them. */
  scopeRegions: string[] | null
  region?: string
  store?: string
}

/** The rows of one store, where the report has stores. */
const ofStore = (report: Report, store: string | undefined): Report =>
  store === undefined || !report.columns.some((c) => c.key === 'storeCode') ? report : { ...report, rows: report.rows.filter((r) => r.storeCode === store) }

async function pageNav(ctx: ReportContext, report: Report, page: PageContext, lang: PageNav['lang']): Promise<PageNav> {
  const regions = await ctx.env.DB.prepare(`SELECT code, name FROM regions WHERE ${regionFilterSql(1, 'code')} ORDER BY code`).bind(regionFilterParam(page.scopeRegions)).all<{ code: string; name: string }>()
  return { ...page, regions: regions.results, report: report.report, params: report.params, lang }
}

const fileName = (report: Report) =>
  [report.report, report.params.year, report.params.month, report.params.week && `W${report.params.week}`, report.params.regionCode].filter(Boolean).join('-')

/**
 * The answer to a report request. Reports are never cached (a revoked link must stop at once) and
 * never sent as a referrer (a link's URL is its secret).
 */
export async function reportResponse(c: Context, name: ReportName, format: ReportFormat, ctx: ReportContext, params: ReportParams, page: PageContext): Promise<Response> {
  const lang = langOf(c, ctx.lang)
  const forPeople = format === 'html' || format === 'xlsx'
  const report = ofStore(await buildReport(name, ctx, params, forPeople ? lang : undefined), page.store)
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
  c.header('X-Content-Type-Options', 'nosniff')
  if (format === 'json') return c.json({ ...report, generatedAt: new Date().toISOString() })
  if (format === 'csv') {
    // A download is for Excel, which reads UTF-8 without a BOM as the PC's code page (GBK on a
    // Chinese Windows): it gets one. The IMPORTDATA CSV stays exactly as it was.
    const download = c.req.query('download') === '1'
    c.header('Content-Disposition', contentDisposition(download ? 'attachment' : 'inline', `${fileName(report)}.csv`))
    const body = (download ? '\uFEFF' : '') + toCsv(
      report.columns.map((col) => col.key),
      report.rows.map((row) => report.columns.map((col) => row[col.key] ?? null)),
    )
    return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  }
  const view = { lang, timeZone: settingsOf(ctx.env).timeZone }
  if (format === 'xlsx') {
    c.header('Content-Disposition', contentDisposition('attachment', `${fileName(report)}.xlsx`))
    return c.body(await reportWorkbook(report, view), 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  }
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
  const scope = { regionCodes: ctx.regionCodes }
  const nav = await pageNav(ctx, report, page, view.lang)
  const html = name === 'consolidated' ? DashboardPage({ data: await dashboardData(ctx, report), scope, view, nav }) : ReportPage({ report, scope, view, nav })
  return c.html(`<!doctype html>${await html}`)
}
