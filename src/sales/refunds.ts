// Refunds are reconciled against the sale they name before they count: a refund gives back at most
// what its sale still has unrefunded — the same SKUs, at most the quantity sold less what earlier
// refunds took, at no more than the price it was sold at — at the sale's own store. A refund whose
// sale has not arrived waits for it; one that can never match is held with its reason, never counted.

/** Why a refund does not count. Held refunds are listed with the unmatched sales. */
export const REFUND_HOLDS = [
  'refund_awaiting_sale',
  'refund_not_of_a_sale',
  'refund_store_mismatch',
  'refund_sku_not_in_sale',
  'refund_price_above_sale',
  'refund_exceeds_sale',
] as const
export type RefundHold = (typeof REFUND_HOLDS)[number]

/** A refund's wait for its sale ends when the sale arrives; every other hold is final. */
export const AWAITING_SALE: RefundHold = 'refund_awaiting_sale'

export interface ReconciledLine {
  sku: string
  /** Units, unsigned. */
  qty: number
  /** Minor units. */
  unitPrice: number
}

/** The sale a refund names, as the ledger holds it. */
export interface RefundedSale {
  kind: 'sale' | 'refund'
  /** Where it was sold: the store code, or the vendor's location when no store is named yet. */
  storeRef: string | null
  lines: ReconciledLine[]
  /** Units per SKU that refunds already counted have taken back. */
  refunded: Record<string, number>
}

/** A refund to reconcile. */
export interface RefundClaim {
  key: string
  /** Where the refund was made; null when it names no store and so belongs to the sale's. */
  storeRef: string | null
  occurredAt: string
  saleId: string
  lines: ReconciledLine[]
}

/**
 * The verdict on each claim against its sale: null when it counts, or why it is held. Claims are
 * taken in the order they happened (then by id), so the verdicts do not depend on arrival order
 * within one reconciliation; each accepted claim takes its units from what the sale has left.
 */
export function reconcileRefunds(sale: RefundedSale | null, claims: RefundClaim[]): Map<string, RefundHold | null> {
  const verdicts = new Map<string, RefundHold | null>()
  const ordered = [...claims].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.saleId < b.saleId ? -1 : a.saleId > b.saleId ? 1 : 0))
  const left = sale ? unitsLeft(sale) : new Map<string, { qty: number; maxPrice: number }>()
  for (const claim of ordered) {
    const hold = sale ? holdOf(sale, claim, left) : AWAITING_SALE
    if (hold === null) for (const [sku, qty] of unitsBySku(claim.lines)) left.get(sku)!.qty -= qty
    verdicts.set(claim.key, hold)
  }
  return verdicts
}

function holdOf(sale: RefundedSale, claim: RefundClaim, left: Map<string, { qty: number; maxPrice: number }>): RefundHold | null {
  if (sale.kind !== 'sale') return 'refund_not_of_a_sale'
  if (claim.storeRef !== null && sale.storeRef !== null && claim.storeRef !== sale.storeRef) return 'refund_store_mismatch'
  for (const line of claim.lines) {
    const sold = left.get(line.sku)
    if (!sold) return 'refund_sku_not_in_sale'
    if (line.unitPrice > sold.maxPrice) return 'refund_price_above_sale'
  }
  for (const [sku, qty] of unitsBySku(claim.lines)) if (qty > left.get(sku)!.qty) return 'refund_exceeds_sale'
  return null
}

/** Per SKU: the units the sale has not yet given back, and the highest price it sold them at. */
function unitsLeft(sale: RefundedSale): Map<string, { qty: number; maxPrice: number }> {
  const left = new Map<string, { qty: number; maxPrice: number }>()
  for (const line of sale.lines) {
    const entry = left.get(line.sku) ?? { qty: 0, maxPrice: 0 }
    entry.qty += line.qty
    entry.maxPrice = Math.max(entry.maxPrice, line.unitPrice)
    left.set(line.sku, entry)
  }
  for (const [sku, qty] of Object.entries(sale.refunded)) {
    const entry = left.get(sku)
    if (entry) entry.qty -= qty
  }
  return left
}

function unitsBySku(lines: ReconciledLine[]): Map<string, number> {
  const units = new Map<string, number>()
  for (const line of lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.qty)
  return units
}
