// Standard competition ranking (1, 1, 3) for the scorecard and the year-end review: equal scores
// share a rank, the next rank skips the places they took, and a tie is listed by code so the order
// on the page is stable. Nothing scored (null) has no rank and comes last, by code.
import { byCode } from './cost'

export interface Ranked<T> {
  item: T
  rank: number | null
}

/** Ranks by `score`, highest first. Scores are compared as given: round them first to rank what is shown. */
export function rankByScore<T>(items: readonly T[], score: (item: T) => number | null, code: (item: T) => string): Ranked<T>[] {
  const ordered = [...items].sort((a, b) => {
    const [sa, sb] = [score(a), score(b)]
    if (sa !== sb) {
      if (sa === null) return 1
      if (sb === null) return -1
      return sb - sa
    }
    return byCode(code(a), code(b))
  })
  let previous: number | null = null
  let rank = 0
  return ordered.map((item, index) => {
    const value = score(item)
    if (value === null) return { item, rank: null }
    if (value !== previous) [rank, previous] = [index + 1, value]
    return { item, rank }
  })
}
