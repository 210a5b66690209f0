// Money crosses the API as decimal major units (at most 2 decimals) and lives inside as integer
// minor units (分). Parsing never rounds: a third decimal is an error for the caller to fix. A
// string may be typed in full width (`１２３４．５`): it is folded by ./numbers first.
import { z } from '@hono/zod-openapi'
import { foldNumberText } from './numbers'

const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/

/** Parses `1234.5`, `"1234.50"`, `"１２３４．５"` into minor units; null when it is not a 2-decimal amount. */
export function toMinorUnits(value: number | string): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : foldNumberText(value).trim()
  if (!DECIMAL.test(text)) return null
  const negative = text.startsWith('-')
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.')
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  return negative && minor !== 0 ? -minor : minor
}

/** Minor units back to a decimal number of major units for JSON (12345 → 123.45). */
export function toMajorUnits(minor: number): number {
  return minor / 100
}

/** A money field: accepts a number or numeric string with ≤ 2 decimals, yields minor units. */
export function moneySchema(options: { allowNegative?: boolean } = {}) {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const minor = toMinorUnits(value)
      if (minor === null) {
        ctx.addIssue({ code: 'custom', message: 'must be an amount with at most 2 decimals' })
        return z.NEVER
      }
      if (minor < 0 && !options.allowNegative) {
        ctx.addIssue({ code: 'custom', message: 'must not be negative' })
        return z.NEVER
      }
      return minor
    })
    .openapi({ description: 'Decimal major units, at most 2 decimals; a string may use full-width digits, `．` and `－`', example: 1234.5 })
}
