// The quarterly store scorecard (门店季度考核): each measure becomes a score of 0–100 by a rule simple
// enough to explain in the meeting, the total is the weighted mean of the scores with HQ's weights
// (./weights), and stores are ranked in their region and in the company (./rank).
//
// Scores:
//   sales, collection   min(achievement, 1.2) ÷ 1.2 × 100 — 120% of target is full marks, so
//                       overshooting one measure cannot buy the others; below 0 counts as 0
//   grossMargin         margin ÷ the best margin in the store's region × 100 (0 when no store of the
//                       region made a gross profit, or the store's margin is negative)
//   violations          100 − 20 per confirmed − 5 per open violation, at least 0 (an open one is
//                       evidence, not a verdict, so it weighs less)
//   stockAlerts         100 − 10 per alert, at least 0
//   reporting (日清日报) 100 × (1 − trading days without POS data ÷ trading days)
//
// A measure that does not apply to a store is null and left out: the weights of the measures that
// remain are rescaled to sum to 100 (`weightsApplied`), so a store is not marked down for a measure
// it cannot have. Sales achievement is null without a target; gross margin is null when its cost
// of goods is unknown (pnl.ts); collection achievement applies only to a store that trades through
// a dealer (it has a `dealerCode`): collections are dealer receivables measured per region
// (collections/achievement.ts), so such a store carries its region's collection achievement, while
// a direct store has no receivables and a franchise store without a dealer invoices none here.
//
// A store is scored over its trading days in the period only (masterdata/trading-days): one that
// opened mid-quarter counts its POS days against the days since it opened, and its sales target is
// expected for those days. A store with no trading day in the period is not on the scorecard.
// Scores and totals are shown to 2 decimals; the total is computed from the unrounded scores and
// ranks are taken on the total as shown, so two stores showing the same total share a rank.
import { ratio } from '../achievement/measures'
import { daysBetween, monthEnd, monthStart } from '../lib/time'
import type { Channel } from './pnl'
import { rankByScore } from './rank'
import { MEASURES, validateWeights, type Measure, type Weights } from './weights'

/** A store's quarter, as the services read it. Money in minor units. */
export interface StoreQuarter {
  storeCode: string
  regionCode: string
  channel: Channel
  dealerCode: string | null
  managerName: string | null
  openedOn: string | null
  closedOn: string | null
  salesActual: number
  /** The store's sales target over its trading days in the period; null when it has none. */
  salesTarget: number | null
  /** Gross margin over the period (pnl.ts), null when unknown. */
  grossMargin: number | null
  violations: { open: number; confirmed: number }
  stockAlerts: number
  /** Days on which the store's POS data arrived; days outside its trading days are ignored. */
  daysWithSales: readonly string[]
}

export interface ScorecardInput {
  /** The quarter's first and last day, or its first day and today while it runs. */
  period: { from: string; to: string }
  stores: readonly StoreQuarter[]
  /** Collected and collection target per region over the period, minor units. */
  regionCollection: ReadonlyMap<string, { collected: number; target: number }>
  weights: Weights
}

export interface StoreScore {
  storeCode: string
  regionCode: string
  channel: Channel
  managerName: string | null
  /** The figures behind the scores. */
  figures: {
    salesAchievement: number | null
    collectionAchievement: number | null
    grossMargin: number | null
    regionBestMargin: number | null
    openViolations: number
    confirmedViolations: number
    stockAlerts: number
    tradingDays: number
    daysWithoutPos: number
  }
  scores: Record<Measure, number | null>
  /** HQ's weights rescaled over the measures scored for this store (0 for those left out). */
  weightsApplied: Record<Measure, number>
  total: number | null
  regionRank: number | null
  companyRank: number | null
}

/** The first and last day of a calendar quarter (fiscal year = calendar year). */
export function quarterSpan(year: number, quarter: 1 | 2 | 3 | 4): { from: string; to: string } {
  return { from: monthStart(year, quarter * 3 - 2), to: monthEnd(year, quarter * 3) }
}

const round2 = (value: number) => Math.round(value * 100) / 100
const clamp = (value: number) => Math.min(100, Math.max(0, value))
const achievementScore = (rate: number | null) => (rate === null ? null : clamp((Math.min(rate, 1.2) / 1.2) * 100))

/** The store's trading days inside the period. */
function tradingSpan(store: StoreQuarter, period: { from: string; to: string }): { from: string; to: string; days: number } {
  const from = store.openedOn !== null && store.openedOn > period.from ? store.openedOn : period.from
  const to = store.closedOn !== null && store.closedOn < period.to ? store.closedOn : period.to
  return { from, to, days: to < from ? 0 : daysBetween(from, to) }
}

function collectionRate(store: StoreQuarter, input: ScorecardInput): number | null {
  if (store.dealerCode === null) return null
  const region = input.regionCollection.get(store.regionCode)
  return region === undefined ? null : ratio(region.collected, region.target)
}

type Unranked = Omit<StoreScore, 'regionRank' | 'companyRank'>

function scoreStore(store: StoreQuarter, span: { from: string; to: string; days: number }, best: number | null, input: ScorecardInput): Unranked {
  const reported = new Set(store.daysWithSales.filter((day) => day >= span.from && day <= span.to)).size
  const daysWithoutPos = span.days - reported
  const salesAchievement = store.salesTarget === null ? null : ratio(store.salesActual, store.salesTarget)
  const collectionAchievement = collectionRate(store, input)
  const { open, confirmed } = store.violations
  const raw: Record<Measure, number | null> = {
    sales: achievementScore(salesAchievement),
    collection: achievementScore(collectionAchievement),
    grossMargin: store.grossMargin === null ? null : best === null || best <= 0 ? 0 : clamp((store.grossMargin / best) * 100),
    violations: Math.max(0, 100 - 20 * confirmed - 5 * open),
    stockAlerts: Math.max(0, 100 - 10 * store.stockAlerts),
    reporting: 100 * (1 - daysWithoutPos / span.days),
  }
  const counted = MEASURES.filter((m) => raw[m] !== null && input.weights[m] > 0)
  const weightSum = counted.reduce((sum, m) => sum + input.weights[m], 0)
  const total = weightSum === 0 ? null : round2(counted.reduce((sum, m) => sum + input.weights[m] * raw[m]!, 0) / weightSum)
  return {
    storeCode: store.storeCode,
    regionCode: store.regionCode,
    channel: store.channel,
    managerName: store.managerName,
    figures: {
      salesAchievement,
      collectionAchievement,
      grossMargin: store.grossMargin,
      regionBestMargin: best,
      openViolations: open,
      confirmedViolations: confirmed,
      stockAlerts: store.stockAlerts,
      tradingDays: span.days,
      daysWithoutPos,
    },
    scores: Object.fromEntries(MEASURES.map((m) => [m, raw[m] === null ? null : round2(raw[m]!)])) as Record<Measure, number | null>,
    weightsApplied: Object.fromEntries(MEASURES.map((m) => [m, counted.includes(m) ? round2((input.weights[m] * 100) / weightSum) : 0])) as Record<Measure, number>,
    total,
  }
}

/**
 * Scores and ranks the stores trading in the period, ordered by company rank, ties by code.
 * Throws a RangeError on a weight set validateWeights refuses: callers validate it when HQ saves it.
 */
export function scoreQuarter(input: ScorecardInput): StoreScore[] {
  const verdict = validateWeights(input.weights)
  if (!verdict.ok) throw new RangeError(`invalid scorecard weights: ${verdict.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
  const codes = new Set<string>()
  for (const store of input.stores) {
    if (codes.has(store.storeCode)) throw new RangeError(`store ${store.storeCode} appears twice`)
    codes.add(store.storeCode)
  }
  const trading = input.stores.map((store) => ({ store, span: tradingSpan(store, input.period) })).filter((s) => s.span.days > 0)
  const bestMargin = new Map<string, number>()
  for (const { store } of trading) {
    if (store.grossMargin === null) continue
    const best = bestMargin.get(store.regionCode)
    if (best === undefined || store.grossMargin > best) bestMargin.set(store.regionCode, store.grossMargin)
  }
  const unranked = trading.map(({ store, span }) => scoreStore(store, span, bestMargin.get(store.regionCode) ?? null, input))
  const regionRank = new Map<string, number | null>()
  for (const regionCode of new Set(unranked.map((s) => s.regionCode))) {
    const inRegion = unranked.filter((s) => s.regionCode === regionCode)
    for (const { item, rank } of rankByScore(inRegion, (s) => s.total, (s) => s.storeCode)) regionRank.set(item.storeCode, rank)
  }
  return rankByScore(unranked, (s) => s.total, (s) => s.storeCode).map(({ item, rank }) => ({
    ...item,
    regionRank: regionRank.get(item.storeCode) ?? null,
    companyRank: rank,
  }))
}
