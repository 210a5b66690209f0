// The year-end review (年终评优): stores ranked by the average of their quarter totals, and the top
// N nominated as outstanding store managers (优秀店长), each with the quarters behind the average.
//
// The average is over the quarters a store was scored in (a store opened in the third quarter is
// averaged over two), in hundredths so what is shown is what is ranked. Stores tied at the N-th
// place are all nominated: cutting a tie by store code would decide an award by a naming
// convention. The manager named is the one on the store's latest scored quarter, the person in
// post at the review; earlier quarters' cards keep whoever was named then.
import { byCode } from './cost'
import { rankByScore } from './rank'

/** What the review reads of a quarter's scorecard row (scorecard.ts StoreScore has it all). */
export interface QuarterCard {
  storeCode: string
  regionCode: string
  managerName: string | null
  total: number | null
}

export interface ScoredQuarter<T extends QuarterCard> {
  /** `2027-Q1`…: ordered as text, so the latest quarter sorts last. */
  period: string
  cards: readonly T[]
}

export interface YearRanking<T extends QuarterCard> {
  rank: number
  storeCode: string
  regionCode: string
  managerName: string | null
  average: number
  /** The scored quarters, in order, with their full cards. */
  quarters: { period: string; card: T }[]
}

/** Every store with at least one scored quarter, ranked; and the first `topN` places as candidates. */
export function outstandingManagers<T extends QuarterCard>(year: readonly ScoredQuarter<T>[], topN: number): { ranking: YearRanking<T>[]; candidates: YearRanking<T>[] } {
  if (!Number.isSafeInteger(topN) || topN < 1) throw new RangeError(`topN must be a whole number of at least 1, got ${topN}`)
  const byStore = new Map<string, { period: string; card: T }[]>()
  for (const { period, cards } of [...year].sort((a, b) => byCode(a.period, b.period))) {
    for (const card of cards) {
      if (card.total === null) continue
      const quarters = byStore.get(card.storeCode) ?? []
      quarters.push({ period, card })
      byStore.set(card.storeCode, quarters)
    }
  }
  const stores = [...byStore.values()].map((quarters) => {
    const latest = quarters[quarters.length - 1]!.card
    const hundredths = quarters.reduce((sum, q) => sum + Math.round(q.card.total! * 100), 0)
    return { storeCode: latest.storeCode, regionCode: latest.regionCode, managerName: latest.managerName, average: Math.round(hundredths / quarters.length) / 100, quarters }
  })
  const ranking = rankByScore(stores, (s) => s.average, (s) => s.storeCode).map(({ item, rank }) => ({ rank: rank!, ...item }))
  return { ranking, candidates: ranking.filter((s) => s.rank <= topN) }
}
