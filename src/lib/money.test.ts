import { describe, expect, it } from 'vitest'
import { toMajorUnits, toMinorUnits } from './money'

describe('toMinorUnits', () => {
  it('reads numbers and numeric strings with up to 2 decimals exactly', () => {
    expect(toMinorUnits(1234.5)).toBe(123450)
    expect(toMinorUnits('1234.50')).toBe(123450)
    expect(toMinorUnits(0.1)).toBe(10)
    expect(toMinorUnits('0.07')).toBe(7)
    expect(toMinorUnits(-12.34)).toBe(-1234)
    expect(toMinorUnits('-0')).toBe(0)
    expect(toMinorUnits(' 99 ')).toBe(9900)
  })

  it('refuses what would have to be rounded or is not an amount', () => {
    for (const bad of [10.005, '1.234', 0.1 + 0.2, Number.NaN, Infinity, '1e3', '', 'abc', '1,000', 1e20]) {
      expect(toMinorUnits(bad), String(bad)).toBeNull()
    }
  })

  it('round-trips with toMajorUnits', () => {
    for (const minor of [0, 1, 99, 100, 123456789, 19990]) expect(toMinorUnits(toMajorUnits(minor))).toBe(minor)
  })
})
