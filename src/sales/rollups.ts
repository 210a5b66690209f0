// The daily, daily-SKU and monthly rollups of the ledger. A ledger write adds the sums of the sales
// it matches, and only of those: a sale is matched once (matched 0 → 1), so a redelivery, a resend
// or a second fold adds nothing. The cost of a batch is then its own lines, not the day's so far.
// A full recompute from the lines is kept as a repair, and the nightly reconcile runs it on the
// days whose rollups differ from their lines.
import { SALE_KEYS } from '../channel/checks'
import { runBatch, statement, type Statement } from '../db/bulk'

/**
 * A sale matched by this write and not yet added to the rollups. The write moves it on to 1 at its
 * end, inside the same D1 transaction, so no reader ever sees this value.
 */
export const MATCHED_NOW = 2

/** Sales this write matched, among the named ones (`keys`: JSON `[[sourceId, saleId], …]`). */
const MATCHED_BY_THIS_WRITE = `s.matched = ${MATCHED_NOW} AND (s.source_id, s.sale_id) IN ${SALE_KEYS}`

/** Sales with at least one line, counted once (refunds are not sales). */
const SALE_COUNT = `COUNT(DISTINCT CASE WHEN s.kind = 'sale' THEN s.source_id || char(31) || s.sale_id END)`

const ADD = `amount = amount + excluded.amount, qty = qty + excluded.qty, sales = sales + excluded.sales,
             region_code = max(region_code, excluded.region_code)`

/** Adds the lines of the sales this write matched to every rollup, then marks them rolled up. */
export function addToRollups(keys: string): Statement[] {
  return [
    statement(
      `INSERT INTO sales_daily (store_code, day, region_code, month, iso_week, amount, qty, sales)
       SELECT s.store_code, s.day, MAX(s.region_code), substr(s.day, 1, 7), MAX(s.iso_week), SUM(l.amount), SUM(l.qty), ${SALE_COUNT}
       FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
       WHERE ${MATCHED_BY_THIS_WRITE}
       GROUP BY s.store_code, s.day
       ON CONFLICT (store_code, day) DO UPDATE SET ${ADD}`,
      keys,
    ),
    statement(
      `INSERT INTO sales_monthly (store_code, month, region_code, amount, qty, sales)
       SELECT s.store_code, substr(s.day, 1, 7), MAX(s.region_code), SUM(l.amount), SUM(l.qty), ${SALE_COUNT}
       FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
       WHERE ${MATCHED_BY_THIS_WRITE}
       GROUP BY s.store_code, substr(s.day, 1, 7)
       ON CONFLICT (store_code, month) DO UPDATE SET ${ADD}`,
      keys,
    ),
    statement(
      `INSERT INTO sales_daily_sku (store_code, day, sku, region_code, amount, qty, sales)
       SELECT s.store_code, s.day, l.sku, MAX(s.region_code), SUM(l.amount), SUM(l.qty), ${SALE_COUNT}
       FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
       WHERE ${MATCHED_BY_THIS_WRITE}
       GROUP BY s.store_code, s.day, l.sku
       ON CONFLICT (store_code, day, sku) DO UPDATE SET ${ADD}`,
      keys,
    ),
    statement(`UPDATE sales SET matched = 1 WHERE matched = ${MATCHED_NOW} AND (source_id, sale_id) IN ${SALE_KEYS}`, keys),
  ]
}

/** The daily rollups as the lines of days `?1`..`?2` say they are. */
const DAILY_FROM_LINES = `SELECT s.store_code, s.day, MAX(s.region_code) AS region_code, substr(s.day, 1, 7) AS month, MAX(s.iso_week) AS iso_week,
         SUM(l.amount) AS amount, SUM(l.qty) AS qty, ${SALE_COUNT} AS sales
  FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
  WHERE s.matched = 1 AND s.store_code IS NOT NULL AND s.day BETWEEN ?1 AND ?2
  GROUP BY s.store_code, s.day`

const DAILY_SKU_FROM_LINES = `SELECT s.store_code, s.day, l.sku, MAX(s.region_code) AS region_code, SUM(l.amount) AS amount, SUM(l.qty) AS qty, ${SALE_COUNT} AS sales
  FROM sales s JOIN sale_lines l ON l.source_id = s.source_id AND l.sale_id = s.sale_id
  WHERE s.matched = 1 AND s.store_code IS NOT NULL AND s.day BETWEEN ?1 AND ?2
  GROUP BY s.store_code, s.day, l.sku`

/** Months `YYYY-MM` that days `?1`..`?2` touch. */
const MONTHS_OF_SPAN = `(SELECT DISTINCT month FROM sales_daily WHERE day BETWEEN ?1 AND ?2 UNION SELECT substr(?1, 1, 7) UNION SELECT substr(?2, 1, 7))`

/**
 * A rollup row of a store-month that is not archived (sales/archive.ts): an archived month's lines
 * are in R2, so its rollups are final and are neither compared with nor rebuilt from D1's lines.
 */
const NOT_ARCHIVED = (table: string) =>
  `NOT EXISTS (SELECT 1 FROM sales_archives a WHERE a.store_code = ${table}.store_code AND a.month = substr(${table}.day, 1, 7))`

/** Recomputes every rollup of days `from`..`to` (and of their months) from the lines: the repair. */
export function rebuildRollups(from: string, to: string): Statement[] {
  return [
    statement(`DELETE FROM sales_daily WHERE day BETWEEN ?1 AND ?2 AND ${NOT_ARCHIVED('sales_daily')}`, from, to),
    statement(`INSERT INTO sales_daily (store_code, day, region_code, month, iso_week, amount, qty, sales) ${DAILY_FROM_LINES}`, from, to),
    statement(`DELETE FROM sales_daily_sku WHERE day BETWEEN ?1 AND ?2 AND ${NOT_ARCHIVED('sales_daily_sku')}`, from, to),
    statement(`INSERT INTO sales_daily_sku (store_code, day, sku, region_code, amount, qty, sales) ${DAILY_SKU_FROM_LINES}`, from, to),
    statement(`DELETE FROM sales_monthly WHERE month IN ${MONTHS_OF_SPAN}`, from, to),
    statement(
      `INSERT INTO sales_monthly (store_code, month, region_code, amount, qty, sales)
       SELECT store_code, month, MAX(region_code), SUM(amount), SUM(qty), SUM(sales) FROM sales_daily
       WHERE month IN ${MONTHS_OF_SPAN} GROUP BY store_code, month`,
      from,
      to,
    ),
  ]
}

/** Keys (first two columns) of rows in `a` not in `b` or in `b` not in `a`, compared on `columns`. */
const differingKeys = (columns: string, a: string, b: string) =>
  `SELECT * FROM (SELECT ${columns} FROM (${a}) EXCEPT SELECT ${columns} FROM (${b}))
   UNION ALL SELECT * FROM (SELECT ${columns} FROM (${b}) EXCEPT SELECT ${columns} FROM (${a}))`

const STORED_DAILY = `SELECT * FROM sales_daily WHERE day BETWEEN ?1 AND ?2 AND ${NOT_ARCHIVED('sales_daily')}`
const STORED_DAILY_SKU = `SELECT * FROM sales_daily_sku WHERE day BETWEEN ?1 AND ?2 AND ${NOT_ARCHIVED('sales_daily_sku')}`
const STORED_MONTHLY = `SELECT * FROM sales_monthly WHERE month IN ${MONTHS_OF_SPAN}`
const MONTHLY_FROM_DAILY = `SELECT store_code, month, SUM(amount) AS amount, SUM(qty) AS qty, SUM(sales) AS sales FROM sales_daily WHERE month IN ${MONTHS_OF_SPAN} GROUP BY store_code, month`

/** How many store-days of days `from`..`to` (or store-months of their months) have rollups that differ from what they sum. */
export async function rollupDrift(d1: D1Database, from: string, to: string): Promise<number> {
  const row = await d1
    .prepare(
      `SELECT count(*) AS n FROM (
         SELECT store_code, day FROM (${differingKeys('store_code, day, region_code, amount, qty, sales', DAILY_FROM_LINES, STORED_DAILY)})
         UNION SELECT store_code, day FROM (${differingKeys('store_code, day, sku, amount, qty, sales', DAILY_SKU_FROM_LINES, STORED_DAILY_SKU)})
         UNION SELECT store_code, month FROM (${differingKeys('store_code, month, amount, qty, sales', MONTHLY_FROM_DAILY, STORED_MONTHLY)}))`,
    )
    .bind(from, to)
    .first<{ n: number }>()
  return row?.n ?? 0
}

/**
 * The nightly reconcile: rollups of days `from`..`to` are compared with their lines and, where any
 * differ, rebuilt. Returns how many store-days (or store-months) differed; 0 when all agree.
 */
export async function reconcileRollups(d1: D1Database, from: string, to: string): Promise<number> {
  const drift = await rollupDrift(d1, from, to)
  if (drift === 0) return 0
  console.warn(`rollups of ${from}..${to} differed from their lines in ${drift} store-days; rebuilt`)
  await runBatch(d1, rebuildRollups(from, to))
  return drift
}
