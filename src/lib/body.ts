// Bulk write bodies arrive as JSON or as CSV with a header row of the same field names. Both are
// read into the same shape and checked row by row (lib/rows.ts), so a CSV upload obeys exactly
// the rules of the JSON API and reports its faults by CSV line.
import type { Context } from 'hono'
import { z } from '@hono/zod-openapi'
import { decodeUpload } from './upload-encoding'
import { parseCsvRecords, type CsvRecord } from './csv'
import { Problem, type FieldError } from './problem'
import { parseObject, parseRows, rowIndexOf, type ParsedRow } from './rows'

/** `externalIds.shopify` → `{ externalIds: { shopify } }`: dotted CSV headers become nested objects. */
export function nestDottedKeys(record: CsvRecord): Record<string, unknown> {
  const nested: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    const [head, ...rest] = key.split('.')
    if (!head) continue
    if (rest.length === 0) {
      nested[head] = value
    } else {
      const inner = (nested[head] ??= {}) as Record<string, unknown>
      inner[rest.join('.')] = value
    }
  }
  return nested
}

export function isCsv(c: Context): boolean {
  return /^text\/csv\b/i.test(c.req.header('Content-Type') ?? '')
}

/** What a bulk write holds: the fields beside its rows, and its rows, each parsed on its own. */
export interface BulkSpec<F extends z.ZodObject, R extends z.ZodType> {
  /** Key of the row array (`stores`, `rows`). */
  key: string
  row: R
  maxRows: number
  /** Fields beside the rows (`year`, `level`…); none for master data. */
  fields?: F
  /** The write also takes `text/csv` (a header row of the row's field names, no fields beside). */
  csv?: boolean
}

export interface BulkBody<F, R> {
  /** Undefined when the fields beside the rows are themselves faulty (their errors are listed). */
  fields: F | undefined
  /** The fields beside the rows that are sound on their own, so a bad `year` does not stop a `level` being used. */
  sound: Partial<F>
  rows: ParsedRow<R>[]
  /** Rows that did not parse, with their sound fields (lib/rows.ts `checkable`). */
  partial: ParsedRow<Partial<R>>[]
  errors: FieldError[]
  /** The file line each row starts on when the rows came as CSV; null for JSON. */
  csvLines: number[] | null
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Pure: a decoded body checked against its spec, every row on its own. */
export function parseBulk<F extends z.ZodObject, R extends z.ZodType>(
  raw: unknown,
  spec: BulkSpec<F, R>,
): Omit<BulkBody<z.output<F>, z.output<R>>, 'csvLines'> {
  if (!isObject(raw)) return { fields: undefined, sound: {}, rows: [], partial: [], errors: [{ path: '(body)', message: 'must be a JSON object', code: 'invalid_type' }] }
  const errors: FieldError[] = []
  let fields: z.output<F> | undefined
  let sound: Partial<z.output<F>> = {}
  if (spec.fields) {
    const parsed = parseObject(spec.fields, raw)
    fields = parsed.value
    sound = parsed.sound
    errors.push(...parsed.errors)
  } else {
    fields = {} as z.output<F>
  }
  const items = raw[spec.key]
  if (!Array.isArray(items)) {
    errors.push({ path: spec.key, message: items === undefined ? 'is required' : 'must be an array of rows', code: 'invalid_type' })
    return { fields, sound, rows: [], partial: [], errors }
  }
  if (items.length === 0) errors.push({ path: spec.key, message: 'must hold at least one row', code: 'too_small' })
  if (items.length > spec.maxRows) {
    errors.push({ path: spec.key, message: `at most ${spec.maxRows} rows per request`, code: 'too_big' })
    return { fields, sound, rows: [], partial: [], errors }
  }
  const parsed = parseRows(spec.key, spec.row, items)
  return { fields, sound, rows: parsed.rows, partial: parsed.partial, errors: [...errors, ...parsed.errors] }
}

async function decodedBody(c: Context, key: string): Promise<{ raw: unknown; csvLines: number[] | null }> {
  const type = c.req.header('Content-Type')
  if (isCsv(c)) {
    const { records, lines } = parseCsvRecords(decodeUpload(new Uint8Array(await c.req.arrayBuffer())).text)
    return { raw: { [key]: records.map(nestDottedKeys) }, csvLines: lines }
  }
  const text = await c.req.text()
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new Problem(415, `Send the rows as application/json or text/csv, not ${type}.`)
  }
  if (text.trim() === '') return { raw: {}, csvLines: null }
  try {
    return { raw: JSON.parse(text), csvLines: null }
  } catch {
    throw new Problem(400, 'The request body is not valid JSON.', { type: 'malformed-json', title: 'Malformed JSON' })
  }
}

/** Reads a body that is JSON only; a field-by-field check is left to the caller. */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (isCsv(c)) throw new Problem(415, 'This write takes JSON only.')
  return (await decodedBody(c, '')).raw
}

/** Reads a bulk write (JSON, or CSV where the spec takes it) and parses it row by row. */
export async function readBulkBody<F extends z.ZodObject, R extends z.ZodType>(
  c: Context,
  spec: BulkSpec<F, R>,
): Promise<BulkBody<z.output<F>, z.output<R>>> {
  if (isCsv(c) && !spec.csv) throw new Problem(415, 'This write takes JSON only.')
  const { raw, csvLines } = await decodedBody(c, spec.key)
  return { ...parseBulk(raw, spec), csvLines }
}

/** Errors of a CSV upload also name the file line their row starts on (`csvLines`, from the parse). */
export function withCsvLines(errors: FieldError[], csvLines: number[] | null): FieldError[] {
  if (!csvLines) return errors
  return errors.map((error) => {
    const index = rowIndexOf(error.path)
    const line = index === undefined ? undefined : csvLines[index]
    return line === undefined ? error : { ...error, row: line }
  })
}
