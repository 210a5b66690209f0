import { describe, expect, it } from 'vitest'
import { adjustedAmount } from './proposal'

describe('adjustedAmount', () => {
  it('adjusts last year by a percentage, half a fen up', () => {
    expect(adjustedAmount(100_000, 0)).toBe(100_000)
    expect(adjustedAmount(100_000, -10)).toBe(90_000)
    expect(adjustedAmount(15, 10)).toBe(17) // 16.5 fen
    expect(adjustedAmount(5, -10)).toBe(5) // 4.5 fen
    expect(adjustedAmount(12_345, -100)).toBe(0)
  })
})
