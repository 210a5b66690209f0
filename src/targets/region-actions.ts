// The actions on a region's targets of a year — submit, approve, reject, reopen, contest and its
// decision, re-spread — each one read, decided by its rule in ./lifecycle.ts and written with its
// audit entries at one revision of the metric-year.
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { database, type Database } from '../db/client'
import { writeWithRetry } from '../db/revision'
import { regions, targetRegions, targets } from '../db/schema'
import type { AppEnv } from '../env'
import { TRANSITIONS, type Transition } from '../lib/approval'
import { toMajorUnits } from '../lib/money'
import { companyToday } from '../config'
import { invalid, notFound } from '../lib/problem'
import { monthChanges, sumWarnings } from './edit'
import { actualSales } from './history'
import { endedMonthsChanged } from './save-plan'
import { acceptContest, contest, rejectContest, respread, transition, type RegionChange, type TargetRow } from './lifecycle'
import { draftState, loadRegionStates, loadTargets, targetScope, upsertRegionStates, upsertTargets, type Metric, type RegionState } from './repository'

function stateView(state: RegionState, revision: number) {
  return {
    year: state.year,
    regionCode: state.regionCode,
    status: state.status,
    reason: state.reason,
    contest:
      state.contestStatus && state.contestAmount !== null
        ? { proposedAmount: toMajorUnits(state.contestAmount), reason: state.contestReason, status: state.contestStatus }
        : null,
    revision,
  }
}

const auditedState = (before: RegionState | undefined, after: RegionState) => ({
  entity: 'target-region',
  key: `${after.metric}/${after.year}/${after.regionCode}`,
  before: before ? { status: before.status, reason: before.reason, contestStatus: before.contestStatus, contestAmount: before.contestAmount } : null,
  after: { status: after.status, reason: after.reason, contestStatus: after.contestStatus, contestAmount: after.contestAmount },
})

async function assertRegionExists(db: Database, code: string) {
  const found = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).get()
  if (!found) throw notFound(`There is no region ${code}.`)
}

/**
 * Changes one region's state at one revision: `decide` sees the current state and the region's
 * target rows and returns the next state (and target rows to write, if any), or throws.
 */
async function changeRegion<C extends RegionChange>(
  c: Context<AppEnv>,
  metric: Metric,
  year: number,
  code: string,
  decide: (state: RegionState, rows: TargetRow[]) => C,
  reason?: string,
): Promise<{ view: ReturnType<typeof stateView>; change: C }> {
  const db = database(c.env)
  await assertRegionExists(db, code)
  const actor = c.get('principal').id
  let result: RegionState | undefined
  let change: C | undefined
  const outcome = await writeWithRetry(db, c.env.DB, targetScope(metric, year), async () => {
    const [states, rows] = await Promise.all([
      loadRegionStates(db, metric, year, eq(targetRegions.regionCode, code)),
      loadTargets(db, metric, year, eq(targets.regionCode, code)),
    ])
    const now = new Date().toISOString()
    const stored = states.get(code)
    change = decide(stored ?? draftState(metric, year, code, actor, now), rows)
    result = { ...change.next, updatedAt: now, updatedBy: actor }
    const changedRows = change.rows
    const after = changedRows ? [...new Map([...rows, ...changedRows].map((r) => [`${r.level}/${r.code}/${r.month}`, r])).values()] : rows
    assertClosedMonthsKept(year, companyToday(c.env), rows, after, c.get('scope').isAdmin, reason)
    const context = reason ? { reason } : undefined
    return (write) => [
      ...(changedRows ? upsertTargets(metric, year, changedRows, { ...write, actor, now }) : []),
      ...upsertRegionStates([result!], write.guard),
      ...auditStatements(
        { actor, via: 'api', at: now },
        [auditedState(stored, result!), ...monthChanges(metric, year, rows, after).map((m) => (context ? { ...m, context: { ...m.context, ...context } } : m))],
        write.guard,
      ),
    ]
  })
  return { view: stateView(result!, outcome.revision), change: change! }
}

/**
 * A re-spread or an accepted contest rewrites months: those that have ended only by HQ with a
 * reason (./closed-months.ts), as an edit of them.
 */
function assertClosedMonthsKept(year: number, today: string, before: TargetRow[], after: TargetRow[], isAdmin: boolean, reason: string | undefined) {
  const ended = endedMonthsChanged(year, today, before, after)
  if (ended.length === 0 || (isAdmin && reason)) return
  const message = isAdmin
    ? `this changes the targets of months that have ended (${ended.join(', ')}); give a reason, which the audit keeps`
    : `this changes the targets of months that have ended (${ended.join(', ')}), which are locked; HQ may change them with a reason`
  throw invalid([{ path: 'reason', message, code: 'month_closed' }])
}

export async function changeTargetStatus(c: Context<AppEnv>, action: Transition, year: number, code: string, body: { reason?: string; metric: Metric }) {
  if (!TRANSITIONS[action].adminOnly) c.get('scope').assertWrite(code)
  return (await changeRegion(c, body.metric, year, code, (state, rows) => transition(action, state, rows, body.reason))).view
}

export async function contestTargets(c: Context<AppEnv>, year: number, code: string, body: { proposedAmount: number; reason: string; metric: Metric }) {
  c.get('scope').assertWrite(code)
  const by = c.get('principal').id
  return (await changeRegion(c, body.metric, year, code, (state) => contest(state, { amount: body.proposedAmount, reason: body.reason }, by))).view
}

export async function acceptTargetContest(c: Context<AppEnv>, year: number, code: string, body: { reason?: string; metric: Metric }) {
  return (await changeRegion(c, body.metric, year, code, (state, rows) => acceptContest(state, rows, body.reason), body.reason)).view
}

export async function rejectTargetContest(c: Context<AppEnv>, year: number, code: string, body: { reason: string; metric: Metric }) {
  return (await changeRegion(c, body.metric, year, code, (state) => rejectContest(state, body.reason))).view
}

/** Re-spreads the rest of the year after the actual through `throughMonth`; store sums that now miss come back as warnings. */
export async function respreadTargets(c: Context<AppEnv>, year: number, code: string, body: { throughMonth: number; metric: Metric; reason?: string }) {
  const { throughMonth, metric } = body
  c.get('scope').assertWrite(code)
  const actuals = await actualSales(database(c.env), metric, year)
  const actualThrough = (actuals.byRegionMonth.get(code) ?? []).slice(0, throughMonth).reduce((a, b) => a + b, 0)
  const { view, change } = await changeRegion(c, metric, year, code, (state, rows) => respread(state, rows, throughMonth, actualThrough), body.reason)
  const warnings = await sumWarnings(database(c.env), metric, year, [code])
  return { ...view, months: change.months.map(toMajorUnits), actualThrough: toMajorUnits(actualThrough), remaining: toMajorUnits(change.remaining), warnings }
}
