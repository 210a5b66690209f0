// Time progress (时间进度) and achievement to date: the one definition every view reads — the
// achievement API, the consolidated, stores and weekly reports, the dashboard and the sheets.
//
// A period (a month, an ISO week, the year) is cut into its month parts. Each part's target is its
// month's target × its days ÷ the month's days (as `spanTarget`). Within a part, time passes by
// day weights: 1 for each day the unit trades (a store before its opening or after its closing
// weighs 0), or — when the company sold on those days last year — last year's company sales on
// the same calendar day, so a month whose sales come at its end is not read as behind on the 10th
// (when last year sold on at least CURVE_MIN_DAY_SHARE of the part's days).
//   time progress of a part   = weight of its days through `through` ÷ weight of all its days
//   target to date             = Σ part target × part progress (rounded once, to the fen)
//   time progress of a period = Σ part trading days × part progress ÷ Σ part trading days
//   rate to date               = actual ÷ target to date
//   pace                       = ahead / on track / behind by the rate to date (PACE_BAND)
// A part that has ended counts whole, so the year to date is the months that have passed plus the
// running month's share; a period not begun has no progress, no target to date and no rate.
import { addDays, daysBetween, daysInMonth, monthEnd } from '../lib/time'
import { ratio } from './measures'

/** Ahead from 105% of the target to date, behind under 95%: one place for every view's colours. */
export const PACE_BAND = { aheadFrom: 1.05, behindBelow: 0.95 } as const

export type Pace = 'ahead' | 'on_track' | 'behind'

/** Last year's curve weighs a month part only when it sold on at least this share of its trading days. */
export const CURVE_MIN_DAY_SHARE = 0.8

/** Whether days were weighed equally or by last year's company sales on the same days. */
export type ProgressBasis = 'days' | 'last_year'

export interface ProgressInput {
  from: string
  to: string
  /** The last day that counts (the period's `through`; before `from` while it has not begun). */
  through: string
  /** The month's target of a year and month, in minor units. */
  monthTarget: (year: number, month: number) => number
  /** Last year's company sales by day of last year (`YYYY-MM-DD`), where known. */
  lastYearByDay?: ReadonlyMap<string, number>
  /** Whether the unit trades on a day; every day when absent. */
  tradesOn?: (day: string) => boolean
}

export interface ToDate {
  timeProgress: number
  basis: ProgressBasis
  /** Minor units. */
  targetToDate: number
}

const lastYearDay = (day: string) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`

function days(from: string, to: string): string[] {
  const out: string[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day)
  return out
}

/** One month part of a period: its share of the month's target and how far through it `through` is. */
function partProgress(from: string, to: string, through: string, input: ProgressInput) {
  const partDays = days(from, to)
  const trading = partDays.filter((d) => input.tradesOn?.(d) ?? true)
  // A day whose refunds outweighed its sales last year weighs nothing rather than turning time back.
  const curve = (d: string) => Math.max(0, input.lastYearByDay?.get(lastYearDay(d)) ?? 0)
  // A curve of a few days (a store's first year, a test) would stop time between them: days instead.
  const soldDays = trading.filter((d) => curve(d) > 0).length
  const basis: ProgressBasis = trading.length > 0 && soldDays >= CURVE_MIN_DAY_SHARE * trading.length ? 'last_year' : 'days'
  const weight = (d: string) => (basis === 'last_year' ? curve(d) : 1)
  const total = trading.reduce((n, d) => n + weight(d), 0)
  const passed = trading.filter((d) => d <= through).reduce((n, d) => n + weight(d), 0)
  // A part without a trading day passes with the calendar, so its (zero) weight cannot divide by 0.
  const progress = through >= to ? 1 : through < from ? 0 : total === 0 ? daysBetween(from, through) / partDays.length : passed / total
  return { progress, basis, tradingDays: trading.length }
}

/** Time progress and target to date of a period as of its `through` day. */
export function toDate(input: ProgressInput): ToDate {
  if (input.through < input.from) return { timeProgress: 0, basis: 'days', targetToDate: 0 }
  let target = 0
  let weighted = 0
  let tradingDays = 0
  let basis: ProgressBasis = 'days'
  for (let cursor = input.from; cursor <= input.to; ) {
    const year = Number(cursor.slice(0, 4))
    const month = Number(cursor.slice(5, 7))
    const end = monthEnd(year, month) < input.to ? monthEnd(year, month) : input.to
    const part = partProgress(cursor, end, input.through, input)
    target += ((input.monthTarget(year, month) * daysBetween(cursor, end)) / daysInMonth(year, month)) * part.progress
    weighted += part.tradingDays * part.progress
    tradingDays += part.tradingDays
    if (part.basis === 'last_year' && part.progress > 0 && part.progress < 1) basis = 'last_year'
    cursor = addDays(end, 1)
  }
  const timeProgress = tradingDays === 0 ? Math.min(1, daysBetween(input.from, input.through) / daysBetween(input.from, input.to)) : weighted / tradingDays
  return { timeProgress: Math.round(timeProgress * 10_000) / 10_000, basis, targetToDate: Math.round(target) }
}

/** Actual ÷ target to date; null while nothing was due (not begun, or no target). */
export const rateToDate = (actual: number, targetToDate: number): number | null => ratio(actual, targetToDate)

export function paceOf(rate: number | null): Pace | null {
  if (rate === null) return null
  if (rate >= PACE_BAND.aheadFrom) return 'ahead'
  if (rate < PACE_BAND.behindBelow) return 'behind'
  return 'on_track'
}

/** Order by pace: best rate to date first, units without one last, then by actual and code. */
export function byPace(a: { rateToDate: number | null; actual: number; code: string }, b: { rateToDate: number | null; actual: number; code: string }): number {
  if (a.rateToDate !== b.rateToDate) {
    if (a.rateToDate === null) return 1
    if (b.rateToDate === null) return -1
    return b.rateToDate - a.rateToDate
  }
  return b.actual - a.actual || a.code.localeCompare(b.code)
}
