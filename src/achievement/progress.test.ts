// Time progress and achievement to date, fixed by hand.
import { describe, expect, it } from 'vitest'
import { byPace, paceOf, rateToDate, toDate } from './progress'

const targets = (table: Record<string, number>) => (year: number, month: number) => table[`${year}-${month}`] ?? 0

describe('time progress and target to date', () => {
  const december = targets({ '2026-12': 3_100_000 }) // ¥31,000: ¥1,000 a day

  it('on 3 December 3 of 31 days have passed, and 3 days of the target are due', () => {
    expect(toDate({ from: '2026-12-01', to: '2026-12-31', through: '2026-12-03', monthTarget: december })).toEqual({ timeProgress: 0.0968, basis: 'days', targetToDate: 300_000 })
  })

  it('the first day of a month is one day, the last day the whole month', () => {
    expect(toDate({ from: '2026-12-01', to: '2026-12-31', through: '2026-12-01', monthTarget: december })).toEqual({ timeProgress: 0.0323, basis: 'days', targetToDate: 100_000 })
    expect(toDate({ from: '2026-12-01', to: '2026-12-31', through: '2026-12-31', monthTarget: december })).toEqual({ timeProgress: 1, basis: 'days', targetToDate: 3_100_000 })
  })

  it('a period not begun has no progress and nothing due', () => {
    expect(toDate({ from: '2027-01-01', to: '2027-01-31', through: '2026-12-03', monthTarget: december })).toEqual({ timeProgress: 0, basis: 'days', targetToDate: 0 })
  })

  it('a store that opened on 16 November counts its 15 trading days: on the 20th, 5 of them', () => {
    const result = toDate({ from: '2026-11-01', to: '2026-11-30', through: '2026-11-20', monthTarget: targets({ '2026-11': 3_000_000 }), trading: { openedOn: '2026-11-16', closedOn: null } })
    expect(result).toEqual({ timeProgress: 0.3333, basis: 'days', targetToDate: 1_000_000 })
  })

  it('a week across two months takes each month part: March whole, a quarter of April', () => {
    // ISO week 13 of 2027: Mon 29 March … Sun 4 April. March ¥1,000 a day, April ¥2,000 a day.
    const monthTarget = targets({ '2027-3': 3_100_000, '2027-4': 6_000_000 })
    expect(toDate({ from: '2027-03-29', to: '2027-04-04', through: '2027-04-01', monthTarget })).toEqual({ timeProgress: 0.5714, basis: 'days', targetToDate: 500_000 })
  })

  it('the year to date is the months passed plus the running month’s share', () => {
    const monthTarget = targets({ '2027-1': 1_000_000, '2027-2': 2_000_000, '2027-3': 3_100_000 })
    const result = toDate({ from: '2027-01-01', to: '2027-12-31', through: '2027-03-10', monthTarget })
    expect(result.targetToDate).toBe(1_000_000 + 2_000_000 + 1_000_000)
    expect(result.timeProgress).toBe(0.189) // 69 of 365 days
  })

  it('weighted by last year’s daily curve: a February selling three times as much in its second half', () => {
    const lastYearByDay = new Map(Array.from({ length: 28 }, (_, i) => [`2026-02-${String(i + 1).padStart(2, '0')}`, i < 14 ? 100 : 300]))
    const result = toDate({ from: '2027-02-01', to: '2027-02-28', through: '2027-02-14', monthTarget: targets({ '2027-2': 2_800_000 }), lastYearByDay })
    expect(result).toEqual({ timeProgress: 0.25, basis: 'last_year', targetToDate: 700_000 })
  })

  it('29 February, which last year had not, weighs as last year’s average day: on the 28th, 28 of 29 days', () => {
    const lastYearByDay = new Map(Array.from({ length: 28 }, (_, i) => [`2019-02-${String(i + 1).padStart(2, '0')}`, 100]))
    expect(toDate({ from: '2020-02-01', to: '2020-02-29', through: '2020-02-28', monthTarget: targets({ '2020-2': 2_900_000 }), lastYearByDay })).toEqual({
      timeProgress: 0.9655,
      basis: 'last_year',
      targetToDate: 2_800_000,
    })
  })

  it('days last year did not sell on do not stop time at the month’s end', () => {
    // Last April sold 100 a day on its first 25 days and nothing on the last 5: on the 27th, 27 of 30 average days.
    const lastYearByDay = new Map(Array.from({ length: 25 }, (_, i) => [`2026-04-${String(i + 1).padStart(2, '0')}`, 100]))
    expect(toDate({ from: '2027-04-01', to: '2027-04-30', through: '2027-04-27', monthTarget: targets({ '2027-4': 3_000_000 }), lastYearByDay })).toMatchObject({ timeProgress: 0.9, basis: 'last_year', targetToDate: 2_700_000 })
  })

  it('a curve of a few days last year is no curve: days are counted', () => {
    const lastYearByDay = new Map([['2026-02-03', 750], ['2026-02-20', 2250]])
    expect(toDate({ from: '2027-02-01', to: '2027-02-28', through: '2027-02-14', monthTarget: targets({ '2027-2': 2_800_000 }), lastYearByDay })).toEqual({
      timeProgress: 0.5,
      basis: 'days',
      targetToDate: 1_400_000,
    })
  })

  it('a finished period is whole whatever its curve, and says days', () => {
    const lastYearByDay = new Map(Array.from({ length: 28 }, (_, i) => [`2026-02-${String(i + 1).padStart(2, '0')}`, 100]))
    expect(toDate({ from: '2027-02-01', to: '2027-02-28', through: '2027-02-28', monthTarget: targets({ '2027-2': 2_800_000 }), lastYearByDay })).toEqual({
      timeProgress: 1,
      basis: 'days',
      targetToDate: 2_800_000,
    })
  })
})

describe('rate to date and pace', () => {
  it('12% of the month on the 3rd is ahead, 6% behind', () => {
    const due = 300_000 // 3 of 31 days of ¥31,000
    expect(paceOf(rateToDate(372_000, due))).toBe('ahead') // 12% of the month: 124% of what is due
    expect(paceOf(rateToDate(186_000, due))).toBe('behind') // 6%: 62%
    expect(paceOf(rateToDate(300_000, due))).toBe('on_track')
  })

  it('the band: 105% is ahead, 95% on track, just under 95% behind; nothing due, no pace', () => {
    expect(paceOf(1.05)).toBe('ahead')
    expect(paceOf(1.0499)).toBe('on_track')
    expect(paceOf(0.95)).toBe('on_track')
    expect(paceOf(0.9499)).toBe('behind')
    expect(rateToDate(1000, 0)).toBeNull()
    expect(paceOf(null)).toBeNull()
  })

  it('ranks by rate to date, units with nothing due last', () => {
    const rows = [
      { code: 'A', actual: 10, rateToDate: 0.9 },
      { code: 'B', actual: 5, rateToDate: null },
      { code: 'C', actual: 1, rateToDate: 1.2 },
    ]
    expect(rows.sort(byPace).map((r) => r.code)).toEqual(['C', 'A', 'B'])
  })
})
