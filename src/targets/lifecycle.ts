// The rules of a region's targets for a year, over plain data: how its store targets compare with
// the region's own month by month, and what each action does to its state and rows — submit,
// approve, reject and reopen (the approval rules shared with budgets are in lib/approval.ts), a
// manager's contest of the annual figure and HQ's decision on it, and the re-spread of what is
// left of the year after some months have actuals.
import { assertEditable, nextStatus, TRANSITIONS, type Transition } from '../lib/approval'
import { toMajorUnits } from '../lib/money'
import { invalid, Problem } from '../lib/problem'
import { largestRemainder } from '../lib/split'
import { splitByMonth } from './plan'
import { monthsOf, type RegionState, type StoredTarget } from './repository'

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

export type TargetRow = Omit<StoredTarget, 'revision'>

/** A region's next state, and the target rows to write with it (none: the rows stay). */
export interface RegionChange {
  next: RegionState
  rows?: TargetRow[]
}

const subject = (state: RegionState) => `the ${state.year} targets of ${state.regionCode}`

/** Submit, approve, reject or reopen. Submitting needs every month's store targets to add up to the region's. */
export function transition(action: Transition, state: RegionState, rows: TargetRow[], reason: string | undefined): RegionChange {
  const status = nextStatus(action, state.status, subject(state))
  if (action === 'submit') {
    const mismatches = storeSumMismatches(monthlySums(rows, [state.regionCode]))
    if (mismatches.length > 0) {
      throw invalid(
        mismatches.map((m) => ({
          path: `months.${m.month}`,
          message: `store targets sum to ${toMajorUnits(m.storeSum)} but the region target is ${toMajorUnits(m.regionTarget)} (difference ${toMajorUnits(m.diff)})`,
          code: 'store_sum_mismatch',
        })),
        'Store targets must add up to the region target in every month before submitting.',
      )
    }
  }
  return { next: { ...state, status, reason: reason ?? (TRANSITIONS[action].needsReason ? state.reason : null) } }
}

/** A contest may be raised and accepted while HQ reviews the targets, not once they are approved. */
function assertContestable(state: RegionState): void {
  assertEditable(new Map([[state.regionCode, state.status === 'submitted' ? 'draft' : state.status]]), [state.regionCode])
}

/** A manager proposes another annual target (minor units), with a reason. */
export function contest(state: RegionState, proposal: { amount: number; reason: string }, by: string): RegionChange {
  assertContestable(state)
  return {
    next: { ...state, contestAmount: proposal.amount, contestReason: proposal.reason, contestStatus: 'pending', contestBy: by, contestDecisionReason: null },
  }
}

const noPendingContest = (state: RegionState) => new Problem(409, `There is no pending contest of ${subject(state)}.`, { type: 'invalid-state' })

/**
 * HQ accepts the proposal: it becomes the annual target and the region's months keep their
 * shape (even when they are all zero). Store targets are left to be re-allocated.
 */
export function acceptContest(state: RegionState, rows: TargetRow[], reason: string | undefined): RegionChange {
  if (state.contestStatus !== 'pending' || state.contestAmount === null) throw noPendingContest(state)
  assertContestable(state)
  const months = splitByMonth(state.contestAmount, monthsOf(rows.filter((r) => r.level === 'region')))
  return {
    next: { ...state, contestStatus: 'accepted', contestDecisionReason: reason ?? null },
    rows: months.map((amount, m) => ({ level: 'region', code: state.regionCode, regionCode: state.regionCode, month: m + 1, amount })),
  }
}

export function rejectContest(state: RegionState, reason: string): RegionChange {
  if (state.contestStatus !== 'pending') throw noPendingContest(state)
  return { next: { ...state, contestStatus: 'rejected', contestDecisionReason: reason } }
}

export interface Respread extends RegionChange {
  /** The region's 12 months after the re-spread. */
  months: number[]
  /** annual − actual through `throughMonth`, never below 0. */
  remaining: number
}

/**
 * Re-spread (滚动调整): what is left of the annual target after the actual through `throughMonth`
 * is split over the later months in the proportions they have now; in each later month the
 * stores keep their shares of the region month (a month no store had stays unallocated).
 */
export function respread(state: RegionState, rows: TargetRow[], throughMonth: number, actualThrough: number): Respread {
  assertEditable(new Map([[state.regionCode, state.status]]), [state.regionCode])
  const code = state.regionCode
  const regionMonths = monthsOf(rows.filter((r) => r.level === 'region'))
  const annual = regionMonths.reduce((a, b) => a + b, 0)
  const remaining = Math.max(0, annual - actualThrough)
  const months = [...regionMonths.slice(0, throughMonth), ...splitByMonth(remaining, regionMonths.slice(throughMonth))]
  const storeRows = rows.filter((r) => r.level === 'store')
  const storeCodes = [...new Set(storeRows.map((r) => r.code))].sort()
  const changed: TargetRow[] = months.map((amount, m) => ({ level: 'region', code, regionCode: code, month: m + 1, amount }))
  for (let month = throughMonth + 1; month <= 12 && storeCodes.length > 0; month++) {
    const current = storeCodes.map((s) => storeRows.find((r) => r.code === s && r.month === month)?.amount ?? 0)
    if (current.every((v) => v === 0)) continue
    largestRemainder(months[month - 1]!, current).forEach((amount, i) => changed.push({ level: 'store', code: storeCodes[i]!, regionCode: code, month, amount }))
  }
  return { next: state, rows: changed, months, remaining }
}
