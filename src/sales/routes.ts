// Reading the sales ledger: net sales by store, region, day, month or SKU from the daily rollups,
// and the sales still waiting for master data.
import { z } from '@hono/zod-openapi'
import { and, between, eq, sql } from 'drizzle-orm'
import { database } from '../db/client'
import { salesDaily, salesDailySku, stores } from '../db/schema'
import { codeSchema, dateSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, notFound } from '../lib/problem'
import { toMajorUnits } from '../lib/money'
import { REFUND_HOLDS, type RefundHold } from './refunds'

const TAG = 'Sales'
const GROUPINGS = ['store', 'region', 'day', 'month', 'sku'] as const

const SummaryQuery = z.object({
  from: dateSchema,
  to: dateSchema,
  regionCode: codeSchema.optional(),
  storeCode: codeSchema.optional(),
  groupBy: z.enum(GROUPINGS).default('store'),
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

/** Why an unmatched sale waits: a refund's own hold first, then what master data lacks. */
function unmatchedReason(row: Record<string, unknown>): 'unknown_store' | 'unknown_sku' | RefundHold {
  if (row.hold_reason) return row.hold_reason as RefundHold
  if (row.known_store === null) return 'unknown_store'
  if (row.kind === 'refund' && row.unknown_skus === '[]') return 'refund_awaiting_sale'
  return 'unknown_sku'
}

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
    async (c) => {
      const q = c.req.valid('query')
      if (q.to < q.from) throw invalid([{ path: 'to', message: 'must not be before from' }])
      const db = database(c.env)
      const scope = c.get('scope')
      if (q.storeCode) {
        const store = await db.select({ regionCode: stores.regionCode }).from(stores).where(eq(stores.code, q.storeCode)).get()
        if (!store) throw notFound(`There is no store ${q.storeCode}.`)
        scope.assertRead(store.regionCode)
      }
      const table = q.groupBy === 'sku' ? salesDailySku : salesDaily
      const keyColumn = {
        store: table.storeCode,
        region: table.regionCode,
        day: table.day,
        month: sql<string>`substr(${table.day}, 1, 7)`,
        sku: salesDailySku.sku,
      }[q.groupBy]
      const rows = await db
        .select({
          key: sql<string>`${keyColumn}`,
          amount: sql<number>`sum(${table.amount})`,
          qty: sql<number>`sum(${table.qty})`,
          sales: sql<number>`sum(${table.sales})`,
        })
        .from(table)
        .where(
          and(
            between(table.day, q.from, q.to),
            scope.where(table.regionCode, q.regionCode),
            q.storeCode ? eq(table.storeCode, q.storeCode) : undefined,
          ),
        )
        .groupBy(keyColumn)
        .orderBy(keyColumn)
        .all()
      return c.json({ rows: rows.map((r) => ({ key: r.key, amount: toMajorUnits(r.amount), qty: r.qty, sales: r.sales })) }, 200)
    },
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
    async (c) => {
      const { limit } = c.req.valid('query')
      const scope = c.get('scope')
      const regions = scope.readable()
      const regionFilter = regions === null ? '' : `AND st.region_code IN (SELECT value FROM json_each(?))`
      const statement = c.env.DB.prepare(
        `SELECT s.source_id, s.sale_id, s.kind, s.refund_of, s.hold_reason, s.store_code, s.store_vendor, s.store_external_id, s.occurred_at, s.day, s.received_at,
                st.code AS known_store,
                (SELECT json_group_array(DISTINCT l.sku) FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id
                   AND NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = l.sku)) AS unknown_skus,
                (SELECT coalesce(sum(l.amount), 0) FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id) AS amount
         FROM sales s LEFT JOIN stores st ON st.code = s.store_code
         WHERE s.matched = 0 ${regionFilter}
         ORDER BY s.received_at, s.source_id, s.sale_id LIMIT ?`,
      )
      const bound = regions === null ? statement.bind(limit) : statement.bind(JSON.stringify(regions), limit)
      const { results } = await bound.all<Record<string, string | number | null>>()
      return c.json(
        {
          sales: results.map((r) => ({
            sourceId: String(r.source_id),
            saleId: String(r.sale_id),
            kind: r.kind as 'sale' | 'refund',
            reason: unmatchedReason(r),
            refundOf: (r.refund_of as string | null) ?? null,
            storeCode: (r.store_code as string | null) ?? null,
            storeRef: r.store_vendor ? `${r.store_vendor}:${r.store_external_id ?? ''}` : null,
            unknownSkus: JSON.parse(String(r.unknown_skus ?? '[]')) as string[],
            occurredAt: String(r.occurred_at),
            day: String(r.day),
            amount: toMajorUnits(Number(r.amount)),
            receivedAt: String(r.received_at),
          })),
        },
        200,
      )
    },
  )
