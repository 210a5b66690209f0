// Cells as a sheet hands them over: numbers, numeric strings with thousands separators and
// currency marks, in half or full width (`１２，３４５`, `１２．５`, `￥`, see lib/numbers),
// date serials, blanks and stray spaces. Each parser returns a value or the message to put in the
// cell's note; a value that would need rounding is an error.
import { formatCalendarDate, parseCalendarDate } from '../lib/calendar'
import { normalizeCode } from '../lib/codes'
import { toMinorUnits } from '../lib/money'
import { foldNumberText, wholeNumberOf } from '../lib/numbers'

export type Cell = string | number | boolean | null | undefined

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = (message: string): Parsed<never> => ({ ok: false, message })

export function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')
}

/**
 * Thousands separators out of a number's whole part when they group it as thousands (`12,345.5`);
 * a separator anywhere else (`1,2,3`, `1,20`, `1234,567`, `,123`, `1.234,5`) is left in for the
 * parser to refuse, since the writer may have meant a decimal comma.
 */
const GROUPED_THOUSANDS = /^-?\d{1,3}(,\d{3})+(?![\d,])/

function withoutThousandsSeparators(text: string): string {
  const grouped = GROUPED_THOUSANDS.exec(text)
  if (!grouped || text.slice(grouped[0].length).includes(',')) return text
  return grouped[0].replaceAll(',', '') + text.slice(grouped[0].length)
}

/** Half-width text without spaces (of any width), currency marks and thousands separators. */
function numericText(text: string): string {
  return withoutThousandsSeparators(foldNumberText(text).replace(/\s/g, '').replace(/^[¥$]|^CNY|^RMB|元$/gi, ''))
}

/** Money in major units → minor units. A blank is 0 (a blank month means no target). */
export function parseMoney(cell: Cell, options: { blank?: number | null } = { blank: 0 }): Parsed<number | null> {
  if (isBlank(cell)) return options.blank === undefined ? ok(0) : ok(options.blank)
  if (typeof cell !== 'number' && typeof cell !== 'string') return fail('is not an amount')
  const text = typeof cell === 'number' ? String(cell) : numericText(cell)
  if (/e/i.test(text)) return fail('is not an amount')
  const minor = toMinorUnits(text)
  if (minor === null) return fail(/^-?\d+\.\d{3,}$/.test(text) ? 'has more than 2 decimals' : 'is not an amount')
  if (minor < 0) return fail('must not be negative')
  return ok(minor)
}

/** A whole number of units (stock limits). */
export function parseCount(cell: Cell): Parsed<number> {
  if (isBlank(cell)) return fail('is required')
  const text = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? numericText(cell) : ''
  if (!/^\d+$/.test(text)) return fail('must be a whole number, 0 or more')
  const count = wholeNumberOf(text)
  return count === null ? fail('is too large to be kept exactly') : ok(count)
}

/** Google Sheets serial day 0 is 1899-12-30. */
const SHEETS_EPOCH_UTC = Date.UTC(1899, 11, 30)

/** The same verdict as the API's dateSchema (calendar and years 2000–2100), as a cell result. */
function calendarCell(day: string): Parsed<string> {
  const verdict = parseCalendarDate(day)
  return verdict.ok ? ok(day) : fail(verdict.message)
}

/** A date: `YYYY-MM-DD`, `YYYY/M/D` or a Sheets date serial (45748 → 2025-04-01). */
export function parseDate(cell: Cell): Parsed<string> {
  if (isBlank(cell)) return fail('is required')
  if (typeof cell === 'number') {
    // A serial with a time of day (a fraction) is not a date; the bound keeps Date in range.
    if (!Number.isInteger(cell) || cell < 1 || cell > 2958465) return fail('is not a date')
    const date = new Date(SHEETS_EPOCH_UTC + cell * 86_400_000)
    // Every whole serial is a real day; what it can miss is the year range (serial 1 is 1899-12-31).
    return calendarCell(formatCalendarDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }))
  }
  if (typeof cell !== 'string') return fail('is not a date')
  const text = cell.trim()
  if (/^\d{5}$/.test(text)) return parseDate(Number(text))
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text)
  if (!match) return fail('is not a date (YYYY-MM-DD)')
  return calendarCell(`${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`)
}

/** Text: trimmed; blank is an error when required. */
export function parseText(cell: Cell, required = true, maxLength = 500): Parsed<string> {
  if (isBlank(cell)) return required ? fail('is required') : ok('')
  const text = String(cell).trim()
  return text.length > maxLength ? fail(`must be at most ${maxLength} characters`) : ok(text)
}

/**
 * A code cell (region, store, location, SKU): trimmed like any text cell, then the API's code rule,
 * so a sheet cannot store a look-alike the JSON and CSV routes refuse or normalise. A number cell
 * (a SKU like 1001) is its digits.
 */
export function parseCode(cell: Cell): Parsed<string> {
  if (isBlank(cell)) return fail('is required')
  return normalizeCode(String(cell).trim())
}
