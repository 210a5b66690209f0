// CSV in (RFC 4180 with the habits of real exports: a UTF-8 BOM, CRLF, quoted commas and quotes)
// and out (for reports pulled by =IMPORTDATA, with formula-looking text neutralised).
import Papa from 'papaparse'
import { neutraliseFormula } from './formula-guard'
import { Problem, type FieldError } from './problem'

export type CsvRecord = Record<string, string>

/**
 * Parses CSV with a header row into one record per data row. Blank cells are left out of the
 * record, so an optional field may simply be left empty. Malformed CSV is a 400 naming each line.
 */
export function parseCsvRecords(text: string): { header: string[]; records: CsvRecord[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const result = Papa.parse<string[]>(body, { header: false, delimiter: ',', skipEmptyLines: 'greedy' })
  const errors: FieldError[] = result.errors.map((error) => ({
    path: `line.${(error.row ?? 0) + 1}`,
    row: (error.row ?? 0) + 1,
    message: error.message,
    code: error.code,
  }))
  const [headerRow, ...dataRows] = result.data
  if (!headerRow || headerRow.every((cell) => cell.trim() === '')) {
    throw new Problem(400, 'The CSV has no header row.', { type: 'malformed-csv', title: 'Malformed CSV' })
  }
  const header = headerRow.map((cell) => cell.trim())
  dataRows.forEach((cells, index) => {
    if (cells.length !== header.length) {
      const line = index + 2
      errors.push({
        path: `line.${line}`,
        row: line,
        message: `has ${cells.length} fields; the header has ${header.length}`,
        code: 'FieldCount',
      })
    }
  })
  if (errors.length > 0) {
    throw new Problem(400, 'The CSV could not be read; nothing was written.', {
      type: 'malformed-csv',
      title: 'Malformed CSV',
      errors,
    })
  }
  const records = dataRows.map((cells) => {
    const record: CsvRecord = {}
    header.forEach((key, i) => {
      const cell = cells[i]?.trim() ?? ''
      if (cell !== '') record[key] = cell
    })
    return record
  })
  return { header, records }
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
