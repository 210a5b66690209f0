// Property tests of the split every target and budget relies on: exact sums, no negatives, each
// part within one minor unit of its exact proportional share, ties settled as the domain says.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { largestRemainder } from './split'

const total = fc.integer({ min: 0, max: 1_000_000_000_000 }) // up to 10 billion yuan in fen
const weights = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 60 }).filter((ws) => ws.some((w) => w > 0))

describe('largestRemainder', () => {
  it('parts sum exactly to the total and none is negative', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const parts = largestRemainder(t, ws)
        expect(parts).toHaveLength(ws.length)
        expect(parts.reduce((a, b) => a + b, 0)).toBe(t)
        expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('each part is within one minor unit of its exact proportional share', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        const parts = largestRemainder(t, ws)
        const sum = BigInt(ws.reduce((a, b) => a + b, 0))
        parts.forEach((part, i) => {
          // |part − t·w/W| < 1  ⇔  |part·W − t·w| < W, in exact integers.
          const diff = BigInt(part) * sum - BigInt(t) * BigInt(ws[i]!)
          expect(diff < 0n ? -diff : diff).toBeLessThan(sum)
        })
      }),
      { numRuns: 500 },
    )
  })

  it('a zero weight gets nothing', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        largestRemainder(t, ws).forEach((part, i) => {
          if (ws[i] === 0) expect(part).toBe(0)
        })
      }),
    )
  })

  it('gives ties to the larger weight, then to the earlier position', () => {
    // 100 fen over 3 equal parts: 34, 33, 33 — the first position wins the tie.
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33])
    // 4 over [1, 6, 3]: exact 0.4, 2.4, 1.2 — the first two tie on the remainder; the larger weight wins.
    expect(largestRemainder(4, [1, 6, 3])).toEqual([0, 3, 1])
    // 4 over [3, 3, 1, 1]: exact 1.5, 1.5, 0.5, 0.5 — all four tie; the larger weights win.
    expect(largestRemainder(4, [3, 3, 1, 1])).toEqual([2, 2, 0, 0])
    // 2 over [1, 1, 1, 1]: all tie with equal weights; the earlier positions win.
    expect(largestRemainder(2, [1, 1, 1, 1])).toEqual([1, 1, 0, 0])
    // 10 over [1, 2]: exact 3.33 and 6.67 → 3, 7.
    expect(largestRemainder(10, [1, 2])).toEqual([3, 7])
  })

  it('splits the month of a 1,200,000.00 annual target evenly to the fen', () => {
    expect(largestRemainder(120_000_000, Array(12).fill(1))).toEqual(Array(12).fill(10_000_000))
    expect(largestRemainder(100, Array(12).fill(1))).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8])
  })

  it('refuses to put a non-zero total on all-zero weights, and bad inputs', () => {
    expect(largestRemainder(0, [0, 0])).toEqual([0, 0])
    expect(() => largestRemainder(5, [0, 0])).toThrow(RangeError)
    expect(() => largestRemainder(-1, [1])).toThrow(RangeError)
    expect(() => largestRemainder(1.5, [1])).toThrow(RangeError)
    expect(() => largestRemainder(1, [-1, 2])).toThrow(RangeError)
  })
})
