// Planning a year's targets (篇一 一.1): the company target is shared among regions by last year's
// basis, each region's annual is split by month along the sales rhythm, and each region-month is
// allocated to the stores open in that month by their weight. Pure functions over plain data;
// every split is a largest-remainder split, so all sums are exact to the minor unit.
import { wholeNumberOf } from '../lib/numbers'
import { integerWeights, largestRemainder } from '../lib/split'
import { monthEnd, monthStart } from '../lib/time'
import { tradesDuring } from '../masterdata/trading-days'

export type RegionBasis = 'last_year_actual' | 'last_year_target'
export type Seasonality = 'last_year' | 'even' | number[]
export type StoreWeighting = 'last_year_actual' | 'tier' | 'area' | 'equal'

export interface RegionHistory {
  code: string
  /** Y−1 actual sales, minor units. */
  lastYearActual: number
  /** Y−1 annual target, minor units (0 when there was none). */
  lastYearTarget: number
  /** Y−1 actual sales per month (12 values). */
  lastYearMonthly: number[]
}

export interface StoreFacts {
  code: string
  regionCode: string
  openedOn: string | null
  closedOn: string | null
  tier: string | null
  areaSqm: number | null
  /** Y−1 actual sales, minor units. */
  lastYearActual: number
}

export interface PlanRequest {
  year: number
  companyAmount: number
  basis: RegionBasis
  seasonality: Seasonality
  storeWeights: StoreWeighting
}

export interface PlannedRegion {
  code: string
  annual: number
  months: number[]
  /** False when the region had no history and took the average share. */
  fromHistory: boolean
}

export interface PlannedStore {
  code: string
  regionCode: string
  months: number[]
}

export interface PlanWarning {
  regionCode: string
  month: number
  message: string
}

export interface Plan {
  regions: PlannedRegion[]
  stores: PlannedStore[]
  warnings: PlanWarning[]
}

/** Default weights of store tiers; a numeric tier is its own weight. */
export const TIER_WEIGHTS: Record<string, number> = { S: 5, A: 4, B: 3, C: 2, D: 1 }

/** The largest numeric tier: weights stay exact when averaged over any number of stores. */
export const MAX_TIER_WEIGHT = 1_000_000

/**
 * A tier's weight: a tier of digits (`1`, `"1"` and `"１"` alike) from 1 to MAX_TIER_WEIGHT is its
 * own weight, a letter of TIER_WEIGHTS its default; anything else has none (the average is used).
 */
export function tierWeight(tier: string): number | null {
  const numeric = wholeNumberOf(tier)
  if (numeric !== null) return numeric >= 1 && numeric <= MAX_TIER_WEIGHT ? numeric : null
  return TIER_WEIGHTS[tier.toUpperCase()] ?? null
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1)

/**
 * Weights where some items have no data: those take the average of the items that have it. To
 * stay in integers, items with data weigh `value × n` and the others `Σ values` (n items with data).
 * With no data at all, every item weighs the same.
 */
export function withAverageForMissing(values: (number | null)[]): number[] {
  const known = values.filter((v): v is number => v !== null && v > 0)
  if (known.length === 0) return values.map(() => 1)
  const sum = known.reduce((a, b) => a + b, 0)
  return values.map((v) => (v !== null && v > 0 ? v * known.length : sum))
}

/**
 * A region's planning basis. `last_year_target` is last year's target × last year's achievement
 * rate (上年目标 × 实际达成率); with rate = actual ÷ target that is the actual wherever there was
 * a target, and no basis where there was none.
 */
export function regionBasis(history: RegionHistory, basis: RegionBasis): number | null {
  if (basis === 'last_year_actual') return history.lastYearActual > 0 ? history.lastYearActual : null
  if (history.lastYearTarget <= 0) return null
  const rate = history.lastYearActual / history.lastYearTarget
  return Math.round(history.lastYearTarget * rate) || null
}

/** The 12 monthly weights of a seasonality for one region. */
export function seasonalWeights(seasonality: Seasonality, history: RegionHistory | undefined): number[] {
  if (Array.isArray(seasonality)) return integerWeights(seasonality, 4)
  if (seasonality === 'last_year' && history && history.lastYearMonthly.some((v) => v > 0)) return history.lastYearMonthly
  return MONTHS.map(() => 1)
}

/** Splits an annual amount into 12 months by weights (even when the weights are all zero). */
export function splitByMonth(annual: number, weights: number[]): number[] {
  return largestRemainder(annual, weights.some((w) => w > 0) ? weights : MONTHS.map(() => 1))
}

function storeValue(store: StoreFacts, weighting: StoreWeighting): number | null {
  switch (weighting) {
    case 'equal':
      return 1
    case 'last_year_actual':
      return store.lastYearActual > 0 ? store.lastYearActual : null
    case 'area':
      return store.areaSqm !== null && store.areaSqm > 0 ? Math.round(store.areaSqm * 100) : null
    case 'tier':
      return store.tier === null ? null : tierWeight(store.tier)
  }
}

/**
 * Allocates one region's monthly targets to its stores. A store weighs only in the months it
 * trades in (its opening and closing months included); a month with a target but no open store is left unallocated and reported.
 */
export function allocateToStores(
  regionCode: string,
  year: number,
  regionMonths: number[],
  stores: StoreFacts[],
  weighting: StoreWeighting,
): { stores: PlannedStore[]; warnings: PlanWarning[] } {
  const sorted = [...stores].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const base = withAverageForMissing(sorted.map((s) => storeValue(s, weighting)))
  const planned = sorted.map((s) => ({ code: s.code, regionCode, months: MONTHS.map(() => 0) }))
  const warnings: PlanWarning[] = []
  MONTHS.forEach((month, m) => {
    const amount = regionMonths[m] ?? 0
    const weights = sorted.map((s, i) => (tradesDuring(s, monthStart(year, month), monthEnd(year, month)) ? base[i]! : 0))
    if (weights.every((w) => w === 0)) {
      if (amount > 0) warnings.push({ regionCode, month, message: 'no store of the region is open in this month; the target is not allocated' })
      return
    }
    largestRemainder(amount, weights).forEach((part, i) => (planned[i]!.months[m] = part))
  })
  return { stores: planned, warnings }
}

/** The whole plan: regions from the company target, months by seasonality, stores by weight. */
export function planTargets(request: PlanRequest, regions: RegionHistory[], stores: StoreFacts[]): Plan {
  const sortedRegions = [...regions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const bases = sortedRegions.map((r) => regionBasis(r, request.basis))
  const annuals = sortedRegions.length > 0 ? largestRemainder(request.companyAmount, withAverageForMissing(bases)) : []
  const storesByRegion = new Map<string, StoreFacts[]>()
  for (const store of stores) {
    const list = storesByRegion.get(store.regionCode) ?? []
    list.push(store)
    storesByRegion.set(store.regionCode, list)
  }
  const plan: Plan = { regions: [], stores: [], warnings: [] }
  sortedRegions.forEach((region, i) => {
    const annual = annuals[i]!
    const months = splitByMonth(annual, seasonalWeights(request.seasonality, region))
    plan.regions.push({ code: region.code, annual, months, fromHistory: bases[i] !== null })
    const allocation = allocateToStores(region.code, request.year, months, storesByRegion.get(region.code) ?? [], request.storeWeights)
    plan.stores.push(...allocation.stores)
    plan.warnings.push(...allocation.warnings)
  })
  return plan
}
