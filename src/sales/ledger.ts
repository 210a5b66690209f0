// The sales ledger. Applying a batch of sales is one D1 batch (one transaction) of a few bulk
// statements, whatever the number of sales:
//   1. insert the sales, keeping any sale id already in the ledger as it is (a resend is not counted);
//   2. insert the lines of the sales this delivery created;
//   3. resolve stores given by a vendor location id, or by the sale a refund refunds;
//   4. match sales whose store and every SKU are known to master data (the rest wait, unmatched);
//   5. recompute the daily rollups of every touched store-day from the lines themselves,
//      so applying the same batch twice yields the same rollups;
//   6. run the channel checks on the new lines and queue alerts for what they raised.
import { salesChecks, SALE_KEYS, type CheckRun } from '../channel/checks'
import { chunkByBytes, insertRows, runBatch, statement, type Statement } from '../db/bulk'
import { sales } from '../db/schema'
import type { NormalizedSale } from './normalize'

export interface LedgerSale extends NormalizedSale {
  sourceId: string
  webhookId: string
  receivedAt: string
  /** A refund's verdict when reconciled against its sale (sales/refunds.ts); null when it counts. */
  holdReason?: string | null
}


/** The store-days of matched sales among the keys. */
const TOUCHED_STORE_DAYS = `(SELECT k.store_code, k.day FROM sales k WHERE k.matched = 1 AND (k.source_id, k.sale_id) IN ${SALE_KEYS})`
const TOUCHED_STORE_MONTHS = `(SELECT k.store_code, substr(k.day, 1, 7) FROM sales k WHERE k.matched = 1 AND (k.source_id, k.sale_id) IN ${SALE_KEYS})`

function insertSales(batch: LedgerSale[]): Statement[] {
  return insertRows(
    sales,
    batch.map((s) => ({
      sourceId: s.sourceId,
      saleId: s.saleId,
      kind: s.kind,
      refundOf: s.refundOf,
      storeCode: s.storeCode,
      storeVendor: s.storeVendor,
      storeExternalId: s.storeExternalId,
      occurredAt: s.occurredAt,
      day: s.day,
      isoWeek: s.isoWeek,
      currency: s.currency,
      regionCode: null,
      matched: false,
      holdReason: s.holdReason ?? null,
      webhookId: s.webhookId,
      receivedAt: s.receivedAt,
    })),
    { conflict: ['sourceId', 'saleId'], keepExisting: true },
  )
}

/** Bytes of lines per statement: each bound JSON array stays well within D1's 2 MB per value. */
const LINE_BYTES_PER_STATEMENT = 900_000

/** Lines go in only for sales whose ledger row this delivery wrote: a resend adds no lines. */
function insertLines(batch: LedgerSale[]): Statement[] {
  const lines = batch.flatMap((s) =>
    s.lines.map((l) => ({ s: s.sourceId, i: s.saleId, w: s.webhookId, n: l.lineNo, k: l.sku, q: l.qty, p: l.unitPrice, a: l.amount, c: l.codes })),
  )
  return chunkByBytes(lines, LINE_BYTES_PER_STATEMENT).map((part) =>
    statement(
    `INSERT INTO sale_lines (source_id, sale_id, line_no, sku, qty, unit_price, amount, codes)
     SELECT json_extract(j.value, '$.s'), json_extract(j.value, '$.i'), json_extract(j.value, '$.n'), json_extract(j.value, '$.k'),
            json_extract(j.value, '$.q'), json_extract(j.value, '$.p'), json_extract(j.value, '$.a'), json_extract(j.value, '$.c')
     FROM json_each(?) j
     WHERE EXISTS (SELECT 1 FROM sales s WHERE s.source_id = json_extract(j.value, '$.s') AND s.sale_id = json_extract(j.value, '$.i')
                   AND s.webhook_id = json_extract(j.value, '$.w'))
     ON CONFLICT (source_id, sale_id, line_no) DO NOTHING`,
      JSON.stringify(part),
    ),
  )
}

/** Matches the named sales whose store and every SKU are known to master data. */
const MATCH_KNOWN = `UPDATE sales SET matched = 1, region_code = (SELECT st.region_code FROM stores st WHERE st.code = sales.store_code)
  WHERE matched = 0 AND (source_id, sale_id) IN ${SALE_KEYS}
    AND EXISTS (SELECT 1 FROM stores st WHERE st.code = sales.store_code)
    AND NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.source_id = sales.source_id AND l.sale_id = sales.sale_id
                    AND NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = l.sku))`

/**
 * Resolves, matches and re-rolls-up the sales named by `keys` (JSON `[[sourceId, saleId], …]`).
 * Safe to run any number of times.
 */
export function matchAndRollUp(keys: string): Statement[] {
  return [
    // A vendor location id maps to a store through its external ids.
    statement(
      `UPDATE sales SET store_code = (SELECT e.store_code FROM store_external_ids e WHERE e.vendor = sales.store_vendor AND e.external_id = sales.store_external_id)
       WHERE matched = 0 AND store_code IS NULL AND store_vendor IS NOT NULL AND store_vendor <> 'sale' AND (source_id, sale_id) IN ${SALE_KEYS}`,
      keys,
    ),
    // A refund that names no location belongs to the store of the sale it refunds.
    statement(
      `UPDATE sales SET store_code = (SELECT o.store_code FROM sales o WHERE o.source_id = sales.source_id AND o.sale_id = sales.store_external_id)
       WHERE matched = 0 AND store_code IS NULL AND store_vendor = 'sale' AND (source_id, sale_id) IN ${SALE_KEYS}`,
      keys,
    ),
    // Sales first: a refund counts only once its sale does (a statement sees the ones before it).
    statement(`${MATCH_KNOWN} AND kind = 'sale'`, keys),
    statement(
      `${MATCH_KNOWN} AND kind = 'refund' AND hold_reason IS NULL
         AND EXISTS (SELECT 1 FROM sales o WHERE o.source_id = sales.source_id AND o.sale_id = sales.refund_of AND o.matched = 1)`,
      keys,
    ),
    statement(`DELETE FROM sales_daily WHERE (store_code, day) IN ${TOUCHED_STORE_DAYS}`, keys),
    statement(
      `INSERT INTO sales_daily (store_code, day, region_code, month, iso_week, amount, qty, sales)
       SELECT s.store_code, s.day, MAX(s.region_code), substr(s.day, 1, 7), MAX(s.iso_week), SUM(l.amount), SUM(l.qty),
              COUNT(DISTINCT CASE WHEN s.kind = 'sale' THEN s.source_id || char(31) || s.sale_id END)
       FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
       WHERE s.matched = 1 AND (s.store_code, s.day) IN ${TOUCHED_STORE_DAYS}
       GROUP BY s.store_code, s.day`,
      keys,
    ),
    statement(`DELETE FROM sales_monthly WHERE (store_code, month) IN ${TOUCHED_STORE_MONTHS}`, keys),
    statement(
      `INSERT INTO sales_monthly (store_code, month, region_code, amount, qty, sales)
       SELECT d.store_code, d.month, MAX(d.region_code), SUM(d.amount), SUM(d.qty), SUM(d.sales)
       FROM sales_daily d WHERE (d.store_code, d.month) IN ${TOUCHED_STORE_MONTHS}
       GROUP BY d.store_code, d.month`,
      keys,
    ),
    statement(`DELETE FROM sales_daily_sku WHERE (store_code, day) IN ${TOUCHED_STORE_DAYS}`, keys),
    statement(
      `INSERT INTO sales_daily_sku (store_code, day, sku, region_code, amount, qty, sales)
       SELECT s.store_code, s.day, l.sku, MAX(s.region_code), SUM(l.amount), SUM(l.qty),
              COUNT(DISTINCT CASE WHEN s.kind = 'sale' THEN s.source_id || char(31) || s.sale_id END)
       FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
       WHERE s.matched = 1 AND (s.store_code, s.day) IN ${TOUCHED_STORE_DAYS}
       GROUP BY s.store_code, s.day, l.sku`,
      keys,
    ),
  ]
}

/**
 * Everything that applying a batch of sales writes, as one list for one atomic D1 batch. Keep a
 * batch to a few thousand sales (see MAX_SALES_PER_LEDGER_BATCH): D1 runs it as one transaction.
 */
export function applySales(batch: LedgerSale[], run: CheckRun, released: [string, string][] = []): Statement[] {
  if (batch.length === 0) return []
  const keys = JSON.stringify([...batch.map((s) => [s.sourceId, s.saleId]), ...released])
  return [...insertSales(batch), ...insertLines(batch), ...matchAndRollUp(keys), ...salesChecks(keys, run)]
}

/**
 * The first copy of each sale: a webhook that carries one sale id twice (a POS retrying inside a
 * batch) must not mix the lines of both copies, so the later copy counts as a resend.
 */
export function firstOfEachSale(batch: LedgerSale[]): LedgerSale[] {
  const seen = new Set<string>()
  return batch.filter((sale) => {
    const key = `${sale.sourceId}\u001f${sale.saleId}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The most sales one ledger write (one D1 transaction) takes; a queue batch is split into such writes. */
export const MAX_SALES_PER_LEDGER_BATCH = 5000

/** How many unmatched sales one fold pass looks at; the rest wait for the next pass. */
const FOLD_PASS = 2000

/**
 * Folds sales that were waiting for master data into the ledger: run after stores, their external
 * ids or products change. Returns how many of the waiting sales matched.
 */
export async function foldUnmatched(d1: D1Database, run: CheckRun): Promise<number> {
  // Held refunds wait for no master data: they are left out, or they would fill every pass.
  const waiting = await d1
    .prepare(`SELECT source_id, sale_id FROM sales WHERE matched = 0 AND hold_reason IS NULL LIMIT ${FOLD_PASS}`)
    .all<{ source_id: string; sale_id: string }>()
  if (waiting.results.length === 0) return 0
  const keys = JSON.stringify(waiting.results.map((r) => [r.source_id, r.sale_id]))
  const results = await runBatch(d1, [...matchAndRollUp(keys), ...salesChecks(keys, run)])
  // Statements 2 and 3 of matchAndRollUp match sales, then refunds.
  return (results[2]?.meta.changes ?? 0) + (results[3]?.meta.changes ?? 0)
}
