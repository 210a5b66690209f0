// CSV in (RFC 4180 with the habits of real exports: a UTF-8 BOM, CRLF, quoted commas and quotes)
// and out (for reports pulled by =IMPORTDATA, with formula-looking text neutralised).
import Papa from 'papaparse'
import { neutraliseFormula } from './formula-guard'
import { Problem, type FieldError } from './problem'

export type CsvRecord = Record<string, string>

/** A CSV row's cells and the file line it starts on (a quoted cell may hold line breaks). */
interface CsvRow {
  cells: string[]
  line: number
}

/** Every non-blank row with the line it starts on, and the parser's faults by line. */
function csvRows(body: string, delimiter: string): { rows: CsvRow[]; errors: FieldError[] } {
  const rows: CsvRow[] = []
  const errors: FieldError[] = []
  let start = 0
  let line = 1
  Papa.parse<string[]>(body, {
    header: false,
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      for (const error of result.errors) errors.push({ path: `line.${line}`, row: line, message: error.message, code: error.code })
      if (result.data.some((cell) => cell.trim() !== '')) rows.push({ cells: result.data, line })
      const end = result.meta.cursor
      for (let i = start; i < end; i++) if (body.charCodeAt(i) === 10) line++
      start = end
    },
  })
  return { rows, errors }
}

/**
 * Excel saves "Unicode 文本" (UTF-16) and "文本文件(制表符分隔)" with tabs between the cells: a
 * header line (the first that is not blank) with tabs and no comma is read that way; anything else is CSV.
 */
const delimiterOf = (body: string) => {
  const header = /[^\r\n]*\S[^\r\n]*/.exec(body)?.[0] ?? ''
  return header.includes('\t') && !header.includes(',') ? '\t' : ','
}

/**
 * Parses CSV with a header row into one record per data row, each with the file line it starts
 * on (blank lines and quoted line breaks counted, so an error names the line a sheet shows).
 * Blank cells are left out of the record, so an optional field may simply be left empty.
 * Malformed CSV is a 400 naming each line.
 */
export function parseCsvRecords(text: string): { header: string[]; records: CsvRecord[]; lines: number[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const { rows, errors } = csvRows(body, delimiterOf(body))
  const [headerRow, ...dataRows] = rows
  if (!headerRow) {
    throw new Problem(400, 'The CSV has no header row.', { type: 'malformed-csv', title: 'Malformed CSV' })
  }
  const header = headerRow.cells.map((cell) => cell.trim())
  for (const { cells, line } of dataRows) {
    if (cells.length !== header.length) {
      errors.push({ path: `line.${line}`, row: line, message: `has ${cells.length} fields; the header has ${header.length}`, code: 'FieldCount' })
    }
  }
  if (errors.length > 0) {
    throw new Problem(400, 'The CSV could not be read; nothing was written.', {
      type: 'malformed-csv',
      title: 'Malformed CSV',
      errors,
    })
  }
  const records = dataRows.map(({ cells }) => {
    const record: CsvRecord = {}
    header.forEach((key, i) => {
      const cell = cells[i]?.trim() ?? ''
      if (cell !== '') record[key] = cell
    })
    return record
  })
  return { header, records, lines: dataRows.map((r) => r.line) }
}

/**
 * One CSV cell: quoted when needed, and text that a sheet would evaluate prefixed with `'`.
 * Only strings: a number the report writes as a number (a negative gap) stays a number.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
