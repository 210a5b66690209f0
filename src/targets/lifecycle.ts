// How a region's store targets compare with the region's own, month by month. The approval rules
// (draft, submitted, approved …) are shared with budgets in lib/approval.ts.

export interface MonthlyTargets {
  region: number[]
  stores: number[]
}

export interface RowForSums {
  level: 'region' | 'store'
  regionCode: string
  month: number
  amount: number
}

/** Per region: the region's monthly targets and the sums of its stores' monthly targets. */
export function monthlySums(rows: RowForSums[], regionCodes: Iterable<string> = []): Map<string, MonthlyTargets> {
  const sums = new Map<string, MonthlyTargets>()
  const of = (code: string) => {
    let entry = sums.get(code)
    if (!entry) sums.set(code, (entry = { region: Array(12).fill(0), stores: Array(12).fill(0) }))
    return entry
  }
  for (const code of regionCodes) of(code)
  for (const row of rows) {
    const entry = of(row.regionCode)
    const months = row.level === 'region' ? entry.region : entry.stores
    months[row.month - 1] = (months[row.month - 1] ?? 0) + row.amount
  }
  return sums
}

export interface SumMismatch {
  regionCode: string
  month: number
  storeSum: number
  regionTarget: number
  /** storeSum − regionTarget, minor units. */
  diff: number
}

/** Every region-month whose store targets do not add up to the region target. */
export function storeSumMismatches(sums: Map<string, MonthlyTargets>): SumMismatch[] {
  const mismatches: SumMismatch[] = []
  for (const [regionCode, { region, stores }] of [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    region.forEach((regionTarget, m) => {
      const storeSum = stores[m]!
      if (storeSum !== regionTarget) mismatches.push({ regionCode, month: m + 1, storeSum, regionTarget, diff: storeSum - regionTarget })
    })
  }
  return mismatches
}
