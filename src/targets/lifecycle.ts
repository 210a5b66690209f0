// The rules of a region's targets for a year, as plain functions: which states may be edited,
// which transitions exist and who may make them, and how store sums compare with the region.
import type { TARGET_STATUSES } from '../db/schema'
import { Problem } from '../lib/problem'

export type TargetStatus = (typeof TARGET_STATUSES)[number]

/** Drafts and rejected targets may be edited; submitted ones are under review; approved ones locked. */
export const EDITABLE: readonly TargetStatus[] = ['draft', 'rejected']

export type Transition = 'submit' | 'approve' | 'reject' | 'reopen'

export const TRANSITIONS: Record<Transition, { from: readonly TargetStatus[]; to: TargetStatus; adminOnly: boolean; needsReason: boolean }> = {
  submit: { from: ['draft', 'rejected'], to: 'submitted', adminOnly: false, needsReason: false },
  approve: { from: ['submitted'], to: 'approved', adminOnly: true, needsReason: false },
  reject: { from: ['submitted'], to: 'rejected', adminOnly: true, needsReason: true },
  reopen: { from: ['submitted', 'approved'], to: 'draft', adminOnly: true, needsReason: true },
}

/** 423 naming every region whose targets may not be edited now. */
export function assertEditable(statuses: Map<string, TargetStatus>, regionCodes: Iterable<string>): void {
  const locked = [...new Set(regionCodes)].filter((code) => !EDITABLE.includes(statuses.get(code) ?? 'draft')).sort()
  if (locked.length === 0) return
  throw new Problem(423, `Targets of ${locked.map((code) => `${code} (${statuses.get(code)})`).join(', ')} cannot be edited; HQ must reject or reopen them first.`, {
    errors: locked.map((code) => ({ path: `regions.${code}`, message: `is ${statuses.get(code)}`, code: 'locked' })),
  })
}

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
