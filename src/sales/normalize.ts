// POS payloads become one shape, the normalised sale, before they are queued: amounts in minor
// units, refunds as negative quantities, the day and ISO week taken in the company time zone.
import { z } from '@hono/zod-openapi'
import { instantSchema, skuSchema, storeCodeSchema, unitCodeSchema } from '../lib/fields'
import { moneySchema } from '../lib/money'
import type { FieldError } from '../lib/problem'
import { isoWeek, localDay } from '../lib/time'

export interface NormalizedLine {
  lineNo: number
  sku: string
  /** Signed: negative on refunds. */
  qty: number
  unitPrice: number
  amount: number
  codes: string[] | null
}

export interface NormalizedSale {
  saleId: string
  kind: 'sale' | 'refund'
  refundOf: string | null
  storeCode: string | null
  storeVendor: string | null
  storeExternalId: string | null
  occurredAt: string
  day: string
  isoWeek: string
  currency: string
  lines: NormalizedLine[]
}

export const MAX_SALES_PER_BATCH = 1000

const saleIdSchema = z.string().min(1).max(128)

/**
 * Bounds of a sale line. A line is at most ¥100,000,000.00 (10^10 fen), so a year of a chain's
 * sales (10^8 lines at the bound) sums to at most 10^18 fen: inside SQLite's 64-bit integers, and
 * every figure shown (a store's day, a region's month) inside the 2^53 that JSON numbers hold exactly.
 */
export const LINE_BOUNDS = { maxQty: 1_000_000, maxUnitPrice: 10_000_000_000, maxAmount: 10_000_000_000 } as const

/**
 * The bound errors of a line (price in minor units, qty unsigned), under `path`, with the payload's
 * own field names (Shopify says `quantity` and `price`).
 */
export function lineBoundErrors(line: { qty: number; unitPrice: number }, path: string, names = { qty: 'qty', unitPrice: 'unitPrice' }): FieldError[] {
  const errors: FieldError[] = []
  const qty = Math.abs(line.qty)
  if (qty > LINE_BOUNDS.maxQty) errors.push({ path: `${path}.${names.qty}`, message: 'must be at most 1,000,000', code: 'too_big' })
  if (line.unitPrice > LINE_BOUNDS.maxUnitPrice) errors.push({ path: `${path}.${names.unitPrice}`, message: 'must be at most 100,000,000.00', code: 'too_big' })
  else if (qty <= LINE_BOUNDS.maxQty && qty * line.unitPrice > LINE_BOUNDS.maxAmount) {
    errors.push({ path: `${path}.${names.qty}`, message: `${names.qty} × ${names.unitPrice} must be at most 100,000,000.00 a line`, code: 'too_big' })
  }
  return errors
}

const LineSchema = z
  .object({
    sku: skuSchema,
    qty: z.number().int('must be a whole number').positive('must be positive'),
    unitPrice: moneySchema(),
    codes: z.array(unitCodeSchema).max(10_000).optional(),
  })
  // The bounds, in one place for every payload; runs once each field has its type.
  .superRefine((line, ctx) => {
    for (const error of lineBoundErrors(line, 'line')) ctx.addIssue({ code: 'custom', path: [error.path.slice('line.'.length)], message: error.message })
  })

const SaleSchema = z
  .object({
    saleId: saleIdSchema,
    storeCode: storeCodeSchema,
    occurredAt: instantSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').optional(),
    refundOf: saleIdSchema.optional(),
    lines: z.array(LineSchema).min(1, 'a sale has at least one line').max(500),
  })
  .refine((sale) => sale.refundOf === undefined || sale.refundOf !== sale.saleId, { path: ['refundOf'], message: 'a sale cannot refund itself' })
  .openapi('PosSale')

export const PosPayloadSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('sale.completed'), data: SaleSchema }),
    z.object({ type: z.literal('sale.refunded'), data: SaleSchema.refine((s) => s.refundOf !== undefined, { path: ['refundOf'], message: 'a refund names the sale it refunds' }) }),
    z.object({ type: z.literal('sales.batch'), data: z.object({ sales: z.array(SaleSchema).min(1).max(MAX_SALES_PER_BATCH, `at most ${MAX_SALES_PER_BATCH} sales per batch`) }) }),
  ])
  .openapi('PosWebhookPayload')

export type PosPayload = z.output<typeof PosPayloadSchema>
type PosSale = z.output<typeof SaleSchema>

export function normalizeLines(lines: { sku: string; qty: number; unitPrice: number; codes?: string[] | null }[], refund: boolean): NormalizedLine[] {
  return lines.map((line, i) => {
    const qty = refund ? -line.qty : line.qty
    return { lineNo: i + 1, sku: line.sku, qty, unitPrice: line.unitPrice, amount: qty * line.unitPrice, codes: line.codes?.length ? line.codes : null }
  })
}

export function inCompanyTime(occurredAt: string, timeZone: string): { day: string; isoWeek: string } {
  const day = localDay(new Date(occurredAt), timeZone)
  return { day, isoWeek: isoWeek(day) }
}

function normalizeSale(sale: PosSale, refund: boolean, timeZone: string, currency: string): NormalizedSale {
  const isRefund = refund || sale.refundOf !== undefined
  return {
    saleId: sale.saleId,
    kind: isRefund ? 'refund' : 'sale',
    refundOf: sale.refundOf ?? null,
    storeCode: sale.storeCode,
    storeVendor: null,
    storeExternalId: null,
    occurredAt: sale.occurredAt,
    ...inCompanyTime(sale.occurredAt, timeZone),
    currency: sale.currency ?? currency,
    lines: normalizeLines(sale.lines, isRefund),
  }
}

/** The sales of a Standard Webhooks payload; a batch sale with `refundOf` is a refund. */
export function salesOfPayload(payload: PosPayload, timeZone: string, currency: string): NormalizedSale[] {
  switch (payload.type) {
    case 'sale.completed':
      return [normalizeSale(payload.data, false, timeZone, currency)]
    case 'sale.refunded':
      return [normalizeSale(payload.data, true, timeZone, currency)]
    case 'sales.batch':
      return payload.data.sales.map((sale) => normalizeSale(sale, false, timeZone, currency))
  }
}

/** Errors for sales in a currency other than the company's (amounts could not be added up). */
export function currencyErrors(sales: NormalizedSale[], currency: string, pathOf: (index: number) => string) {
  return sales.flatMap((sale, i) =>
    sale.currency === currency ? [] : [{ path: pathOf(i), message: `is ${sale.currency}; this company reports in ${currency}`, code: 'currency' }],
  )
}
