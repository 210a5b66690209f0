import { describe, expect, it } from 'vitest'
import { numberSchema } from './fields'

const read = (input: unknown) => {
  const result = numberSchema().safeParse(input)
  return result.success ? result.data : `error: ${result.error.issues[0]?.message}`
}

describe('numberSchema', () => {
  it('takes a number, or a numeric string in half or full width', () => {
    expect(read(180.5)).toBe(180.5)
    expect(read('180.5')).toBe(180.5)
    expect(read(' 180 ')).toBe(180)
    expect(read('１８０．５')).toBe(180.5)
    expect(read('\u3000１８０\u3000')).toBe(180)
    expect(read('－３')).toBe(-3)
  })

  it('refuses look-alikes of digits, separators and anything but plain decimals', () => {
    for (const bad of ['①', '1²', '𝟏𝟐', '١٢', '180㎡', '1,800', '１，８００', '1e3', '１ｅ３', '0x10', '.5', '5.', '12。5', '−3', '']) {
      expect(read(bad), bad).toBe('error: must be a number')
    }
  })
})
