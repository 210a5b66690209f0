// Reading the sales ledger: net sales by store, region, day, month or SKU from the daily rollups,
// the sales still waiting for master data, and archived store-months of raw sales.
import { z } from '@hono/zod-openapi'
import { codeSchema, dateSchema, storeCodeSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { salesSummary, SUMMARY_GROUPINGS, unmatchedSales } from './ledger-reads'
import { notFound } from '../lib/problem'
import { ARCHIVED_MONTH, readArchivedMonth } from './archive'
import { REFUND_HOLDS } from './refunds'

const TAG = 'Sales'

const SummaryQuery = z.object({
  from: dateSchema,
  to: dateSchema,
  regionCode: codeSchema.optional(),
  storeCode: storeCodeSchema.optional(),
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
    reason: z.enum(['unknown_store', 'unknown_sku', ARCHIVED_MONTH, ...REFUND_HOLDS]).openapi({
      description:
        'What it waits for: a store or SKU in master data, or, for a refund, its sale (`refund_awaiting_sale`); the other `refund_…` reasons are final: the refund asks back what its sale does not have; `month_archived`: it arrived after its month was archived (RAW_RETENTION_MONTHS), whose figures stay as they were',
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
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/sales/archive/{storeCode}/{month}',
      tags: [TAG],
      summary: 'The raw sales of an archived store-month (NDJSON, one sale per line)',
      description:
        'Raw sale lines older than RAW_RETENTION_MONTHS (default 13) are moved to R2 by store and month; rollups, achievement and ' +
        'reports are unchanged. Each line is one sale: sourceId, saleId, kind, refundOf, storeCode, regionCode, occurredAt, day, ' +
        'currency, holdReason and its lines (lineNo, sku, qty, unitPrice, amount in minor units, codes).',
      request: { params: z.object({ storeCode: storeCodeSchema, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').openapi({ example: '2025-06' }) }) },
      responses: {
        200: { description: 'The archived sales', content: { 'application/x-ndjson': { schema: z.string() } } },
        404: problem('This store-month is not archived'),
      },
    }),
    async (c) => {
      const { storeCode, month } = c.req.valid('param')
      const object = await readArchivedMonth(c.env, (region) => c.get('scope').assertRead(region), storeCode, month)
      if (!object) throw notFound(`The sales of ${storeCode} in ${month} are not archived; read them from /v1/sales/summary.`)
      return new Response(object.body, { status: 200, headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' } })
    },
  )
