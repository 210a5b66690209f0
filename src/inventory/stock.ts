// Stock of one location and SKU, as plain functions: computed stock on a day = the last snapshot
// on or before it + sell-in − sell-out since; turnover days = average stock over the window ÷
// average daily sell-out; and the alerts that follow (restock, overstock, slow mover).
import { addDays, daysBetween } from '../lib/time'
import type { StockCause } from './reasons'

export interface Snapshot {
  asOf: string
  onHand: number
}

/** Goods in (shipments received) and out (net POS sales) on a day. */
export interface Movement {
  day: string
  sellIn: number
  sellOut: number
}

export interface StockPosition {
  onHand: number
  /** Average of the stock at the window's start and end. */
  averageStock: number
  /** Net sell-out per day over the window. */
  dailySellOut: number
  /** null when nothing sold in the window (stock does not turn). */
  turnoverDays: number | null
  lastSaleOn: string | null
}

/** Stock at the end of `day`, or null when no snapshot was taken on or before it. */
export function stockOn(day: string, snapshots: Snapshot[], movements: Movement[]): number | null {
  const last = snapshots.filter((s) => s.asOf <= day).sort((a, b) => (a.asOf < b.asOf ? 1 : -1))[0]
  if (!last) return null
  return movements.filter((m) => m.day > last.asOf && m.day <= day).reduce((stock, m) => stock + m.sellIn - m.sellOut, last.onHand)
}

export function stockPosition(asOf: string, windowDays: number, snapshots: Snapshot[], movements: Movement[]): StockPosition | null {
  const onHand = stockOn(asOf, snapshots, movements)
  if (onHand === null) return null
  const windowStart = addDays(asOf, -(windowDays - 1))
  // Before the first snapshot the stock is not known; the window then starts at that snapshot.
  const firstSnapshot = snapshots.map((s) => s.asOf).sort()[0]!
  const from = firstSnapshot > windowStart ? firstSnapshot : windowStart
  const startStock = stockOn(addDays(from, -1), snapshots, movements) ?? stockOn(from, snapshots, movements)!
  const days = daysBetween(from, asOf)
  const sold = movements.filter((m) => m.day >= from && m.day <= asOf).reduce((n, m) => n + m.sellOut, 0)
  const averageStock = (startStock + onHand) / 2
  const dailySellOut = sold / days
  const lastSale = movements.filter((m) => m.sellOut > 0 && m.day <= asOf).map((m) => m.day).sort().at(-1) ?? null
  return {
    onHand,
    averageStock,
    dailySellOut: Math.round(dailySellOut * 100) / 100,
    turnoverDays: dailySellOut > 0 ? Math.round((averageStock / dailySellOut) * 10) / 10 : null,
    lastSaleOn: lastSale,
  }
}

export interface AlertThresholds {
  /** No sale for this many days with stock on hand: slow mover. */
  noSaleDays: number
  /** Turnover above this many days: slow mover. */
  turnoverDays: number
}

export type StockAlertKind = 'restock' | 'overstock' | 'slow_mover'

export function stockAlerts(
  asOf: string,
  position: StockPosition,
  limit: { min: number; max: number } | null,
  thresholds: AlertThresholds,
): { kind: StockAlertKind; cause: StockCause }[] {
  const alerts: { kind: StockAlertKind; cause: StockCause }[] = []
  const { onHand } = position
  if (limit && onHand < limit.min) alerts.push({ kind: 'restock', cause: { rule: 'below_min', onHand, min: limit.min } })
  if (limit && onHand > limit.max) alerts.push({ kind: 'overstock', cause: { rule: 'above_max', onHand, max: limit.max } })
  if (position.onHand > 0) {
    const idle = position.lastSaleOn === null ? null : daysBetween(position.lastSaleOn, asOf) - 1
    if (idle === null || idle >= thresholds.noSaleDays) {
      alerts.push({ kind: 'slow_mover', cause: idle === null ? { rule: 'never_sold' } : { rule: 'no_sale', days: idle } })
    } else if (position.turnoverDays !== null && position.turnoverDays > thresholds.turnoverDays) {
      alerts.push({ kind: 'slow_mover', cause: { rule: 'slow_turnover', days: position.turnoverDays } })
    }
  }
  return alerts
}
