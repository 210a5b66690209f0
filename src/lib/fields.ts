// Field schemas shared by every module: codes, dates, names, numbers as a sheet or CSV gives them.
import { z } from '@hono/zod-openapi'
import { dateOrInstantProblem, dateProblem, instantProblem } from './calendar'
import { CODE_MAX_LENGTH, normalizeCode, UNIT_CODE_MAX_LENGTH } from './codes'
import { DECIMAL_TEXT, foldNumberText } from './numbers'

/**
 * A code under the one rule of ./codes: refused with its message, or the normalised code as the
 * value. A check and an overwrite (not a transform) keep it a string schema, so the OpenAPI
 * document describes it as one and `.optional()`/`.nullable()` work as before.
 */
function codeText(maxLength: number) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const verdict = normalizeCode(text, maxLength)
      if (!verdict.ok) ctx.addIssue({ code: 'custom', message: verdict.message })
    })
    .overwrite((text) => {
      const verdict = normalizeCode(text, maxLength)
      return verdict.ok ? verdict.value : text
    })
}

const CODE_RULE = 'case-sensitive; NFC-normalised, full-width ASCII folded to ASCII; no spaces, invisible characters or leading combining mark'

/** Region, dealer, store and location codes and SKUs: 1–64 characters. */
export const codeSchema = codeText(CODE_MAX_LENGTH).openapi({ example: 'EAST', description: `1–${CODE_MAX_LENGTH} characters, ${CODE_RULE}` })

// The same rule, with the demo company's codes (scripts/demo-data.mjs) as examples, so that "Try it
// out" on the demo sends a store, dealer, SKU or POS source that exists rather than a region code.
export const storeCodeSchema = codeSchema.openapi({ example: 'EA001' })
export const dealerCodeSchema = codeSchema.openapi({ example: 'D-SH01' })
export const skuSchema = codeSchema.openapi({ example: 'TOP-001' })
/** A store's or a dealer's code, where stock is counted. */
export const locationCodeSchema = codeSchema.openapi({ example: 'EA001' })
export const posSourceIdSchema = codeSchema.openapi({ example: 'demo-pos' })

/** Unit and lot codes of shipments and sales lines: the same rule, 1–128 characters. */
export const unitCodeSchema = codeText(UNIT_CODE_MAX_LENGTH).openapi({ example: 'SN-2027-000123', description: `1–${UNIT_CODE_MAX_LENGTH} characters, ${CODE_RULE}` })

export const nameSchema = z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters')

/** Refuses what the calendar rule refuses, with its message; the value stays the text as sent. */
const calendarText = (problem: (text: string) => string | null) =>
  z.string().superRefine((text, ctx) => {
    const message = problem(text)
    if (message) ctx.addIssue({ code: 'custom', message })
  })

/** A calendar date `YYYY-MM-DD` that exists (no 2027-02-30), in the years 2000–2100. */
export const dateSchema = calendarText(dateProblem).openapi({ format: 'date', example: '2027-03-14', description: 'YYYY-MM-DD, a real day in the years 2000–2100' })

/** An instant with an offset that exists (see parseInstant), kept as written. */
export const instantSchema = calendarText(instantProblem).openapi({
  format: 'date-time',
  example: '2027-03-31T17:30:00+08:00',
  description: 'ISO 8601 with an offset between -12:00 and +14:00 (`Z` or ±HH:MM); a real day in the years 2000–2100',
})

/** Either a date or an instant with an offset (a shipment may give the day or the moment). */
export const dateOrInstantSchema = calendarText(dateOrInstantProblem).openapi({
  example: '2027-03-14',
  description: 'YYYY-MM-DD, or an ISO 8601 instant with an offset; a real day in the years 2000–2100',
})

/**
 * A number given as a number or, from CSV, a numeric string (in half or full width, see ./numbers).
 * One transform rather than a union of two checked branches, so a bad string is told "must be a
 * number" instead of the union's bare "Invalid input".
 */
export function numberSchema() {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      if (typeof value === 'number') return value
      const text = foldNumberText(value).trim()
      if (DECIMAL_TEXT.test(text)) return Number(text)
      ctx.addIssue({ code: 'custom', message: 'must be a number' })
      return z.NEVER
    })
    .pipe(z.number().finite())
}

/** Optional text: a blank value means "not set". */
export function optionalText(max = 200) {
  return z.string().trim().max(max).optional().nullable().transform((value) => (value ? value : null))
}
