import { describe, expect, it } from 'vitest'
import { parseCode, parseCount, parseDate, parseMoney, parsePercent, parseText } from './cells'

const value = <T>(parsed: { ok: boolean; value?: T; message?: string }) => (parsed.ok ? parsed.value : `error: ${parsed.message}`)

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

  it('percentages, counts, dates and text', () => {
    expect(value(parsePercent('12%'))).toBe(12)
    expect(value(parsePercent(0.12))).toBeCloseTo(12)
    expect(value(parsePercent('12'))).toBe(12)
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
