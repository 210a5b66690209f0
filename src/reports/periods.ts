// Relative periods (本周, 上周, 本月, 上月, 年初至今): a bookmarked page or a link made with one reads
// the period current on the day it is opened, so it never goes stale. Pure: the day is given.
import { addDays, isoWeek } from '../lib/time'

export const RELATIVE_PERIODS = ['this-week', 'last-week', 'this-month', 'last-month', 'ytd'] as const
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number]

export interface Period {
  year: number
  month?: number
  week?: number
}

const weekOf = (day: string): Period => {
  const [weekYear, week] = isoWeek(day).split('-W').map(Number) as [number, number]
  return { year: weekYear, week }
}

/** The period a relative name means on `today` (YYYY-MM-DD in the company's time zone). */
export function resolvePeriod(period: RelativePeriod, today: string): Period {
  const [year, month] = today.split('-').map(Number) as [number, number]
  switch (period) {
    case 'this-week':
      return weekOf(today)
    case 'last-week':
      return weekOf(addDays(today, -7))
    case 'this-month':
      return { year, month }
    case 'last-month':
      return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 }
    case 'ytd':
      return { year }
  }
}
