// Shopify's orders/create and refunds/create webhooks as normalised sales. The store comes from
// the order's `location_id` through the store's `externalIds.shopify`; an online order has none and
// stays unmatched until HQ maps it.
import { z } from '@hono/zod-openapi'
import { codeSchema, instantSchema } from '../lib/fields'
import type { FieldError } from '../lib/problem'
import { toMinorUnits } from '../lib/money'
import { inCompanyTime, lineBoundErrors, normalizeLines, type NormalizedSale } from './normalize'

const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String)
const priceSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const minor = toMinorUnits(value)
  if (minor === null || minor < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a non-negative amount with at most 2 decimals' })
    return z.NEVER
  }
  return minor
})
// The API's instant rule: a month 13 or 99:99:99 is a 422 here, never a RangeError (500) when the day is taken.
const instant = instantSchema

const ShopifyLineItem = z.object({
  id: idSchema,
  // Under the code rule like every other SKU (a full-width or decomposed spelling is the product's
  // SKU, an invisible character is refused); a blank SKU is a missing one, named below.
  sku: z.preprocess((sku) => (typeof sku === 'string' && sku.trim() === '' ? null : sku), codeSchema.nullable()),
  quantity: z.number().int().positive(),
  price: priceSchema,
})

export const ShopifyOrder = z.object({
  id: idSchema,
  created_at: instant,
  currency: z.string().regex(/^[A-Z]{3}$/),
  location_id: idSchema.nullable().optional(),
  line_items: z.array(ShopifyLineItem).min(1),
})

export const ShopifyRefund = z.object({
  id: idSchema,
  order_id: idSchema,
  created_at: instant,
  refund_line_items: z
    .array(
      z.object({
        quantity: z.number().int().positive(),
        location_id: idSchema.nullable().optional(),
        line_item: ShopifyLineItem.extend({ quantity: z.number().int().nonnegative() }),
      }),
    )
    .min(1, 'a refund without refund line items changes no sale'),
})

/**
 * Parses a Shopify payload keeping its ids exact: Shopify ids go past 2^53 (820982911946154508),
 * which JSON.parse would round, so integer values of id fields are read as strings.
 */
export function parseShopifyJson(body: string): unknown {
  return JSON.parse(body.replace(/"(id|order_id|location_id|line_item_id)"(\s*):(\s*)(\d{16,})/g, '"$1"$2:$3"$4"'))
}

export const shopifySaleId = {
  order: (id: string) => `order:${id}`,
  refund: (id: string) => `refund:${id}`,
}

const SHOPIFY_LINE_FIELDS = { qty: 'quantity', unitPrice: 'price' }

function skuErrors(items: { sku: string | null }[], path: (i: number) => string): FieldError[] {
  return items.flatMap((item, i) => (item.sku ? [] : [{ path: path(i), message: 'a line item without a SKU cannot be counted', code: 'missing_sku' }]))
}

export function saleOfOrder(order: z.output<typeof ShopifyOrder>, timeZone: string): { sale: NormalizedSale; errors: FieldError[] } {
  const errors = [
    ...skuErrors(order.line_items, (i) => `line_items.${i}.sku`),
    ...order.line_items.flatMap((item, i) => lineBoundErrors({ qty: item.quantity, unitPrice: item.price }, `line_items.${i}`, SHOPIFY_LINE_FIELDS)),
  ]
  const sale: NormalizedSale = {
    saleId: shopifySaleId.order(order.id),
    kind: 'sale',
    refundOf: null,
    storeCode: null,
    storeVendor: 'shopify',
    storeExternalId: order.location_id ?? null,
    occurredAt: order.created_at,
    ...inCompanyTime(order.created_at, timeZone),
    currency: order.currency,
    lines: normalizeLines(
      order.line_items.map((item) => ({ sku: item.sku ?? '', qty: item.quantity, unitPrice: item.price })),
      false,
    ),
  }
  return { sale, errors }
}

/**
 * A refund counts on its own date at the refunded line's price. Its store is the location of the
 * refund line items or, when they carry none, the store of the order it refunds (vendor `sale`:
 * the ledger resolves it from that sale, whenever the order arrives).
 */
export function saleOfRefund(refund: z.output<typeof ShopifyRefund>, timeZone: string, currency: string): { sale: NormalizedSale; errors: FieldError[] } {
  const errors = [
    ...skuErrors(
      refund.refund_line_items.map((r) => r.line_item),
      (i) => `refund_line_items.${i}.line_item.sku`,
    ),
    ...refund.refund_line_items.flatMap((r, i) =>
      lineBoundErrors({ qty: r.quantity, unitPrice: r.line_item.price }, `refund_line_items.${i}`, { qty: 'quantity', unitPrice: 'line_item.price' }),
    ),
  ]
  const locationId = refund.refund_line_items.find((r) => r.location_id)?.location_id ?? null
  const sale: NormalizedSale = {
    saleId: shopifySaleId.refund(refund.id),
    kind: 'refund',
    refundOf: shopifySaleId.order(refund.order_id),
    storeCode: null,
    storeVendor: locationId ? 'shopify' : 'sale',
    storeExternalId: locationId ?? shopifySaleId.order(refund.order_id),
    occurredAt: refund.created_at,
    ...inCompanyTime(refund.created_at, timeZone),
    currency,
    lines: normalizeLines(
      refund.refund_line_items.map((r) => ({ sku: r.line_item.sku ?? '', qty: r.quantity, unitPrice: r.line_item.price })),
      true,
    ),
  }
  return { sale, errors }
}
