// Loading what stock needs from D1 — snapshots, limits, sell-in from shipments and sell-out from
// the POS rollups (a dealer's sell-out is its stores') — and computing every position and alert
// of a region scope on a day in a handful of queries.
import { settingsOf } from '../config'
import { regionFilterSql } from '../db/region-filter'
import type { Env } from '../env'
import type { Lang } from '../lib/lang'
import { addDays } from '../lib/time'
import { stockReason, type StockCause } from './reasons'
import { stockAlerts, stockPosition, type Movement, type Snapshot, type StockAlertKind, type StockPosition } from './stock'

export interface StockLine {
  locationCode: string
  locationType: 'store' | 'dealer'
  regionCode: string
  sku: string
  min: number | null
  max: number | null
  position: StockPosition | null
}

export interface StockAlert {
  kind: StockAlertKind
  locationCode: string
  locationType: 'store' | 'dealer'
  regionCode: string
  sku: string
  onHand: number
  min: number | null
  max: number | null
  turnoverDays: number | null
  lastSaleOn: string | null
  /** What the rule saw; machines read it, people the reason. */
  cause: StockCause
  /** The cause in English, as a stored delivery and its Standard Webhooks JSON carry it; see alertsIn. */
  reason: string
}

const REGION_FILTER = regionFilterSql(2)

/** Every location × SKU with a snapshot or a limit in the regions (null: all), as of a day. */
export async function stockLines(d1: D1Database, regionCodes: string[] | null, asOf: string, windowDays: number): Promise<StockLine[]> {
  const regions = regionCodes === null ? null : JSON.stringify(regionCodes)
  const [pairs, snapshotRows] = await Promise.all([
    d1
      .prepare(
        `SELECT location_code, location_type, region_code, sku, max(min) AS min, max(max) AS max FROM (
           SELECT location_code, location_type, region_code, sku, NULL AS min, NULL AS max FROM inventory_snapshots WHERE as_of <= ?1 AND ${REGION_FILTER}
           UNION ALL SELECT location_code, location_type, region_code, sku, min, max FROM inventory_limits WHERE ${REGION_FILTER})
         GROUP BY location_code, sku ORDER BY region_code, location_code, sku`,
      )
      .bind(asOf, regions)
      .all<{ location_code: string; location_type: 'store' | 'dealer'; region_code: string; sku: string; min: number | null; max: number | null }>(),
    d1
      .prepare(`SELECT location_code, sku, as_of, on_hand FROM inventory_snapshots WHERE as_of <= ?1 AND ${REGION_FILTER}`)
      .bind(asOf, regions)
      .all<{ location_code: string; sku: string; as_of: string; on_hand: number }>(),
  ])
  if (pairs.results.length === 0) return []
  const earliest = snapshotRows.results.reduce((min, s) => (s.as_of < min ? s.as_of : min), addDays(asOf, -windowDays))
  const locations = JSON.stringify([...new Set(pairs.results.map((p) => p.location_code))])
  const moves = await d1
    .prepare(
      `SELECT location, sku, day, sum(sell_in) AS sell_in, sum(sell_out) AS sell_out FROM (
         SELECT coalesce(sh.store_code, sh.dealer_code) AS location, l.sku, sh.day, l.qty AS sell_in, 0 AS sell_out
         FROM shipments sh JOIN shipment_lines l ON l.shipment_id = sh.shipment_id
         WHERE sh.day > ?1 AND sh.day <= ?2 AND coalesce(sh.store_code, sh.dealer_code) IN (SELECT value FROM json_each(?3))
         UNION ALL
         SELECT k.store_code, k.sku, k.day, 0, k.qty FROM sales_daily_sku k
         WHERE k.day > ?1 AND k.day <= ?2 AND k.store_code IN (SELECT value FROM json_each(?3))
         UNION ALL
         SELECT st.dealer_code, k.sku, k.day, 0, k.qty FROM sales_daily_sku k JOIN stores st ON st.code = k.store_code
         WHERE k.day > ?1 AND k.day <= ?2 AND st.dealer_code IN (SELECT value FROM json_each(?3)))
       GROUP BY location, sku, day`,
    )
    .bind(earliest, asOf, locations)
    .all<{ location: string; sku: string; day: string; sell_in: number; sell_out: number }>()

  const key = (location: string, sku: string) => `${location}\u001f${sku}`
  const snapshots = new Map<string, Snapshot[]>()
  for (const s of snapshotRows.results) snapshots.set(key(s.location_code, s.sku), [...(snapshots.get(key(s.location_code, s.sku)) ?? []), { asOf: s.as_of, onHand: s.on_hand }])
  const movements = new Map<string, Movement[]>()
  for (const m of moves.results) movements.set(key(m.location, m.sku), [...(movements.get(key(m.location, m.sku)) ?? []), { day: m.day, sellIn: m.sell_in, sellOut: m.sell_out }])

  return pairs.results.map((p) => {
    const own = snapshots.get(key(p.location_code, p.sku)) ?? []
    return {
      locationCode: p.location_code,
      locationType: p.location_type,
      regionCode: p.region_code,
      sku: p.sku,
      min: p.min,
      max: p.max,
      position: own.length === 0 ? null : stockPosition(asOf, windowDays, own, movements.get(key(p.location_code, p.sku)) ?? []),
    }
  })
}

export function alertsOf(lines: StockLine[], asOf: string, thresholds: { noSaleDays: number; turnoverDays: number }): StockAlert[] {
  return lines.flatMap((line) => {
    if (!line.position) return []
    const limit = line.min !== null && line.max !== null ? { min: line.min, max: line.max } : null
    return stockAlerts(asOf, line.position, limit, thresholds).map((alert) => ({
      kind: alert.kind,
      locationCode: line.locationCode,
      locationType: line.locationType,
      regionCode: line.regionCode,
      sku: line.sku,
      onHand: line.position!.onHand,
      min: line.min,
      max: line.max,
      turnoverDays: line.position!.turnoverDays,
      lastSaleOn: line.position!.lastSaleOn,
      cause: alert.cause,
      reason: stockReason(alert.cause, 'en'),
    }))
  })
}

/** Alerts as a person reads them: the reason in `lang`. */
export const alertsIn = (alerts: StockAlert[], lang: Lang): StockAlert[] => alerts.map((a) => ({ ...a, reason: stockReason(a.cause, lang) }))

/** Every position of the regions (null: all) on a day, and its alerts, with the configured window and thresholds. */
export async function stockOf(env: Env, regionCodes: string[] | null, asOf: string): Promise<{ lines: StockLine[]; alerts: StockAlert[] }> {
  const { windowDays, thresholds } = settingsOf(env).inventory
  const lines = await stockLines(env.DB, regionCodes, asOf, windowDays)
  return { lines, alerts: alertsOf(lines, asOf, thresholds) }
}

/** The stock of the regions on a day, as GET /v1/inventory/stock lists it. */
export async function listStock(env: Env, regionCodes: string[] | null, asOf: string) {
  const { lines } = await stockOf(env, regionCodes, asOf)
  return lines.map((l) => ({
    locationCode: l.locationCode,
    locationType: l.locationType,
    regionCode: l.regionCode,
    sku: l.sku,
    min: l.min,
    max: l.max,
    onHand: l.position?.onHand ?? null,
    turnoverDays: l.position?.turnoverDays ?? null,
    lastSaleOn: l.position?.lastSaleOn ?? null,
  }))
}
