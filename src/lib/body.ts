// Bulk write bodies arrive as JSON or as CSV with a header row of the same field names. Both end
// as the same validated object, so a CSV upload obeys exactly the rules of the JSON API.
import type { Context } from 'hono'
import type { z } from '@hono/zod-openapi'
import { parseCsvRecords, type CsvRecord } from './csv'
import { fieldErrors } from './openapi'
import { invalid, Problem } from './problem'

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

/**
 * The validated body of a bulk write: `c.req.valid('json')` when JSON came (the route validated
 * it), or the CSV rows under `key`, validated with the same schema. Errors name CSV rows by line.
 */
export async function readBulkBody<S extends z.ZodType>(
  c: Context,
  key: string,
  schema: S,
  validJson: () => unknown,
): Promise<z.output<S>> {
  if (!isCsv(c)) {
    const contentType = c.req.header('Content-Type')
    if (!contentType) {
      const result = schema.safeParse({})
      if (!result.success) throw invalid(fieldErrors(result.error))
    }
    return validJson() as z.output<S>
  }
  const { records } = parseCsvRecords(await c.req.text())
  if (records.length === 0) throw new Problem(422, 'The CSV has a header but no rows.', { errors: [{ path: key, message: 'no rows' }] })
  const result = schema.safeParse({ [key]: records.map(nestDottedKeys) })
  if (!result.success) {
    // Point at the CSV line as well as the row index: line 2 is the first data row.
    const errors = fieldErrors(result.error).map((error) => {
      const index = Number(error.path.split('.')[1])
      return Number.isInteger(index) ? { ...error, row: index + 2 } : error
    })
    throw invalid(errors)
  }
  return result.data
}
