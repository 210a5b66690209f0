// The first quarter of 2027 for the company of pnl.test.ts: EAST (E01, E02 direct; E03 franchise)
// and WEST (W01 direct; W02 a dealer store that opened on 16 February). Scores, totals and ranks
// are worked out by hand in the comments.
import { describe, expect, it } from 'vitest'
import { addDays } from '../lib/time'
import { outstandingManagers, type QuarterCard } from './outstanding'
import { quarterSpan, scoreQuarter, type ScorecardInput, type StoreQuarter } from './scorecard'
import { validateWeights, type Weights } from './weights'

const weights: Weights = { sales: 40, collection: 10, grossMargin: 15, violations: 15, stockAlerts: 10, reporting: 10 }
const daysFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => addDays(first, i))

const store = (fields: Partial<StoreQuarter> & Pick<StoreQuarter, 'storeCode' | 'regionCode' | 'channel'>): StoreQuarter => ({
  dealerCode: null, managerName: null, openedOn: '2025-05-01', closedOn: null, salesActual: 0, salesTarget: null, grossMargin: null,
  violations: { open: 0, confirmed: 0 }, stockAlerts: 0, daysWithSales: daysFrom('2027-01-01', 90), ...fields,
})

const stores: StoreQuarter[] = [
  store({ storeCode: 'E01', regionCode: 'EAST', channel: 'direct', managerName: '王芳', salesActual: 420000, salesTarget: 400000, grossMargin: 0.581, violations: { open: 1, confirmed: 0 }, stockAlerts: 2, daysWithSales: daysFrom('2027-01-01', 88) }),
  store({ storeCode: 'E02', regionCode: 'EAST', channel: 'direct', managerName: '李强', salesActual: 300000, salesTarget: 400000, violations: { open: 0, confirmed: 1 } }),
  store({ storeCode: 'E03', regionCode: 'EAST', channel: 'franchise', managerName: '张伟', salesActual: 600000, salesTarget: 500000, grossMargin: 0.596, violations: { open: 1, confirmed: 2 }, stockAlerts: 1, daysWithSales: daysFrom('2027-01-01', 85) }),
  store({ storeCode: 'W01', regionCode: 'WEST', channel: 'direct', managerName: '陈静', salesActual: 450000, salesTarget: 300000, grossMargin: 0.5758 }),
  store({
    storeCode: 'W02', regionCode: 'WEST', channel: 'dealer', dealerCode: 'D-W1', managerName: '刘洋', openedOn: '2027-02-16',
    salesActual: 150000, salesTarget: 200000, grossMargin: 0.5455, stockAlerts: 3,
    // 40 of its 44 trading days, a day before it opened (not counted) and one day twice.
    daysWithSales: ['2027-02-10', ...daysFrom('2027-02-16', 40), '2027-02-16'],
  }),
  store({ storeCode: 'W09', regionCode: 'WEST', channel: 'direct', closedOn: '2026-12-31', salesTarget: 100000 }),
]

const input: ScorecardInput = {
  period: quarterSpan(2027, 1),
  stores,
  regionCollection: new Map([['WEST', { collected: 270000, target: 300000 }], ['EAST', { collected: 100000, target: 100000 }]]),
  weights,
}

describe('scoreQuarter', () => {
  const cards = scoreQuarter(input)
  const card = (code: string) => cards.find((c) => c.storeCode === code)!

  it('scores the stores trading in the quarter, ranked in company and region', () => {
    expect(quarterSpan(2027, 1)).toEqual({ from: '2027-01-01', to: '2027-03-31' })
    expect(cards.map((c) => [c.storeCode, c.total, c.companyRank, c.regionRank])).toEqual([
      ['W01', 100, 1, 1],
      ['E03', 90.77, 2, 1],
      ['E01', 90.72, 3, 2],
      ['W02', 77.8, 4, 2],
      ['E02', 76, 5, 3],
    ])
  })

  it('leaves out collection for a direct store and rescales the other weights', () => {
    // sales 1.05 → 87.5; margin 0.581 ÷ EAST's best 0.596 → 97.48; 1 open violation → 95; 2 alerts → 80;
    // 88 of 90 days → 97.78. (40×87.5 + 15×97.483 + 15×95 + 10×80 + 10×97.778) ÷ 90 = 90.72.
    expect(card('E01')).toEqual({
      storeCode: 'E01', regionCode: 'EAST', channel: 'direct', managerName: '王芳',
      figures: { salesAchievement: 1.05, collectionAchievement: null, grossMargin: 0.581, regionBestMargin: 0.596, openViolations: 1, confirmedViolations: 0, stockAlerts: 2, tradingDays: 90, daysWithoutPos: 2 },
      scores: { sales: 87.5, collection: null, grossMargin: 97.48, violations: 95, stockAlerts: 80, reporting: 97.78 },
      weightsApplied: { sales: 44.44, collection: 0, grossMargin: 16.67, violations: 16.67, stockAlerts: 11.11, reporting: 11.11 },
      total: 90.72, regionRank: 2, companyRank: 3,
    })
  })

  it('leaves out an unknown margin; a franchise store without a dealer has no collection', () => {
    // (40×62.5 + 15×80 + 10×100 + 10×100) ÷ 75 = 76
    expect(card('E02')).toMatchObject({ scores: { sales: 62.5, collection: null, grossMargin: null, violations: 80, stockAlerts: 100, reporting: 100 }, total: 76 })
    // 2 confirmed and 1 open: 100 − 40 − 5 = 55; 85 of 90 days → 94.44
    expect(card('E03')).toMatchObject({ scores: { sales: 100, collection: null, grossMargin: 100, violations: 55, stockAlerts: 90, reporting: 94.44 }, total: 90.77 })
  })

  it('caps achievement at 120%', () => {
    expect(card('W01')).toMatchObject({ figures: { salesAchievement: 1.5 }, scores: { sales: 100 }, total: 100 })
  })

  it('scores a dealer store opened mid-quarter over its trading days, with its region collection', () => {
    // 44 trading days (13 in February, 31 in March), POS data on 40: 100 × 40/44 = 90.91.
    // (40×62.5 + 10×75 + 15×94.738 + 15×100 + 10×70 + 10×90.909) ÷ 100 = 77.80
    expect(card('W02')).toMatchObject({
      figures: { collectionAchievement: 0.9, regionBestMargin: 0.5758, tradingDays: 44, daysWithoutPos: 4 },
      scores: { sales: 62.5, collection: 75, grossMargin: 94.74, violations: 100, stockAlerts: 70, reporting: 90.91 },
      weightsApplied: weights,
      total: 77.8,
    })
  })

  it('gives equal totals one rank and lists them by code; the next rank skips', () => {
    const twin = { ...stores[0]!, storeCode: 'E00' }
    const ranked = scoreQuarter({ ...input, stores: [...stores, twin] })
    expect(ranked.map((c) => [c.storeCode, c.companyRank, c.regionRank])).toEqual([
      ['W01', 1, 1], ['E03', 2, 1], ['E00', 3, 2], ['E01', 3, 2], ['W02', 5, 2], ['E02', 6, 4],
    ])
  })

  it('scores a region whose best margin is a loss at 0, and a store with nothing to score is unranked', () => {
    const loss = store({ storeCode: 'S01', regionCode: 'SOUTH', channel: 'direct', grossMargin: -0.1 })
    const nothing = store({ storeCode: 'S02', regionCode: 'SOUTH', channel: 'direct' })
    const onlyMargin: Weights = { sales: 100, collection: 0, grossMargin: 0, violations: 0, stockAlerts: 0, reporting: 0 }
    expect(scoreQuarter({ ...input, stores: [loss] })[0]!.scores.grossMargin).toBe(0)
    expect(scoreQuarter({ ...input, weights: onlyMargin, stores: [nothing] })[0]).toMatchObject({ total: null, regionRank: null, companyRank: null })
  })

  it('refuses an invalid weight set', () => {
    expect(() => scoreQuarter({ ...input, weights: { ...weights, sales: 30 } })).toThrow('weights must sum to 100 (they sum to 90)')
  })
})

describe('validateWeights', () => {
  it('accepts a set summing to exactly 100, 2 decimals allowed, a missing measure weighing 0', () => {
    expect(validateWeights(weights)).toEqual({ ok: true, weights })
    expect(validateWeights({ sales: 33.33, grossMargin: 33.33, reporting: 33.34 })).toEqual({
      ok: true, weights: { sales: 33.33, collection: 0, grossMargin: 33.33, violations: 0, stockAlerts: 0, reporting: 33.34 },
    })
  })

  it('keeps a weight as its 2-decimal percent, never a float’s tail', () => {
    expect(validateWeights({ sales: 40.0000000001, grossMargin: 59.9999999999 })).toEqual({
      ok: true, weights: { sales: 40, collection: 0, grossMargin: 60, violations: 0, stockAlerts: 0, reporting: 0 },
    })
  })

  it('names the sum when it is not 100', () => {
    expect(validateWeights({ ...weights, sales: 30 })).toEqual({ ok: false, errors: [{ path: 'weights', message: 'weights must sum to 100 (they sum to 90)', code: 'sum' }] })
  })

  it('names a negative weight even when the sum is 100', () => {
    expect(validateWeights({ ...weights, sales: 60, collection: -10 })).toEqual({ ok: false, errors: [{ path: 'weights.collection', message: 'must not be negative', code: 'too_small' }] })
  })

  it('names an unknown measure, which does not count in the sum', () => {
    const { grossMargin, ...rest } = weights
    expect(validateWeights({ ...rest, margin: grossMargin }, 'scorecard.weights')).toEqual({
      ok: false,
      errors: [
        { path: 'scorecard.weights.margin', message: 'is not a scorecard measure (one of sales, collection, grossMargin, violations, stockAlerts, reporting)', code: 'unknown_measure' },
        { path: 'scorecard.weights', message: 'weights must sum to 100 (they sum to 85)', code: 'sum' },
      ],
    })
  })

  it('names each bad weight and the sum at once', () => {
    const verdict = validateWeights({ sales: '40', collection: -5, margin: 20, violations: 15.255, stockAlerts: 120, reporting: 10 })
    expect(verdict).toEqual({
      ok: false,
      errors: [
        { path: 'weights.sales', message: 'must be a number', code: 'invalid_type' },
        { path: 'weights.collection', message: 'must not be negative', code: 'too_small' },
        { path: 'weights.margin', message: expect.stringContaining('is not a scorecard measure'), code: 'unknown_measure' },
        { path: 'weights.violations', message: 'must have at most 2 decimals', code: 'invalid_decimals' },
        { path: 'weights.stockAlerts', message: 'must be at most 100', code: 'too_big' },
        { path: 'weights', message: 'weights must sum to 100 (they sum to 140.26)', code: 'sum' },
      ],
    })
    expect(validateWeights([40, 60])).toEqual({ ok: false, errors: [{ path: 'weights', message: 'must be an object of measure → percent', code: 'invalid_type' }] })
  })
})

describe('outstandingManagers', () => {
  const q1 = scoreQuarter(input)
  const q2: QuarterCard[] = [
    { storeCode: 'W01', regionCode: 'WEST', managerName: '陈静', total: 96 },
    { storeCode: 'E01', regionCode: 'EAST', managerName: '赵敏', total: 93.28 },
    { storeCode: 'E03', regionCode: 'EAST', managerName: '张伟', total: 93.23 },
    { storeCode: 'W02', regionCode: 'WEST', managerName: '刘洋', total: 95 },
    { storeCode: 'E02', regionCode: 'EAST', managerName: '李强', total: null },
  ]
  // Given out of order: the latest quarter is found by its period.
  const { ranking, candidates } = outstandingManagers<QuarterCard>([{ period: '2027-Q2', cards: q2 }, { period: '2027-Q1', cards: q1 }], 2)

  it('ranks the year by the average of the scored quarters', () => {
    // W01 (100 + 96)/2 = 98; E01 (90.72 + 93.28)/2 = 92 = E03 (90.77 + 93.23)/2; W02 (77.80 + 95)/2 = 86.40; E02 Q1 only.
    expect(ranking.map((s) => [s.storeCode, s.average, s.rank])).toEqual([['W01', 98, 1], ['E01', 92, 2], ['E03', 92, 2], ['W02', 86.4, 4], ['E02', 76, 5]])
  })

  it('nominates the top 2 places, ties at the cut included, with the manager in post and the quarters behind', () => {
    expect(candidates.map((s) => [s.storeCode, s.managerName])).toEqual([['W01', '陈静'], ['E01', '赵敏'], ['E03', '张伟']])
    expect(candidates[1]!.quarters.map((q) => [q.period, q.card.total, q.card.managerName])).toEqual([['2027-Q1', 90.72, '王芳'], ['2027-Q2', 93.28, '赵敏']])
    expect(() => outstandingManagers([], 0)).toThrow(RangeError)
  })
})
