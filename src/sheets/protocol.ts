// The sheet sync protocol (POST /v1/sheets/{tab}/sync): a push carries sheet rows of cells keyed by column; errors go back
// by sheet row and column key (422), conflicts with yours and theirs (409).
import { z } from '@hono/zod-openapi'
import { codeSchema } from '../lib/fields'
import { fieldErrors } from '../lib/openapi'
import { Problem, type FieldError } from '../lib/problem'
import { parseRows } from '../lib/rows'
import type { Cell } from './cells'

const CellSchema = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])
const MAX_ROWS = 20_000

/** What a push holds beside its rows. */
const SyncEnvelope = z.object({
  baseRevision: z.number().int().min(0).optional(),
  spreadsheetId: z.string().min(1).max(200),
  sheetName: z.string().min(1).max(200),
  params: z.object({ year: z.number().int().min(2000).max(2100).optional(), regionCode: codeSchema.optional() }).default({}),
})
const SheetRowSchema = z.object({ row: z.number().int().min(1), values: z.record(z.string(), CellSchema) })

/** The body of a push, as documented; the handler reads it with `readSyncRequest`. */
export const SyncBody = SyncEnvelope.extend({ rows: z.array(SheetRowSchema).min(1).max(MAX_ROWS) })

export interface SyncRead {
  request: SyncRequest
  /** Faults of the envelope and of row numbers; the cells of the rows that parsed are still read. */
  errors: FieldError[]
}

/**
 * Reads a push without stopping at its envelope: a bad `params.year` or row number is named beside
 * every bad cell, not instead of them. `needsYear`: the tab cannot be read without a year.
 */
export function readSyncRequest(raw: unknown, needsYear: boolean): SyncRead {
  const body = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
  const errors: FieldError[] = body === raw ? [] : [{ path: '(body)', message: 'must be a JSON object', code: 'invalid_type' }]
  const envelope = SyncEnvelope.safeParse(body)
  if (!envelope.success) errors.push(...fieldErrors(envelope.error))
  // The params are read on their own too: a bad sheet name must not hide a locked region of the year.
  const params = SyncEnvelope.shape.params.safeParse(body.params)
  const fields = envelope.success ? envelope.data : { spreadsheetId: '', sheetName: '', params: params.success ? params.data : {} }
  if (params.success && needsYear && params.data.year === undefined) errors.push({ path: 'params.year', message: 'this tab needs a year', code: 'invalid_type' })
  const rows: SyncRequest['rows'] = []
  if (!Array.isArray(body.rows)) {
    errors.push({ path: 'rows', message: body.rows === undefined ? 'is required' : 'must be an array of rows', code: 'invalid_type' })
  } else if (body.rows.length === 0 || body.rows.length > MAX_ROWS) {
    errors.push({ path: 'rows', message: body.rows.length === 0 ? 'must hold at least one row' : `at most ${MAX_ROWS} rows per push`, code: body.rows.length === 0 ? 'too_small' : 'too_big' })
  } else {
    const parsed = parseRows('rows', SheetRowSchema, body.rows)
    errors.push(...parsed.errors)
    // Errors, conflicts and computed columns are placed by sheet row: a row named twice could not be.
    const seen = new Set<number>()
    for (const { index, value } of parsed.rows) {
      if (seen.has(value.row)) errors.push({ path: `rows.${index}.row`, message: `row ${value.row} is in the push twice`, code: 'duplicate' })
      else rows.push(value)
      seen.add(value.row)
    }
  }
  return { request: { ...fields, params: { year: fields.params.year ?? 0, regionCode: fields.params.regionCode }, rows }, errors }
}

export interface SyncRequest {
  baseRevision?: number
  spreadsheetId: string
  sheetName: string
  params: { year: number; regionCode?: string }
  rows: { row: number; values: Record<string, Cell> }[]
}

export interface CellError {
  row: number
  column: string
  message: string
  /** Why, for a machine: `forbidden` and `locked` for rows the caller may not change. */
  code?: string
}

/** A column key's title in the reader's language (column-titles.ts); an entry carries both. */
export type TitleOf = (column: string) => string

/**
 * One 422 naming every fault of the push (`push`: its envelope, first) and every bad cell, in
 * sheet-row order; each cell's entry has its column's `title` beside the key.
 */
export function cellProblem(errors: CellError[], titleOf: TitleOf, push: FieldError[] = []): Problem {
  const inRowOrder = [...errors].sort((a, b) => a.row - b.row)
  const detail =
    push.length === 0
      ? `${errors.length} cell${errors.length === 1 ? '' : 's'} cannot be used; nothing was applied.`
      : `${push.length + errors.length} faults in this push; nothing was applied.`
  return new Problem(422, detail, {
    errors: [
      ...push,
      ...inRowOrder.map((e) => ({ path: `row.${e.row}.${e.column}`, row: e.row, column: e.column, title: titleOf(e.column), message: e.message, ...(e.code ? { code: e.code } : {}) })),
    ],
  })
}

export interface CellConflict {
  row: number
  column: string
  yours: unknown
  theirs: unknown
}

/** The 409 of cells changed since the push's base revision; with `titleOf`, each names its column's title too. */
export function conflictProblem(conflicts: CellConflict[], titleOf?: TitleOf): Problem {
  return new Problem(409, `${conflicts.length} cell${conflicts.length === 1 ? ' was' : 's were'} changed by someone else since your last pull; nothing was applied.`, {
    extensions: { conflicts: titleOf ? conflicts.map(({ row, column, yours, theirs }) => ({ row, column, title: titleOf(column), yours, theirs })) : conflicts },
  })
}
