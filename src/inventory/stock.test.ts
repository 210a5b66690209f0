// Stock arithmetic on fixtures checked by hand.
import { describe, expect, it } from 'vitest'
import { stockAlerts, stockOn, stockPosition, type Movement } from './stock'

const snapshots = [
  { asOf: '2026-06-01', onHand: 100 },
  { asOf: '2026-06-20', onHand: 40 },
]
const movements: Movement[] = [
  { day: '2026-06-05', sellIn: 0, sellOut: 30 },
  { day: '2026-06-10', sellIn: 50, sellOut: 10 },
  { day: '2026-06-20', sellIn: 0, sellOut: 999 }, // the count of the 20th already includes this day
  { day: '2026-06-25', sellIn: 0, sellOut: 15 },
  { day: '2026-06-28', sellIn: 20, sellOut: 5 },
]

describe('computed stock across snapshots', () => {
  it('starts from the last snapshot on or before the day', () => {
    expect(stockOn('2026-05-31', snapshots, movements)).toBeNull()
    expect(stockOn('2026-06-01', snapshots, movements)).toBe(100)
    expect(stockOn('2026-06-09', snapshots, movements)).toBe(70) // 100 − 30
    expect(stockOn('2026-06-19', snapshots, movements)).toBe(110) // 100 − 30 + 50 − 10
    expect(stockOn('2026-06-20', snapshots, movements)).toBe(40) // the new count wins
    expect(stockOn('2026-06-30', snapshots, movements)).toBe(40) // 40 − 15 + 20 − 5
  })

  it('turnover days = average stock ÷ average daily sell-out over the window', () => {
    // Window 2026-06-21 … 06-30 (10 days): start stock (end of the 20th) 40, end 40 → average 40;
    // sold 15 + 5 = 20 → 2 a day → 20 days.
    expect(stockPosition('2026-06-30', 10, snapshots, movements)).toEqual({ onHand: 40, averageStock: 40, dailySellOut: 2, turnoverDays: 20, lastSaleOn: '2026-06-28' })
  })
})

describe('alerts', () => {
  const thresholds = { noSaleDays: 30, turnoverDays: 90 }
  const position = { onHand: 40, averageStock: 40, dailySellOut: 2, turnoverDays: 20, lastSaleOn: '2026-06-28' }

  it('restock below the minimum, overstock above the maximum, nothing in between', () => {
    expect(stockAlerts('2026-06-30', position, { min: 50, max: 200 }, thresholds)).toEqual([{ kind: 'restock', cause: { rule: 'below_min', onHand: 40, min: 50 } }])
    expect(stockAlerts('2026-06-30', position, { min: 10, max: 30 }, thresholds).map((a) => a.kind)).toEqual(['overstock'])
    expect(stockAlerts('2026-06-30', position, { min: 40, max: 40 }, thresholds)).toEqual([])
  })

  it('a slow mover has not sold for the threshold days, or turns too slowly', () => {
    expect(stockAlerts('2026-07-27', position, null, thresholds)).toEqual([]) // 29 days without a sale (29 June … 27 July)
    expect(stockAlerts('2026-07-28', position, null, thresholds)).toEqual([{ kind: 'slow_mover', cause: { rule: 'no_sale', days: 30 } }])
    expect(stockAlerts('2026-06-30', { ...position, turnoverDays: 120 }, null, thresholds)).toEqual([{ kind: 'slow_mover', cause: { rule: 'slow_turnover', days: 120 } }])
    expect(stockAlerts('2026-06-30', { ...position, lastSaleOn: null }, null, thresholds)[0]!.cause).toEqual({ rule: 'never_sold' })
    expect(stockAlerts('2026-06-30', { ...position, onHand: 0, lastSaleOn: null }, null, thresholds)).toEqual([])
  })
})
