// The measures of the quarterly store scorecard (考核) and the weights HQ gives them. A weight set
// is a map of measure → percent that sums to exactly 100; a measure left out weighs 0 (it is not
// scored). Percents may carry 2 decimals (33.33 + 33.33 + 33.34), summed in hundredths so that
// "exactly 100" is exact and not a floating-point near miss.
import type { FieldError } from '../lib/problem'

export const MEASURES = [
  'sales', // 销售达成率: actual ÷ target
  'collection', // 回款达成率: the region's collections ÷ its collection target
  'grossMargin', // 毛利率
  'violations', // 渠道违规: open and confirmed
  'stockAlerts', // 库存预警
  'reporting', // 日清日报: trading days with POS data
] as const
export type Measure = (typeof MEASURES)[number]
export type Weights = Record<Measure, number>

export type WeightsVerdict = { ok: true; weights: Weights } | { ok: false; errors: FieldError[] }

const isMeasure = (key: string): key is Measure => (MEASURES as readonly string[]).includes(key)
const hundredths = (percent: number) => Math.round(percent * 100)
const hasAtMostTwoDecimals = (percent: number) => Math.abs(percent * 100 - hundredths(percent)) < 1e-6

/**
 * Checks a weight set as sent (parsed JSON). Each bad weight is named at `path.measure`; the sum,
 * when it is not 100, at `path` with what the numbers sent sum to (a negative or oversized weight
 * counts in it, so the figure is the sum of what the person typed).
 */
export function validateWeights(raw: unknown, path = 'weights'): WeightsVerdict {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path, message: 'must be an object of measure → percent', code: 'invalid_type' }] }
  }
  const errors: FieldError[] = []
  const weights = Object.fromEntries(MEASURES.map((m) => [m, 0])) as Weights
  let sum = 0
  for (const [key, value] of Object.entries(raw)) {
    const at = `${path}.${key}`
    if (!isMeasure(key)) {
      errors.push({ path: at, message: `is not a scorecard measure (one of ${MEASURES.join(', ')})`, code: 'unknown_measure' })
      continue
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({ path: at, message: 'must be a number', code: 'invalid_type' })
      continue
    }
    sum += hundredths(value)
    if (value < 0) errors.push({ path: at, message: 'must not be negative', code: 'too_small' })
    else if (value > 100) errors.push({ path: at, message: 'must be at most 100', code: 'too_big' })
    else if (!hasAtMostTwoDecimals(value)) errors.push({ path: at, message: 'must have at most 2 decimals', code: 'invalid_decimals' })
    // Kept as the 2-decimal percent it is within a float's error of: 40.0000000001 is stored and served as 40.
    else weights[key] = hundredths(value) / 100
  }
  if (sum !== 10_000) errors.push({ path, message: `weights must sum to 100 (they sum to ${sum / 100})`, code: 'sum' })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, weights }
}
