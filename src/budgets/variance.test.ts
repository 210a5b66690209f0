import { describe, expect, it } from 'vitest'
import { variance } from './variance'

describe('variance', () => {
  it('is budget − actual, with the rate actual ÷ budget to four places', () => {
    expect(variance(300_000, 100_000)).toEqual({ budget: 3000, actual: 1000, variance: 2000, rate: 0.3333 })
    expect(variance(100_000, 150_000)).toEqual({ budget: 1000, actual: 1500, variance: -500, rate: 1.5 })
  })

  it('has no rate without a budget', () => {
    expect(variance(0, 5_000)).toEqual({ budget: 0, actual: 50, variance: -50, rate: null })
  })
})
