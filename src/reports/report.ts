// What every report is: named columns and plain rows, built from rollups for a region scope, so
// one renderer turns any of them into CSV, JSON or HTML.
import { z } from '@hono/zod-openapi'
import type { Env } from '../env'
import type { REPORTS } from '../db/schema'
import type { LabelGroup } from './html/i18n'
import { invalid } from '../lib/problem'
import { isoWeeksInYear } from '../lib/time'
import { codeSchema, dateSchema } from '../lib/fields'
import { foldNumberText } from '../lib/numbers'
import { RELATIVE_PERIODS, resolvePeriod } from './periods'

export type ReportName = (typeof REPORTS)[number]

/** How a column's values are shown in HTML (CSV and JSON carry them as they are). */
export type ColumnKind = 'text' | 'money' | 'rate' | 'count' | 'day' | 'flag' | 'pace' | 'instant'

export interface Column {
  key: string
  /** "English 中文": a page or a workbook shows the reader's half (./html/i18n.ts). */
  title: string
  kind: ColumnKind
  /** The labels of an enum column's values, for people (JSON and CSV keep the values). */
  labels?: LabelGroup
  /** A null here is a figure nobody knows (a cost never entered), read as 未知, never as 0 or a dash. */
  unknown?: boolean
}

export type Row = Record<string, string | number | boolean | null>

export interface Report {
  report: ReportName
  title: string
  params: ReportParams
  /** The day the figures count through. */
  asOf: string
  columns: Column[]
  rows: Row[]
  /** The period's time progress (时间进度) where the report reads achievement against it. */
  timeProgress?: number
}

export interface ReportContext {
  env: Env
  /** The regions the caller or link may see; null for every region. */
  regionCodes: string[] | null
  asOf: string
  /** The language a report link was made in, when it was. */
  lang?: string
}

/**
 * A whole number in a query string, in half- or full-width digits: `0x7EA` or `1e1` are no
 * year or month, though Number() would read them as one.
 */
function queryInt(min: number, max: number) {
  return z
    .union([z.number().int(), z.string().transform((text) => foldNumberText(text).trim())])
    .pipe(z.union([z.number(), z.string().regex(/^\d{1,4}$/, `must be ${min}..${max}`).transform(Number)]))
    .pipe(z.number().int().min(min, `must be ${min}..${max}`).max(max, `must be ${min}..${max}`))
}

export const ReportParamsSchema = z
  .object({
    year: queryInt(2000, 2100).optional().openapi({ description: 'Required unless `period` is given' }),
    month: queryInt(1, 12).optional(),
    week: queryInt(1, 53).optional().openapi({ description: 'ISO week of the ISO week-year `year`' }),
    quarter: queryInt(1, 4).optional().openapi({ description: 'The quarter of `year` (the scorecard)' }),
    allocation: z.enum(['sales_share', 'none']).optional().openapi({ description: 'The P&L: regional expenses allocated to the direct stores by sales share (default), or not at all' }),
    period: z.enum(RELATIVE_PERIODS).optional().openapi({ description: 'A period read on the day the report is opened, instead of year, month and week: a bookmark stays current' }),
    regionCode: codeSchema.optional(),
    asOf: dateSchema.optional().openapi({ description: 'Count figures through this day (default: today in the company time zone)' }),
  })
  .openapi('ReportParams')

/** The params as asked: a year, month and week, or a relative period. */
export type ReportInput = z.infer<typeof ReportParamsSchema>
/** The params a report is built for: the period made concrete on the day it is opened. */
export type ReportParams = Omit<ReportInput, 'year'> & { year: number }

/**
 * The params of a request made concrete (a relative period read on `today`), after the checks
 * each report needs: a year or a period, a week for the weekly pack, never a month and a week.
 */
export function resolveParams(report: ReportName, input: ReportInput, today: string, path = ''): ReportParams {
  const errors = []
  if (input.period !== undefined && (input.year !== undefined || input.month !== undefined || input.week !== undefined)) {
    errors.push({ path: `${path}period`, message: 'give a period or a year, month and week, not both' })
  }
  if (input.period === undefined && input.year === undefined) errors.push({ path: `${path}year`, message: 'is required' })
  if (errors.length > 0) throw invalid(errors)
  const period = input.period === undefined ? { year: input.year!, month: input.month, week: input.week } : resolvePeriod(input.period, today)
  const params: ReportParams = { ...input, ...period }
  // The scorecard of a month (or this or last month) reads the quarter it falls in; of a year, the year-end review.
  if (report === 'scorecard' && params.quarter === undefined && params.month !== undefined) Object.assign(params, { quarter: Math.ceil(params.month / 3), month: undefined })
  // The weekly pack of a month-wide relative period reads the current week instead.
  if (report === 'weekly' && params.week === undefined && input.period !== undefined) Object.assign(params, resolvePeriod('this-week', today), { month: undefined })
  checkParams(report, params, path)
  return params
}

/** Params each report needs beyond the schema: a week for the weekly pack, never a month and a week together. */
function checkParams(report: ReportName, params: ReportParams, path: string): void {
  const errors = []
  if (params.month !== undefined && params.week !== undefined) errors.push({ path: `${path}week`, message: 'give a month or a week, not both' })
  if (params.week !== undefined && params.week > isoWeeksInYear(params.year)) errors.push({ path: `${path}week`, message: `${params.year} has ${isoWeeksInYear(params.year)} ISO weeks` })
  if (report === 'weekly' && params.week === undefined) errors.push({ path: `${path}week`, message: 'the weekly pack needs an ISO week' })
  // The dashboard is region × month: a week of it would show the year under the week's name.
  if (report === 'consolidated' && params.week !== undefined) errors.push({ path: `${path}${params.period ? 'period' : 'week'}`, message: 'the dashboard reads a month or the year; a week is the weekly pack' })
  if (errors.length > 0) throw invalid(errors)
}
