import { describe, expect, it } from 'vitest'
import { endedMonthsChanged } from './save-plan'

describe('a plan and the months that have ended', () => {
  const existing = [
    { level: 'store', code: 'S1', month: 10, amount: 100 },
    { level: 'store', code: 'S1', month: 11, amount: 200 },
    { level: 'store', code: 'S2', month: 9, amount: 50 },
  ]

  it('names the ended months whose targets the plan would change, a target it would drop included', () => {
    const planned = [
      { level: 'store', code: 'S1', month: 10, amount: 100 }, // the same
      { level: 'store', code: 'S1', month: 11, amount: 150 }, // lowered
      { level: 'store', code: 'S1', month: 12, amount: 999 }, // December is running
    ]
    expect(endedMonthsChanged(2026, '2026-12-03', existing, planned)).toEqual(['2026-09', '2026-11'])
  })

  it('a plan of a year not begun changes no ended month', () => {
    expect(endedMonthsChanged(2027, '2026-12-03', [], [{ level: 'region', code: 'R', month: 1, amount: 1 }])).toEqual([])
  })
})
