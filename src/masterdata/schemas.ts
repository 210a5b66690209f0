// What master data looks like on the wire: input rows (JSON or CSV) and the records GET returns.
import { z } from '@hono/zod-openapi'
import { codeSchema, dateSchema, dealerCodeSchema, nameSchema, numberSchema, optionalText, skuSchema, storeCodeSchema } from '../lib/fields'
import { moneySchema } from '../lib/money'
import { DECIMAL_TEXT, foldNumberText } from '../lib/numbers'
import { MAX_TIER_WEIGHT, tierWeight } from '../targets/plan'

export const MAX_ROWS_PER_UPSERT = 10_000

const vendorSchema = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'vendor must be 1–32 of a-z, 0-9, _ and -')

export const RegionInput = z
  .object({
    code: codeSchema,
    name: nameSchema,
    managerEmail: z.email('must be an email address').optional().nullable(),
  })
  .openapi('RegionInput')

export const DealerInput = z
  .object({ code: dealerCodeSchema, name: nameSchema, regionCode: codeSchema })
  .openapi('DealerInput')

export const CHANNELS = ['direct', 'franchise', 'dealer'] as const

const TIER_MAX_LENGTH = 16
const NUMBER_LIKE = /^[+-]?[\d.,\s]*\d[\d.,\s]*$/
const TIER_WEIGHT_RULE = `a numeric tier is a planning weight: a whole number from 1 to ${MAX_TIER_WEIGHT.toLocaleString('en-US')}`

/**
 * A store's tier: text (`A`) or a number (`1`), stored and returned as text (`"1"`). A number, or
 * text that reads as one (`"1"`, `"１"`, `"1.5"`), is the store's weight when planning by tier, so
 * it must be one the planner can use (tierWeight) rather than be averaged away unnoticed.
 */
const tierSchema = z
  .union([z.number(), z.string()])
  .optional()
  .nullable()
  .transform((value, ctx) => {
    if (value === undefined || value === null) return null
    const text = typeof value === 'number' ? String(value) : value.trim()
    if (text === '') return null
    // Text that looks like a number at all ("1,000", "+1") is held to the weight rule, never
    // stored as a letter-like tier the planner would average away.
    const numeric = typeof value === 'number' || DECIMAL_TEXT.test(foldNumberText(text)) || NUMBER_LIKE.test(foldNumberText(text))
    const problem = numeric && tierWeight(text) === null ? TIER_WEIGHT_RULE : text.length > TIER_MAX_LENGTH ? `must be at most ${TIER_MAX_LENGTH} characters` : null
    if (problem === null) return text
    ctx.addIssue({ code: 'custom', message: problem })
    return z.NEVER
  })
  .openapi({
    example: 'A',
    description:
      `Text of up to ${TIER_MAX_LENGTH} characters (S, A, B, C, D weigh 5 to 1 when planning by tier) or a number. A number, or text ` +
      `that reads as one in half or full width (\`1\`, \`１\`, \`1.5\`), is the store's weight when planning by tier and must be a ` +
      `whole number from 1 to ${MAX_TIER_WEIGHT.toLocaleString('en-US')}. Stored and returned as text: \`1\` is returned as \`"1"\`.`,
  })

export const StoreInput = z
  .object({
    code: storeCodeSchema,
    name: nameSchema,
    regionCode: codeSchema,
    dealerCode: dealerCodeSchema.optional().nullable(),
    channel: z.enum(CHANNELS),
    openedOn: dateSchema.optional().nullable(),
    closedOn: dateSchema.optional().nullable(),
    tier: tierSchema,
    areaSqm: numberSchema().pipe(z.number().positive('must be positive')).optional().nullable(),
    managerName: optionalText(100).optional().openapi({ description: 'The store manager (店长) the quarterly scorecard names', example: '王丽' }),
    externalIds: z
      .record(vendorSchema, z.string().trim().min(1).max(128))
      .optional()
      .openapi({ description: 'Ids of this store in POS vendors’ systems, by vendor (Shopify’s `location_id`)', example: { shopify: '70000000000' } }),
  })
  .superRefine((store, ctx) => {
    if (store.openedOn && store.closedOn && store.closedOn < store.openedOn) {
      ctx.addIssue({ code: 'custom', path: ['closedOn'], message: 'must not be before openedOn' })
    }
    if (store.channel === 'dealer' && !store.dealerCode) {
      ctx.addIssue({ code: 'custom', path: ['dealerCode'], message: 'is required for a dealer-channel store' })
    }
  })
  .openapi('StoreInput')

export const ProductInput = z
  .object({
    sku: skuSchema,
    name: nameSchema,
    category: optionalText(64),
    listPrice: moneySchema().optional().nullable(),
    floorPrice: moneySchema().optional().nullable(),
    costPrice: moneySchema()
      .optional()
      .nullable()
      .openapi({ description: 'Cost price (成本价), kept with the day it takes effect; left out or blank keeps the cost history as it is', example: 89.5 }),
    costEffectiveFrom: dateSchema
      .optional()
      .nullable()
      .openapi({ description: 'The first day `costPrice` applies to sales; default today in the company time zone', example: '2027-03-16' }),
  })
  .superRefine((product, ctx) => {
    if (product.listPrice != null && product.floorPrice != null && product.floorPrice > product.listPrice) {
      ctx.addIssue({ code: 'custom', path: ['floorPrice'], message: 'must not be above listPrice' })
    }
    if (product.costEffectiveFrom != null && product.costPrice == null) {
      ctx.addIssue({ code: 'custom', path: ['costEffectiveFrom'], message: 'needs a costPrice' })
    }
  })
  .openapi('ProductInput')

const rowsOf = <T extends z.ZodType>(schema: T) =>
  z.array(schema).min(1, 'must hold at least one row').max(MAX_ROWS_PER_UPSERT, `at most ${MAX_ROWS_PER_UPSERT} rows per request`)

export const RegionsBody = z.object({ regions: rowsOf(RegionInput) })
export const DealersBody = z.object({ dealers: rowsOf(DealerInput) })
export const StoresBody = z.object({ stores: rowsOf(StoreInput) })
export const ProductsBody = z.object({ products: rowsOf(ProductInput) })

export const Region = z
  .object({ code: z.string(), name: z.string(), managerEmail: z.string().nullable() })
  .openapi('Region')
export const Dealer = z.object({ code: z.string(), name: z.string(), regionCode: z.string() }).openapi('Dealer')
export const Store = z
  .object({
    code: z.string(),
    name: z.string(),
    regionCode: z.string(),
    dealerCode: z.string().nullable(),
    channel: z.enum(CHANNELS),
    openedOn: z.string().nullable(),
    closedOn: z.string().nullable(),
    tier: z.string().nullable(),
    areaSqm: z.number().nullable(),
    managerName: z.string().nullable(),
    externalIds: z.record(z.string(), z.string()).openapi({ example: { shopify: '70000000000' } }),
  })
  .openapi('Store')
export const Product = z
  .object({
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    listPrice: z.number().nullable(),
    floorPrice: z.number().nullable(),
    costPrice: z.number().nullable().openapi({ description: 'The cost price valid today (null when none is set yet)' }),
  })
  .openapi('Product')

export const ProductCost = z
  .object({
    effectiveFrom: z.string().openapi({ example: '2027-03-16' }),
    costPrice: z.number().openapi({ example: 89.5 }),
    setAt: z.string().openapi({ description: 'When this cost was last written' }),
  })
  .openapi('ProductCost')

export const UpsertWarning = z
  .object({ path: z.string(), message: z.string(), row: z.number().int().optional().openapi({ description: 'The CSV line, for a CSV upload' }), code: z.string().optional() })
  .openapi('UpsertWarning')

export const UpsertResult = z
  .object({
    upserted: z.number().int().openapi({ description: 'Rows received and now stored' }),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    salesMatched: z.number().int().optional().openapi({ description: 'Waiting sales that matched this master data and now count' }),
    warnings: z.array(UpsertWarning).optional().openapi({ description: 'What was stored but looks wrong (a cost above the list price); present when there is any' }),
  })
  .openapi('UpsertResult')

export type RegionInput = z.output<typeof RegionInput>
export type DealerInput = z.output<typeof DealerInput>
export type StoreInput = z.output<typeof StoreInput>
export type ProductInput = z.output<typeof ProductInput>
export type Region = z.output<typeof Region>
export type Dealer = z.output<typeof Dealer>
export type Store = z.output<typeof Store>
export type Product = z.output<typeof Product>
export type ProductCost = z.output<typeof ProductCost>
