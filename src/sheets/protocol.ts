// The sheet sync protocol (POST /v1/sheets/{tab}/sync): a push carries sheet rows of cells keyed by column; errors go back
// by sheet row and column key (422), conflicts with yours and theirs (409).
import { z } from '@hono/zod-openapi'
import { codeSchema } from '../lib/fields'
import { Problem } from '../lib/problem'
import type { Cell } from './cells'

const CellSchema = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])

export const SyncBody = z
  .object({
    baseRevision: z.number().int().min(0).optional(),
    spreadsheetId: z.string().min(1).max(200),
    sheetName: z.string().min(1).max(200),
    params: z.object({ year: z.number().int().min(2000).max(2100).optional(), regionCode: codeSchema.optional() }).default({}),
    rows: z.array(z.object({ row: z.number().int().min(1), values: z.record(z.string(), CellSchema) })).min(1).max(20_000),
  })
  // Errors, conflicts and computed columns are placed by sheet row: a row named twice could not be.
  .superRefine((body, ctx) => {
    const seen = new Set<number>()
    body.rows.forEach(({ row }, i) => {
      if (seen.has(row)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'row'], message: `row ${row} is in the push twice` })
      seen.add(row)
    })
  })
  .openapi('SheetSync')

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
}

/** One 422 naming every bad cell, in sheet-row order. */
export function cellProblem(errors: CellError[]): Problem {
  const inRowOrder = [...errors].sort((a, b) => a.row - b.row)
  return new Problem(422, `${errors.length} cell${errors.length === 1 ? '' : 's'} cannot be used; nothing was applied.`, {
    errors: inRowOrder.map((e) => ({ path: `row.${e.row}.${e.column}`, row: e.row, column: e.column, message: e.message })),
  })
}

export function conflictProblem(conflicts: { row: number; column: string; yours: unknown; theirs: unknown }[]): Problem {
  return new Problem(409, `${conflicts.length} cell${conflicts.length === 1 ? ' was' : 's were'} changed by someone else since your last pull; nothing was applied.`, {
    extensions: { conflicts },
  })
}
