// Time progress (时间进度) and achievement to date: the one definition every view reads — the
// achievement API, the consolidated, stores and weekly reports, the dashboard and the sheets.
//
// A period (a month, an ISO week, the year) is cut into its month parts. Each part's target is its
// month's target × its days ÷ the month's days (as `spanTarget`). Within a part, time passes by
// day weights: 1 for each day the unit trades (a store before its opening or after its closing
// weighs 0), or — when the company sold on those days last year — last year's company sales on
// the same calendar day, so a month whose sales come at its end is not read as behind on the 10th
// (when last year sold on at least CURVE_MIN_DAY_SHARE of the part's days; a day it did not sell
// on, 29 February included, weighs as its average day).
//   time progress of a part   = weight of its days through `through` ÷ weight of all its days
//   target to date             = Σ part target × part progress (rounded once, to the fen)
//   time progress of a period = Σ part trading days × part progress ÷ Σ part trading days
//   rate to date               = actual ÷ target to date
//   pace                       = ahead / on track / behind by the rate to date (PACE_BAND)
// A part that has ended counts whole, so the year to date is the months that have passed plus the
// running month's share; a period not begun has no progress, no target to date and no rate.
import type { StoreDates } from '../masterdata/trading-days'
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
  /** The days the unit trades (a store's opening and closing, both included); every day when absent. */
  trading?: StoreDates
}

export interface ToDate {
  timeProgress: number
  basis: ProgressBasis
  /** Minor units. */
  targetToDate: number
}

const lastYearDay = (day: string) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`
const later = (a: string, b: string | null | undefined) => (b && b > a ? b : a)
const earlier = (a: string, b: string | null | undefined) => (b && b < a ? b : a)

/**
 * How far through a running month part `through` is, by last year's curve over its trading days
 * `first`..`last`; null when last year sold on too few of them to be a curve.
 */
function curveProgress(first: string, last: string, through: string, tradingDays: number, lastYear: ReadonlyMap<string, number>): number | null {
  // A part lies within one month: its days are that month's day numbers (no date arithmetic per day).
  const lastYearMonth = lastYearDay(first).slice(0, 8)
  const throughDay = through.slice(0, 8) === first.slice(0, 8) ? Number(through.slice(8)) : 0
  const weights: number[] = []
  for (let d = Number(first.slice(8)); d <= Number(last.slice(8)); d++) weights.push(lastYear.get(lastYearMonth + String(d).padStart(2, '0')) ?? 0)
  const sold = weights.filter((w) => w > 0)
  // A day that sold nothing last year (closed, refunds outweighing sales, or 29 February, which
  // last year had not) weighs as last year's average day of the part, so time never stands still.
  const average = sold.reduce((n, w) => n + w, 0) / (sold.length || 1)
  let total = 0
  let passed = 0
  weights.forEach((w, i) => {
    const weight = w > 0 ? w : average
    total += weight
    if (Number(first.slice(8)) + i <= throughDay) passed += weight
  })
  const soldDays = sold.length
  // A curve of a few days (a store's first year, a test) would stop time between them: days instead.
  return soldDays >= CURVE_MIN_DAY_SHARE * tradingDays && total > 0 ? passed / total : null
}

interface MonthPart {
  from: string
  to: string
  year: number
  month: number
  days: number
  monthDays: number
}

/** The month parts of a period, the same for every unit read over it (kept for the next ones). */
const partsCache = new Map<string, MonthPart[]>()
function monthParts(from: string, to: string): MonthPart[] {
  const key = `${from}/${to}`
  let parts = partsCache.get(key)
  if (!parts) {
    parts = []
    for (let cursor = from; cursor <= to; ) {
      const year = Number(cursor.slice(0, 4))
      const month = Number(cursor.slice(5, 7))
      const end = monthEnd(year, month) < to ? monthEnd(year, month) : to
      const days = daysBetween(cursor, end)
      parts.push({ from: cursor, to: end, year, month, days, monthDays: daysInMonth(year, month) })
      cursor = addDays(end, 1)
    }
    if (partsCache.size > 1000) partsCache.clear()
    partsCache.set(key, parts)
  }
  return parts
}

/** One month part of a period: how far through it `through` is, and its trading days. */
function partProgress(part: MonthPart, through: string, input: ProgressInput): { progress: number; basis: ProgressBasis; tradingDays: number } {
  const { from, to } = part
  const first = later(from, input.trading?.openedOn)
  const last = earlier(to, input.trading?.closedOn)
  const tradingDays = first === from && last === to ? part.days : first <= last ? daysBetween(first, last) : 0
  if (through >= to) return { progress: 1, basis: 'days', tradingDays }
  if (through < from) return { progress: 0, basis: 'days', tradingDays }
  // A part without a trading day passes with the calendar, so its (zero) weight cannot divide by 0.
  if (tradingDays === 0) return { progress: daysBetween(from, through) / part.days, basis: 'days', tradingDays }
  const byCurve = input.lastYearByDay && input.lastYearByDay.size > 0 ? curveProgress(first, last, through, tradingDays, input.lastYearByDay) : null
  if (byCurve !== null) return { progress: byCurve, basis: 'last_year', tradingDays }
  const passed = through < first ? 0 : daysBetween(first, earlier(through, last))
  return { progress: passed / tradingDays, basis: 'days', tradingDays }
}

/** Time progress and target to date of a period as of its `through` day. */
export function toDate(input: ProgressInput): ToDate {
  if (input.through < input.from) return { timeProgress: 0, basis: 'days', targetToDate: 0 }
  let target = 0
  let weighted = 0
  let tradingDays = 0
  let basis: ProgressBasis = 'days'
  const parts = monthParts(input.from, input.to)
  for (const part of parts) {
    const progress = partProgress(part, input.through, input)
    // As spanTarget reckons a part's target, so that a period's end gives its target to the fen.
    target += ((input.monthTarget(part.year, part.month) * part.days) / part.monthDays) * progress.progress
    weighted += progress.tradingDays * progress.progress
    tradingDays += progress.tradingDays
    if (progress.basis === 'last_year') basis = 'last_year'
  }
  const periodDays = parts.reduce((n, p) => n + p.days, 0)
  const timeProgress = tradingDays === 0 ? Math.min(1, daysBetween(input.from, input.through) / periodDays) : weighted / tradingDays
  return { timeProgress: Math.round(timeProgress * 10_000) / 10_000, basis, targetToDate: Math.round(target) }
}

/** Actual ÷ target to date; null while nothing was due (not begun, or no target). */
export const rateToDate = (actual: number, targetToDate: number): number | null => ratio(actual, targetToDate)

/** The share of a target due so far (where a bar is on pace); none without a target. */
export const dueShare = (targetToDate: number, target: number): number | null => (target > 0 ? targetToDate / target : null)

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
