// One way to check a bulk write, whatever its module: each row is parsed on its own, the rows that
// parsed are checked for duplicates and references, and every fault of every row comes back in
// one 422. A manager fixing an upload or a sheet then needs one pass, not one per kind of fault.
import type { z } from '@hono/zod-openapi'
import { fieldErrors } from './openapi'
import { invalid, type FieldError } from './problem'

/** A row that parsed, with its index in the request (errors name the row by it). */
export interface ParsedRow<T> {
  index: number
  value: T
}

export interface ParsedRows<T> {
  rows: ParsedRow<T>[]
  /** Shape errors of the rows that did not parse, with paths like `stores.3.channel`. */
  errors: FieldError[]
}

export const indexed = <T>(values: readonly T[]): ParsedRow<T>[] => values.map((value, index) => ({ index, value }))

/** Parses each row with `schema` on its own; a bad row never hides the faults of another. */
export function parseRows<S extends z.ZodType>(collection: string, schema: S, raw: readonly unknown[]): ParsedRows<z.output<S>> {
  const rows: ParsedRow<z.output<S>>[] = []
  const errors: FieldError[] = []
  raw.forEach((item, index) => {
    const result = schema.safeParse(item)
    if (result.success) rows.push({ index, value: result.data })
    else errors.push(...fieldErrors(result.error, [collection, index]))
  })
  return { rows, errors }
}

/** The same key twice: an error on every later row, naming the row where the key first appeared. */
export function duplicateRowErrors<T>(rows: readonly ParsedRow<T>[], keyOf: (row: T) => string, pathOf: (index: number) => string): FieldError[] {
  const firstRow = new Map<string, number>()
  const errors: FieldError[] = []
  for (const { index, value } of rows) {
    const key = keyOf(value)
    const first = firstRow.get(key)
    if (first === undefined) firstRow.set(key, index)
    else errors.push({ path: pathOf(index), message: `${key} already appears in row ${first}`, code: 'duplicate' })
  }
  return errors
}

/** The row index a path names (`stores.3.channel` → 3), or undefined for a path outside the rows. */
export function rowIndexOf(path: string): number | undefined {
  const index = Number(path.split('.')[1])
  return Number.isInteger(index) ? index : undefined
}

/** Errors in the order of the rows they name (body-level errors first), stable within a row. */
export function byRow(errors: readonly FieldError[]): FieldError[] {
  return errors
    .map((error, order) => ({ error, order, row: rowIndexOf(error.path) ?? -1 }))
    .sort((a, b) => a.row - b.row || a.order - b.order)
    .map(({ error }) => error)
}

/** Throws one 422 with every error, in row order; returns when there is none. */
export function assertNoErrors(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw invalid(byRow(errors))
}
