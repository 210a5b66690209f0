// The one rule for every date and instant the API accepts (webhooks, Shopify, shipments, expenses,
// invoices, payments, snapshots, master data, Sheets cells, query parameters). JavaScript's Date
// "fixes" impossible values instead of refusing them (2026-02-30 becomes 2 March, 99:99 a day
// later, year 0 a key `1-01-01`), so nothing here goes through Date.parse: each field is read from
// the text and checked against the Gregorian calendar. Pure: no clock, no time zone.

export const YEARS = { min: 2000, max: 2100 } as const
/** UTC offsets in use on Earth run from −12:00 (Baker Island) to +14:00 (Kiribati). */
export const OFFSET_MINUTES = { min: -12 * 60, max: 14 * 60 } as const

export const CALENDAR_MESSAGES = {
  dateShape: 'must be a date YYYY-MM-DD',
  instantShape: 'must be an ISO 8601 timestamp with an offset, e.g. 2027-03-31T17:30:00+08:00',
  dateOrInstantShape: 'must be a date YYYY-MM-DD or an ISO 8601 timestamp with an offset',
  notCalendar: 'is not a calendar date',
  year: `must be in the years ${YEARS.min}–${YEARS.max}`,
  offset: 'must have a UTC offset between -12:00 and +14:00',
} as const

export type Verdict<T> = { ok: true; value: T } | { ok: false; message: string }

export interface CalendarDate {
  year: number
  month: number
  day: number
}

export interface Instant extends CalendarDate {
  hour: number
  minute: number
  second: number
  /** Signed minutes east of UTC as written (`-00:00` is 0). */
  offsetMinutes: number
  /** Milliseconds since the epoch; a fraction beyond milliseconds is truncated. */
  epochMs: number
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// Seconds and a fraction are optional, a fraction only after seconds; `Z` or `±HH:MM`, no bare local time.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/

export const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

export function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

const fail = (message: string): Verdict<never> => ({ ok: false, message })

/** The day part, shared by dates and instants: a real day first, then the year range. */
function calendarDay(year: number, month: number, day: number): Verdict<CalendarDate> {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonthOf(year, month)) return fail(CALENDAR_MESSAGES.notCalendar)
  if (year < YEARS.min || year > YEARS.max) return fail(CALENDAR_MESSAGES.year)
  return { ok: true, value: { year, month, day } }
}

/** A date `YYYY-MM-DD` that exists, in the years 2000–2100. */
export function parseCalendarDate(text: string): Verdict<CalendarDate> {
  const match = DATE.exec(text)
  if (!match) return fail(CALENDAR_MESSAGES.dateShape)
  return calendarDay(Number(match[1]), Number(match[2]), Number(match[3]))
}

/**
 * An instant `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`: its written date follows the date rule,
 * hours 00–23, minutes and seconds 00–59, offset −12:00…+14:00 with minutes 00–59.
 *
 * A leap second (`:60`) is refused: POS clocks and Unix time never show one (they smear it), Date
 * and SQLite cannot hold it, and taking it as the next second would be a rollover by another name.
 * `-00:00` is accepted as UTC: RFC 3339 §4.3 uses it for "UTC known, local offset unknown", and
 * only the instant matters here (the day is taken in the company time zone).
 * `24:00` (ISO 8601's end of day) is refused: it names the next day's 00:00, which should be sent as such.
 */
export function parseInstant(text: string): Verdict<Instant> {
  const match = INSTANT.exec(text)
  if (!match) return fail(CALENDAR_MESSAGES.instantShape)
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match
  const date = calendarDay(Number(y), Number(mo), Number(d))
  if (!date.ok) return date
  const hour = Number(h)
  const minute = Number(mi)
  const second = s === undefined ? 0 : Number(s)
  if (hour > 23 || minute > 59 || second > 59) return fail(CALENDAR_MESSAGES.notCalendar)
  let offsetMinutes = 0
  if (!zulu) {
    const offsetHours = Number(oh)
    const offsetMins = Number(om)
    if (offsetMins > 59) return fail(CALENDAR_MESSAGES.offset)
    const magnitude = offsetHours * 60 + offsetMins
    offsetMinutes = sign === '-' && magnitude > 0 ? -magnitude : magnitude // -00:00 is 0, not -0
    if (offsetMinutes < OFFSET_MINUTES.min || offsetMinutes > OFFSET_MINUTES.max) return fail(CALENDAR_MESSAGES.offset)
  }
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3))
  const { year, month, day } = date.value
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000
  return { ok: true, value: { year, month, day, hour, minute, second, offsetMinutes, epochMs } }
}

/** The message for a date, or `null` when it follows the rule. */
export const dateProblem = (text: string): string | null => {
  const verdict = parseCalendarDate(text)
  return verdict.ok ? null : verdict.message
}

/** The message for an instant, or `null` when it follows the rule. */
export const instantProblem = (text: string): string | null => {
  const verdict = parseInstant(text)
  return verdict.ok ? null : verdict.message
}

/** A date or an instant (shipments may give either); the shape decides which rule applies. */
export const dateOrInstantProblem = (text: string): string | null => {
  if (DATE.test(text)) return dateProblem(text)
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return instantProblem(text)
  return CALENDAR_MESSAGES.dateOrInstantShape
}

/** `YYYY-MM-DD` of a calendar date, zero-padded (never `1-01-01`). */
export const formatCalendarDate = ({ year, month, day }: CalendarDate): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
