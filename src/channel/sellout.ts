// sellout_exceeds_sellin: a dealer's stores have sold more of a SKU, through the end of a month,
// than was ever shipped to the dealer (and its stores) by then — diversion suspected even where no
// code was scanned. Checked per dealer × SKU for dealers whose stores sold the SKU in that month.
import { runBatch, statement, type Statement } from '../db/bulk'
import type { Env } from '../env'
import { monthEnd, monthStart } from '../lib/time'
import { auditSystemDecisions, queueAlerts, type CheckRun } from './checks'
import { newCheckRun } from './run'

export function selloutChecks(year: number, month: number, run: CheckRun): Statement[] {
  const from = monthStart(year, month)
  const to = monthEnd(year, month)
  const period = from.slice(0, 7)
  return [
    statement(
      `INSERT INTO violations (dedupe_key, kind, status, store_code, region_code, expected_region_code, dealer_code, sku, code, source_id, sale_id,
                               unit_price, floor_price, detected_at, run_id, evidence)
       SELECT 'sellout_exceeds_sellin:' || d.code || ':' || so.sku || ':' || ?, 'sellout_exceeds_sellin', 'open', NULL, d.region_code, NULL, d.code,
              so.sku, NULL, NULL, NULL, NULL, NULL, ?, ?,
              json_object('month', ?, 'dealerCode', d.code, 'sku', so.sku, 'sellOutThrough', so.qty, 'sellInThrough', coalesce(si.qty, 0),
                          'sellOutInMonth', so.in_month, 'through', ?, 'openingStock', 0)
       FROM (SELECT st.dealer_code, k.sku, sum(k.qty) AS qty, sum(CASE WHEN k.day >= ? THEN k.qty ELSE 0 END) AS in_month
             FROM sales_daily_sku k JOIN stores st ON st.code = k.store_code
             WHERE st.dealer_code IS NOT NULL AND k.day <= ? GROUP BY st.dealer_code, k.sku) so
       JOIN dealers d ON d.code = so.dealer_code
       LEFT JOIN (SELECT coalesce(sh.dealer_code, rs.dealer_code) AS dealer_code, l.sku, sum(l.qty) AS qty
                  FROM shipments sh JOIN shipment_lines l ON l.shipment_id = sh.shipment_id LEFT JOIN stores rs ON rs.code = sh.store_code
                  WHERE sh.day <= ? GROUP BY 1, 2) si ON si.dealer_code = so.dealer_code AND si.sku = so.sku
       WHERE so.in_month > 0 AND so.qty > coalesce(si.qty, 0)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      period,
      run.now,
      run.runId,
      period,
      to,
      from,
      to,
      to,
    ),
    queueAlerts(run),
  ]
}

/** Runs the check through a month (nightly, and on HQ's request); returns how many violations it raised. */
export async function checkSellout(env: Env, year: number, month: number): Promise<number> {
  const run = newCheckRun(env, 'cron')
  await runBatch(env.DB, [...selloutChecks(year, month, run), auditSystemDecisions(run)])
  const raised = await env.DB.prepare('SELECT count(*) AS n FROM violations WHERE run_id = ?').bind(run.runId).first<{ n: number }>()
  return raised!.n
}
