// Marks on cells after a push: a bad cell red with the worker's message as its note, a cell that
// someone else changed orange with their value in the note. Marks are recognised by their colour
// and note prefix, so clearing them leaves the manager's own colours and notes alone.
import type { CellError, Conflict } from './client'
import { FIRST_DATA_ROW, MARK, PLAIN_BACKGROUND } from './layout'

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

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(blank)' : String(value))

/**
 * Marks for cell errors and conflicts. One whose column the sheet does not have cannot be shown
 * on a cell; it goes back in `unplaced` to be said in the summary.
 */
export function cellMarks(keys: Map<string, number>, errors: CellError[], conflicts: Conflict[]): { marks: CellMark[]; unplaced: string[] } {
  const marks: CellMark[] = []
  const unplaced: string[] = []
  for (const e of errors) {
    const column = keys.get(e.column)
    if (column === undefined || e.row < FIRST_DATA_ROW) unplaced.push(`row ${e.row}, ${e.column}: ${e.message}`)
    else marks.push({ row: e.row, column, background: ERROR_BACKGROUND, note: `${NOTE_PREFIX}${e.message}` })
  }
  for (const c of conflicts) {
    const column = keys.get(c.column)
    const note = `changed by someone else since your pull: theirs ${shown(c.theirs)}, yours ${shown(c.yours)}`
    if (column === undefined || c.row < FIRST_DATA_ROW) unplaced.push(`row ${c.row}, ${c.column}: ${note}`)
    else marks.push({ row: c.row, column, background: CONFLICT_BACKGROUND, note: `${NOTE_PREFIX}${note}` })
  }
  return { marks, unplaced }
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

