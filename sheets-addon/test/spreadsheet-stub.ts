// An in-memory Google Sheets spreadsheet with the parts of SpreadsheetApp the add-on uses, kept
// faithful where it shows: 1-based ranges that must fit the sheet, setValues that must match the
// range, values entered as if typed (numbers, ISO dates, formulas opened by `=`, `+`, `-` or `@`;
// not in plain-text cells), '' for an empty cell, '#ffffff' for no fill, warning-only protections,
// range-based dropdowns.
import { FakeProtection, type FakeDataValidation } from './sheet-rules-stub'

export * from './sheet-rules-stub'

type Value = unknown

interface CellData {
  value: Value
  formula: string
  note: string
  background: string
  numberFormat: string
  fontWeight: string
  fontColor: string
  validation: FakeDataValidation | null
}

const blankCell = (): CellData => ({ value: '', formula: '', note: '', background: '#ffffff', numberFormat: '0.###############', fontWeight: 'normal', fontColor: '#000000', validation: null })

/** Midnight of a calendar day in a time zone, as Sheets keeps a typed date. */
export function zonedMidnight(day: string, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`)
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(guess)).map((p) => [p.type, p.value]))
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`)
  return new Date(guess - (shown - guess))
}

/** What a typed entry becomes in a cell. */
function entered(input: Value, numberFormat: string, timeZone: string): { value: Value; formula: string } {
  if (input === null || input === undefined) return { value: '', formula: '' }
  if (typeof input !== 'string') return { value: input, formula: '' }
  if (input.startsWith("'")) return { value: input.slice(1), formula: '' }
  if (numberFormat === '@') return { value: input, formula: '' }
  // The stub evaluates no formulas; a test that sees #ERROR! wrote one by mistake.
  if (input.startsWith('=')) return { value: '#ERROR!', formula: input }
  if (/^\s*[-+]?\d+(\.\d+)?\s*$/.test(input)) return { value: Number(input), formula: '' }
  // A sign that does not make a number opens a formula as well: `+A1` is entered as `=+A1`.
  if (/^[+\-@]/.test(input)) return { value: '#ERROR!', formula: `=${input}` }
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) return { value: zonedMidnight(input, timeZone), formula: '' }
  return { value: input, formula: '' }
}

export class FakeRange {
  constructor(
    private readonly sheet: FakeSheet,
    private readonly row: number,
    private readonly column: number,
    private readonly rows: number,
    private readonly columns: number,
  ) {}

  private grid<T>(read: (cell: CellData) => T): T[][] {
    return Array.from({ length: this.rows }, (_, r) => Array.from({ length: this.columns }, (_, c) => read(this.sheet.cell(this.row + r, this.column + c))))
  }

  private each(write: (cell: CellData, r: number, c: number) => void): this {
    for (let r = 0; r < this.rows; r++) for (let c = 0; c < this.columns; c++) write(this.sheet.cell(this.row + r, this.column + c, true), r, c)
    return this
  }

  private fits(values: unknown[][], what: string): void {
    if (values.length !== this.rows) throw new Error(`The number of rows in the ${what} does not match the number of rows in the range. The ${what} has ${values.length} but the range has ${this.rows}.`)
    for (const row of values) {
      if (row.length !== this.columns) throw new Error(`The number of columns in the ${what} does not match the number of columns in the range. The ${what} has ${row.length} but the range has ${this.columns}.`)
    }
  }

  getSheet() {
    return this.sheet
  }
  getRow() {
    return this.row
  }
  getColumn() {
    return this.column
  }
  getNumRows() {
    return this.rows
  }
  getNumColumns() {
    return this.columns
  }
  getA1Notation() {
    const letters = (n: number): string => (n <= 0 ? '' : letters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)))
    const start = `${letters(this.column)}${this.row}`
    return this.rows === 1 && this.columns === 1 ? start : `${start}:${letters(this.column + this.columns - 1)}${this.row + this.rows - 1}`
  }
  getValues() {
    return this.grid((cell) => (cell.value instanceof Date ? new Date(cell.value.getTime()) : cell.value))
  }
  getValue() {
    return this.getValues()[0]![0]
  }
  getFormulas() {
    return this.grid((cell) => cell.formula)
  }
  setValues(values: unknown[][]) {
    this.fits(values, 'data')
    return this.each((cell, r, c) => Object.assign(cell, entered(values[r]![c], cell.numberFormat, this.sheet.timeZone)))
  }
  setValue(value: unknown) {
    return this.each((cell) => Object.assign(cell, entered(value, cell.numberFormat, this.sheet.timeZone)))
  }
  clearContent() {
    return this.each((cell) => Object.assign(cell, { value: '', formula: '' }))
  }
  getNotes() {
    return this.grid((cell) => cell.note)
  }
  getNote() {
    return this.getNotes()[0]![0]!
  }
  setNotes(notes: (string | null)[][]) {
    this.fits(notes, 'notes')
    return this.each((cell, r, c) => (cell.note = notes[r]![c] ?? ''))
  }
  setNote(note: string | null) {
    return this.each((cell) => (cell.note = note ?? ''))
  }
  getBackgrounds() {
    return this.grid((cell) => cell.background)
  }
  getBackground() {
    return this.getBackgrounds()[0]![0]!
  }
  setBackgrounds(colors: (string | null)[][]) {
    this.fits(colors, 'colors')
    return this.each((cell, r, c) => (cell.background = colors[r]![c] ?? '#ffffff'))
  }
  setBackground(color: string | null) {
    return this.each((cell) => (cell.background = color ?? '#ffffff'))
  }
  getFontWeights() {
    return this.grid((cell) => cell.fontWeight)
  }
  setFontWeight(weight: string | null) {
    return this.each((cell) => (cell.fontWeight = weight ?? 'normal'))
  }
  setFontColor(color: string | null) {
    return this.each((cell) => (cell.fontColor = color ?? '#000000'))
  }
  getNumberFormats() {
    return this.grid((cell) => cell.numberFormat)
  }
  setNumberFormat(format: string) {
    return this.each((cell) => (cell.numberFormat = format))
  }
  getDataValidations() {
    return this.grid((cell) => cell.validation)
  }
  getDataValidation() {
    return this.getDataValidations()[0]![0]!
  }
  setDataValidation(rule: FakeDataValidation | null) {
    return this.each((cell) => (cell.validation = rule))
  }
  protect() {
    const protection = new FakeProtection(this, this.sheet)
    this.sheet.protections.push(protection)
    return protection
  }
}

export class FakeSheet {
  private readonly cells = new Map<string, CellData>()
  private readonly hiddenRows = new Set<number>()
  protections: FakeProtection[] = []
  private frozenRows = 0
  private hidden = false

  constructor(
    private name: string,
    private readonly id: number,
    readonly timeZone: string,
    private maxRows = 1000,
    private maxColumns = 26,
  ) {}

  cell(row: number, column: number, forWriting = false): CellData {
    const key = `${row},${column}`
    const found = this.cells.get(key)
    if (found) return found
    const fresh = blankCell()
    if (forWriting) this.cells.set(key, fresh)
    return fresh
  }

  getName() {
    return this.name
  }
  setName(name: string) {
    this.name = name
    return this
  }
  getSheetId() {
    return this.id
  }
  getMaxRows() {
    return this.maxRows
  }
  getMaxColumns() {
    return this.maxColumns
  }
  private lastWith(index: 0 | 1): number {
    let last = 0
    for (const [key, cell] of this.cells) if (cell.value !== '') last = Math.max(last, Number(key.split(',')[index]))
    return last
  }
  getLastRow() {
    return this.lastWith(0)
  }
  getLastColumn() {
    return this.lastWith(1)
  }
  insertRowsAfter(after: number, howMany: number) {
    // The add-on only grows a sheet at its end; rows inserted in the middle would shift cells.
    if (after !== this.maxRows) throw new Error('stub: rows can only be inserted after the last row')
    this.maxRows += howMany
    return this
  }
  insertColumnsAfter(after: number, howMany: number) {
    if (after !== this.maxColumns) throw new Error('stub: columns can only be inserted after the last column')
    this.maxColumns += howMany
    return this
  }
  getRange(row: number, column: number, rows = 1, columns = 1) {
    if (rows < 1) throw new Error('The number of rows in the range must be at least 1.')
    if (columns < 1) throw new Error('The number of columns in the range must be at least 1.')
    if (row < 1 || column < 1 || row + rows - 1 > this.maxRows || column + columns - 1 > this.maxColumns) throw new Error('The coordinates of the range are outside the dimensions of the sheet.')
    return new FakeRange(this, row, column, rows, columns)
  }
  hideRows(row: number, howMany = 1) {
    for (let r = row; r < row + howMany; r++) this.hiddenRows.add(r)
  }
  isRowHiddenByUser(row: number) {
    return this.hiddenRows.has(row)
  }
  setFrozenRows(rows: number) {
    this.frozenRows = rows
  }
  getFrozenRows() {
    return this.frozenRows
  }
  getProtections() {
    return [...this.protections]
  }
  clearContents() {
    for (const cell of this.cells.values()) Object.assign(cell, { value: '', formula: '' })
    return this
  }
  hideSheet() {
    this.hidden = true
    return this
  }
  isSheetHidden() {
    return this.hidden
  }
}

export class FakeSpreadsheet {
  readonly sheets: FakeSheet[]
  private active: FakeSheet
  private nextId = 1
  readonly toasts: string[] = []

  constructor(
    private readonly id = 'spreadsheet-1',
    readonly timeZone = 'Asia/Shanghai',
  ) {
    this.active = new FakeSheet('Sheet1', 0, timeZone)
    this.sheets = [this.active]
  }

  getId() {
    return this.id
  }
  getSpreadsheetTimeZone() {
    return this.timeZone
  }
  getSheets() {
    return [...this.sheets]
  }
  getSheetByName(name: string) {
    return this.sheets.find((s) => s.getName() === name) ?? null
  }
  insertSheet(name: string, index = this.sheets.length) {
    if (this.getSheetByName(name)) throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`)
    const sheet = new FakeSheet(name, this.nextId++ * 1_000_003, this.timeZone)
    this.sheets.splice(index, 0, sheet)
    this.active = sheet // as in Sheets: the new sheet becomes the active one
    return sheet
  }
  getActiveSheet() {
    return this.active
  }
  setActiveSheet(sheet: FakeSheet) {
    this.active = sheet
    return sheet
  }
  toast(message: string) {
    this.toasts.push(message)
  }
}
