import { describe, expect, it } from 'vitest'
import { StoreInput } from './schemas'

const tierOf = (tier: unknown) => {
  const result = StoreInput.safeParse({ code: 'S1', name: '店', regionCode: 'R', channel: 'direct', tier })
  return result.success ? result.data.tier : `error: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`
}

describe('a store tier', () => {
  it('takes a number or text, and keeps it as text', () => {
    expect(tierOf(1)).toBe('1')
    expect(tierOf(1_000_000)).toBe('1000000')
    expect(tierOf('1')).toBe('1')
    expect(tierOf(' A ')).toBe('A')
    expect(tierOf('１')).toBe('１')
    expect(tierOf('旗舰')).toBe('旗舰')
    expect(tierOf('1e3')).toBe('1e3') // not a decimal: a label, with no weight
    for (const blank of ['', '  ', null, undefined]) expect(tierOf(blank)).toBeNull()
  })

  it('refuses a numeric tier the planner could not weigh by, as a number or as text', () => {
    // "1,000" and "+1" look like numbers: refused, not stored as labels the planner would average away.
    for (const bad of [0, -1, 1.5, 0.1 + 0.2, 1_000_001, 1e21, '0', '12345678901234567', '1.5', '１．５', '-2', '1000001', '1,000', '１，０００', '+1', '1 000']) {
      expect(tierOf(bad), String(bad)).toBe('error: tier a numeric tier is a planning weight: a whole number from 1 to 1,000,000')
    }
    expect(tierOf('x'.repeat(17))).toBe('error: tier must be at most 16 characters')
    expect(tierOf(true)).toMatch(/^error: tier /)
  })
})
