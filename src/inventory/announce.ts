// Stock alerts announced through the alert endpoints when they are new (nightly, and on HQ's
// request): one delivery per endpoint with the new alerts of its region; alerts that cleared are
// forgotten, so they are announced again if they come back.
import { runBatch, statement } from '../db/bulk'
import type { Env } from '../env'
import { stockOf, type StockAlert } from './positions'

/**
 * Announces stock alerts that were not on before (one delivery per endpoint) and forgets the
 * ones that cleared. Returns the new ones.
 */
export async function announceStockAlerts(env: Env, asOf: string): Promise<StockAlert[]> {
  const { alerts } = await stockOf(env, null, asOf)
  const active = await env.DB.prepare('SELECT kind, location_code, sku FROM inventory_alert_state').all<{ kind: string; location_code: string; sku: string }>()
  const key = (a: { kind: string; locationCode: string; sku: string }) => `${a.kind}/${a.locationCode}/${a.sku}`
  const wasOn = new Set(active.results.map((r) => key({ kind: r.kind, locationCode: r.location_code, sku: r.sku })))
  const isOn = new Set(alerts.map(key))
  const fresh = alerts.filter((a) => !wasOn.has(key(a)))
  const cleared = active.results.filter((r) => !isOn.has(key({ kind: r.kind, locationCode: r.location_code, sku: r.sku })))
  const runId = crypto.randomUUID()
  const now = new Date().toISOString()
  await runBatch(env.DB, [
    ...cleared.map((r) => statement('DELETE FROM inventory_alert_state WHERE kind = ? AND location_code = ? AND sku = ?', r.kind, r.location_code, r.sku)),
    ...(fresh.length === 0
      ? []
      : [
          statement(
            `INSERT INTO inventory_alert_state (kind, location_code, sku, region_code, first_seen_on)
             SELECT json_extract(value, '$.kind'), json_extract(value, '$.locationCode'), json_extract(value, '$.sku'), json_extract(value, '$.regionCode'), ?
             FROM json_each(?) WHERE true ON CONFLICT DO NOTHING`,
            asOf,
            JSON.stringify(fresh),
          ),
          // One delivery per endpoint with the new alerts of its region (or all, for an all-region endpoint).
          statement(
            `INSERT INTO alert_deliveries (id, endpoint_id, run_id, violation_ids, stock_alerts, status, attempts, next_attempt_at, created_at)
             SELECT ? || ':' || e.id, e.id, ?, '[]', json_group_array(json(a.value)), 'pending', 0, ?, ?
             FROM alert_endpoints e JOIN json_each(?) a ON e.region_code IS NULL OR e.region_code = json_extract(a.value, '$.regionCode')
             GROUP BY e.id ON CONFLICT DO NOTHING`,
            runId,
            runId,
            now,
            now,
            JSON.stringify(fresh),
          ),
        ]),
  ])
  return fresh
}
