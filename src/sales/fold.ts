// Folding waiting sales into the ledger once master data can match them. A master-data write folds
// the sales its change can unlock — those of the stores, vendor locations and SKUs it wrote —
// page by page with a cursor, so sales that can never match are passed over, not picked again and
// again. The cron folds every waiting sale the same way, so a fold that failed after its
// master-data write is retried there.
import { salesChecks, type CheckRun } from '../channel/checks'
import { runBatch, statement, type Statement } from '../db/bulk'
import { MATCHING_STATEMENTS, matchAndRollUp } from './ledger'

/** What a master-data write changed that a waiting sale may be waiting for. */
export interface FoldKeys {
  storeCodes?: string[]
  /** Vendor location ids as `[vendor, externalId]`. */
  locations?: [string, string][]
  skus?: string[]
}

/** How many waiting sales one fold write takes (one D1 transaction). */
export const FOLD_PAGE = 2000

/**
 * Held refunds wait for no master data and are left out. Keyset-paged on (is refund, source_id,
 * sale_id): sales come before refunds, as a refund counts only once its sale does.
 */
const WAITING = `s.matched = 0 AND s.hold_reason IS NULL AND (s.kind = 'refund', s.source_id, s.sale_id) > (?1, ?2, ?3)`
const PICK = `SELECT s.kind = 'refund' AS is_refund, s.source_id, s.sale_id`

function candidates(keys: FoldKeys | 'all'): { sql: string; params: unknown[] } {
  if (keys === 'all') return { sql: `${PICK} FROM sales s WHERE ${WAITING}`, params: [] }
  const json = (values: unknown[] | undefined) => JSON.stringify(values ?? [])
  const locations = `(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?5))`
  // Each part finds its sales through an index: the store, the vendor location (or, for a refund
  // that names none, its sale's), and the waiting sales (a partial index) for the SKU of a line;
  // and every waiting refund whose sale is in the ledger, which may fold in before it (refunds
  // come last in key order, so their sales' pages are done by then).
  return {
    sql: `${PICK} FROM sales s WHERE ${WAITING} AND s.store_code IN (SELECT value FROM json_each(?4))
          UNION ${PICK} FROM sales s WHERE ${WAITING} AND s.store_code IS NULL AND (s.store_vendor, s.store_external_id) IN ${locations}
          UNION ${PICK} FROM sales s JOIN sales o ON o.source_id = s.source_id AND o.sale_id = s.store_external_id
            WHERE ${WAITING} AND s.store_code IS NULL AND s.store_vendor = 'sale' AND (o.store_vendor, o.store_external_id) IN ${locations}
          UNION ${PICK} FROM sales s WHERE ${WAITING}
            AND EXISTS (SELECT 1 FROM sale_lines l WHERE l.source_id = s.source_id AND l.sale_id = s.sale_id AND l.sku IN (SELECT value FROM json_each(?6)))
          UNION ${PICK} FROM sales s WHERE ${WAITING} AND s.kind = 'refund'
            AND EXISTS (SELECT 1 FROM sales o WHERE o.source_id = s.source_id AND o.sale_id = s.refund_of)`,
    params: [json(keys.storeCodes), json(keys.locations), json(keys.skus)],
  }
}

/**
 * Folds the waiting sales `keys` can unlock (`all`: every waiting sale), FOLD_PAGE at a time in
 * key order, until none is left past the cursor or `maxPages` pages are done. Returns how many
 * matched and whether it went through all of them.
 */
export type FoldCursor = [number, string, string]

export async function foldWaitingSales(
  d1: D1Database,
  run: () => CheckRun,
  keys: FoldKeys | 'all',
  maxPages = 50,
  from: FoldCursor = [-1, '', ''],
): Promise<{ matched: number; complete: boolean; cursor: FoldCursor }> {
  const { sql, params } = candidates(keys)
  let cursor = from
  let matched = 0
  for (let page = 0; page < maxPages; page++) {
    const rows = (
      await d1
        .prepare(`${sql} ORDER BY 1, 2, 3 LIMIT ${FOLD_PAGE}`)
        .bind(...cursor, ...params)
        .all<{ is_refund: number; source_id: string; sale_id: string }>()
    ).results
    if (rows.length === 0) return { matched, complete: true, cursor }
    const saleKeys = JSON.stringify(rows.map((r) => [r.source_id, r.sale_id]))
    const results = await runBatch(d1, [...matchAndRollUp(saleKeys), ...salesChecks(saleKeys, run())])
    matched += MATCHING_STATEMENTS.reduce((n, i) => n + (results[i]?.meta.changes ?? 0), 0)
    if (rows.length < FOLD_PAGE) return { matched, complete: true, cursor }
    const last = rows[rows.length - 1]!
    cursor = [last.is_refund, last.source_id, last.sale_id]
  }
  return { matched, complete: false, cursor }
}

/** The statement that records a fold owed by a master-data write, for that write's own batch. */
export function owedFold(id: string, keys: FoldKeys, now: string): Statement {
  return statement(`INSERT INTO sale_folds (id, keys, created_at) VALUES (?, ?, ?)`, id, JSON.stringify(keys), now)
}

/** Pages of an owed fold run on the master-data write itself; the cron goes on from where it stopped. */
export const PAGES_ON_WRITE = 5

/**
 * Runs an owed fold from where its last run stopped; it is removed when done, and kept with its
 * cursor (or its error) for the cron when not, so every run gets further.
 */
export async function runOwedFold(d1: D1Database, run: () => CheckRun, id: string, keys: FoldKeys, from?: FoldCursor, maxPages = PAGES_ON_WRITE): Promise<number> {
  try {
    const { matched, complete, cursor } = await foldWaitingSales(d1, run, keys, maxPages, from)
    if (complete) await d1.prepare('DELETE FROM sale_folds WHERE id = ?').bind(id).run()
    else await d1.prepare(`UPDATE sale_folds SET attempts = attempts + 1, cursor = ?, last_error = NULL WHERE id = ?`).bind(JSON.stringify(cursor), id).run()
    return matched
  } catch (error) {
    console.error('folding waiting sales failed; the cron retries it', id, error)
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
    await d1.prepare('UPDATE sale_folds SET attempts = attempts + 1, last_error = ? WHERE id = ?').bind(message, id).run().catch(() => {})
    return 0
  }
}

/** The cron's part: every fold still owed, oldest first. Returns how many sales matched. */
export async function runOwedFolds(d1: D1Database, run: () => CheckRun, limit = 20): Promise<number> {
  const owed = (await d1.prepare('SELECT id, keys, cursor FROM sale_folds ORDER BY created_at LIMIT ?').bind(limit).all<{ id: string; keys: string; cursor: string | null }>()).results
  let matched = 0
  for (const fold of owed) {
    const from = fold.cursor ? (JSON.parse(fold.cursor) as FoldCursor) : undefined
    matched += await runOwedFold(d1, run, fold.id, JSON.parse(fold.keys) as FoldKeys, from, 50)
  }
  return matched
}
