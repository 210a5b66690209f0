// What every report is: named columns and plain rows, built from rollups for a region scope, so
// one renderer turns any of them into CSV, JSON or HTML.
import { z } from '@hono/zod-openapi'
import type { Env } from '../env'
import type { REPORTS } from '../db/schema'
import type { LabelGroup } from './html/i18n'
import { invalid } from '../lib/problem'
import { isoWeeksInYear } from '../lib/time'
import { codeSchema, dateSchema } from '../lib/fields'

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

export const ReportParamsSchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    month: z.coerce.number().int().min(1, 'must be 1..12').max(12, 'must be 1..12').optional(),
    week: z.coerce.number().int().min(1, 'must be 1..53').max(53, 'must be 1..53').optional().openapi({ description: 'ISO week of the ISO week-year `year`' }),
    regionCode: codeSchema.optional(),
    asOf: dateSchema.optional().openapi({ description: 'Count figures through this day (default: today in the company time zone)' }),
  })
  .openapi('ReportParams')

export type ReportParams = z.infer<typeof ReportParamsSchema>

/** Params each report needs beyond the schema: a week for the weekly pack, never a month and a week together. */
export function checkParams(report: ReportName, params: ReportParams): void {
  const errors = []
  if (params.month !== undefined && params.week !== undefined) errors.push({ path: 'week', message: 'give a month or a week, not both' })
  if (params.week !== undefined && params.week > isoWeeksInYear(params.year)) errors.push({ path: 'week', message: `${params.year} has ${isoWeeksInYear(params.year)} ISO weeks` })
  if (report === 'weekly' && params.week === undefined) errors.push({ path: 'week', message: 'the weekly pack needs an ISO week' })
  if (errors.length > 0) throw invalid(errors)
}
