import { describe, expect, it } from 'vitest'
import { parseDate } from '../sheets/cells'
import { CALENDAR_MESSAGES as M, dateOrInstantProblem, dateProblem, instantProblem, parseCalendarDate, parseInstant } from './calendar'
import { dateOrInstantSchema, dateSchema, instantSchema } from './fields'

describe('dates YYYY-MM-DD', () => {
  it('accepts real days, leap days of leap years only (2000 and 2028 yes; 2026 and 2100 no)', () => {
    for (const day of ['2026-01-31', '2026-02-28', '2028-02-29', '2000-02-29', '2026-04-30', '2000-01-01', '2100-12-31']) expect(dateProblem(day), day).toBeNull()
    for (const day of ['2026-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-06-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32']) {
      expect(dateProblem(day), day).toBe(M.notCalendar)
    }
  })

  it('keeps to the years 2000–2100', () => {
    for (const day of ['1999-12-31', '2101-01-01', '0000-01-01', '9999-12-31']) expect(dateProblem(day), day).toBe(M.year)
    // An impossible day is named as such even outside the years.
    expect(dateProblem('0000-02-30')).toBe(M.notCalendar)
  })

  it('refuses anything but YYYY-MM-DD', () => {
    for (const text of ['2026-1-05', '26-01-05', '2026/01/05', '2026-01-05T00:00:00Z', ' 2026-01-05', '+02026-01-05', '２０２６-01-05', '']) expect(dateProblem(text), text).toBe(M.dateShape)
    expect(parseCalendarDate('2028-02-29')).toEqual({ ok: true, value: { year: 2028, month: 2, day: 29 } })
  })
})

describe('instants with an offset', () => {
  it('accepts minutes, seconds and 1–9 digit fractions, with Z or ±HH:MM', () => {
    for (const text of ['2026-05-01T10:00+08:00', '2026-05-01T10:00:00Z', '2026-05-01T10:00:00.5Z', '2026-05-01T10:00:00.123456789-05:30', '2026-05-01T23:59:59+00:00']) {
      expect(instantProblem(text), text).toBeNull()
    }
    expect(parseInstant('2026-05-01T10:00:00.123456789+08:00')).toMatchObject({ ok: true, value: { epochMs: Date.UTC(2026, 4, 1, 2, 0, 0, 123), offsetMinutes: 480 } })
  })

  it('refuses the reported cases instead of moving them', () => {
    expect(instantProblem('2026-02-30T10:00+08:00')).toBe(M.notCalendar) // Date makes it 2 March
    expect(instantProblem('2026-04-31T10:00:00+08:00')).toBe(M.notCalendar) // Date makes it 1 May
    expect(instantProblem('0000-01-01T00:00:00Z')).toBe(M.year) // Date gives a day key 1-01-01
    expect(instantProblem('2026-05-01T10:00:00+23:59')).toBe(M.offset) // Date takes it as an offset
    expect(instantProblem('2026-13-01T10:00:00Z')).toBe(M.notCalendar)
    expect(instantProblem('2026-05-01T99:99:99Z')).toBe(M.notCalendar)
  })

  it('takes the calendar and year rule of dates for the written day', () => {
    expect(instantProblem('2028-02-29T12:00:00+08:00')).toBeNull()
    expect(instantProblem('2000-02-29T12:00:00Z')).toBeNull()
    expect(instantProblem('2026-02-29T12:00:00+08:00')).toBe(M.notCalendar)
    expect(instantProblem('2100-02-29T12:00:00Z')).toBe(M.notCalendar)
    expect(instantProblem('1999-12-31T23:59:59Z')).toBe(M.year)
    expect(instantProblem('2101-01-01T00:00:00Z')).toBe(M.year)
    expect(instantProblem('2100-12-31T23:59:59+14:00')).toBeNull()
  })

  it('hours 00–23, minutes and seconds 00–59: no 24:00, no leap second', () => {
    for (const text of ['2026-05-01T24:00Z', '2026-05-01T24:00:00Z', '2026-05-01T23:60Z', '2026-05-01T23:59:60Z', '2026-05-01T23:59:60.5+08:00']) {
      expect(instantProblem(text), text).toBe(M.notCalendar)
    }
    expect(instantProblem('2026-05-01T00:00:00Z')).toBeNull()
  })

  it('offsets −12:00 to +14:00 with minutes 00–59; -00:00 is UTC', () => {
    for (const text of ['2026-05-01T10:00+14:00', '2026-05-01T10:00-12:00', '2026-05-01T10:00+05:45', '2026-05-01T10:00-09:30']) expect(instantProblem(text), text).toBeNull()
    for (const text of ['2026-05-01T10:00+14:01', '2026-05-01T10:00-12:01', '2026-05-01T10:00+23:59', '2026-05-01T10:00+15:00', '2026-05-01T10:00+05:60', '2026-05-01T10:00-00:99']) {
      expect(instantProblem(text), text).toBe(M.offset)
    }
    const minusZero = parseInstant('2026-05-01T10:00:00-00:00')
    expect(minusZero).toMatchObject({ ok: true, value: { offsetMinutes: 0, epochMs: Date.UTC(2026, 4, 1, 10) } })
  })

  it('refuses other shapes: no offset, a fraction without seconds, lower-case, spaces, 10 fraction digits', () => {
    for (const text of [
      '2026-05-01T10:00:00',
      '2026-05-01 10:00:00+08:00',
      '2026-05-01T10:00.5Z',
      '2026-05-01t10:00:00z',
      '2026-05-01T10:00:00.1234567890Z',
      '2026-05-01T10:00:00+0800',
      '2026-05-01T10:00:00+08',
      '2026-05-01T1:00:00Z',
      '2026-05-01',
    ]) {
      expect(instantProblem(text), text).toBe(M.instantShape)
    }
  })

  it('agrees with Date on every instant it accepts (the day is then taken with Date)', () => {
    for (const text of ['2027-03-31T17:30:00.123456789+08:00', '2026-05-01T10:00:00-00:00', '2000-01-01T00:00-12:00', '2100-12-31T23:59:59.999+14:00']) {
      const verdict = parseInstant(text)
      expect(verdict.ok && verdict.value.epochMs, text).toBe(Date.parse(text))
    }
  })
})

describe('a date or an instant (shipments)', () => {
  it('applies the rule of whichever shape it is', () => {
    expect(dateOrInstantProblem('2026-06-10')).toBeNull()
    expect(dateOrInstantProblem('2026-06-10T10:00:00+08:00')).toBeNull()
    expect(dateOrInstantProblem('2026-02-30')).toBe(M.notCalendar)
    expect(dateOrInstantProblem('2026-02-30T10:00+08:00')).toBe(M.notCalendar)
    expect(dateOrInstantProblem('2026-06-10T10:00:00+23:59')).toBe(M.offset)
    expect(dateOrInstantProblem('1999-06-10')).toBe(M.year)
    expect(dateOrInstantProblem('10 June')).toBe(M.dateOrInstantShape)
  })
})

describe('the zod schemas give the rule’s messages', () => {
  const message = (schema: typeof dateSchema, value: unknown) => {
    const result = schema.safeParse(value)
    return result.success ? null : result.error.issues.map((i) => i.message).join('; ')
  }

  it('dateSchema, instantSchema and dateOrInstantSchema', () => {
    expect(dateSchema.parse('2028-02-29')).toBe('2028-02-29')
    expect(message(dateSchema, '2026-02-29')).toBe('is not a calendar date')
    expect(message(dateSchema, '2101-01-01')).toBe(M.year)
    expect(message(dateSchema, 20260101)).not.toBeNull()
    expect(instantSchema.parse('2026-05-01T10:00+08:00')).toBe('2026-05-01T10:00+08:00') // kept as written
    expect(message(instantSchema, '2026-04-31T10:00:00+08:00')).toBe('is not a calendar date')
    expect(message(instantSchema, '2026-05-01T10:00:00+23:59')).toBe(M.offset)
    expect(message(dateOrInstantSchema, '2026-02-30T10:00+08:00')).toBe('is not a calendar date')
  })
})

describe('Sheets date cells give the same verdict', () => {
  const value = (r: ReturnType<typeof parseDate>) => (r.ok ? r.value : `error: ${r.message}`)

  it('text dates', () => {
    expect(value(parseDate('2028/2/29'))).toBe('2028-02-29')
    expect(value(parseDate('2026/2/29'))).toBe(`error: ${M.notCalendar}`)
    expect(value(parseDate('2026-04-31'))).toBe(`error: ${M.notCalendar}`)
    expect(value(parseDate('1999-12-31'))).toBe(`error: ${M.year}`)
    expect(value(parseDate('2101.1.1'))).toBe(`error: ${M.year}`)
  })

  it('serials: only those of the years 2000–2100', () => {
    expect(value(parseDate(36526))).toBe('2000-01-01')
    expect(value(parseDate(73415))).toBe('2100-12-31')
    expect(value(parseDate(36525))).toBe(`error: ${M.year}`) // 1999-12-31
    expect(value(parseDate(73416))).toBe(`error: ${M.year}`) // 2101-01-01
    expect(value(parseDate(1))).toBe(`error: ${M.year}`) // 1899-12-31
    expect(value(parseDate('99999'))).toBe(`error: ${M.year}`)
    expect(value(parseDate(46037.5))).toBe('error: is not a date')
  })
})
