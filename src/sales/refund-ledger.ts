// Reconciling a ledger batch's refunds (sales/refunds.ts) against what the ledger holds: the new
// refunds of the batch, and the refunds that were waiting for a sale this batch brings. The ledger
// is read before the batch is written, so the batch starts with a guard that fails it (it is then
// retried and reads again) if another write changed what was read: a sale or refund of the same
// sale arriving at the same time can neither be missed nor take the same units twice.
import { abortUnless, statement, type Statement } from '../db/bulk'
import { SALE_KEYS } from '../channel/checks'
import type { LedgerSale } from './ledger'
import { AWAITING_SALE, reconcileRefunds, type ReconciledLine, type RefundClaim, type RefundedSale, type RefundHold } from './refunds'

export interface ReconciledBatch {
  /** The batch with each new refund's hold (null when it counts). */
  sales: LedgerSale[]
  /** The guard and the new verdicts of refunds that were waiting; run before the ledger's own statements. */
  statements: Statement[]
  /** Waiting refunds that now count: their store-days are rolled up with the batch. */
  released: [string, string][]
}

const keyOf = (sourceId: string, saleId: string) => `${sourceId}\u001f${saleId}`
const storeRefOf = (s: { storeCode: string | null; storeVendor: string | null; storeExternalId: string | null }) =>
  s.storeVendor === 'sale' ? null : (s.storeCode ?? (s.storeVendor ? `${s.storeVendor}:${s.storeExternalId ?? ''}` : null))
const unsigned = (lines: { sku: string; qty: number; unitPrice: number }[]): ReconciledLine[] =>
  lines.map((l) => ({ sku: l.sku, qty: Math.abs(l.qty), unitPrice: l.unitPrice }))

interface StoredSale {
  source_id: string
  sale_id: string
  kind: 'sale' | 'refund'
  refund_of: string | null
  store_code: string | null
  store_vendor: string | null
  store_external_id: string | null
  occurred_at: string
  hold_reason: string | null
  /** JSON `[[sku, qty, unitPrice], …]`. */
  lines: string
}

const STORED_SALE = `s.source_id, s.sale_id, s.kind, s.refund_of, s.store_code, s.store_vendor, s.store_external_id, s.occurred_at, s.hold_reason,
  (SELECT json_group_array(json_array(l.sku, l.qty, l.unit_price)) FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id) AS lines`

const storedLines = (row: StoredSale) => (JSON.parse(row.lines) as [string, number, number][]).map(([sku, qty, unitPrice]) => ({ sku, qty, unitPrice }))

export async function reconcileBatch(d1: D1Database, batch: LedgerSale[]): Promise<ReconciledBatch> {
  const saleKeys = JSON.stringify(batch.filter((s) => s.kind === 'sale').map((s) => [s.sourceId, s.saleId]))
  const refunds = batch.filter((s) => s.kind === 'refund' && s.refundOf !== null)
  const waiting = await d1
    .prepare(`SELECT ${STORED_SALE} FROM sales s WHERE s.kind = 'refund' AND s.hold_reason = ? AND (s.source_id, s.refund_of) IN ${SALE_KEYS}`)
    .bind(AWAITING_SALE, saleKeys)
    .all<StoredSale>()
  const originals = new Map<string, [string, string]>()
  for (const r of refunds) originals.set(keyOf(r.sourceId, r.refundOf!), [r.sourceId, r.refundOf!])
  for (const r of waiting.results) originals.set(keyOf(r.source_id, r.refund_of!), [r.source_id, r.refund_of!])
  const guardKeys = JSON.stringify(waiting.results.map((r) => [r.source_id, r.sale_id]))
  // A refund arriving now that would wait for one of this batch's sales must not be missed.
  const statements = [
    abortUnless(
      `NOT EXISTS (SELECT 1 FROM sales r WHERE r.kind = 'refund' AND r.hold_reason = ? AND (r.source_id, r.refund_of) IN ${SALE_KEYS}
                   AND (r.source_id, r.sale_id) NOT IN ${SALE_KEYS})`,
      [AWAITING_SALE, saleKeys, guardKeys],
    ),
  ]
  if (originals.size === 0) return { sales: batch, statements, released: [] }

  const originalKeys = JSON.stringify([...originals.values()])
  const refundKeys = JSON.stringify(refunds.map((r) => [r.sourceId, r.saleId]))
  const [stored, counted, tally, resent] = await d1.batch([
    d1.prepare(`SELECT ${STORED_SALE} FROM sales s WHERE (s.source_id, s.sale_id) IN ${SALE_KEYS}`).bind(originalKeys),
    d1
      .prepare(
        `SELECT r.source_id, r.refund_of, l.sku, -sum(l.qty) AS qty FROM sales r JOIN sale_lines l ON l.source_id = r.source_id AND l.sale_id = r.sale_id
         WHERE r.kind = 'refund' AND r.hold_reason IS NULL AND (r.source_id, r.refund_of) IN ${SALE_KEYS} GROUP BY r.source_id, r.refund_of, l.sku`,
      )
      .bind(originalKeys),
    d1
      .prepare(
        `SELECT r.source_id, r.refund_of, count(*) AS refunds FROM sales r
         WHERE r.kind = 'refund' AND r.hold_reason IS NULL AND (r.source_id, r.refund_of) IN ${SALE_KEYS} GROUP BY r.source_id, r.refund_of`,
      )
      .bind(originalKeys),
    d1.prepare(`SELECT source_id, sale_id FROM sales WHERE (source_id, sale_id) IN ${SALE_KEYS}`).bind(refundKeys),
  ])
  const storedSales = new Map((stored!.results as StoredSale[]).map((row) => [keyOf(row.source_id, row.sale_id), row]))
  const refunded = new Map<string, Record<string, number>>()
  for (const row of counted!.results as { source_id: string; refund_of: string; sku: string; qty: number }[]) {
    const units = refunded.get(keyOf(row.source_id, row.refund_of)) ?? {}
    units[row.sku] = row.qty
    refunded.set(keyOf(row.source_id, row.refund_of), units)
  }
  const refundsCounted = new Map((tally!.results as { source_id: string; refund_of: string; refunds: number }[]).map((r) => [keyOf(r.source_id, r.refund_of), r.refunds]))
  const alreadyInLedger = new Set((resent!.results as { source_id: string; sale_id: string }[]).map((r) => keyOf(r.source_id, r.sale_id)))
  const inBatch = new Map(batch.map((s) => [keyOf(s.sourceId, s.saleId), s]))

  const verdicts = new Map<string, RefundHold | null>()
  for (const [key] of originals) {
    const row = storedSales.get(key)
    const fresh = inBatch.get(key)
    const sale: RefundedSale | null = row
      ? { kind: row.kind, storeRef: storeRefOf({ storeCode: row.store_code, storeVendor: row.store_vendor, storeExternalId: row.store_external_id }), lines: unsigned(storedLines(row)), refunded: refunded.get(key) ?? {} }
      : fresh
        ? { kind: fresh.kind, storeRef: storeRefOf(fresh), lines: unsigned(fresh.lines), refunded: {} }
        : null
    const claims: RefundClaim[] = [
      ...refunds
        .filter((r) => keyOf(r.sourceId, r.refundOf!) === key && !alreadyInLedger.has(keyOf(r.sourceId, r.saleId)))
        .map((r) => ({ key: keyOf(r.sourceId, r.saleId), storeRef: storeRefOf(r), occurredAt: r.occurredAt, saleId: r.saleId, lines: unsigned(r.lines) })),
      ...waiting.results
        .filter((r) => keyOf(r.source_id, r.refund_of!) === key)
        .map((r) => ({
          key: keyOf(r.source_id, r.sale_id),
          storeRef: storeRefOf({ storeCode: r.store_code, storeVendor: r.store_vendor, storeExternalId: r.store_external_id }),
          occurredAt: r.occurred_at,
          saleId: r.sale_id,
          lines: unsigned(storedLines(r)),
        })),
    ]
    for (const [claimKey, hold] of reconcileRefunds(sale, claims)) verdicts.set(claimKey, hold)
  }

  // What was read must still hold when the batch runs: the sales named, and the refunds counted on them.
  const expected = [...originals.entries()].map(([key, [sourceId, saleId]]) => [
    sourceId,
    saleId,
    storedSales.has(key) ? 1 : 0,
    refundsCounted.get(key) ?? 0,
  ])
  statements.push(
    abortUnless(
      `NOT EXISTS (SELECT 1 FROM json_each(?) e WHERE
         (SELECT count(*) FROM sales o WHERE o.source_id = json_extract(e.value, '$[0]') AND o.sale_id = json_extract(e.value, '$[1]')) <> json_extract(e.value, '$[2]')
         OR (SELECT count(*) FROM sales r WHERE r.kind = 'refund' AND r.hold_reason IS NULL AND r.source_id = json_extract(e.value, '$[0]')
             AND r.refund_of = json_extract(e.value, '$[1]')) <> json_extract(e.value, '$[3]'))`,
      [JSON.stringify(expected)],
    ),
  )
  const decided = waiting.results.map((r) => ({ row: r, hold: verdicts.get(keyOf(r.source_id, r.sale_id)) ?? null })).filter((d) => d.hold !== AWAITING_SALE)
  if (decided.length > 0) {
    statements.push(
      statement(
        `UPDATE sales SET hold_reason = (SELECT json_extract(e.value, '$[2]') FROM json_each(?1) e
                                        WHERE json_extract(e.value, '$[0]') = sales.source_id AND json_extract(e.value, '$[1]') = sales.sale_id)
         WHERE (source_id, sale_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))`,
        JSON.stringify(decided.map((d) => [d.row.source_id, d.row.sale_id, d.hold])),
      ),
    )
  }
  return {
    sales: batch.map((s) => (s.kind === 'refund' && verdicts.has(keyOf(s.sourceId, s.saleId)) ? { ...s, holdReason: verdicts.get(keyOf(s.sourceId, s.saleId)) ?? null } : s)),
    statements,
    released: decided.filter((d) => d.hold === null).map((d) => [d.row.source_id, d.row.sale_id]),
  }
}
