import { describe, expect, it } from 'vitest'
import { variance } from './variance'

describe('variance', () => {
  it('counts approved and pending as committed: budget − committed, with the rate committed ÷ budget to four places', () => {
    expect(variance(300_000, 60_000, 40_000)).toEqual({ budget: 3000, approved: 600, pending: 400, committed: 1000, actual: 1000, variance: 2000, rate: 0.3333 })
    expect(variance(100_000, 150_000, 0)).toEqual({ budget: 1000, approved: 1500, pending: 0, committed: 1500, actual: 1500, variance: -500, rate: 1.5 })
  })

  it('a December whose 27,000 is all still pending shows 27,000 committed, not 0', () => {
    expect(variance(3_000_000, 0, 2_700_000)).toMatchObject({ approved: 0, pending: 27_000, committed: 27_000, variance: 3000, rate: 0.9 })
  })

  it('has no rate without a budget', () => {
    expect(variance(0, 5_000, 0)).toEqual({ budget: 0, approved: 50, pending: 0, committed: 50, actual: 50, variance: -50, rate: null })
  })
})
