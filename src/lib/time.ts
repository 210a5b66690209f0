// Calendar arithmetic in the company time zone. Instants from POS systems carry their own offset;
// days, ISO weeks and months are always taken where the company is (default Asia/Shanghai).

// Whether a date or instant exists at all is decided in ./calendar.ts before any of these see it:
// Date would move an impossible one (30 February to 2 March) instead of refusing it.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDay(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatterFor(timeZone).format(instant)
}

const toUtc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const DAY_MS = 86_400_000

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS)
}

/** Days from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function monthStart(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`
}

export function monthEnd(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${daysInMonth(year, month)}`
}

/** ISO week of a day: `2027-W09`; the week-year may differ from the calendar year at the edges. */
export function isoWeek(day: string): string {
  const date = new Date(toUtc(day))
  const weekday = date.getUTCDay() || 7 // Monday 1 … Sunday 7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS)
  const weekYear = thursday.getUTCFullYear()
  const week = Math.ceil(((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS + 1) / 7)
  return `${weekYear}-W${String(week).padStart(2, '0')}`
}

/** Monday and Sunday of an ISO week. */
export function isoWeekDays(weekYear: number, week: number): [string, string] {
  const jan4 = Date.UTC(weekYear, 0, 4)
  const jan4Weekday = new Date(jan4).getUTCDay() || 7
  const monday = jan4 - (jan4Weekday - 1) * DAY_MS + (week - 1) * 7 * DAY_MS
  return [fromUtc(monday), fromUtc(monday + 6 * DAY_MS)]
}

/** Number of ISO weeks in a week-year (52 or 53). */
export function isoWeeksInYear(weekYear: number): number {
  return isoWeek(`${weekYear}-12-28`).endsWith('53') ? 53 : 52
}
