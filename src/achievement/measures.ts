// Achievement (达成率) over plain numbers: targets for any span of days pro-rated from monthly
// targets, rate (actual ÷ target of the same scope and period) and YoY as ratios (null when the
// denominator is 0), the gap, and the period-end forecast from the run rate or last year's curve.
import { addDays, daysBetween, daysInMonth, isoWeekDays, monthEnd, monthStart } from '../lib/time'

export interface Period {
  /** First and last day of the period. */
  from: string
  to: string
  /** Last day with actuals that counts: the period end, or `asOf` while the period runs. */
  through: string
}

export type PeriodRequest = { year: number; month?: number; week?: number }

/** The month, the ISO week, or the year (to date while it runs) — as of a day. */
export function periodOf(request: PeriodRequest, asOf: string): Period {
  let from: string
  let to: string
  if (request.month !== undefined) [from, to] = [monthStart(request.year, request.month), monthEnd(request.year, request.month)]
  else if (request.week !== undefined) [from, to] = isoWeekDays(request.year, request.week)
  else [from, to] = [`${request.year}-01-01`, `${request.year}-12-31`]
  const through = asOf < to ? asOf : to
  return { from, to, through }
}

/** The same period one year earlier (the same ISO week number for weeks; 29 Feb → 28 Feb). */
export function lastYearOf(request: PeriodRequest, period: Period): Period {
  const shift = (day: string) => {
    const shifted = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`
    return shifted.endsWith('-02-29') ? shifted.replace('-02-29', '-02-28') : shifted
  }
  if (request.week !== undefined) {
    const [from, to] = isoWeekDays(request.year - 1, request.week)
    const elapsed = period.through < period.from ? -1 : daysBetween(period.from, period.through) - 1
    return { from, to, through: addDays(from, elapsed) }
  }
  return { from: shift(period.from), to: shift(period.to), through: period.through < period.from ? addDays(shift(period.from), -1) : shift(period.through) }
}

/**
 * The target of the days `from`..`to`: each month's target × (its days in the span ÷ its days),
 * summed. A week inside one month gets 7/31 of it; a week across two months a part of each.
 * Exact in rationals, rounded once to the minor unit.
 */
export function spanTarget(from: string, to: string, monthTarget: (year: number, month: number) => number): number {
  if (to < from) return 0
  let total = 0
  let cursor = from
  while (cursor <= to) {
    const year = Number(cursor.slice(0, 4))
    const month = Number(cursor.slice(5, 7))
    const end = monthEnd(year, month) < to ? monthEnd(year, month) : to
    total += (monthTarget(year, month) * daysBetween(cursor, end)) / daysInMonth(year, month)
    cursor = addDays(end, 1)
  }
  return Math.round(total)
}

export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000

export const yoy = (actual: number, lastYearActual: number): number | null =>
  lastYearActual === 0 ? null : Math.round((actual / lastYearActual - 1) * 10_000) / 10_000

/**
 * The period-end forecast. A finished period forecasts its actual; one not begun, nothing. While
 * it runs: actual × (last year's whole period ÷ last year's same elapsed days) when last year has
 * sales in those days, else the run rate actual ÷ elapsed days × days in the period.
 */
export function forecast(period: Period, actual: number, lastYear: { elapsed: number; total: number }): number | null {
  if (period.through < period.from) return null
  if (period.through >= period.to) return actual
  if (lastYear.elapsed > 0) return Math.round((actual * lastYear.total) / lastYear.elapsed)
  return Math.round((actual * daysBetween(period.from, period.to)) / daysBetween(period.from, period.through))
}
