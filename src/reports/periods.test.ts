import { describe, expect, it } from 'vitest'
import { resolvePeriod } from './periods'

describe('relative periods', () => {
  it.each([
    ['this-week', '2026-12-03', { year: 2026, week: 49 }],
    ['last-week', '2026-12-03', { year: 2026, week: 48 }],
    // 1 January 2027 is a Friday: its ISO week is the 53rd of 2026, the week before it the 52nd.
    ['this-week', '2027-01-01', { year: 2026, week: 53 }],
    ['last-week', '2027-01-04', { year: 2026, week: 53 }],
    ['this-month', '2026-12-03', { year: 2026, month: 12 }],
    ['last-month', '2026-12-03', { year: 2026, month: 11 }],
    ['last-month', '2027-01-15', { year: 2026, month: 12 }],
    ['ytd', '2026-12-03', { year: 2026 }],
  ] as const)('%s on %s', (period, today, expected) => {
    expect(resolvePeriod(period, today)).toEqual(expected)
  })
})
