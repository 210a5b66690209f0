import { describe, expect, it } from 'vitest'
import { archiveKey, firstKeptMonth, fromNdjson } from './archive'

describe('firstKeptMonth', () => {
  it('keeps this month and the retention-1 before it', () => {
    expect(firstKeptMonth('2026-12-03', 13)).toBe('2025-12')
    expect(firstKeptMonth('2026-01-31', 1)).toBe('2026-01')
    expect(firstKeptMonth('2026-01-31', 2)).toBe('2025-12')
    expect(firstKeptMonth('2026-03-01', 27)).toBe('2024-01')
  })
})

describe('the archive format', () => {
  it('names one object per store and month, and reads one sale per line', () => {
    expect(archiveKey('SH/001', '2025-01')).toBe('sales/v1/SH%2F001/2025-01.ndjson')
    expect(fromNdjson('{"saleId":"a"}\n\n{"saleId":"b"}\n').map((s) => s.saleId)).toEqual(['a', 'b'])
  })
})
