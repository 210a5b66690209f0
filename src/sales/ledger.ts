// The sales ledger. Applying a batch of sales is one D1 batch (one transaction) of a few bulk
// statements, whatever the number of sales:
//   1. insert the sales, keeping any sale id already in the ledger as it is (a resend is not counted);
//   2. insert the lines of the sales this delivery created;
//   3. resolve stores given by a vendor location id, or by the sale a refund refunds;
//   4. match sales whose store and every SKU are known to master data (the rest wait, unmatched);
//   5. add the lines of the sales it matched to the daily, SKU and monthly rollups (only those:
//      a sale is matched once, so applying the same batch twice adds nothing; sales/rollups.ts);
//   6. run the channel checks on the new lines and queue alerts for what they raised.
import { salesChecks, SALE_KEYS, type CheckRun } from '../channel/checks'
import { chunkByBytes, insertRows, statement, type Statement } from '../db/bulk'
import { sales } from '../db/schema'
import { ARCHIVED_MONTH } from './archive'
import { addToRollups, MATCHED_NOW } from './rollups'
import type { NormalizedSale } from './normalize'

export interface LedgerSale extends NormalizedSale {
  sourceId: string
  webhookId: string
  /** A refund's verdict when reconciled against its sale (sales/refunds.ts); null when it counts. */
  holdReason?: string | null
}


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

/**
 * Matches the named sales whose store and every SKU are known to master data. They are marked
 * MATCHED_NOW until the rollups have added them (sales/rollups.ts), in the same transaction.
 */
const MATCH_KNOWN = `UPDATE sales SET matched = ${MATCHED_NOW}, region_code = (SELECT st.region_code FROM stores st WHERE st.code = sales.store_code)
  WHERE matched = 0 AND (source_id, sale_id) IN ${SALE_KEYS}
    AND EXISTS (SELECT 1 FROM stores st WHERE st.code = sales.store_code)
    AND NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.source_id = sales.source_id AND l.sale_id = sales.sale_id
                    AND NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = l.sku))`

/** Where in matchAndRollUp's statements the sales, then the refunds, are matched (their changes count the matches). */
export const MATCHING_STATEMENTS = [3, 4] as const

/**
 * Resolves and matches the sales named by `keys` (JSON `[[sourceId, saleId], …]`) and adds the
 * ones it matches to the rollups. Safe to run any number of times: a sale is matched only once.
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
    // A sale of a month already archived (sales/archive.ts) is held: its month's figures are final.
    statement(
      `UPDATE sales SET hold_reason = '${ARCHIVED_MONTH}' WHERE matched = 0 AND hold_reason IS NULL AND (source_id, sale_id) IN ${SALE_KEYS}
         AND EXISTS (SELECT 1 FROM sales_archives a WHERE a.store_code = sales.store_code AND a.month = substr(sales.day, 1, 7))`,
      keys,
    ),
    // Sales first: a refund counts only once its sale does (a statement sees the ones before it).
    statement(`${MATCH_KNOWN} AND kind = 'sale' AND hold_reason IS NULL`, keys),
    statement(
      `${MATCH_KNOWN} AND kind = 'refund' AND hold_reason IS NULL
         AND EXISTS (SELECT 1 FROM sales o WHERE o.source_id = sales.source_id AND o.sale_id = sales.refund_of AND o.matched <> 0)`,
      keys,
    ),
    ...addToRollups(keys),
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
