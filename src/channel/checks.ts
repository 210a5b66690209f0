// Channel checks as bulk SQL over indexed lookups, run in the same D1 batch as the ledger write
// (and again when a late shipment arrives). Each violation has a dedupe key, so running a check
// twice raises nothing twice; every new violation carries the run id that raised it.
import type { Via } from '../audit/audit'
import { statement, type Statement } from '../db/bulk'

/** A set of rows or codes to check, as an SQL subquery with its bound parameters. */
export interface CheckScope {
  sql: string
  params: unknown[]
}

export interface CheckRun {
  runId: string
  /** What set the run off: a webhook's sales, an API call (a shipment, master data), the cron. */
  via: Via
  now: string
  /** Share of a lot's sold units outside its region above which the lot is flagged. */
  lotShareThreshold: number
}

/** `(source_id, sale_id)` pairs named in a bound JSON array of `[sourceId, saleId]`. */
export const SALE_KEYS = `(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`

/** Codes named in a bound JSON array. */
export const codesIn = (codes: string[]): CheckScope => ({ sql: '(SELECT value FROM json_each(?))', params: [JSON.stringify(codes)] })

/** The codes scanned on the sales named by `keys`. */
export const codesOfSales = (keys: string): CheckScope => ({ sql: `(SELECT code FROM sold_codes WHERE (source_id, sale_id) IN ${SALE_KEYS})`, params: [keys] })

const VIOLATION_COLUMNS = `dedupe_key, kind, status, store_code, region_code, expected_region_code, dealer_code, sku, code, source_id, sale_id, unit_price, floor_price, detected_at, run_id, evidence`

/**
 * Records the codes of the matched sales named by `keys`. A refund that lists no codes gives back
 * the codes of the same SKU on the sale it refunds, so the unit can be sold again — also when the
 * refund reached the ledger before the sale did (POS retries deliver in any order).
 */
export function recordSoldCodes(keys: string): Statement[] {
  const utc = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`
  return [
    statement(
      `INSERT INTO sold_codes (code, source_id, sale_id, line_no, kind, sku, qty, unit_price, occurred_at, day, store_code, region_code)
       SELECT c.value, l.source_id, l.sale_id, l.line_no, s.kind, l.sku, max(1, abs(l.qty) / json_array_length(l.codes)), l.unit_price,
              ${utc('s.occurred_at')}, s.day, s.store_code, s.region_code
       FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id, json_each(l.codes) c
       WHERE s.matched = 1 AND l.codes IS NOT NULL AND (s.source_id, s.sale_id) IN ${SALE_KEYS}
       ON CONFLICT DO NOTHING`,
      keys,
    ),
    statement(
      `INSERT INTO sold_codes (code, source_id, sale_id, line_no, kind, sku, qty, unit_price, occurred_at, day, store_code, region_code)
       SELECT o.code, r.source_id, r.sale_id, rl.line_no, 'refund', rl.sku, o.qty, rl.unit_price, ${utc('r.occurred_at')}, r.day, r.store_code, r.region_code
       FROM sales r JOIN sale_lines rl ON rl.source_id = r.source_id AND rl.sale_id = r.sale_id
            JOIN sold_codes o ON o.source_id = r.source_id AND o.sale_id = r.refund_of AND o.sku = rl.sku AND o.kind = 'sale'
       WHERE r.kind = 'refund' AND r.matched = 1 AND rl.codes IS NULL
         AND ((r.source_id, r.sale_id) IN ${SALE_KEYS} OR (r.source_id, r.refund_of) IN ${SALE_KEYS})
       ON CONFLICT DO NOTHING`,
      keys,
      keys,
    ),
  ]
}

/** Lines of the named sales priced below their product's floor price (乱价). */
export function belowFloorPrice(keys: string, run: CheckRun): Statement {
  return statement(
    `INSERT INTO violations (${VIOLATION_COLUMNS})
     SELECT 'below_floor_price:' || s.source_id || ':' || s.sale_id || ':' || l.line_no, 'below_floor_price', 'open', s.store_code, s.region_code,
            NULL, NULL, l.sku, NULL, s.source_id, s.sale_id, l.unit_price, p.floor_price, ?, ?,
            json_object('saleId', s.sale_id, 'sourceId', s.source_id, 'lineNo', l.line_no, 'storeCode', s.store_code, 'regionCode', s.region_code,
                        'day', s.day, 'sku', l.sku, 'qty', l.qty, 'unitPrice', l.unit_price / 100.0, 'floorPrice', p.floor_price / 100.0)
     FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id JOIN products p ON p.sku = l.sku
     WHERE s.kind = 'sale' AND s.matched = 1 AND p.floor_price IS NOT NULL AND l.unit_price < p.floor_price AND (s.source_id, s.sale_id) IN ${SALE_KEYS}
     ON CONFLICT (dedupe_key) DO NOTHING`,
    run.now,
    run.runId,
    keys,
  )
}

const SHIPMENT_EVIDENCE = `'shipmentId', x.shipment_id, 'shippedToDealer', x.dealer_code, 'shippedToStore', x.store_code,
                           'authorisedRegion', x.region_code, 'shippedAt', x.shipped_at`

/** Evidence of a sold code (`sc`, a sold_codes row): the code and the sale that sold it. */
const SOLD_EVIDENCE = `'code', sc.code, 'saleId', sc.sale_id, 'sourceId', sc.source_id, 'storeCode', sc.store_code, 'regionCode', sc.region_code,
                       'day', sc.day, 'sku', sc.sku, 'unitPrice', sc.unit_price / 100.0`

/** The code checks (unknown, cross-region unit and lot, duplicate) over every sale of the codes in scope. */
export function codeChecks(scope: CheckScope, run: CheckRun): Statement[] {
  const { sql: codes, params } = scope
  return [
    // unknown_code: a code never shipped (疑似假货). Evidence is its first sale.
    statement(
      `INSERT INTO violations (${VIOLATION_COLUMNS})
       SELECT 'unknown_code:' || sc.code, 'unknown_code', 'open', sc.store_code, sc.region_code, NULL, NULL, sc.sku, sc.code, sc.source_id, sc.sale_id,
              sc.unit_price, NULL, ?, ?,
              json_object(${SOLD_EVIDENCE})
       FROM (SELECT *, min(occurred_at) FROM sold_codes WHERE kind = 'sale' AND code IN ${codes} GROUP BY code) sc
       WHERE NOT EXISTS (SELECT 1 FROM shipped_codes x WHERE x.code = sc.code)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      run.now,
      run.runId,
      ...params,
    ),
    // cross_region for a unit code: sold in another region than the one it was shipped to (窜货).
    statement(
      `INSERT INTO violations (${VIOLATION_COLUMNS})
       SELECT 'cross_region:' || sc.code, 'cross_region', 'open', sc.store_code, sc.region_code, x.region_code, x.dealer_code, sc.sku, sc.code,
              sc.source_id, sc.sale_id, sc.unit_price, NULL, ?, ?,
              json_object(${SHIPMENT_EVIDENCE}, ${SOLD_EVIDENCE})
       FROM (SELECT s.*, min(s.occurred_at) FROM sold_codes s JOIN shipped_codes u ON u.code = s.code AND u.code_type = 'unit'
             WHERE s.kind = 'sale' AND s.code IN ${codes} AND s.region_code <> u.region_code GROUP BY s.code) sc
       JOIN shipped_codes x ON x.code = sc.code
       ON CONFLICT (dedupe_key) DO NOTHING`,
      run.now,
      run.runId,
      ...params,
    ),
    // cross_region for a lot code: the share of its sold units outside its region passes the threshold.
    statement(
      `INSERT INTO violations (${VIOLATION_COLUMNS})
       SELECT 'cross_region:' || x.code, 'cross_region', 'open', last.store_code, last.region_code, x.region_code, x.dealer_code, x.sku, x.code,
              last.source_id, last.sale_id, last.unit_price, NULL, ?, ?,
              json_object(${SHIPMENT_EVIDENCE}, 'code', x.code, 'lotQty', x.qty, 'soldQty', agg.sold, 'soldOutsideQty', agg.outside,
                          'outsideShare', round(agg.outside * 1.0 / agg.sold, 4), 'threshold', ?, 'saleId', last.sale_id,
                          'storeCode', last.store_code, 'regionCode', last.region_code, 'day', last.day)
       FROM shipped_codes x
       JOIN (SELECT s.code, sum(s.qty) AS sold, sum(CASE WHEN s.region_code <> l.region_code THEN s.qty ELSE 0 END) AS outside
             FROM sold_codes s JOIN shipped_codes l ON l.code = s.code AND l.code_type = 'lot'
             WHERE s.kind = 'sale' AND s.code IN ${codes} GROUP BY s.code) agg ON agg.code = x.code
       JOIN sold_codes last ON last.rowid = (SELECT o.rowid FROM sold_codes o WHERE o.code = x.code AND o.kind = 'sale' AND o.region_code <> x.region_code
                                             ORDER BY o.occurred_at DESC LIMIT 1)
       WHERE agg.outside * 1.0 / agg.sold > ?
       ON CONFLICT (dedupe_key) DO NOTHING`,
      run.now,
      run.runId,
      run.lotShareThreshold,
      ...params,
      run.lotShareThreshold,
    ),
    // duplicate_code: a unit sold again while its last event was a sale, not a refund. Sales and
    // refunds arrive in any order, so the two statements below settle on what the full history says:
    // one closed by a late refund (next statement) opens again, and is announced again, when a sale
    // between the refund and it arrives later still.
    statement(
      `INSERT INTO violations (${VIOLATION_COLUMNS})
       SELECT 'duplicate_code:' || cur.source_id || ':' || cur.sale_id || ':' || cur.line_no || ':' || cur.code, 'duplicate_code', 'open',
              cur.store_code, cur.region_code, NULL, NULL, cur.sku, cur.code, cur.source_id, cur.sale_id, cur.unit_price, NULL, ?, ?,
              json_object('code', cur.code, 'saleId', cur.sale_id, 'sourceId', cur.source_id, 'storeCode', cur.store_code, 'regionCode', cur.region_code,
                          'day', cur.day, 'unitPrice', cur.unit_price / 100.0, 'previousSaleId', prev.sale_id, 'previousStoreCode', prev.store_code,
                          'previousRegionCode', prev.region_code, 'previousDay', prev.day)
       FROM sold_codes cur
       JOIN sold_codes prev ON prev.rowid = (
         SELECT p.rowid FROM sold_codes p
         WHERE p.code = cur.code AND (p.occurred_at, p.source_id, p.sale_id, p.line_no) < (cur.occurred_at, cur.source_id, cur.sale_id, cur.line_no)
         ORDER BY p.occurred_at DESC, p.source_id DESC, p.sale_id DESC, p.line_no DESC LIMIT 1)
       WHERE cur.kind = 'sale' AND prev.kind = 'sale' AND cur.code IN ${codes}
         AND NOT EXISTS (SELECT 1 FROM shipped_codes x WHERE x.code = cur.code AND x.code_type = 'lot')
       ON CONFLICT (dedupe_key) DO UPDATE SET status = 'open', decided_by = NULL, decided_at = NULL, note = NULL, run_id = excluded.run_id
         WHERE violations.status = 'dismissed' AND violations.decided_by = 'system'`,
      run.now,
      run.runId,
      ...params,
    ),
    // A refund that arrived late now stands between the two sales: the unit was returned and sold
    // again, so the open duplicate is closed with a note saying why.
    statement(
      `UPDATE violations SET status = 'dismissed', decided_by = 'system', decided_at = ?,
              note = 'Closed automatically: a refund received later returned the unit before this sale.'
       WHERE kind = 'duplicate_code' AND status = 'open' AND code IN ${codes}
         AND NOT EXISTS (
           SELECT 1 FROM sold_codes cur
           WHERE cur.code = violations.code AND cur.source_id = violations.source_id AND cur.sale_id = violations.sale_id AND cur.kind = 'sale'
             AND (SELECT p.kind FROM sold_codes p
                  WHERE p.code = cur.code AND (p.occurred_at, p.source_id, p.sale_id, p.line_no) < (cur.occurred_at, cur.source_id, cur.sale_id, cur.line_no)
                  ORDER BY p.occurred_at DESC, p.source_id DESC, p.sale_id DESC, p.line_no DESC LIMIT 1) = 'sale')`,
      run.now,
      ...params,
    ),
  ]
}

/** One pending alert per endpoint for the violations a run raised (the outbox, in the same batch). */
export function queueAlerts(run: CheckRun): Statement {
  return statement(
    `INSERT INTO alert_deliveries (id, endpoint_id, run_id, violation_ids, status, attempts, next_attempt_at, created_at)
     SELECT ? || ':' || e.id, e.id, ?, json_group_array(v.id), 'pending', 0, ?, ?
     FROM alert_endpoints e JOIN violations v ON v.run_id = ? AND (e.region_code IS NULL OR e.region_code = v.region_code)
     GROUP BY e.id
     ON CONFLICT DO NOTHING`,
    run.runId,
    run.runId,
    run.now,
    run.now,
    run.runId,
  )
}

/**
 * Audit entries (actor `system`) for what the run decided on its own: violations it opened or
 * opened again (they carry its run id) and violations it closed (decided by `system` at its time).
 */
export function auditSystemDecisions(run: CheckRun): Statement {
  return statement(
    `INSERT INTO audit_log (at, actor, via, entity, entity_key, before, after, context)
     SELECT ?1, 'system', ?2, 'violation', v.id,
            CASE WHEN v.run_id = ?3 AND v.detected_at <> ?1 THEN json_object('status', 'dismissed', 'decidedBy', 'system')
                 WHEN v.run_id = ?3 THEN NULL ELSE json_object('status', 'open') END,
            json_object('status', v.status, 'kind', v.kind, 'code', v.code, 'saleId', v.sale_id, 'storeCode', v.store_code, 'note', v.note),
            json_object('runId', ?3)
     FROM violations v
     WHERE v.run_id = ?3 OR (v.status = 'dismissed' AND v.decided_by = 'system' AND v.decided_at = ?1)`,
    run.now,
    run.via,
    run.runId,
  )
}

/** Every check of newly ledgered sales, for the ledger's batch. */
export function salesChecks(keys: string, run: CheckRun): Statement[] {
  return [...recordSoldCodes(keys), belowFloorPrice(keys, run), ...codeChecks(codesOfSales(keys), run), queueAlerts(run), auditSystemDecisions(run)]
}
