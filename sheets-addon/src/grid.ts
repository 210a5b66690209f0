// Plain grids in, plain grids out: a pulled tab turned into the sheet's columns, the sheet's rows
// turned into a push, computed values put back. Data grids start at FIRST_DATA_ROW and column 1.
import { neutraliseFormula } from '../../src/lib/formula-guard'
import type { Cell, SyncRow, TabData } from './client'
import { FIRST_DATA_ROW } from './layout'

/** Cells to write with one setValues: top-left corner (1-based) and the values. */
export interface Block {
  row: number
  column: number
  values: unknown[][]
}

/** Columns grouped into runs of neighbours, so a tab in its own order is written in one call. */
export function columnRuns(columns: number[]): { column: number; width: number }[] {
  const runs: { column: number; width: number }[] = []
  for (const column of [...new Set(columns)].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1]
    if (last && last.column + last.width === column) last.width++
    else runs.push({ column, width: 1 })
  }
  return runs
}

/**
 * A value as setValues should receive it: text a sheet could evaluate goes behind a `'`, by the
 * rule the CSV reports use; numbers, dates and booleans go as they are.
 */
function sheetInput(value: unknown): unknown {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? neutraliseFormula(value) : value
}

/**
 * A pulled tab in the sheet's columns: one block per run of keyed columns, tall enough to blank
 * the rows an earlier, longer pull left (`rowsBefore`). Columns of the manager's own are untouched.
 */
export function pulledBlocks(keys: Map<string, number>, data: TabData, rowsBefore: number): Block[] {
  const sourceOf = new Map<number, number>() // sheet column → index in the pulled rows
  data.columns.forEach((key, i) => {
    const column = keys.get(key)
    if (column !== undefined) sourceOf.set(column, i)
  })
  const height = Math.max(data.rows.length, rowsBefore)
  return columnRuns([...sourceOf.keys()]).map(({ column, width }) => ({
    row: FIRST_DATA_ROW,
    column,
    values: Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, c) => sheetInput(data.rows[r]?.[sourceOf.get(column + c)!]))),
  }))
}

/** Keys a push needs that the sheet has lost (a deleted column would otherwise read as blanks). */
export const missingKeys = (keys: Map<string, number>, wanted: string[]) => wanted.filter((key) => !keys.has(key))

export const isBlankCell = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '')

/** A sheet value as the sync takes it; dates go through `formatDate` (it knows the sheet's time zone). */
export function toCell(value: unknown, formatDate: (date: Date) => string): Cell {
  if (isBlankCell(value)) return null
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') return formatDate(value as Date)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return String(value)
}

/**
 * Every row with something in an editable cell, carrying every editable key: the worker takes a
 * pushed row whole (a blank month is 0), so a key left out would not mean "unchanged".
 */
export function pushRows(keys: Map<string, number>, editableKeys: string[], grid: unknown[][], formatDate: (date: Date) => string): SyncRow[] {
  const rows: SyncRow[] = []
  grid.forEach((cells, i) => {
    const values = Object.fromEntries(editableKeys.map((key) => [key, toCell(cells[keys.get(key)! - 1], formatDate)]))
    if (Object.values(values).some((cell) => cell !== null)) rows.push({ row: FIRST_DATA_ROW + i, values })
  })
  return rows
}

/**
 * The computed columns after a push: the worker's values on the pushed rows, what was there on
 * the others. One block per run of computed columns, over the whole data area.
 */
export function computedBlocks(keys: Map<string, number>, computedKeys: string[], computed: { row: number; values: Record<string, unknown> }[], grid: unknown[][]): Block[] {
  const byRow = new Map(computed.map((c) => [c.row, c.values]))
  const keyAt = new Map(computedKeys.filter((key) => keys.has(key)).map((key) => [keys.get(key)!, key]))
  if (grid.length === 0) return []
  return columnRuns([...keyAt.keys()]).map(({ column, width }) => ({
    row: FIRST_DATA_ROW,
    column,
    values: grid.map((cells, i) =>
      Array.from({ length: width }, (_, c) => {
        const fresh = byRow.get(FIRST_DATA_ROW + i)
        const key = keyAt.get(column + c)!
        // What was there goes back through sheetInput too: getValues gives a text cell's text
        // without its `'`, and written back bare `=…` or `+…` would become a formula.
        return sheetInput(fresh && key in fresh ? fresh[key] : cells[column + c - 1])
      }),
    ),
  }))
}
