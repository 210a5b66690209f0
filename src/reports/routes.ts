// GET /v1/reports/{report}: every report for token holders, limited to the token's regions, as
// JSON (default), CSV or HTML. The same reports answer report links at /r/{token} (links.ts).
import { z } from '@hono/zod-openapi'
import { companyToday } from '../config'
import { REPORT_FORMATS, REPORTS } from '../db/schema'
import { createRouter, defineRoute } from '../lib/openapi'
import { LANGS } from '../lib/lang'
import { reportResponse } from './build'
import { PageQuerySchema } from './page-scope'
import { resolveParams, ReportParamsSchema } from './report'

/** The media types a report answers in, for the OpenAPI document. */
export const REPORT_CONTENT = {
  'application/json': { schema: z.object({ report: z.string(), title: z.string(), asOf: z.string(), columns: z.array(z.object({ key: z.string(), title: z.string(), kind: z.string() })), rows: z.array(z.record(z.string(), z.unknown())) }) },
  'text/csv': { schema: z.string().openapi({ description: 'RFC 4180, UTF-8, header row of column keys; formula-looking text prefixed with `\'`' }) },
  'text/html': { schema: z.string().openapi({ description: 'The report page (the consolidated report’s is the dashboard)' }) },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    schema: z.string().openapi({ format: 'binary', description: 'An Excel workbook: frozen header of Chinese and English titles, money in ¥, rates in percent, days as dates' }),
  },
}

export const REPORT_DESCRIPTIONS =
  '`consolidated`: region × month with target, actual, rate, gap, yoy, forecast, collections, budget, expenses and open violations. ' +
  '`stores`: stores ranked by achievement for a month, week or the year to date. `violations`: open ones and those of the last 30 days. ' +
  '`weekly`: the meeting pack for an ISO week. `completeness`: per store and day, whether POS sales arrived (a month, a week, or the last 7 days). ' +
  '`pnl`: the month\u2019s store P&L (net sales, cost of goods at each day\u2019s cost price, gross profit, store and allocated expenses, contribution; unknown is null, never 0). ' +
  '`scorecard`: the quarter\u2019s store scorecard, weighted by HQ\u2019s weights and ranked in the region and the company.'

const getReport = defineRoute('read', {
  method: 'get',
  path: '/v1/reports/{report}',
  tags: ['Reports'],
  summary: 'A report for the regions of the token',
  description: REPORT_DESCRIPTIONS,
  request: {
    params: z.object({ report: z.enum(REPORTS) }),
    query: ReportParamsSchema.extend({
      format: z.enum(REPORT_FORMATS).default('json'),
      download: z.enum(['1']).optional().openapi({ description: 'With `format=csv`: as an attachment with a UTF-8 BOM, for Excel and WPS (the plain CSV, for IMPORTDATA, has none)' }),
      store: PageQuerySchema.shape.store,
      lang: z.enum(LANGS).optional().openapi({ description: 'The language of a page or workbook (default: Accept-Language, else zh-CN)' }),
    }),
  },
  responses: { 200: { description: 'The report', content: REPORT_CONTENT } },
})

export const reportRoutes = createRouter().openapi(getReport, async (c) => {
  const { report } = c.req.valid('param')
  const { format, download: _download, store, lang: _lang, ...input } = c.req.valid('query')
  const asOf = input.asOf ?? companyToday(c.env)
  const params = resolveParams(report, input, asOf)
  const scope = c.get('scope')
  const regionCodes = scope.readable(params.regionCode)
  const page = { base: '/v1/reports', fixed: { format: 'html' }, regionParam: 'regionCode', scopeRegions: scope.readable(undefined), region: params.regionCode, store }
  // The declared responses are typed for JSON; CSV and HTML are the same report in other media types.
  return (await reportResponse(c, report, format, { env: c.env, regionCodes, asOf }, params, page)) as never
})
