import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCode, parseCount, parseDate, parseMoney, parseText } from './cells'

const value = <T>(parsed: { ok: boolean; value?: T; message?: string }) => (parsed.ok ? parsed.value : `error: ${parsed.message}`)
/** The full-width spelling an IME types for printable ASCII, and U+3000 for a space. */
const widen = (text: string) => text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000')

describe('cells as a sheet gives them', () => {
  it('money: numbers, thousands separators, currency marks, spaces, blanks', () => {
    expect(value(parseMoney(1200000))).toBe(120_000_000)
    expect(value(parseMoney('1,200,000'))).toBe(120_000_000)
    expect(value(parseMoney('¥1,200'))).toBe(120_000)
    expect(value(parseMoney('￥ 1,200.50 '))).toBe(120_050)
    expect(value(parseMoney(' 99.9 '))).toBe(9_990)
    expect(value(parseMoney('3500元'))).toBe(350_000)
    expect(value(parseMoney(''))).toBe(0)
    expect(value(parseMoney(null))).toBe(0)
    expect(value(parseMoney('1.005'))).toBe('error: has more than 2 decimals')
    expect(value(parseMoney(-5))).toBe('error: must not be negative')
    expect(value(parseMoney('abc'))).toBe('error: is not an amount')
    expect(value(parseMoney('1,20'))).toBe('error: is not an amount')
    expect(value(parseMoney(true))).toBe('error: is not an amount')
  })

  it('money typed in full width: the half-width verdict, never rounded', () => {
    const cases: [string, number | string][] = [
      ['１２，３４５', 1_234_500],
      ['１２．５', 1_250],
      ['￥１，２００．５０', 120_050],
      ['＄１２', 1_200],
      ['ＣＮＹ１２', 1_200],
      ['\u3000３５００元\u3000', 350_000],
      ['１．００５', 'error: has more than 2 decimals'],
      ['１，２３４．５６７', 'error: has more than 2 decimals'],
      ['－５', 'error: must not be negative'],
    ]
    expect(cases.map(([cell]) => value(parseMoney(cell)))).toEqual(cases.map(([, expected]) => expected))
    for (const bad of ['１２％', '12%', '１ｅ３', '①', '①２', '1²', '₂', '𝟏𝟐', '⒈5', '١٢', '१२', '12。5', '12﹒5', '1﹐200', '−5', '１２㎡']) {
      expect(value(parseMoney(bad)), bad).toBe('error: is not an amount')
    }
  })

  it('thousands separators only where they group thousands, in either width', () => {
    expect(value(parseMoney('1,234,567.5'))).toBe(123_456_750)
    expect(value(parseMoney('１，２３４，５６７'))).toBe(123_456_700)
    expect(value(parseMoney('999,999'))).toBe(99_999_900)
    for (const bad of ['1,2,3', '１，２，３', '1,20', '1,2345', '1234,567', '１２３４，５６７', ',123', '1,,234', '1.234,5', '12,345.6,7', '1,234,56', '1,']) {
      expect(value(parseMoney(bad)), bad).toBe('error: is not an amount')
    }
    expect(value(parseCount('1,2,3'))).toBe('error: must be a whole number, 0 or more')
  })

  it('counts typed in full width; a percent is not an amount, typed either way', () => {
    for (const cell of ['１２％', '12%']) expect(value(parseMoney(cell)), cell).toBe('error: is not an amount')
    expect(value(parseCount('１２，０００'))).toBe(12_000)
    expect(value(parseCount('\u3000２０\u3000'))).toBe(20)
    expect(value(parseCount('１．５'))).toBe('error: must be a whole number, 0 or more')
    expect(value(parseCount('①'))).toBe('error: must be a whole number, 0 or more')
    expect(value(parseCount('99999999999999999999'))).toBe('error: is too large to be kept exactly')
    expect(value(parseCount(1e20))).toBe('error: is too large to be kept exactly')
  })

  it('a full-width cell gets the verdict of its half-width spelling; a digit look-alike is refused (property)', () => {
    const amount = fc
      .tuple(fc.constantFrom('', '¥', '$', 'CNY', 'RMB', ' '), fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), fc.boolean(), fc.constantFrom('', '.5', '.05', '.005', '%', '元', ' '))
      .map(([mark, whole, grouped, tail]) => `${mark}${grouped ? whole.toLocaleString('en-US') : whole}${tail}`)
    const text = fc.oneof(amount, fc.string({ unit: 'binary-ascii', maxLength: 20 }))
    const parsers = [parseMoney, parseCount] as const
    fc.assert(
      fc.property(text, (t) => {
        for (const parse of parsers) expect(parse(widen(t)), t).toEqual(parse(t))
      }),
    )
    const lookAlike = fc.constantFrom('①', '²', '₂', '¹', '𝟏', '⒈', '١', '۱', '१', '⓵')
    fc.assert(
      fc.property(amount, lookAlike, fc.nat(), (t, ch, at) => {
        const digits = [...t].flatMap((c, i) => (/\d/.test(c) ? [i] : []))
        const spoilt = [...t].map((c, i) => (i === digits[at % digits.length] ? ch : c)).join('')
        for (const parse of parsers) {
          expect(parse(spoilt).ok, spoilt).toBe(false)
          expect(parse(widen(spoilt)).ok, spoilt).toBe(false)
        }
      }),
    )
  })

  it('counts, dates and text', () => {
    expect(value(parseCount('1,200'))).toBe(1200)
    expect(value(parseCount('1.5'))).toBe('error: must be a whole number, 0 or more')
    expect(value(parseDate(45748))).toBe('2025-04-01')
    expect(value(parseDate('2027/3/9'))).toBe('2027-03-09')
    expect(value(parseDate('2027-02-30'))).toBe('error: is not a calendar date')
    expect(value(parseText('  南京路店  '))).toBe('南京路店')
    expect(value(parseText('   '))).toBe('error: is required')
  })

  it('code cells: trimmed, then the API code rule (NFC, full-width folded, invisible refused)', () => {
    expect(value(parseCode('  EA-S1 '))).toBe('EA-S1')
    expect(value(parseCode(1001))).toBe('1001')
    expect(value(parseCode('CAFE\u0301'))).toBe('CAF\u00c9')
    expect(value(parseCode('ＥA001'))).toBe('EA001')
    expect(value(parseCode('\u3164'))).toBe('error: contains the invisible character U+3164 HANGUL FILLER; delete it')
    expect(value(parseCode('\u0301'))).toMatch(/^error: starts with the combining mark U\+0301/)
    expect(value(parseCode('EA 001'))).toMatch(/^error: contains the space U\+0020/)
    expect(value(parseCode('   '))).toBe('error: is required')
    expect(value(parseCode(null))).toBe('error: is required')
  })
})
