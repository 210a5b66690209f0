import { describe, expect, it } from 'vitest'
import { Problem } from '../lib/problem'
import { acceptContest, contest, rejectContest, respread, transition, type TargetRow } from './lifecycle'
import { draftState, type RegionState } from './repository'

const state = (over: Partial<RegionState> = {}): RegionState => ({ ...draftState('sales', 2027, 'EAST', 'hq', '2027-01-01T00:00:00Z'), ...over })
const regionRows = (months: number[]): TargetRow[] => months.map((amount, m) => ({ level: 'region', code: 'EAST', regionCode: 'EAST', month: m + 1, amount }))
const storeRows = (code: string, months: number[]): TargetRow[] => months.map((amount, m) => ({ level: 'store', code, regionCode: 'EAST', month: m + 1, amount }))
const monthsOfCode = (rows: TargetRow[] | undefined, level: 'region' | 'store', code: string) =>
  (rows ?? []).filter((r) => r.level === level && r.code === code).sort((a, b) => a.month - b.month).map((r) => r.amount)

/** The Problem a call throws (its status and message), or null. */
function refusal(call: () => unknown): { status: number; message: string } | null {
  try {
    call()
    return null
  } catch (error) {
    if (!(error instanceof Problem)) throw error
    return { status: error.status, message: error.message }
  }
}

describe('transition', () => {
  it('submits when every month of the stores adds up to the region', () => {
    const rows = [...regionRows(Array(12).fill(100)), ...storeRows('S1', Array(12).fill(60)), ...storeRows('S2', Array(12).fill(40))]
    expect(transition('submit', state(), rows, undefined).next).toMatchObject({ status: 'submitted', reason: null })
  })

  it('refuses to submit with the months whose store sums miss, naming each', () => {
    const rows = [...regionRows(Array(12).fill(100)), ...storeRows('S1', [...Array(11).fill(100), 90])]
    expect(refusal(() => transition('submit', state(), rows, undefined))).toMatchObject({ status: 422 })
  })

  it('keeps the reason of a rejection and refuses what the state does not allow', () => {
    expect(transition('reject', state({ status: 'submitted' }), [], '预算不足').next).toMatchObject({ status: 'rejected', reason: '预算不足' })
    expect(refusal(() => transition('approve', state(), [], undefined))).toEqual({ status: 409, message: 'Cannot approve: the 2027 targets of EAST are draft.' })
  })
})

describe('contest', () => {
  it('records the proposal as pending, also while HQ reviews the targets', () => {
    const { next } = contest(state({ status: 'submitted' }), { amount: 70_000, reason: '新店延期开业' }, 'mgr')
    expect(next).toMatchObject({ status: 'submitted', contestAmount: 70_000, contestReason: '新店延期开业', contestStatus: 'pending', contestBy: 'mgr' })
  })

  it('is locked once the targets are approved', () => {
    expect(refusal(() => contest(state({ status: 'approved' }), { amount: 1, reason: 'x' }, 'mgr'))).toMatchObject({ status: 423 })
  })
})

describe('acceptContest', () => {
  const pending = state({ contestAmount: 1_200, contestReason: '太高', contestStatus: 'pending' })

  it('makes the proposal the annual target; the months keep their shape and the sum is exact', () => {
    const months = [100, 100, 200, 200, 100, 100, 100, 100, 100, 100, 100, 200]
    const change = acceptContest(pending, regionRows(months), '同意')
    expect(change.next).toMatchObject({ contestStatus: 'accepted', contestDecisionReason: '同意' })
    const accepted = monthsOfCode(change.rows, 'region', 'EAST')
    expect(accepted).toEqual([80, 80, 160, 160, 80, 80, 80, 80, 80, 80, 80, 160])
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(1_200)
  })

  it('spreads evenly when the region had no months yet, and leaves store targets alone', () => {
    const change = acceptContest(pending, [...storeRows('S1', Array(12).fill(5))], undefined)
    expect(monthsOfCode(change.rows, 'region', 'EAST')).toEqual(Array(12).fill(100))
    expect(change.rows!.every((r) => r.level === 'region')).toBe(true)
  })

  it('needs a pending contest and targets not yet approved', () => {
    expect(refusal(() => acceptContest(state(), [], undefined))).toEqual({ status: 409, message: 'There is no pending contest of the 2027 targets of EAST.' })
    expect(refusal(() => acceptContest({ ...pending, contestStatus: 'accepted' }, [], undefined))).toMatchObject({ status: 409 })
    expect(refusal(() => acceptContest({ ...pending, status: 'approved' }, [], undefined))).toMatchObject({ status: 423 })
  })
})

describe('rejectContest', () => {
  it('keeps the targets and records the reason', () => {
    const change = rejectContest(state({ contestAmount: 1, contestStatus: 'pending' }), '全年目标不变')
    expect(change).toEqual({ next: expect.objectContaining({ contestStatus: 'rejected', contestDecisionReason: '全年目标不变' }) })
    expect(refusal(() => rejectContest(state(), 'x'))).toMatchObject({ status: 409 })
  })
})

describe('respread', () => {
  it('splits annual − actual over the later months in their proportions; the months before stay', () => {
    const months = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200]
    // 1,300 for the year; 750 sold through June leaves 550 for July … December (1 : 1 : 1 : 1 : 1 : 2).
    const result = respread(state(), regionRows(months), 6, 750)
    expect(result.remaining).toBe(550)
    expect(result.months).toEqual([100, 100, 100, 100, 100, 100, 79, 79, 79, 78, 78, 157])
    expect(result.months.slice(6).reduce((a, b) => a + b, 0)).toBe(550)
    expect(result.next).toEqual(state())
  })

  it('never leaves a negative remainder when the year is already beaten', () => {
    const result = respread(state(), regionRows(Array(12).fill(100)), 3, 5_000)
    expect(result.remaining).toBe(0)
    expect(result.months).toEqual([100, 100, 100, ...Array(9).fill(0)])
  })

  it('each store keeps its share of every later month; a month no store had stays unallocated', () => {
    const rows = [
      ...regionRows(Array(12).fill(100)),
      ...storeRows('S1', [...Array(11).fill(75), 0]),
      ...storeRows('S2', [...Array(11).fill(25), 0]),
    ]
    // 1,200 − 800 leaves 400 for November and December: 200 each. In November S1 had 75 of 100.
    const result = respread(state(), rows, 10, 800)
    expect(result.months.slice(10)).toEqual([200, 200])
    expect(monthsOfCode(result.rows, 'store', 'S1')).toEqual([150])
    expect(monthsOfCode(result.rows, 'store', 'S2')).toEqual([50])
    expect(result.rows!.some((r) => r.level === 'store' && r.month === 12)).toBe(false)
  })

  it('is refused while the targets are submitted or approved', () => {
    expect(refusal(() => respread(state({ status: 'submitted' }), [], 3, 0))).toMatchObject({ status: 423 })
  })
})
