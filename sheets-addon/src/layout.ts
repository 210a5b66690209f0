// How a regionops tab sits in a sheet. Row 1 holds the column keys (hidden), row 2 the titles
// (frozen), data starts in row 3 — the worker's write-back (src/sheets/writeback.ts) reads the
// same layout. Columns are found by their key, never by position, so a manager may move them.
import { neutraliseFormula } from '../../src/lib/formula-guard'
import type { Column, Tab } from './client'

export const KEY_ROW = 1
export const TITLE_ROW = 2
export const FIRST_DATA_ROW = 3

/** Computed cells are grey: the worker fills them, a push never sends them. */
export const COMPUTED_BACKGROUND = '#efefef'
export const PLAIN_BACKGROUND = '#ffffff'
export const HEADER_BACKGROUND = '#d9e2f3'

/** Every protection, list and note the add-on makes starts with this, so it can find its own again. */
export const MARK = 'regionops'

/** The hidden sheet holding the dropdown lists (a list of items is capped in size, a range is not). */
export const LISTS_SHEET = 'regionops lists'

export interface Placement {
  column: number
  def: Column
}

const keyOf = (cell: unknown) => (typeof cell === 'string' ? cell.trim() : '')

/** Column key → sheet column (1-based), from the key row; the first of a repeated key wins. */
export function keyColumns(keyRow: unknown[]): Map<string, number> {
  const columns = new Map<string, number>()
  keyRow.forEach((cell, i) => {
    const key = keyOf(cell)
    if (key && !columns.has(key)) columns.set(key, i + 1)
  })
  return columns
}

/**
 * Where each of the tab's columns goes: a key already in the key row keeps its column (the
 * manager may have moved it); a missing one goes after the last keyed column.
 */
export function placeColumns(tab: Tab, keyRow: unknown[]): Placement[] {
  const taken = keyColumns(keyRow)
  let next = Math.max(0, ...taken.values()) + 1
  return tab.columns.map((def) => ({ def, column: taken.get(def.key) ?? next++ }))
}

export const widthOf = (placements: Placement[]) => Math.max(0, ...placements.map((p) => p.column))

/** A cell's A1 name (column 6, row 4 is F4; column 27 is AA), as the manager finds it in the sheet. */
export function a1(row: number, column: number): string {
  let letters = ''
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return `${letters}${row}`
}

/**
 * The key and title rows over `width` columns: the tab's keys and titles where they are placed,
 * whatever the manager put in columns of their own.
 */
export function headerRows(placements: Placement[], keyRow: unknown[], titleRow: unknown[], width: number): [unknown[], unknown[]] {
  // The sheet's own header cells go back as they were read: getValues gives a text cell without
  // its `'`, so text that looks like a formula is put behind one again before setValues.
  const asRead = (cell: unknown) => (typeof cell === 'string' ? neutraliseFormula(cell) : (cell ?? ''))
  const keys = Array.from({ length: width }, (_, i) => asRead(keyRow[i]))
  const titles = Array.from({ length: width }, (_, i) => asRead(titleRow[i]))
  for (const { column, def } of placements) {
    keys[column - 1] = def.key
    titles[column - 1] = def.title
  }
  return [keys, titles]
}

/**
 * The number format of a column's data cells. Codes and text are plain text so `001` stays
 * `001`; ratios (achievement, turnover days) keep Sheets' automatic format.
 */
export function numberFormatOf(def: Column): string | null {
  switch (def.type) {
    case 'money':
      return '#,##0.00'
    case 'count':
      return '0'
    case 'date':
      return 'yyyy-mm-dd'
    case 'ratio':
      return null
    default:
      return '@'
  }
}

export const hasDropdown = (def: Column) => def.editable && (def.options?.length ?? 0) > 0

export interface OptionList {
  tab: string
  key: string
  /** Column of the lists sheet holding it, 1-based. */
  column: number
  options: string[]
}

/** One column of the lists sheet per editable column with options, over all tabs. */
export function optionLists(tabs: Tab[]): OptionList[] {
  const lists: OptionList[] = []
  for (const tab of tabs) {
    for (const def of tab.columns) {
      if (hasDropdown(def)) lists.push({ tab: tab.name, key: def.key, column: lists.length + 1, options: def.options! })
    }
  }
  return lists
}

/** The lists sheet's cells: a label row, then each list down its column. */
export function listsGrid(lists: OptionList[]): string[][] {
  const height = 1 + Math.max(0, ...lists.map((l) => l.options.length))
  return Array.from({ length: height }, (_, row) => lists.map((l) => (row === 0 ? `${l.tab} ${l.key}` : (l.options[row - 1] ?? ''))))
}
