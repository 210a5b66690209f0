// Reads of the sales ledger: net sales grouped from the daily rollups, and the sales still waiting
// for master data (or, for a refund, for its sale).
import type { ARCHIVED_MONTH } from './archive'
import { and, between, eq, sql } from 'drizzle-orm'
import type { RegionScope } from '../auth/scope'
import { database } from '../db/client'
import { salesDaily, salesDailySku, stores } from '../db/schema'
import type { Env } from '../env'
import { toMajorUnits } from '../lib/money'
import { invalid, notFound } from '../lib/problem'
import type { RefundHold } from './refunds'

export const SUMMARY_GROUPINGS = ['store', 'region', 'day', 'month', 'sku'] as const

export interface SummaryQuery {
  from: string
  to: string
  regionCode?: string
  storeCode?: string
  groupBy: (typeof SUMMARY_GROUPINGS)[number]
}

/** Net sales by the grouping asked, days in the company time zone, `from` and `to` included. */
export async function salesSummary(env: Env, scope: RegionScope, q: SummaryQuery) {
  if (q.to < q.from) throw invalid([{ path: 'to', message: 'must not be before from' }])
  const db = database(env)
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
    .where(and(between(table.day, q.from, q.to), scope.where(table.regionCode, q.regionCode), q.storeCode ? eq(table.storeCode, q.storeCode) : undefined))
    .groupBy(keyColumn)
    .orderBy(keyColumn)
    .all()
  return rows.map((r) => ({ key: r.key, amount: toMajorUnits(r.amount), qty: r.qty, sales: r.sales }))
}

/** Why an unmatched sale waits: a refund's own hold first, then what master data lacks. */
function unmatchedReason(row: Record<string, unknown>): 'unknown_store' | 'unknown_sku' | typeof ARCHIVED_MONTH | RefundHold {
  if (row.hold_reason) return row.hold_reason as RefundHold | typeof ARCHIVED_MONTH
  if (row.known_store === null) return 'unknown_store'
  if (row.kind === 'refund' && row.unknown_skus === '[]') return 'refund_awaiting_sale'
  return 'unknown_sku'
}

/** Unmatched sales oldest first; those of an unknown store only for HQ (they have no region). */
export async function unmatchedSales(env: Env, scope: RegionScope, limit: number) {
  const regions = scope.readable()
  const regionFilter = regions === null ? '' : `AND st.region_code IN (SELECT value FROM json_each(?))`
  const statement = env.DB.prepare(
    `SELECT s.source_id, s.sale_id, s.kind, s.refund_of, s.hold_reason, s.store_code, s.store_vendor, s.store_external_id, s.occurred_at, s.day,
            (SELECT r.received_at FROM webhook_receipts r WHERE r.source_id = s.source_id AND r.webhook_id = s.webhook_id) AS received_at,
            st.code AS known_store,
            (SELECT json_group_array(DISTINCT l.sku) FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id
               AND NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = l.sku)) AS unknown_skus,
            (SELECT coalesce(sum(l.amount), 0) FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id) AS amount
     FROM sales s LEFT JOIN stores st ON st.code = s.store_code
     WHERE s.matched = 0 ${regionFilter}
     ORDER BY received_at, s.source_id, s.sale_id LIMIT ?`,
  )
  const bound = regions === null ? statement.bind(limit) : statement.bind(JSON.stringify(regions), limit)
  const { results } = await bound.all<Record<string, string | number | null>>()
  return results.map((r) => ({
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
  }))
}
