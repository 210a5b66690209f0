// The planning rules, on hand-checked fixtures and as properties over random companies.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateToStores, planTargets, regionBasis, tierWeight, withAverageForMissing, type RegionHistory, type StoreFacts } from './plan'

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const region = (code: string, lastYearActual = 0, lastYearTarget = 0, monthly = Array(12).fill(0)): RegionHistory => ({
  code,
  lastYearActual,
  lastYearTarget,
  lastYearMonthly: monthly,
})
const store = (code: string, regionCode: string, over: Partial<StoreFacts> = {}): StoreFacts => ({
  code,
  regionCode,
  openedOn: null,
  closedOn: null,
  tier: null,
  areaSqm: null,
  lastYearActual: 0,
  ...over,
})

describe('region shares', () => {
  it('shares the company target by last year actual, exactly', () => {
    const plan = planTargets(
      { year: 2027, companyAmount: 100_000_000, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal' },
      [region('A', 30_000), region('B', 50_000), region('C', 20_000)],
      [],
    )
    expect(plan.regions.map((r) => [r.code, r.annual])).toEqual([
      ['A', 30_000_000],
      ['B', 50_000_000],
      ['C', 20_000_000],
    ])
  })

  it('gives a region with no history the average share of the others', () => {
    // A and B average 40,000, so C weighs as 40,000: shares 30 : 50 : 40 of 120.
    const plan = planTargets(
      { year: 2027, companyAmount: 1_200, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal' },
      [region('A', 30_000), region('B', 50_000), region('C')],
      [],
    )
    expect(plan.regions.map((r) => [r.code, r.annual, r.fromHistory])).toEqual([
      ['A', 300, true],
      ['B', 500, true],
      ['C', 400, false],
    ])
  })

  it('last_year_target is the target times the achievement rate', () => {
    expect(regionBasis(region('A', 90, 100), 'last_year_target')).toBe(90)
    expect(regionBasis(region('A', 120, 100), 'last_year_target')).toBe(120)
    expect(regionBasis(region('A', 120, 0), 'last_year_target')).toBeNull()
    expect(regionBasis(region('A', 0, 100), 'last_year_actual')).toBeNull()
  })
})

describe('monthly split', () => {
  it('follows an explicit profile and last year rhythm', () => {
    const profile = [5, 5, 10, 10, 5, 5, 10, 10, 5, 5, 15, 15]
    const plan = planTargets(
      { year: 2027, companyAmount: 100_000, basis: 'last_year_actual', seasonality: profile, storeWeights: 'equal' },
      [region('A', 1)],
      [],
    )
    expect(plan.regions[0]!.months).toEqual(profile.map((p) => p * 1000))

    const rhythm = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9]
    const byLastYear = planTargets(
      { year: 2027, companyAmount: 2_000, basis: 'last_year_actual', seasonality: 'last_year', storeWeights: 'equal' },
      [region('A', 20, 0, rhythm)],
      [],
    )
    expect(byLastYear.regions[0]!.months).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 900])
  })

  it('falls back to even months when last year has no sales', () => {
    const plan = planTargets(
      { year: 2027, companyAmount: 1_200, basis: 'last_year_actual', seasonality: 'last_year', storeWeights: 'equal' },
      [region('A')],
      [],
    )
    expect(plan.regions[0]!.months).toEqual(Array(12).fill(100))
  })
})

describe('store allocation', () => {
  it('reads a numeric tier as its weight in either width, and a letter by its default', () => {
    expect(['1', '１', '01', ' 7 ', '1000000', 'A', 'a', 'D'].map(tierWeight)).toEqual([1, 1, 1, 7, 1_000_000, 4, 4, 1])
    // No weight (the average is used): nothing is read loosely as a number, nor rounded.
    for (const none of ['0', '1000001', '1.0', '1.5', '-1', '1e1', '0x10', 'Infinity', '9007199254740993', '①', '²', 'X']) expect(tierWeight(none), none).toBeNull()
    const stores = [store('S1', 'A', { tier: '1' }), store('S2', 'A', { tier: '１' }), store('S3', 'A', { tier: '２' })]
    expect(allocateToStores('A', 2027, Array(12).fill(400), stores, 'tier').stores.map((s) => s.months[0])).toEqual([100, 100, 200])
  })

  it('weighs by tier, area and last year actual, with the average for stores without data', () => {
    const stores = [store('S1', 'A', { tier: 'A', areaSqm: 100, lastYearActual: 300 }), store('S2', 'A', { tier: 'C', areaSqm: 300 }), store('S3', 'A', { tier: 'B', areaSqm: null, lastYearActual: 100 })]
    const months = Array(12).fill(900)
    const byTier = allocateToStores('A', 2027, months, stores, 'tier').stores.map((s) => s.months[0])
    expect(byTier).toEqual([400, 200, 300]) // 4 : 2 : 3
    const byArea = allocateToStores('A', 2027, months, stores, 'area').stores.map((s) => s.months[0])
    expect(byArea).toEqual([150, 450, 300]) // 100 : 300 : (average) 200 sqm
    const byLastYear = allocateToStores('A', 2027, months, stores, 'last_year_actual').stores.map((s) => s.months[0])
    expect(byLastYear).toEqual([450, 300, 150]) // 300 : (average) 200 : 100
  })

  it('a store opened in July weighs from July; a closed store not at all', () => {
    const stores = [store('S1', 'A'), store('S2', 'A', { openedOn: '2027-07-15' }), store('S3', 'A', { closedOn: '2026-12-31' })]
    const { stores: planned } = allocateToStores('A', 2027, Array(12).fill(1_000), stores, 'equal')
    expect(planned.find((s) => s.code === 'S1')!.months).toEqual([...Array(6).fill(1_000), ...Array(6).fill(500)])
    expect(planned.find((s) => s.code === 'S2')!.months).toEqual([...Array(6).fill(0), ...Array(6).fill(500)])
    expect(planned.find((s) => s.code === 'S3')!.months).toEqual(Array(12).fill(0))
  })

  it('a store weighs in the month it closes in, the closing day being its last day of trade', () => {
    const stores = [store('S1', 'A'), store('S2', 'A', { closedOn: '2027-03-01' })]
    const { stores: planned } = allocateToStores('A', 2027, Array(12).fill(1_000), stores, 'equal')
    expect(planned.find((s) => s.code === 'S2')!.months.slice(0, 4)).toEqual([500, 500, 500, 0])
  })

  it('reports a month that no open store can take', () => {
    const { warnings } = allocateToStores('A', 2027, Array(12).fill(100), [store('S1', 'A', { openedOn: '2027-11-01' })], 'equal')
    expect(warnings.map((w) => w.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('withAverageForMissing keeps integers and gives the missing the mean', () => {
    expect(withAverageForMissing([10, null, 30])).toEqual([20, 40, 60]) // ×2; missing = 40 = 2 × mean 20
    expect(withAverageForMissing([null, null])).toEqual([1, 1])
  })
})

describe('plan properties', () => {
  const company = fc.record({
    companyAmount: fc.integer({ min: 0, max: 5_000_000_000_00 }),
    regions: fc.uniqueArray(
      fc.record({
        code: fc.stringMatching(/^[A-Z]{1,3}$/),
        lastYearActual: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000_000 })),
        stores: fc.array(
          fc.record({
            tier: fc.constantFrom(null, 'S', 'A', 'B', 'C', 'D', '7'),
            areaSqm: fc.option(fc.double({ min: 10, max: 5000, noNaN: true }), { nil: null }),
            lastYearActual: fc.integer({ min: 0, max: 100_000_000 }),
            openedMonth: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
      }),
      { minLength: 1, maxLength: 8, selector: (r) => r.code },
    ),
    seasonality: fc.oneof(fc.constant<'even'>('even'), fc.constant<'last_year'>('last_year')),
    storeWeights: fc.constantFrom<'tier' | 'area' | 'equal' | 'last_year_actual'>('tier', 'area', 'equal', 'last_year_actual'),
  })

  it('regions sum to the company, months to the annual, stores to the region month; nothing negative', () => {
    fc.assert(
      fc.property(company, (c) => {
        const regions = c.regions.map((r) => region(r.code, r.lastYearActual, 0, Array(12).fill(r.lastYearActual)))
        const stores = c.regions.flatMap((r) =>
          r.stores.map((s, i) =>
            store(`${r.code}-${i}`, r.code, {
              tier: s.tier,
              areaSqm: s.areaSqm,
              lastYearActual: s.lastYearActual,
              // Every region keeps one store open all year so every month can be allocated.
              openedOn: i === 0 || s.openedMonth === null ? null : `2027-${String(s.openedMonth).padStart(2, '0')}-10`,
            }),
          ),
        )
        const plan = planTargets({ year: 2027, companyAmount: c.companyAmount, basis: 'last_year_actual', seasonality: c.seasonality, storeWeights: c.storeWeights }, regions, stores)
        expect(sum(plan.regions.map((r) => r.annual))).toBe(c.companyAmount)
        expect(plan.warnings).toEqual([])
        for (const r of plan.regions) {
          expect(sum(r.months)).toBe(r.annual)
          r.months.forEach((amount, m) => {
            const parts = plan.stores.filter((s) => s.regionCode === r.code).map((s) => s.months[m]!)
            expect(sum(parts)).toBe(amount)
            expect(parts.every((p) => p >= 0 && Number.isInteger(p))).toBe(true)
          })
        }
      }),
      { numRuns: 200 },
    )
  })
})
