// A small company fixed by hand, March 2027: EAST (E01, E02 direct; E03 franchise) and WEST (W01
// direct; W02 a dealer store). TEE's cost rises from 40.00 to 45.00 on 16 March; BAG has no cost
// before April, so E02's cost of goods is unknown. Every figure is asserted to the fen.
import { describe, expect, it } from 'vitest'
import { allocateRegionalExpenses } from './allocate'
import { costOn, sumCogs, type CostedLine, type CostPoint } from './cost'
import { storePnlReport, type PnlInput, type StoreMonth } from './pnl'

const histories = new Map<string, CostPoint[]>([
  // Out of order on purpose: the valid entry is found by date, not by position.
  ['TEE', [{ effectiveFrom: '2027-03-16', costPrice: 4500 }, { effectiveFrom: '2027-01-01', costPrice: 4000 }]],
  ['CAP', [{ effectiveFrom: '2026-06-01', costPrice: 1200 }]],
  ['BAG', [{ effectiveFrom: '2027-04-01', costPrice: 8000 }]],
])

const line = (sku: string, day: string, qty: number, netSales: number): CostedLine => ({ sku, day, qty, netSales })

const linesOf: Record<string, CostedLine[]> = {
  // The refund carries its sale's day (the 10th), so it reverses 40.00, not 45.00.
  E01: [line('TEE', '2027-03-10', 10, 99000), line('TEE', '2027-03-20', 4, 39600), line('CAP', '2027-03-05', 5, 14500), line('TEE', '2027-03-10', -1, -9900)],
  E02: [line('TEE', '2027-03-15', 1, 9900), line('TEE', '2027-03-18', 6, 59400), line('BAG', '2027-03-12', 2, 30000)],
  E03: [line('TEE', '2027-03-08', 20, 198000)],
  W01: [line('CAP', '2027-03-15', 30, 87000), line('TEE', '2027-03-16', 3, 29700)],
  W02: [line('TEE', '2027-03-25', 5, 49500)],
}

function storeMonth(storeCode: string, regionCode: string, channel: StoreMonth['channel'], storeExpenses: Record<string, number>): StoreMonth {
  const lines = linesOf[storeCode]!
  const { cogsKnown, unknownCostSales, unknownSkus } = sumCogs(lines, histories)
  return { storeCode, regionCode, channel, netSales: lines.reduce((s, l) => s + l.netSales, 0), cogsKnown, unknownCostSales, unknownSkus, storeExpenses }
}

const company = (rule: PnlInput['rule']): PnlInput => ({
  stores: [
    storeMonth('W02', 'WEST', 'dealer', { marketing: 3000 }),
    storeMonth('E01', 'EAST', 'direct', { rent: 20000, staff: 30000 }),
    storeMonth('E02', 'EAST', 'direct', { rent: 15000, staff: 20000 }),
    storeMonth('E03', 'EAST', 'franchise', {}),
    storeMonth('W01', 'WEST', 'direct', { rent: 18000, utilities: 2000 }),
  ],
  regionalExpenses: new Map([
    ['EAST', { rent: 10000 }],
    ['WEST', { rent: 5000 }],
  ]),
  rule,
  lastYear: new Map([
    ['E01', { netSales: 120000, grossProfit: 70000, contribution: 20000 }],
    ['E03', { netSales: 180000, grossProfit: 100000, contribution: null }],
  ]),
  budget: new Map([['E02', { netSales: 100000, grossProfit: 40000, contribution: 5000 }]]),
})

describe('costOn', () => {
  const tee = histories.get('TEE')!
  it('takes the latest entry on or before the day, and nothing before the first', () => {
    expect(costOn(tee, '2026-12-31')).toBeNull()
    expect(costOn(tee, '2027-01-01')).toBe(4000)
    expect(costOn(tee, '2027-03-15')).toBe(4000)
    expect(costOn(tee, '2027-03-16')).toBe(4500)
    expect(costOn([], '2027-03-16')).toBeNull()
  })

  it('lets the later of two entries on one day win', () => {
    expect(costOn([{ effectiveFrom: '2027-03-01', costPrice: 100 }, { effectiveFrom: '2027-03-01', costPrice: 120 }], '2027-03-02')).toBe(120)
  })
})

describe('sumCogs', () => {
  it('costs each line on its own day, so a mid-month change applies from its day', () => {
    // 10×40.00 + 4×45.00 + 5×12.00 − 1×40.00
    expect(sumCogs(linesOf.E01!, histories)).toEqual({ cogsKnown: 60000, unknownCostSales: 0, unknownQty: 0, unknownSkus: [] })
  })

  it('keeps lines without a cost apart instead of costing them at 0', () => {
    expect(sumCogs(linesOf.E02!, histories)).toEqual({ cogsKnown: 31000, unknownCostSales: 30000, unknownQty: 2, unknownSkus: ['BAG'] })
    expect(sumCogs([line('NEW', '2027-03-01', 1, 500)], histories).unknownSkus).toEqual(['NEW'])
  })
})

describe('storePnlReport by sales share', () => {
  const pnl = storePnlReport(company('sales_share'))
  const store = (code: string) => pnl.stores.find((s) => s.storeCode === code)!
  const region = (code: string) => pnl.regions.find((r) => r.regionCode === code)!

  it('orders stores by region, then code', () => {
    expect(pnl.stores.map((s) => s.storeCode)).toEqual(['E01', 'E02', 'E03', 'W01', 'W02'])
  })

  it('a direct store: gross profit, its expenses, its share of the regional rent, contribution', () => {
    // EAST rent 100.00 by net sales 1432.00 : 993.00 → exact 59.0515 : 40.9485; the fen left goes to E02's larger remainder.
    expect(store('E01')).toEqual({
      storeCode: 'E01', regionCode: 'EAST', channel: 'direct',
      netSales: 143200, cogsKnown: 60000, unknownCostSales: 0, unknownSkus: [], cogs: 60000, grossProfit: 83200, grossMargin: 0.581,
      storeExpenses: { total: 50000, byCategory: { rent: 20000, staff: 30000 } },
      allocatedExpenses: { total: 5905, byCategory: { rent: 5905 } },
      contribution: 27295, contributionMargin: 0.1906,
      lastYear: { netSales: 120000, grossProfit: 70000, contribution: 20000 },
      vsLastYear: { netSales: 23200, grossProfit: 13200, contribution: 7295 },
      budget: null, vsBudget: null,
    })
    expect(store('E02').allocatedExpenses).toEqual({ total: 4095, byCategory: { rent: 4095 } })
    expect(store('E01').allocatedExpenses!.total + store('E02').allocatedExpenses!.total).toBe(10000)
  })

  it('unknown cost leaves gross profit and contribution unknown, and still takes its rent share', () => {
    expect(store('E02')).toMatchObject({
      netSales: 99300, cogsKnown: 31000, unknownCostSales: 30000, unknownSkus: ['BAG'],
      cogs: null, grossProfit: null, grossMargin: null, storeExpenses: { total: 35000 }, contribution: null, contributionMargin: null,
      vsBudget: { netSales: -700, grossProfit: null, contribution: null },
    })
  })

  it('franchise and dealer stores show sales and gross profit only, and take no regional expense', () => {
    expect(store('E03')).toMatchObject({
      netSales: 198000, cogs: 80000, grossProfit: 118000, grossMargin: 0.596,
      storeExpenses: null, allocatedExpenses: null, contribution: null, contributionMargin: null,
      vsLastYear: { netSales: 18000, grossProfit: 18000, contribution: null },
    })
    // WEST's only direct store takes the whole regional rent; the dealer store none.
    expect(store('W01')).toMatchObject({ grossProfit: 67200, grossMargin: 0.5758, allocatedExpenses: { total: 5000 }, contribution: 42200, contributionMargin: 0.3616 })
    expect(store('W02')).toMatchObject({ grossProfit: 27000, grossMargin: 0.5455, storeExpenses: null, allocatedExpenses: null, contribution: null })
  })

  it('a complete region sums to the fen; expenses booked to its dealer store stay at region level', () => {
    expect(region('WEST')).toEqual({
      regionCode: 'WEST', stores: 2,
      netSales: 166200, cogsKnown: 72000, unknownCostSales: 0, cogs: 72000, grossProfit: 94200, grossMargin: 0.5668, storesWithUnknownCost: [],
      direct: {
        stores: 1, netSales: 116700, grossProfit: 67200,
        storeExpenses: { total: 20000, byCategory: { rent: 18000, utilities: 2000 } },
        allocatedExpenses: { total: 5000, byCategory: { rent: 5000 } },
        contribution: 42200,
      },
      regionalExpenses: { total: 5000, byCategory: { rent: 5000 } },
      unallocatedExpenses: { total: 0, byCategory: {} },
      nonDirectStoreExpenses: { total: 3000, byCategory: { marketing: 3000 } },
      contribution: 39200,
    })
  })

  it('a region or the company with a store of unknown cost has unknown totals, with the known part beside them', () => {
    expect(region('EAST')).toMatchObject({
      stores: 3, netSales: 440500, cogsKnown: 171000, unknownCostSales: 30000, cogs: null, grossProfit: null, grossMargin: null,
      storesWithUnknownCost: ['E02'],
      direct: { stores: 2, netSales: 242500, grossProfit: null, storeExpenses: { total: 85000 }, allocatedExpenses: { total: 10000 }, contribution: null },
      unallocatedExpenses: { total: 0 }, contribution: null,
    })
    expect(pnl.company).toMatchObject({
      stores: 5, netSales: 606700, cogsKnown: 243000, unknownCostSales: 30000, cogs: null, grossProfit: null, storesWithUnknownCost: ['E02'],
      direct: { stores: 3, netSales: 359200, storeExpenses: { total: 105000, byCategory: { rent: 53000, staff: 50000, utilities: 2000 } }, allocatedExpenses: { total: 15000 } },
      regionalExpenses: { total: 15000 }, nonDirectStoreExpenses: { total: 3000 }, contribution: null,
    })
  })
})

describe('storePnlReport without allocation', () => {
  const pnl = storePnlReport(company('none'))
  it('keeps regional expenses at region level; the region contribution is the same', () => {
    const w01 = pnl.stores.find((s) => s.storeCode === 'W01')!
    expect(w01.allocatedExpenses).toEqual({ total: 0, byCategory: {} })
    expect(w01.contribution).toBe(47200)
    expect(pnl.stores.find((s) => s.storeCode === 'E01')!.contribution).toBe(33200)
    expect(pnl.regions.find((r) => r.regionCode === 'WEST')).toMatchObject({ unallocatedExpenses: { total: 5000 }, contribution: 39200 })
    expect(pnl.company.unallocatedExpenses).toEqual({ total: 15000, byCategory: { rent: 15000 } })
  })
})

describe('regional expenses in regions without direct sales', () => {
  const zero = (storeCode: string, regionCode: string, channel: StoreMonth['channel'], netSales = 0): StoreMonth =>
    ({ storeCode, regionCode, channel, netSales, cogsKnown: 0, unknownCostSales: 0, unknownSkus: [], storeExpenses: {} })
  const pnl = storePnlReport({
    stores: [zero('N03', 'NORTH', 'direct'), zero('N01', 'NORTH', 'direct'), zero('N02', 'NORTH', 'direct'), zero('N04', 'NORTH', 'franchise', 5000), zero('S01', 'SOUTH', 'franchise', 800)],
    regionalExpenses: new Map<string, Record<string, number>>([['NORTH', { rent: 100, travel: -10 }], ['SOUTH', { rent: 700 }]]),
    rule: 'sales_share',
  })

  it('splits evenly among direct stores when none sold, the odd fen to the earlier code; a credit keeps its sign', () => {
    expect(pnl.stores.filter((s) => s.regionCode === 'NORTH').map((s) => s.allocatedExpenses?.byCategory ?? null)).toEqual([
      { rent: 34, travel: -4 }, { rent: 33, travel: -3 }, { rent: 33, travel: -3 }, null,
    ])
  })

  it('keeps them at region level when the region has no direct store', () => {
    expect(pnl.regions.find((r) => r.regionCode === 'SOUTH')).toMatchObject({ unallocatedExpenses: { total: 700 }, grossProfit: 800, contribution: -700 })
  })

  it('gives a store whose refunds exceed its sales no share', () => {
    const split = allocateRegionalExpenses({ rent: 900 }, [{ storeCode: 'A', netSales: -500 }, { storeCode: 'B', netSales: 200 }, { storeCode: 'C', netSales: 100 }], 'sales_share')
    expect(Object.fromEntries(split.byStore)).toEqual({ A: { rent: 0 }, B: { rent: 600 }, C: { rent: 300 } })
  })
})
