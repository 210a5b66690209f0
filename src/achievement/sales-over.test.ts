import { describe, expect, it } from 'vitest'
import { splitSpan } from './sales-over'

describe('splitSpan', () => {
  it('reads whole months from the monthly rollup and only the edge days from the daily one', () => {
    expect(splitSpan({ from: '2026-01-01', to: '2026-11-27' })).toEqual({ months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'], days: [{ from: '2026-11-01', to: '2026-11-27' }] })
    expect(splitSpan({ from: '2026-03-29', to: '2026-05-02' })).toEqual({ months: ['2026-04'], days: [{ from: '2026-03-29', to: '2026-03-31' }, { from: '2026-05-01', to: '2026-05-02' }] })
    expect(splitSpan({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: ['2024-02'], days: [] })
    expect(splitSpan({ from: '2026-03-10', to: '2026-03-12' })).toEqual({ months: [], days: [{ from: '2026-03-10', to: '2026-03-12' }] })
    // A period not begun (through before from) reads nothing.
    expect(splitSpan({ from: '2026-03-01', to: '2026-02-28' })).toEqual({ months: [], days: [] })
  })
})
