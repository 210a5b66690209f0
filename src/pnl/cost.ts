// Cost of goods sold (销售成本) for the store P&L: each sale line is costed at the product's cost
// price valid on the day of the sale, so a cost change in the middle of a month applies from its
// day on. A line whose SKU has no cost on that day is not costed at 0 — its quantity, its net sales
// and its SKU are reported as unknown, and the P&L shows the store's cost of goods as unknown.

/** One entry of a product's cost history: the cost price (minor units) from this day on. */
export interface CostPoint {
  effectiveFrom: string
  costPrice: number
}

/**
 * The cost price valid on `day` (YYYY-MM-DD): the entry with the latest `effectiveFrom` on or
 * before the day; null before the first entry. The history may come in any order. Two entries on
 * the same day should not exist (they are refused where costs are written); if they do, the later
 * one in the list wins, so an appended correction counts.
 */
export function costOn(history: readonly CostPoint[], day: string): number | null {
  let valid: CostPoint | null = null
  for (const point of history) {
    if (point.effectiveFrom > day) continue
    if (valid === null || point.effectiveFrom >= valid.effectiveFrom) valid = point
  }
  return valid === null ? null : valid.costPrice
}

/**
 * A sale line as the P&L costs it: the SKU, the sale's day and quantity, and the line's net sales
 * (minor units). A refund is a line with negative quantity and net sales whose `day` is the day of
 * the sale it refunds, so the cost it reverses is the cost that sale was charged.
 */
export interface CostedLine {
  sku: string
  day: string
  qty: number
  netSales: number
}

export interface CogsSum {
  /** Σ qty × cost price over the lines whose cost is known, minor units. */
  cogsKnown: number
  /** Net sales of the lines whose cost is unknown, minor units (what the known cost does not cover). */
  unknownCostSales: number
  /** Net quantity of the lines whose cost is unknown. */
  unknownQty: number
  /** SKUs with at least one line of unknown cost, sorted: the cost prices someone has to enter. */
  unknownSkus: string[]
}

/** Costs the lines of one store and month with the products' cost histories (by SKU). */
export function sumCogs(lines: readonly CostedLine[], histories: ReadonlyMap<string, readonly CostPoint[]>): CogsSum {
  let cogsKnown = 0
  let unknownCostSales = 0
  let unknownQty = 0
  const unknownSkus = new Set<string>()
  for (const line of lines) {
    const cost = costOn(histories.get(line.sku) ?? [], line.day)
    if (cost === null) {
      unknownCostSales += line.netSales
      unknownQty += line.qty
      unknownSkus.add(line.sku)
    } else {
      cogsKnown += line.qty * cost
    }
  }
  if (!Number.isSafeInteger(cogsKnown)) throw new RangeError(`cost of goods ${cogsKnown} is beyond exact integer arithmetic`)
  return { cogsKnown, unknownCostSales, unknownQty, unknownSkus: [...unknownSkus].sort(byCode) }
}

/** Codes are case-sensitive: ordered by code unit, never by locale. */
export const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
