import { describe, expect, it } from 'vitest'
import { closedMonthChanges, closedMonthMessage, monthEnded } from './closed-months'

const rows = [
  { index: 0, value: { code: 'S1', month: 10, amount: 95_000 } }, // October, unchanged
  { index: 1, value: { code: 'S1', month: 11, amount: 80_000 } }, // November, lowered
  { index: 2, value: { code: 'S1', month: 12, amount: 10_000 } }, // December is running
  { index: 3, value: { code: 'S2', month: 11, amount: 0 } }, // never set, sent as 0
]
const stored = (code: string, month: number) => ({ 'S1/10': 95_000, 'S1/11': 100_000, 'S1/12': 50_000 } as Record<string, number>)[`${code}/${month}`]

describe('closed months', () => {
  it('a month has ended once its last day is before today', () => {
    expect(monthEnded(2026, 11, '2026-12-01')).toBe(true)
    expect(monthEnded(2026, 11, '2026-11-30')).toBe(false)
    expect(monthEnded(2026, 12, '2026-12-03')).toBe(false)
  })

  it('a manager may not change an ended month; the same amount again, a running month and an unset 0 pass', () => {
    expect(closedMonthChanges(rows, stored, { year: 2026, today: '2026-12-03', isAdmin: false }).map((r) => r.index)).toEqual([1])
  })

  it('HQ needs a reason; with one, nothing is refused', () => {
    expect(closedMonthChanges(rows, stored, { year: 2026, today: '2026-12-03', isAdmin: true }).map((r) => r.index)).toEqual([1])
    expect(closedMonthChanges(rows, stored, { year: 2026, today: '2026-12-03', isAdmin: true, reason: '门店11月闭店装修' })).toEqual([])
    expect(closedMonthChanges(rows, stored, { year: 2026, today: '2026-12-03', isAdmin: false, reason: 'a manager’s reason is not enough' }).map((r) => r.index)).toEqual([1])
  })

  it('says what to do', () => {
    expect(closedMonthMessage(2026, 11, false)).toBe('2026-11 has ended: its target is locked; HQ may change it with a reason')
    expect(closedMonthMessage(2026, 11, true)).toBe('2026-11 has ended: its target changes only through PUT /v1/targets with a reason, which the audit keeps')
  })
})
