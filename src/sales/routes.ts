// Reading the sales ledger: net sales by store, region, day, month or SKU from the daily rollups,
// and the sales still waiting for master data.
import { z } from '@hono/zod-openapi'
import { codeSchema, dateSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { salesSummary, SUMMARY_GROUPINGS, unmatchedSales } from './ledger-reads'
import { REFUND_HOLDS } from './refunds'

const TAG = 'Sales'

const SummaryQuery = z.object({
  from: dateSchema,
  to: dateSchema,
  regionCode: codeSchema.optional(),
  storeCode: codeSchema.optional(),
  groupBy: z.enum(SUMMARY_GROUPINGS).default('store'),
})

const SummaryRow = z.object({
  key: z.string(),
  amount: z.number().openapi({ description: 'Net of refunds, major units' }),
  qty: z.number().int(),
  sales: z.number().int().openapi({ description: 'Number of sales (refunds not counted)' }),
})

const UnmatchedSale = z
  .object({
    sourceId: z.string(),
    saleId: z.string(),
    kind: z.enum(['sale', 'refund']),
    reason: z.enum(['unknown_store', 'unknown_sku', ...REFUND_HOLDS]).openapi({
      description: 'What it waits for: a store or SKU in master data, or, for a refund, its sale (`refund_awaiting_sale`); the other `refund_…` reasons are final: the refund asks back what its sale does not have',
    }),
    refundOf: z.string().nullable(),
    storeCode: z.string().nullable(),
    storeRef: z.string().nullable().openapi({ description: 'The vendor location the sale named, when no store is mapped to it' }),
    unknownSkus: z.array(z.string()),
    occurredAt: z.string(),
    day: z.string(),
    amount: z.number(),
    receivedAt: z.string(),
  })
  .openapi('UnmatchedSale')

export const salesRoutes = createRouter()
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/sales/summary',
      tags: [TAG],
      summary: 'Net sales by store, region, day, month or SKU',
      description: 'Days are calendar days in the company time zone, `from` and `to` included. Read from the daily rollups.',
      request: { query: SummaryQuery },
      responses: {
        200: { description: 'Rows ordered by key', content: { 'application/json': { schema: z.object({ rows: z.array(SummaryRow) }) } } },
        404: problem('Unknown store'),
      },
    }),
    async (c) => c.json({ rows: await salesSummary(c.env, c.get('scope'), c.req.valid('query')) }, 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/sales/unmatched',
      tags: [TAG],
      summary: 'Sales kept while their store or SKU is unknown',
      description:
        'They count nowhere yet; when the store, its external id or the SKU is added to master data they are folded into the ledger ' +
        'and leave this list. Sales of an unknown store are visible to HQ only.',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: { 200: { description: 'Oldest first', content: { 'application/json': { schema: z.object({ sales: z.array(UnmatchedSale) }) } } } },
    }),
    async (c) => c.json({ sales: await unmatchedSales(c.env, c.get('scope'), c.req.valid('query').limit) }, 200),
  )
