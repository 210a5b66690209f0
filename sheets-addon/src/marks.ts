// Marks on cells after a push: a bad cell red with the worker's message as its note, a cell that
// someone else changed orange with their value in the note, each named '3月 (F4): …' by the
// column's title (the worker's, in the reader's language) and the cell the add-on placed it on.
// Marks are recognised by their colour and note prefix, so clearing them leaves the manager's own
// colours and notes alone.
import type { CellError, Conflict } from './client'
import type { Text } from './i18n'
import { a1, FIRST_DATA_ROW, MARK, PLAIN_BACKGROUND } from './layout'

export const ERROR_BACKGROUND = '#f4c7c3'
export const CONFLICT_BACKGROUND = '#fce8b2'
const NOTE_PREFIX = `${MARK}: `

export interface CellMark {
  row: number
  column: number
  background: string
  note: string
}

/** The data area's backgrounds and notes, as getBackgrounds/getNotes give them from FIRST_DATA_ROW. */
export interface Paint {
  backgrounds: string[][]
  notes: string[][]
}

/**
 * Marks for cell errors and conflicts, and the same in words for the summary, in the worker's
 * order. One whose column the sheet does not have cannot be shown on a cell: its line names the
 * row instead of a cell.
 */
export function cellMarks(keys: Map<string, number>, errors: CellError[], conflicts: Conflict[], t: Text): { marks: CellMark[]; lines: string[] } {
  const marks: CellMark[] = []
  const lines: string[] = []
  const shown = (value: unknown) => (value === null || value === undefined || value === '' ? t.blank : String(value))
  // A worker from before titles sends none: the key still says which column.
  const mark = (cell: { row: number; column: string; title?: string }, background: string, text: string) => {
    const column = keys.get(cell.column)
    const title = cell.title ?? cell.column
    if (column === undefined || cell.row < FIRST_DATA_ROW) {
      lines.push(`${t.rowColumn(cell.row, title)}: ${text}`)
      return
    }
    const line = `${title} (${a1(cell.row, column)}): ${text}`
    marks.push({ row: cell.row, column, background, note: `${NOTE_PREFIX}${line}` })
    lines.push(line)
  }
  for (const e of errors) mark(e, ERROR_BACKGROUND, e.message)
  for (const c of conflicts) mark(c, CONFLICT_BACKGROUND, t.changed(shown(c.theirs), shown(c.yours)))
  return { marks, lines }
}

/**
 * The data area repainted: earlier marks gone, the new ones on. Marks only ever sit on editable
 * cells (a push sends no others), so a cleared one goes back to plain white.
 */
export function repaint(current: Paint, marks: CellMark[]): Paint {
  const ours = new Set([ERROR_BACKGROUND, CONFLICT_BACKGROUND])
  const backgrounds = current.backgrounds.map((row) => [...row])
  const notes = current.notes.map((row) => [...row])
  notes.forEach((row, r) =>
    row.forEach((note, c) => {
      if (note.startsWith(NOTE_PREFIX)) row[c] = ''
      if (ours.has(backgrounds[r]![c]!.toLowerCase())) backgrounds[r]![c] = PLAIN_BACKGROUND
    }),
  )
  for (const mark of marks) {
    const r = mark.row - FIRST_DATA_ROW
    backgrounds[r]![mark.column - 1] = mark.background
    notes[r]![mark.column - 1] = mark.note
  }
  return { backgrounds, notes }
}

