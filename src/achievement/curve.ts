// Last year's company sales by day over the running month part of a period: the curve time
// progress is weighed by (./progress.ts). It is the whole company's, whatever the reader's scope,
// so a manager and HQ read the same time progress for the same day.
import { monthEnd, monthStart } from '../lib/time'
import type { Period } from './measures'

const lastYearDay = (day: string) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`

/** The days of the period's month part that `through` falls in; null when no part is running. */
export function runningPart(period: Period): { from: string; to: string } | null {
  if (period.through < period.from || period.through >= period.to) return null
  const year = Number(period.through.slice(0, 4))
  const month = Number(period.through.slice(5, 7))
  const from = monthStart(year, month) > period.from ? monthStart(year, month) : period.from
  const to = monthEnd(year, month) < period.to ? monthEnd(year, month) : period.to
  return { from, to }
}

export async function lastYearCurve(d1: D1Database, period: Period): Promise<Map<string, number>> {
  const part = runningPart(period)
  if (!part) return new Map()
  // Compared as text, so 29 February of a leap year reads as the bound it is (it has no day last year).
  const [from, to] = [lastYearDay(part.from), lastYearDay(part.to)]
  const { results } = await d1.prepare('SELECT day, sum(amount) AS amount FROM sales_daily WHERE day BETWEEN ? AND ? GROUP BY day').bind(from, to).all<{ day: string; amount: number }>()
  return new Map(results.map((r) => [r.day, r.amount]))
}
