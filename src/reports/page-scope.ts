// What a report page may be asked beyond the link or the token behind it: a narrower region,
// another period (a relative one stays current), one store. Never wider: a region outside the
// link's regions is refused, not shown.
import { z } from '@hono/zod-openapi'
import { codeSchema } from '../lib/fields'
import { fieldErrors } from '../lib/openapi'
import { forbidden, invalid } from '../lib/problem'
import { resolvePeriod } from './periods'
import { ReportParamsSchema, type ReportInput } from './report'

export const PageQuerySchema = z.object({
  region: codeSchema.optional().openapi({ description: 'Narrow the page to one of the link’s regions' }),
  store: codeSchema.optional().openapi({ description: 'Narrow the rows to one store' }),
  year: ReportParamsSchema.shape.year,
  month: ReportParamsSchema.shape.month,
  week: ReportParamsSchema.shape.week,
  period: ReportParamsSchema.shape.period,
  quarter: ReportParamsSchema.shape.quarter,
  allocation: ReportParamsSchema.shape.allocation,
})

export interface PageScope {
  params: ReportInput
  regionCodes: string[] | null
  region?: string
  store?: string
}

/** The link's params and regions, narrowed by what the page's query asks (`today`: where a relative period is read). */
export function narrowScope(stored: { params: ReportInput; regionCodes: string[] | null }, query: Record<string, string>, today: string): PageScope {
  const parsed = PageQuerySchema.safeParse(query)
  if (!parsed.success) throw invalid(fieldErrors(parsed.error))
  const q = parsed.data
  const region = q.region ?? stored.params.regionCode
  if (q.region !== undefined) {
    const within = stored.params.regionCode === undefined ? stored.regionCodes === null || stored.regionCodes.includes(q.region) : stored.params.regionCode === q.region
    if (!within) throw forbidden(`This link does not cover region ${q.region}.`)
  }
  const periodAsked = q.year !== undefined || q.month !== undefined || q.week !== undefined || q.quarter !== undefined || q.period !== undefined
  // A month or a week asked alone is of the link's year (of its period's, for a relative link).
  const linkYear = stored.params.year ?? (stored.params.period ? resolvePeriod(stored.params.period, today).year : undefined)
  const year = q.year ?? (q.period === undefined && (q.month !== undefined || q.week !== undefined || q.quarter !== undefined) ? linkYear : undefined)
  const period = periodAsked ? { year, month: q.month, week: q.week, quarter: q.quarter, period: q.period } : {}
  return {
    params: { ...stored.params, ...period, ...(q.allocation ? { allocation: q.allocation } : {}), regionCode: region },
    regionCodes: region === undefined ? stored.regionCodes : [region],
    region,
    store: q.store,
  }
}
