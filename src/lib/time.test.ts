import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isoWeek, isoWeekDays, isoWeeksInYear, localDay } from './time'

describe('company time zone', () => {
  it('puts 17:30 UTC on 31 March into 1 April in Shanghai', () => {
    expect(localDay(new Date('2027-03-31T17:30:00Z'), 'Asia/Shanghai')).toBe('2027-04-01')
    expect(localDay(new Date('2027-03-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2027-03-31')
    expect(localDay(new Date('2027-04-01T00:30:00+09:00'), 'Asia/Shanghai')).toBe('2027-03-31') // 23:30 in Shanghai
    expect(localDay(new Date('2027-01-01T02:00:00Z'), 'America/New_York')).toBe('2026-12-31')
  })
})

describe('ISO weeks', () => {
  it('numbers weeks across year edges', () => {
    expect(isoWeek('2027-01-01')).toBe('2026-W53') // a Friday in the last week of 2026
    expect(isoWeek('2027-01-04')).toBe('2027-W01')
    expect(isoWeek('2024-12-30')).toBe('2025-W01')
    expect(isoWeek('2027-03-03')).toBe('2027-W09')
  })

  it('finds the days of a week and the weeks of a year', () => {
    expect(isoWeekDays(2027, 9)).toEqual(['2027-03-01', '2027-03-07'])
    expect(isoWeekDays(2026, 53)).toEqual(['2026-12-28', '2027-01-03'])
    expect(isoWeeksInYear(2026)).toBe(53)
    expect(isoWeeksInYear(2027)).toBe(52)
  })

  it('adds and counts days', () => {
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(daysBetween('2027-03-01', '2027-03-31')).toBe(31)
  })
})
