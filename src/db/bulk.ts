// Bulk writes within D1's limit of 100 bound parameters per statement: a chunk of rows is bound
// as ONE JSON array and expanded in SQL with json_each, so 2,000 rows take a few statements,
// not 2,000. Writes are collected as plain statements and run with runBatch(), which D1 executes
// as one transaction: a failure anywhere rolls back every statement of the batch.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'

/** Rows per statement: keeps each bound JSON array well under D1's per-value size limit. */
const ROWS_PER_STATEMENT = 1000

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/**
 * Items in consecutive groups whose weights add up to at most `limit`, counting from `start` (an
 * item heavier than that gets a group of its own); the order is kept.
 */
export function chunkByWeight<T>(items: readonly T[], limit: number, weight: (item: T) => number, start = 0): T[][] {
  const chunks: T[][] = []
  let current: T[] = []
  let total = start
  for (const item of items) {
    const itemWeight = weight(item)
    if (current.length > 0 && total + itemWeight > limit) {
      chunks.push(current)
      current = []
      total = start
    }
    current.push(item)
    total += itemWeight
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/**
 * Items in consecutive groups whose JSON array stays under `bytes` (an item larger than that gets a
 * group of its own): a bound JSON array must fit D1's 2 MB per value whatever the items hold.
 */
export function chunkByBytes<T>(items: readonly T[], bytes: number): T[][] {
  const encoder = new TextEncoder()
  // `[` and `]`, and each item with its comma.
  return chunkByWeight(items, bytes, (item) => encoder.encode(JSON.stringify(item)).length + 1, 2)
}

/** One SQL statement with its bound parameters, ready for a batch. */
export interface Statement {
  sql: string
  params: unknown[]
}

export function statement(text: string, ...params: unknown[]): Statement {
  return { sql: text, params }
}

/** A drizzle query builder (insert/update/delete) as a plain statement. */
export function fromQuery(query: { toSQL(): { sql: string; params: unknown[] } }): Statement {
  const { sql: text, params } = query.toSQL()
  return { sql: text, params }
}

/**
 * A statement that fails its batch — so D1 rolls the whole batch back — unless `condition` holds
 * when it runs: it inserts a NULL key into `revisions` exactly when the condition is false. D1 has
 * no interactive transactions; this is how a batch checks what its own earlier statements did.
 */
export function abortUnless(condition: string, params: unknown[]): Statement {
  return statement(`INSERT INTO revisions (scope, revision, write_id, updated_at) SELECT NULL, 0, '', '' WHERE NOT (${condition})`, ...params)
}

/** Runs statements as one atomic D1 batch; an empty list is a no-op. */
export async function runBatch(db: D1Database, statements: Statement[]): Promise<D1Result[]> {
  if (statements.length === 0) return []
  return db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.params)))
}

/** An SQL condition every statement of a guarded batch carries (see db/revision.ts). */
export interface Guard {
  sql: string
  params: unknown[]
}

type Field<T extends SQLiteTable> = keyof T['$inferInsert'] & string

/**
 * INSERT … SELECT FROM json_each(?) for rows shaped like the table's drizzle insert type,
 * with an upsert on `conflict` when given (or, with `keepExisting`, leaving existing rows as they
 * are). `keepOnUpdate` fields (e.g. createdAt) are written
 * only for new rows; `omit` fields (e.g. an autoincrement id) are left to the database.
 */
export function insertRows<T extends SQLiteTable>(
  table: T,
  rows: T['$inferInsert'][],
  options: { conflict?: Field<T>[]; keepOnUpdate?: Field<T>[]; omit?: Field<T>[]; guard?: Guard; keepExisting?: boolean } = {},
): Statement[] {
  const { conflict = [], keepOnUpdate = [], omit = [], guard, keepExisting = false } = options
  const columns = Object.entries(getTableColumns(table))
    .filter(([field]) => !omit.includes(field as Field<T>))
    .map(([field, column]) => ({ field, name: column.name }))
  const names = columns.map((c) => `"${c.name}"`).join(', ')
  // Rows travel as arrays in column order: a third of the JSON of objects, for the same statement.
  const values = columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')
  const updates = columns
    .filter((c) => !conflict.includes(c.field as Field<T>) && !keepOnUpdate.includes(c.field as Field<T>))
    .map((c) => `"${c.name}" = excluded."${c.name}"`)
  const conflictNames = columns.filter((c) => conflict.includes(c.field as Field<T>)).map((c) => `"${c.name}"`)
  const onConflict =
    conflictNames.length === 0
      ? ''
      : ` ON CONFLICT (${conflictNames.join(', ')}) ` +
        (updates.length > 0 && !keepExisting ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING')
  const where = guard ? guard.sql : 'true'
  const text = `INSERT INTO "${getTableName(table)}" (${names}) SELECT ${values} FROM json_each(?) WHERE ${where}${onConflict}`
  const asArrays = rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c.field] ?? null))
  return chunk(asArrays, ROWS_PER_STATEMENT).map((part) => statement(text, JSON.stringify(part), ...(guard?.params ?? [])))
}

/** DELETE rows of `table` whose `column` is one of `keys`. */
export function deleteWhereIn(table: SQLiteTable, column: SQLiteColumn, keys: string[], guard?: Guard): Statement[] {
  const extra = guard ? ` AND ${guard.sql}` : ''
  return chunk(keys, ROWS_PER_STATEMENT).map((part) =>
    statement(
      `DELETE FROM "${getTableName(table)}" WHERE "${column.name}" IN (SELECT value FROM json_each(?))${extra}`,
      JSON.stringify(part),
      ...(guard?.params ?? []),
    ),
  )
}

/** A read condition `column IN (…keys)` bound as one JSON array, whatever the number of keys. */
export function inJsonArray(column: SQLiteColumn, keys: string[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`
}
