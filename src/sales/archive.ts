// Raw sale lines past their retention (RAW_RETENTION_MONTHS, default 13) move from D1 to R2, one
// object per store and month, so years of figures fit in one database: the rollups, the sold unit
// codes and a registry of what was archived stay in D1, and reports, achievement and the channel
// checks read only those. An archived month is written only when its lines sum to its rollup, and
// its sales leave D1 in the same batch that registers it. A sale of an archived month that arrives
// later is held (`month_archived`), listed with the waiting sales, never counted twice.
//
// Format: `sales/v1/{storeCode}/{YYYY-MM}.ndjson`, UTF-8, one sale per line:
//   {"sourceId","saleId","kind","refundOf","storeCode","regionCode","occurredAt","day","currency",
//    "holdReason","lines":[{"lineNo","sku","qty","unitPrice","amount","codes"}]}
// with money in minor units (fen), as the ledger keeps it.
import { SALE_KEYS } from '../channel/checks'
import { settingsOf } from '../config'
import { runBatch, statement } from '../db/bulk'
import type { Env } from '../env'

export const ARCHIVED_MONTH = 'month_archived'

/** The first month whose raw lines stay in D1 as of `today`: this month and the retention-1 before it. */
export function firstKeptMonth(today: string, retentionMonths: number): string {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - (retentionMonths - 1)
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

export const archiveKey = (storeCode: string, month: string) => `sales/v1/${encodeURIComponent(storeCode)}/${month}.ndjson`

export interface ArchivedSale {
  sourceId: string
  saleId: string
  kind: 'sale' | 'refund'
  refundOf: string | null
  storeCode: string
  regionCode: string
  occurredAt: string
  day: string
  currency: string
  holdReason: string | null
  lines: { lineNo: number; sku: string; qty: number; unitPrice: number; amount: number; codes: string[] | null }[]
}

const toNdjson = (sales: ArchivedSale[]) => sales.map((s) => JSON.stringify(s)).join('\n') + (sales.length > 0 ? '\n' : '')
export const fromNdjson = (text: string): ArchivedSale[] => text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as ArchivedSale)

/** The counted sales of a store-month still in D1, with their lines. */
async function salesInD1(env: Pick<Env, 'DB'>, storeCode: string, month: string): Promise<ArchivedSale[]> {
  const rows = await env.DB.prepare(
    `SELECT s.source_id, s.sale_id, s.kind, s.refund_of, s.store_code, s.region_code, s.occurred_at, s.day, s.currency, s.hold_reason,
            (SELECT json_group_array(json_object('lineNo', l.line_no, 'sku', l.sku, 'qty', l.qty, 'unitPrice', l.unit_price, 'amount', l.amount, 'codes', json(l.codes)))
             FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id) AS lines
     FROM sales s WHERE s.store_code = ?1 AND s.day BETWEEN ?2 || '-01' AND ?2 || '-31' AND s.matched = 1
     ORDER BY s.day, s.source_id, s.sale_id`,
  )
    .bind(storeCode, month)
    .all<Record<string, string | null>>()
  return rows.results.map((r) => ({
    sourceId: r.source_id!,
    saleId: r.sale_id!,
    kind: r.kind as 'sale' | 'refund',
    refundOf: r.refund_of ?? null,
    storeCode: r.store_code!,
    regionCode: r.region_code!,
    occurredAt: r.occurred_at!,
    day: r.day!,
    currency: r.currency!,
    holdReason: r.hold_reason ?? null,
    lines: JSON.parse(r.lines!),
  }))
}

/**
 * Moves a store-month's counted sales to R2 (merged with what an earlier run archived of it) and
 * out of D1, in one batch with the registry row. Nothing moves unless the lines sum to the month's
 * rollup. Returns how many sales left D1.
 */
export async function archiveStoreMonth(env: Pick<Env, 'DB' | 'ARCHIVE'>, storeCode: string, month: string): Promise<number> {
  const fresh = await salesInD1(env, storeCode, month)
  if (fresh.length === 0) return 0
  const key = archiveKey(storeCode, month)
  const earlier = await env.ARCHIVE.get(key)
  const merged = new Map((earlier ? fromNdjson(await earlier.text()) : []).map((s) => [`${s.sourceId}\u001f${s.saleId}`, s]))
  for (const sale of fresh) merged.set(`${sale.sourceId}\u001f${sale.saleId}`, sale)
  const sales = [...merged.values()]
  const amount = sales.reduce((n, s) => n + s.lines.reduce((m, l) => m + l.amount, 0), 0)
  const rollup = await env.DB.prepare('SELECT amount FROM sales_monthly WHERE store_code = ? AND month = ?').bind(storeCode, month).first<{ amount: number }>()
  if ((rollup?.amount ?? 0) !== amount) {
    console.error(`not archiving ${storeCode} ${month}: its lines sum to ${amount}, its rollup to ${rollup?.amount ?? 0}; the nightly reconcile looks at it`)
    return 0
  }
  const lines = sales.reduce((n, s) => n + s.lines.length, 0)
  await env.ARCHIVE.put(key, toNdjson(sales), { httpMetadata: { contentType: 'application/x-ndjson; charset=utf-8' } })
  const keys = JSON.stringify(fresh.map((s) => [s.sourceId, s.saleId]))
  await runBatch(env.DB, [
    statement(
      `INSERT INTO sales_archives (store_code, month, region_code, object_key, sales, lines, amount, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_code, month) DO UPDATE SET sales = excluded.sales, lines = excluded.lines, amount = excluded.amount, archived_at = excluded.archived_at`,
      storeCode,
      month,
      fresh[0]!.regionCode,
      key,
      sales.length,
      lines,
      amount,
      new Date().toISOString(),
    ),
    statement(`DELETE FROM sale_lines WHERE (source_id, sale_id) IN ${SALE_KEYS}`, keys),
    statement(`DELETE FROM sales WHERE (source_id, sale_id) IN ${SALE_KEYS}`, keys),
  ])
  return fresh.length
}

/** The nightly part: up to `limit` store-months past the retention that still have sales in D1. */
export async function archiveDueMonths(env: Pick<Env, 'DB' | 'ARCHIVE'> & Parameters<typeof settingsOf>[0], today: string, limit = 100): Promise<number> {
  const before = firstKeptMonth(today, settingsOf(env).rawRetentionMonths)
  const due = await env.DB.prepare(
    `SELECT m.store_code, m.month FROM sales_monthly m
     WHERE m.month < ?1 AND EXISTS (SELECT 1 FROM sales s WHERE s.store_code = m.store_code AND s.day BETWEEN m.month || '-01' AND m.month || '-31' AND s.matched = 1)
     ORDER BY m.month, m.store_code LIMIT ?2`,
  )
    .bind(before, limit)
    .all<{ store_code: string; month: string }>()
  let moved = 0
  for (const { store_code, month } of due.results) moved += await archiveStoreMonth(env, store_code, month)
  return moved
}

/** An archived store-month as stored, for a caller who may read its region; null when it is not archived. */
export async function readArchivedMonth(env: Pick<Env, 'DB' | 'ARCHIVE'>, assertRead: (regionCode: string) => void, storeCode: string, month: string) {
  const entry = await env.DB.prepare('SELECT region_code, object_key FROM sales_archives WHERE store_code = ? AND month = ?').bind(storeCode, month).first<{ region_code: string; object_key: string }>()
  if (!entry) return null
  assertRead(entry.region_code)
  return env.ARCHIVE.get(entry.object_key)
}
