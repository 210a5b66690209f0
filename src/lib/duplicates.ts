// The same key twice in one request (a store, a budget line, a month, an id): an error on every
// later occurrence, naming the row where the key first appeared.
import type { FieldError } from './problem'
import { duplicateRowErrors, indexed } from './rows'

export function duplicateKeyErrors<T>(rows: T[], keyOf: (row: T) => string, pathOf: (index: number) => string): FieldError[] {
  return duplicateRowErrors(indexed(rows), keyOf, pathOf)
}
