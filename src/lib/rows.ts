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
  /**
   * The rows that did not parse, with only their sound fields: a field that parses on its own and
   * no error names. Their references are still checked (see `checkable`), so a bad amount does
   * not hide an unknown store on the same row.
   */
  partial: ParsedRow<Partial<T>>[]
}

export const indexed = <T>(values: readonly T[]): ParsedRow<T>[] => values.map((value, index) => ({ index, value }))

/** Parses each row with `schema` on its own; a bad row never hides the faults of another. */
export function parseRows<S extends z.ZodType>(collection: string, schema: S, raw: readonly unknown[]): ParsedRows<z.output<S>> {
  const rows: ParsedRow<z.output<S>>[] = []
  const errors: FieldError[] = []
  const partial: ParsedRow<Partial<z.output<S>>>[] = []
  raw.forEach((item, index) => {
    const result = schema.safeParse(item)
    if (result.success) {
      rows.push({ index, value: result.data })
      return
    }
    const rowErrors = fieldErrors(result.error, [collection, index])
    errors.push(...rowErrors)
    partial.push({ index, value: soundFields(schema, item, new Set(rowErrors.map((e) => e.path.split('.')[2]))) })
  })
  return { rows, errors, partial }
}

/** The fields of an object row that parse on their own and that no error names. */
export function soundFields<T>(schema: z.ZodType, item: unknown, named: Set<string | undefined>): Partial<T> {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape
  if (!shape || typeof item !== 'object' || item === null || Array.isArray(item)) return {}
  const record = item as Record<string, unknown>
  const sound: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(shape)) {
    if (named.has(key)) continue
    const one = field.safeParse(record[key])
    if (one.success) sound[key] = one.data
  }
  return sound as Partial<T>
}

/**
 * The rows whose `fields` are all sound: every row that parsed, and the rows that did not but
 * whose faults lie elsewhere. A check that reads only `fields` runs on all of them.
 */
export function checkable<T>(parsed: Pick<ParsedRows<T>, 'rows' | 'partial'>, fields: readonly (keyof T)[]): ParsedRow<T>[] {
  const usable = parsed.partial.filter((row) => fields.every((field) => field in row.value)) as ParsedRow<T>[]
  return [...parsed.rows, ...usable].sort((a, b) => a.index - b.index)
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

/** Why the caller may not change a region's rows: outside the token, or locked by its status. */
export interface RegionGuard {
  code: 'forbidden' | 'locked'
  message: string
}

/**
 * The regions among `regionCodes` the caller may not change, with why. Alone, such rows are a 403
 * or a 423; beside other faults they are named in the same 422, so fixing a sheet takes one pass.
 */
export function regionGuards(regionCodes: Iterable<string>, covers: (regionCode: string) => boolean, lockedAs: (regionCode: string) => string | undefined = () => undefined): Map<string, RegionGuard> {
  const guards = new Map<string, RegionGuard>()
  for (const code of new Set(regionCodes)) {
    const status = lockedAs(code)
    if (!covers(code)) guards.set(code, { code: 'forbidden', message: `region ${code} is outside this token` })
    else if (status !== undefined) guards.set(code, { code: 'locked', message: `region ${code} is ${status}; HQ must reject or reopen it first` })
  }
  return guards
}

/** One error per row whose region is guarded, at the row's `path`. */
export function guardedRowErrors<T>(rows: readonly ParsedRow<T>[], regionOf: (row: T) => string | undefined, guards: Map<string, RegionGuard>, pathOf: (index: number) => string): FieldError[] {
  return rows.flatMap(({ index, value }) => {
    const guard = guards.get(regionOf(value) ?? '')
    return guard ? [{ path: pathOf(index), message: guard.message, code: guard.code }] : []
  })
}

/**
 * Throws one 422 with every fault and, only when there is one, every row the caller may not
 * change (`guarded`, read lazily: a clean write goes on to its own 403 or 423). A field already
 * at fault (an unknown region) is not named a second time for its guard.
 */
export async function assertNoFaults(faults: readonly FieldError[], guarded: () => FieldError[] | Promise<FieldError[]>): Promise<void> {
  if (faults.length === 0) return
  const named = new Set(faults.map((f) => f.path))
  throw invalid(byRow([...faults, ...(await guarded()).filter((g) => !named.has(g.path))]))
}

/** One object parsed as a row is: its value when it parses, and its sound fields either way. */
export function parseObject<S extends z.ZodType>(schema: S, raw: unknown): { value: z.output<S> | undefined; sound: Partial<z.output<S>>; errors: FieldError[] } {
  const result = schema.safeParse(raw)
  if (result.success) return { value: result.data, sound: result.data as Partial<z.output<S>>, errors: [] }
  const errors = fieldErrors(result.error)
  return { value: undefined, sound: soundFields(schema, raw, new Set(errors.map((e) => e.path.split('.')[0]))), errors }
}
