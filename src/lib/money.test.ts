import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toMajorUnits, toMinorUnits } from './money'

const widen = (text: string) => text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000')

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

  it('reads money strings typed in full width as their half-width spelling, never rounding', () => {
    expect(toMinorUnits('１２３４．５')).toBe(123450)
    expect(toMinorUnits('\u3000１２．３４\u3000')).toBe(1234)
    expect(toMinorUnits('－０．０７')).toBe(-7)
    for (const bad of ['１．００５', '１，０００', '１ｅ３', '①', '1²', '𝟏', '١٢', '1.0⁵', '12。5', '−5', '１２％', '￥１２']) {
      expect(toMinorUnits(bad), bad).toBeNull()
    }
  })

  it('gives a full-width string the verdict of its half-width spelling (property)', () => {
    const amount = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), fc.constantFrom('', '.5', '.05', '.50', '.005', '.123', '.')).map(([minus, whole, fraction]) => `${minus ? '-' : ''}${whole}${fraction}`)
    const text = fc.oneof(amount, fc.string({ unit: 'binary-ascii', maxLength: 20 }))
    fc.assert(
      fc.property(text, (t) => {
        expect(toMinorUnits(widen(t))).toBe(toMinorUnits(t))
      }),
    )
    // A look-alike of a digit in an amount is refused, never read as the digit.
    const lookAlike = fc.constantFrom('①', '²', '₂', '¹', '𝟏', '⒈', '١', '۱', '१', '⓵')
    fc.assert(fc.property(amount, lookAlike, fc.nat(), (t, ch, at) => {
      const digits = [...t].flatMap((c, i) => (/\d/.test(c) ? [i] : []))
      const spoilt = [...t].map((c, i) => (i === digits[at % digits.length] ? ch : c)).join('')
      expect(toMinorUnits(spoilt)).toBeNull()
      expect(toMinorUnits(widen(spoilt))).toBeNull()
    }))
  })

  it('round-trips with toMajorUnits', () => {
    for (const minor of [0, 1, 99, 100, 123456789, 19990]) expect(toMinorUnits(toMajorUnits(minor))).toBe(minor)
  })
})
