// Field schemas shared by every module: codes, dates, names, numbers as a sheet or CSV gives them.
import { z } from '@hono/zod-openapi'

/** Region, dealer, store codes and SKUs: 1–64 printable characters, case-sensitive, no spaces. */
export const codeSchema = z
  .string()
  .regex(/^[^\s\p{C}]{1,64}$/u, 'must be 1–64 printable characters without spaces')
  .openapi({ example: 'SH-001' })

export const nameSchema = z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters')

/** A calendar date `YYYY-MM-DD` that exists (no 2027-02-30). */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD', abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)
  }, 'is not a calendar date')
  .openapi({ example: '2027-03-14' })

/** A number given as a number or, from CSV, a numeric string. */
export function numberSchema() {
  return z
    .union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'must be a number').transform(Number)])
    .pipe(z.number().finite())
}

/** Optional text: a blank value means "not set". */
export function optionalText(max = 200) {
  return z.string().trim().max(max).optional().nullable().transform((value) => (value ? value : null))
}
