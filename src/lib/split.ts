// Exact splits of money by the largest-remainder method: every part is the floor of its exact
// proportional share, and the units left over go to the largest remainders, so parts always sum
// to the whole to the minor unit. BigInt keeps `total × weight` exact for any realistic amount.

/**
 * Splits `total` (integer minor units, ≥ 0) in proportion to `weights` (non-negative integers).
 * Ties on the remainder go to the larger weight, then to the earlier position, so callers order
 * parts by code or month to make the result deterministic. All-zero weights leave a non-zero
 * total nowhere to go: that is the caller's decision, so it throws.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`)
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weights must be non-negative integers, got ${weight}`)
  }
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n)
  if (weightSum === 0n) {
    if (total === 0) return weights.map(() => 0)
    throw new RangeError('cannot split a non-zero total over weights that are all zero')
  }
  const bigTotal = BigInt(total)
  const parts = weights.map((w) => (bigTotal * BigInt(w)) / weightSum)
  const remainders = weights.map((w, index) => ({ index, weight: w, remainder: (bigTotal * BigInt(w)) % weightSum }))
  let left = Number(bigTotal - parts.reduce((sum, p) => sum + p, 0n))
  remainders.sort((a, b) =>
    a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : b.weight - a.weight || a.index - b.index,
  )
  for (const { index } of remainders) {
    if (left === 0) break
    parts[index]! += 1n
    left -= 1
  }
  return parts.map(Number)
}

/**
 * Turns non-negative decimal weights (percentages, square metres) into integers for
 * largestRemainder, keeping `decimals` digits of precision.
 */
export function integerWeights(weights: readonly number[], decimals = 6): number[] {
  const scale = 10 ** decimals
  return weights.map((w) => Math.round(w * scale))
}
