// The year-end review (年终评优): the year's stores ranked by the average of their quarter totals
// (src/pnl/outstanding.ts), the first places nominated as outstanding store managers (优秀店长),
// each with its quarters' totals beside the average — the figures behind the nomination.
import { outstandingManagers } from '../pnl/outstanding'
import type { Weights } from '../pnl/weights'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { scoredQuarter } from './scorecard'

/** How many places the review nominates (ties at the last place are all nominated). */
export const OUTSTANDING_PLACES = 3

export const YEAR_REVIEW_COLUMNS: Column[] = [
  { key: 'rank', title: 'Rank 排名', kind: 'count' },
  { key: 'candidate', title: 'Outstanding manager candidate 优秀店长候选', kind: 'flag' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'storeName', title: 'Name 名称', kind: 'text' },
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'manager', title: 'Manager 店长', kind: 'text' },
  { key: 'average', title: 'Average 平均分', kind: 'count' },
  { key: 'q1', title: 'Q1 一季度', kind: 'count' },
  { key: 'q2', title: 'Q2 二季度', kind: 'count' },
  { key: 'q3', title: 'Q3 三季度', kind: 'count' },
  { key: 'q4', title: 'Q4 四季度', kind: 'count' },
]

export async function yearReviewReport(ctx: ReportContext, params: ReportParams, weights: Weights): Promise<Report> {
  const quarters = ([1, 2, 3, 4] as const).filter((q) => `${params.year}-${String(q * 3 - 2).padStart(2, '0')}-01` < ctx.asOf)
  const scored = await Promise.all(quarters.map(async (q) => ({ q, ...(await scoredQuarter(ctx, params.year, q, weights)) })))
  const names = new Map(scored.flatMap((s) => [...s.names]))
  const { ranking, candidates } = outstandingManagers(
    scored.map((s) => ({ period: `${params.year}-Q${s.q}`, cards: s.scored })),
    OUTSTANDING_PLACES,
  )
  const nominated = new Set(candidates.map((c) => c.storeCode))
  const rows: Row[] = ranking.map((r) => {
    const totals = Object.fromEntries(r.quarters.map((q) => [`q${q.period.slice(-1)}`, q.card.total]))
    return { rank: r.rank, candidate: nominated.has(r.storeCode), storeCode: r.storeCode, storeName: names.get(r.storeCode) ?? null, regionCode: r.regionCode, manager: r.managerName, average: r.average, q1: null, q2: null, q3: null, q4: null, ...totals }
  })
  return { report: 'scorecard', title: `Year-end review ${params.year}`, params, asOf: ctx.asOf, columns: YEAR_REVIEW_COLUMNS, rows }
}
