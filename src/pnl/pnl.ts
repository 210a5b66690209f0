// The monthly store P&L (各店损益), from figures already summed per store for one month:
//
//   gross profit = net sales − cost of goods (each unit at its cost price on its sale's day, ./cost)
//   contribution = gross profit − the store's own expenses − its share of regional expenses (./allocate)
//
// Unknown is never 0. A store with any sold unit of unknown cost has unknown cost of goods, gross
// profit, margin and contribution (null); its known part (`cogsKnown`) and the net sales that part
// does not cover (`unknownCostSales`, with the SKUs) are shown beside it so the gap can be sized and
// closed. A franchise or dealer store shows sales and gross profit only: its own costs are its
// owner's, so its store expenses, allocated expenses and contribution are null, and regional
// expenses go to direct stores only.
//
// Totals (region, company) follow what a finance reviewer expects of a sum with a hole in it: the
// figure is null, never a known-part sum presented as the whole; the known part, the uncovered
// sales and the stores with unknown cost are carried beside it. The contribution of a region or the
// company is its direct stores' contribution less the regional expenses no store took and any
// expense booked to a franchise or dealer store: franchise and dealer gross profit is the store's,
// valued at company cost, not the company's margin, so it is reported but not part of contribution.
// Comparisons against last year's same month and the budget are per store, actual − reference,
// null when either side is unknown.
import { ratio } from '../achievement/measures'
import { addInto, allocateRegionalExpenses, sumOf, type AllocationRule, type ByCategory } from './allocate'
import { byCode } from './cost'

export type Channel = 'direct' | 'franchise' | 'dealer'

/** One store's month, summed: minor units throughout. */
export interface StoreMonth {
  storeCode: string
  regionCode: string
  channel: Channel
  /** Net of refunds. */
  netSales: number
  /** The known part of the cost of goods and what it does not cover, as ./cost sumCogs gives them. */
  cogsKnown: number
  unknownCostSales: number
  unknownSkus: readonly string[]
  /** Expenses booked to the store, by category. */
  storeExpenses: ByCategory
}

/** Last year's same month or the month's budget for one store. */
export interface Reference {
  netSales: number
  grossProfit: number | null
  contribution: number | null
}

export interface PnlInput {
  /** The stores trading in the month (masterdata/trading-days): only they take allocations. */
  stores: readonly StoreMonth[]
  /** Regional expenses not booked to a store, by region code, then category. */
  regionalExpenses: ReadonlyMap<string, ByCategory>
  rule: AllocationRule
  lastYear?: ReadonlyMap<string, Reference>
  budget?: ReadonlyMap<string, Reference>
}

export interface Expenses {
  total: number
  byCategory: ByCategory
}

export interface Differences {
  netSales: number
  grossProfit: number | null
  contribution: number | null
}

export interface StorePnl {
  storeCode: string
  regionCode: string
  channel: Channel
  netSales: number
  cogsKnown: number
  unknownCostSales: number
  unknownSkus: string[]
  cogs: number | null
  grossProfit: number | null
  /** Gross profit ÷ net sales to 4 places; null when unknown or without sales. */
  grossMargin: number | null
  storeExpenses: Expenses | null
  /** Direct stores: their share (total 0 under rule `none`); others null. */
  allocatedExpenses: Expenses | null
  contribution: number | null
  contributionMargin: number | null
  lastYear: Reference | null
  vsLastYear: Differences | null
  budget: Reference | null
  vsBudget: Differences | null
}

export interface PnlTotals {
  stores: number
  netSales: number
  cogsKnown: number
  unknownCostSales: number
  cogs: number | null
  grossProfit: number | null
  grossMargin: number | null
  storesWithUnknownCost: string[]
  direct: { stores: number; netSales: number; grossProfit: number | null; storeExpenses: Expenses; allocatedExpenses: Expenses; contribution: number | null }
  regionalExpenses: Expenses
  /** Regional expenses no store took: all of them under rule `none`. */
  unallocatedExpenses: Expenses
  /** Expenses booked to franchise or dealer stores: company money spent on them, kept at this level. */
  nonDirectStoreExpenses: Expenses
  /** direct.contribution − unallocated − non-direct store expenses; null when any direct store's is unknown. */
  contribution: number | null
}

export interface RegionPnl extends PnlTotals {
  regionCode: string
}

export interface Pnl {
  /** Ordered by region, then store code. */
  stores: StorePnl[]
  regions: RegionPnl[]
  company: PnlTotals
}

const expensesOf = (byCategory: ByCategory): Expenses => ({ total: sumOf(byCategory), byCategory })
const minus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b)
/** Σ, null when any part is unknown. */
const sumKnown = (values: readonly (number | null)[]): number | null =>
  values.reduce<number | null>((sum, value) => (sum === null || value === null ? null : sum + value), 0)

function assertMinorUnits(what: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer of minor units, got ${value}`)
}

function checked(stores: readonly StoreMonth[]): StoreMonth[] {
  const seen = new Set<string>()
  for (const s of stores) {
    if (seen.has(s.storeCode)) throw new RangeError(`store ${s.storeCode} appears twice`)
    seen.add(s.storeCode)
    assertMinorUnits(`${s.storeCode} netSales`, s.netSales)
    assertMinorUnits(`${s.storeCode} cogsKnown`, s.cogsKnown)
    assertMinorUnits(`${s.storeCode} unknownCostSales`, s.unknownCostSales)
    for (const [category, amount] of Object.entries(s.storeExpenses)) assertMinorUnits(`${s.storeCode} ${category}`, amount)
  }
  return [...stores].sort((a, b) => byCode(a.regionCode, b.regionCode) || byCode(a.storeCode, b.storeCode))
}

function differences(actual: Reference, reference: Reference | undefined): Differences | null {
  if (reference === undefined) return null
  return {
    netSales: actual.netSales - reference.netSales,
    grossProfit: minus(actual.grossProfit, reference.grossProfit),
    contribution: minus(actual.contribution, reference.contribution),
  }
}

function storePnl(store: StoreMonth, allocated: ByCategory | undefined, input: PnlInput): StorePnl {
  const cogs = store.unknownSkus.length > 0 ? null : store.cogsKnown
  const grossProfit = minus(store.netSales, cogs)
  const direct = store.channel === 'direct'
  const storeExpenses = direct ? expensesOf({ ...store.storeExpenses }) : null
  const allocatedExpenses = direct ? expensesOf(allocated ?? {}) : null
  const contribution = storeExpenses && allocatedExpenses ? minus(grossProfit, storeExpenses.total + allocatedExpenses.total) : null
  const actual: Reference = { netSales: store.netSales, grossProfit, contribution }
  const lastYear = input.lastYear?.get(store.storeCode)
  const budget = input.budget?.get(store.storeCode)
  return {
    storeCode: store.storeCode,
    regionCode: store.regionCode,
    channel: store.channel,
    netSales: store.netSales,
    cogsKnown: store.cogsKnown,
    unknownCostSales: store.unknownCostSales,
    unknownSkus: [...store.unknownSkus].sort(byCode),
    cogs,
    grossProfit,
    grossMargin: grossProfit === null ? null : ratio(grossProfit, store.netSales),
    storeExpenses,
    allocatedExpenses,
    contribution,
    contributionMargin: contribution === null ? null : ratio(contribution, store.netSales),
    lastYear: lastYear ?? null,
    vsLastYear: differences(actual, lastYear),
    budget: budget ?? null,
    vsBudget: differences(actual, budget),
  }
}

/** Totals over stores, with the region-level expenses of the regions they cover. */
function totalsOf(stores: readonly StorePnl[], regional: ByCategory, unallocated: ByCategory, nonDirect: ByCategory): PnlTotals {
  const direct = stores.filter((s) => s.channel === 'direct')
  const netSales = stores.reduce((sum, s) => sum + s.netSales, 0)
  const cogs = sumKnown(stores.map((s) => s.cogs))
  const grossProfit = minus(netSales, cogs)
  const directContribution = sumKnown(direct.map((s) => s.contribution))
  const unallocatedExpenses = expensesOf(unallocated)
  const nonDirectStoreExpenses = expensesOf(nonDirect)
  return {
    stores: stores.length,
    netSales,
    cogsKnown: stores.reduce((sum, s) => sum + s.cogsKnown, 0),
    unknownCostSales: stores.reduce((sum, s) => sum + s.unknownCostSales, 0),
    cogs,
    grossProfit,
    grossMargin: grossProfit === null ? null : ratio(grossProfit, netSales),
    storesWithUnknownCost: stores.filter((s) => s.cogs === null).map((s) => s.storeCode).sort(byCode),
    direct: {
      stores: direct.length,
      netSales: direct.reduce((sum, s) => sum + s.netSales, 0),
      grossProfit: sumKnown(direct.map((s) => s.grossProfit)),
      storeExpenses: expensesOf(direct.reduce((all, s) => addInto(all, s.storeExpenses!.byCategory), {})),
      allocatedExpenses: expensesOf(direct.reduce((all, s) => addInto(all, s.allocatedExpenses!.byCategory), {})),
      contribution: directContribution,
    },
    regionalExpenses: expensesOf(regional),
    unallocatedExpenses,
    nonDirectStoreExpenses,
    contribution: minus(directContribution, unallocatedExpenses.total + nonDirectStoreExpenses.total),
  }
}

/** The month's P&L per store, per region and for the company. */
export function storePnlReport(input: PnlInput): Pnl {
  const stores = checked(input.stores)
  const regionCodes = [...new Set([...stores.map((s) => s.regionCode), ...input.regionalExpenses.keys()])].sort(byCode)
  const rows: StorePnl[] = []
  const regions: RegionPnl[] = []
  const company = { regional: {} as ByCategory, unallocated: {} as ByCategory, nonDirect: {} as ByCategory }
  for (const regionCode of regionCodes) {
    const inRegion = stores.filter((s) => s.regionCode === regionCode)
    const regional = { ...(input.regionalExpenses.get(regionCode) ?? {}) }
    for (const [category, amount] of Object.entries(regional)) assertMinorUnits(`${regionCode} regional ${category}`, amount)
    const allocation = allocateRegionalExpenses(
      regional,
      inRegion.filter((s) => s.channel === 'direct'),
      input.rule,
    )
    const regionRows = inRegion.map((s) => storePnl(s, allocation.byStore.get(s.storeCode), input))
    const nonDirect = inRegion.filter((s) => s.channel !== 'direct').reduce((all, s) => addInto(all, s.storeExpenses), {} as ByCategory)
    rows.push(...regionRows)
    regions.push({ regionCode, ...totalsOf(regionRows, regional, allocation.unallocated, nonDirect) })
    addInto(company.regional, regional)
    addInto(company.unallocated, allocation.unallocated)
    addInto(company.nonDirect, nonDirect)
  }
  return { stores: rows, regions, company: totalsOf(rows, company.regional, company.unallocated, company.nonDirect) }
}
