// Every tab is pushed the same way: each row's cells are parsed on their own, the rows are then
// checked against each other and the stored data (unknown codes, a key twice, budget stops), and
// every bad cell of every row comes back in one 422; only a clean push is applied, whole, and
// answered with its computed columns. A tab says how to parse, check, apply and compute; this
// file says in which order, so no tab can report faults by rounds.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { langOf } from '../lib/lang'
import { Problem } from '../lib/problem'
import { cellLabeller } from './cell-labels'
import type { Cell, Parsed } from './cells'
import { columnTitler } from './column-titles'
import { cellProblem, conflictProblem, type CellConflict, type CellError, type SyncRead, type SyncRequest, type TitleOf } from './protocol'
import type { RegionGuard } from '../lib/rows'
import { editableKeys, MONTH_KEYS, type TabName } from './tabs'

/** One pushed sheet row, parsed; `bad` holds the columns whose cell did not parse. */
export interface SheetRow<T> {
  row: number
  value: T
  bad: ReadonlySet<string>
}

/** Reads one cell: a parsed value, or the fallback after recording the cell's fault. */
export type CellReader = <V>(column: string, result: Parsed<V>, fallback: V) => V

export interface TabSync<T> {
  parse(values: Record<string, Cell>, cell: CellReader): T
  /** Faults between rows and against stored data. Checks skip the columns a row has bad. */
  check(c: Context<AppEnv>, rows: SheetRow<T>[], request: SyncRequest): Promise<CellError[]>
  /**
   * Rows the caller may not change (another region's, a locked one's). Alone they are the 403 or
   * 423 of `apply`; beside other faults they are named in the same 422, so one pass fixes the sheet.
   */
  guard?(c: Context<AppEnv>, rows: SheetRow<T>[], request: SyncRequest): Promise<CellError[]>
  /** Writes a clean push whole. */
  apply(c: Context<AppEnv>, rows: SheetRow<T>[], request: SyncRequest): Promise<{ revision: number; applied?: number; warnings?: unknown[] }>
  /** The computed columns of each row, read after the write. */
  computed(c: Context<AppEnv>, rows: SheetRow<T>[], request: SyncRequest): Promise<(row: SheetRow<T>) => Record<string, unknown>>
}

export function parseSheetRows<T>(tab: Pick<TabSync<T>, 'parse'>, request: SyncRequest, required: readonly string[] = []): { rows: SheetRow<T>[]; errors: CellError[] } {
  const errors: CellError[] = []
  const rows = request.rows.map(({ row, values }) => {
    const bad = new Set<string>()
    // A key left out is not a blank cell: reading it as 0 would overwrite a month nobody sent.
    for (const key of required) {
      if (key in values) continue
      bad.add(key)
      errors.push({ row, column: key, message: 'is missing from the push (a pushed row carries every editable column)' })
    }
    const cell: CellReader = (column, result, fallback) => {
      if (bad.has(column)) return fallback
      if (result.ok) return result.value
      bad.add(column)
      errors.push({ row, column, message: result.message })
      return fallback
    }
    return { row, value: tab.parse(values, cell), bad }
  })
  return { rows, errors }
}

/**
 * Applies a push of the `name` tab read by `readSyncRequest`: the faults of its envelope are named
 * with every bad cell. Every pushed row carries the tab's editable keys.
 */
export async function syncTab<T>(c: Context<AppEnv>, name: TabName, tab: TabSync<T>, { request, errors: pushErrors }: SyncRead) {
  const titleOf = columnTitler(name, langOf(c))
  const { rows, errors } = parseSheetRows(tab, request, editableKeys(name))
  errors.push(...(await tab.check(c, rows, request)))
  if (errors.length > 0 || pushErrors.length > 0) {
    // A cell already at fault (an unknown code) is not named a second time for its guard.
    const named = new Set(errors.map((e) => `${e.row}/${e.column}`))
    const guarded = ((await tab.guard?.(c, rows, request)) ?? []).filter((g) => !named.has(`${g.row}/${g.column}`))
    throw cellProblem([...errors, ...guarded], titleOf, pushErrors)
  }
  const result = await withConflictTitles(() => tab.apply(c, rows, request), titleOf)
  const computedOf = await tab.computed(c, rows, request)
  // The add-on writes these into the manager's cells: statuses and alerts by their labels.
  const labelled = cellLabeller(c.env, name, langOf(c))
  return {
    revision: result.revision,
    applied: result.applied ?? rows.length,
    computed: rows.map((r) => ({ row: r.row, values: labelled(computedOf(r)) })),
    ...(result.warnings ? { warnings: result.warnings } : {}),
  }
}

/**
 * A tab's write answers its conflicts by row and key (applyMonthGrid); the sync's answer names
 * their titles too, in the reader's language, which only the sync knows.
 */
async function withConflictTitles<R>(apply: () => Promise<R>, titleOf: TitleOf): Promise<R> {
  try {
    return await apply()
  } catch (error) {
    const conflicts = error instanceof Problem && error.status === 409 ? error.extensions?.conflicts : undefined
    // Only conflicts already placed on cells; an API's own (by path) would have no column to title.
    const placed = Array.isArray(conflicts) && conflicts.every((k: Partial<CellConflict>) => typeof k.row === 'number' && typeof k.column === 'string')
    throw placed ? conflictProblem(conflicts as CellConflict[], titleOf) : error
  }
}

/** A fault on `column` of every row whose region is guarded; rows with a bad `column` are skipped. */
export function guardedCells<T>(rows: SheetRow<T>[], column: string, regionOf: (value: T) => string | undefined, guards: Map<string, RegionGuard>): CellError[] {
  return rows.flatMap((r) => {
    const guard = r.bad.has(column) ? undefined : guards.get(regionOf(r.value) ?? '')
    return guard ? [{ row: r.row, column, message: guard.message, code: guard.code }] : []
  })
}

/** The same key on two rows: a fault on the later row's `column`, naming the first. Rows with a bad key cell are skipped. */
export function duplicateCells<T>(
  rows: SheetRow<T>[],
  keyColumns: string[],
  keyOf: (value: T) => string,
  column: string,
  message: (first: number, value: T) => string,
): CellError[] {
  const firstRow = new Map<string, number>()
  const errors: CellError[] = []
  for (const r of rows) {
    if (keyColumns.some((k) => r.bad.has(k))) continue
    const key = keyOf(r.value)
    const first = firstRow.get(key)
    if (first === undefined) firstRow.set(key, r.row)
    else errors.push({ row: r.row, column, message: message(first, r.value) })
  }
  return errors
}

/**
 * A month grid pushed as one API row per month: row `i` of the flattened write is sheet row
 * `rows[i / 12]`, column `m{i % 12 + 1}`. A 409 of the write comes back as the cells it names.
 */
export async function applyMonthGrid<T, R>(rows: SheetRow<T>[], write: () => Promise<R>): Promise<R> {
  try {
    return await write()
  } catch (error) {
    const conflicts = error instanceof Problem && error.status === 409 ? (error.extensions?.conflicts as { path: string; yours: unknown; theirs: unknown }[] | undefined) : undefined
    if (!conflicts) throw error
    throw conflictProblem(
      conflicts.map((k) => {
        const index = Number(/^rows\.(\d+)/.exec(k.path)?.[1])
        return { row: rows[Math.floor(index / 12)]!.row, column: MONTH_KEYS[index % 12]!, yours: k.yours, theirs: k.theirs }
      }),
    )
  }
}
