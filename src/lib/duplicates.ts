// The same key twice in one request (a store, a budget line, a month, an id): an error on every
// later occurrence, naming the row where the key first appeared.
import type { FieldError } from './problem'

export function duplicateKeyErrors<T>(rows: T[], keyOf: (row: T) => string, pathOf: (index: number) => string): FieldError[] {
  const firstRow = new Map<string, number>()
  const errors: FieldError[] = []
  rows.forEach((row, index) => {
    const key = keyOf(row)
    const first = firstRow.get(key)
    if (first === undefined) firstRow.set(key, index)
    else errors.push({ path: pathOf(index), message: `${key} already appears in row ${first}`, code: 'duplicate' })
  })
  return errors
}
