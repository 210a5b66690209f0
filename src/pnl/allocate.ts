// Regional expenses not booked to a store (区域费用: the regional office's rent, the manager's
// travel) allocated to the region's stores by the rule HQ sets, category by category, with the
// largest-remainder split so each category's parts sum to the regional amount to the fen.
//
// Only direct stores (直营店) take a share: the company runs their costs, while a franchise or
// dealer store's own costs are its owner's and unknown here, so a share of regional cost would
// sit beside unknown expenses and mean nothing. What no direct store takes (rule `none`, or a
// region without direct stores in the month) stays at region level as `unallocated`.
import { largestRemainder } from '../lib/split'
import { byCode } from './cost'

export const ALLOCATION_RULES = ['sales_share', 'none'] as const
/** `sales_share`: by each direct store's share of the region's direct net sales; `none`: kept at region level. */
export type AllocationRule = (typeof ALLOCATION_RULES)[number]

/** Minor units by expense category (rent, staff, …). */
export type ByCategory = Record<string, number>

export interface AllocationShare {
  storeCode: string
  /** The store's net sales in the month, minor units: its weight under `sales_share`. */
  netSales: number
}

export interface Allocation {
  /** Each direct store's share by category; every direct store is present (with {} under `none`). */
  byStore: Map<string, ByCategory>
  /** What stays at region level, by category. */
  unallocated: ByCategory
}

/**
 * Allocates one region's expenses among its direct stores trading in the month.
 *
 * Weights are net sales; a store whose refunds exceed its sales (negative net sales) weighs 0, as a
 * negative share of rent would charge the others more than the rent. When no direct store sold
 * anything, each takes an even share, so the expense still reaches the stores that carried it.
 * Ties on the remainder go to the larger weight, then to the earlier store code. A negative
 * category amount (a credit, say a deposit returned) is split the same way and keeps its sign.
 */
export function allocateRegionalExpenses(expenses: ByCategory, directStores: readonly AllocationShare[], rule: AllocationRule): Allocation {
  const stores = [...directStores].sort((a, b) => byCode(a.storeCode, b.storeCode))
  const byStore = new Map<string, ByCategory>(stores.map((s) => [s.storeCode, {}]))
  const unallocated: ByCategory = {}
  const categories = Object.keys(expenses).sort(byCode)
  if (rule === 'none' || stores.length === 0) {
    for (const category of categories) unallocated[category] = expenses[category]!
    return { byStore, unallocated }
  }
  const salesWeights = stores.map((s) => Math.max(0, s.netSales))
  const weights = salesWeights.some((w) => w > 0) ? salesWeights : stores.map(() => 1)
  for (const category of categories) {
    const amount = expenses[category]!
    if (!Number.isSafeInteger(amount)) throw new RangeError(`regional ${category} must be an integer of minor units, got ${amount}`)
    const parts = largestRemainder(Math.abs(amount), weights)
    stores.forEach((store, i) => {
      // 0 − part, not −part: a credit's zero share is 0, not −0.
      byStore.get(store.storeCode)![category] = amount < 0 ? 0 - parts[i]! : parts[i]!
    })
  }
  return { byStore, unallocated }
}

/** Σ of a category map. */
export const sumOf = (amounts: ByCategory): number => Object.values(amounts).reduce((sum, amount) => sum + amount, 0)

/** Adds `more` into `into`, category by category. */
export function addInto(into: ByCategory, more: ByCategory): ByCategory {
  for (const [category, amount] of Object.entries(more)) into[category] = (into[category] ?? 0) + amount
  return into
}
