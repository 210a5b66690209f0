// Achievement arithmetic on fixtures checked by hand.
import { describe, expect, it } from 'vitest'
import { forecast, lastYearOf, periodOf, ratio, spanTarget, yoy } from './measures'

describe('periods', () => {
  it('a month, a week and the year to date, as of a day', () => {
    expect(periodOf({ year: 2027, month: 3 }, '2027-03-10')).toEqual({ from: '2027-03-01', to: '2027-03-31', through: '2027-03-10' })
    expect(periodOf({ year: 2027, month: 2 }, '2027-03-10')).toEqual({ from: '2027-02-01', to: '2027-02-28', through: '2027-02-28' })
    expect(periodOf({ year: 2027, week: 9 }, '2027-12-01')).toEqual({ from: '2027-03-01', to: '2027-03-07', through: '2027-03-07' })
    expect(periodOf({ year: 2027 }, '2027-03-10')).toEqual({ from: '2027-01-01', to: '2027-12-31', through: '2027-03-10' })
    expect(periodOf({ year: 2028, month: 1 }, '2027-03-10').through).toBe('2027-03-10') // not begun: through < from
  })

  it('last year: same dates, same ISO week number, 29 February on the 28th', () => {
    const march = periodOf({ year: 2027, month: 3 }, '2027-03-10')
    expect(lastYearOf({ year: 2027, month: 3 }, march)).toEqual({ from: '2026-03-01', to: '2026-03-31', through: '2026-03-10' })
    const week = periodOf({ year: 2027, week: 9 }, '2027-03-03')
    expect(lastYearOf({ year: 2027, week: 9 }, week)).toEqual({ from: '2026-02-23', to: '2026-03-01', through: '2026-02-25' })
    const leap = periodOf({ year: 2028, month: 2 }, '2028-02-29')
    expect(lastYearOf({ year: 2028, month: 2 }, leap)).toEqual({ from: '2027-02-01', to: '2027-02-28', through: '2027-02-28' })
  })
})

describe('targets of a span of days', () => {
  const monthly = (year: number, month: number) => (year === 2027 ? [3100, 2800, 3100, 3000][month - 1] ?? 0 : 0)

  it('a whole month is its target; a week in one month is 7 of its days', () => {
    expect(spanTarget('2027-03-01', '2027-03-31', monthly)).toBe(3100)
    expect(spanTarget('2027-03-08', '2027-03-14', monthly)).toBe(700) // 3100 × 7/31
  })

  it('a week across two months takes its days of each', () => {
    // Mon 2027-03-29 … Sun 2027-04-04: 3 days of March (3100 × 3/31 = 300) + 4 of April (3000 × 4/30 = 400).
    expect(spanTarget('2027-03-29', '2027-04-04', monthly)).toBe(700)
  })
})

describe('rate, gap, YoY and forecast', () => {
  it('rates and YoY are ratios, null when there is nothing to divide by', () => {
    expect(ratio(900, 1000)).toBe(0.9)
    expect(ratio(5, 0)).toBeNull()
    expect(yoy(1200, 1000)).toBe(0.2)
    expect(yoy(1200, 0)).toBeNull()
  })

  it('forecasts the month end from the run rate, or last year’s curve when there is one', () => {
    const march = periodOf({ year: 2027, month: 3 }, '2027-03-10')
    expect(forecast(march, 1000, { elapsed: 0, total: 0 })).toBe(3100) // 1000 / 10 days × 31
    expect(forecast(march, 1000, { elapsed: 500, total: 2000 })).toBe(4000) // last year made 1/4 of March by the 10th
    expect(forecast(periodOf({ year: 2027, month: 2 }, '2027-03-10'), 777, { elapsed: 0, total: 0 })).toBe(777)
    expect(forecast(periodOf({ year: 2028, month: 1 }, '2027-03-10'), 0, { elapsed: 0, total: 0 })).toBeNull()
  })
})
