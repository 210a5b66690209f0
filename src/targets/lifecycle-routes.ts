// A region's targets for a year move draft → submitted → approved (locked), with rejection and
// reopening by HQ; a manager may contest the annual figure; the rest of the year can be re-spread.
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { database, type Database } from '../db/client'
import { writeWithRetry } from '../db/revision'
import { regions, targetRegions, targets } from '../db/schema'
import type { AppEnv } from '../env'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, notFound, Problem } from '../lib/problem'
import { toMajorUnits } from '../lib/money'
import { largestRemainder } from '../lib/split'
import { monthChanges, sumWarnings } from './edit'
import { actualSales } from './history'
import { assertEditable, TRANSITIONS, type Transition } from '../lib/approval'
import { monthlySums, storeSumMismatches } from './lifecycle'
import { splitByMonth } from './plan'
import { draftState, loadRegionStates, loadTargets, monthsOf, targetScope, upsertRegionStates, upsertTargets, type Metric, type RegionState } from './repository'
import { ContestBody, ReasonBody, RegionActionParams, RequiredReasonBody, RespreadBody, SumWarning } from './schemas'

const TAG = 'Target approval'

const RegionStateResult = z
  .object({
    year: z.number().int(),
    regionCode: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    contest: z.object({ proposedAmount: z.number(), reason: z.string().nullable(), status: z.string() }).nullable(),
    revision: z.number().int(),
  })
  .openapi('TargetRegionState')

function actionRoute<B extends z.ZodObject>(action: string, access: 'write' | 'admin', summary: string, body: B) {
  return defineRoute(access, {
    method: 'post',
    path: `/v1/targets/{year}/regions/{code}/${action}`,
    tags: [TAG],
    summary,
    request: { params: RegionActionParams, body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: RegionStateResult } } },
      404: problem('No such region'),
      409: problem('Not possible in the current state'),
      423: problem('The targets are approved (locked)'),
    },
  })
}

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
async function changeRegion(
  c: Context<AppEnv>,
  metric: Metric,
  year: number,
  code: string,
  decide: (
    state: RegionState,
    stored: RegionState | undefined,
    rows: Awaited<ReturnType<typeof loadTargets>>,
    now: string,
  ) => { next: RegionState; rows?: Parameters<typeof upsertTargets>[2] },
) {
  const db = database(c.env)
  await assertRegionExists(db, code)
  const actor = c.get('principal').id
  let result: RegionState | undefined
  const outcome = await writeWithRetry(db, c.env.DB, targetScope(metric, year), async () => {
    const [states, rows] = await Promise.all([
      loadRegionStates(db, metric, year, eq(targetRegions.regionCode, code)),
      loadTargets(db, metric, year, eq(targets.regionCode, code)),
    ])
    const now = new Date().toISOString()
    const stored = states.get(code)
    const state = stored ?? draftState(metric, year, code, actor, now)
    const { next, rows: changedRows } = decide(state, stored, rows, now)
    result = { ...next, updatedAt: now, updatedBy: actor }
    const after = changedRows ? [...new Map([...rows, ...changedRows].map((r) => [`${r.level}/${r.code}/${r.month}`, r])).values()] : rows
    return (write) => [
      ...(changedRows ? upsertTargets(metric, year, changedRows, { ...write, actor, now }) : []),
      ...upsertRegionStates([result!], write.guard),
      ...auditStatements({ actor, via: 'api', at: now }, [auditedState(stored, result!), ...monthChanges(metric, year, rows, after)], write.guard),
    ]
  })
  return stateView(result!, outcome.revision)
}

function transitionHandler(action: Transition) {
  return async (c: Context<AppEnv>, year: number, code: string, body: { reason?: string; metric: Metric }) => {
    const rule = TRANSITIONS[action]
    if (!rule.adminOnly) c.get('scope').assertWrite(code)
    return changeRegion(c, body.metric, year, code, (state, _stored, rows) => {
      if (!rule.from.includes(state.status)) {
        throw new Problem(409, `Cannot ${action}: the ${year} targets of ${code} are ${state.status}.`, { type: 'invalid-state' })
      }
      if (action === 'submit') {
        const mismatches = storeSumMismatches(monthlySums(rows, [code]))
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
      return { next: { ...state, status: rule.to, reason: body.reason ?? (rule.needsReason ? state.reason : null) } }
    })
  }
}

/** Reshapes 12 months to a new total keeping their proportions (even when they are all zero). */
const reshape = (months: number[], total: number) => splitByMonth(total, months)

const transitionRoutes: [Transition, 'write' | 'admin', string, typeof ReasonBody | typeof RequiredReasonBody][] = [
  ['submit', 'write', 'Submit a region’s targets to HQ (store sums must match)', ReasonBody],
  ['approve', 'admin', 'Approve and lock a region’s targets', ReasonBody],
  ['reject', 'admin', 'Send submitted targets back, with a reason', RequiredReasonBody],
  ['reopen', 'admin', 'Unlock submitted or approved targets for editing, with a reason', RequiredReasonBody],
]

export const targetLifecycleRoutes = createRouter()
for (const [action, access, summary, body] of transitionRoutes) {
  const transition = transitionHandler(action)
  targetLifecycleRoutes.openapi(actionRoute(action, access, summary, body), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await transition(c, year, code, c.req.valid('json')), 200)
  })
}

targetLifecycleRoutes
  .openapi(actionRoute('contest', 'write', 'Propose a different annual target, with a reason (regional manager)', ContestBody), async (c) => {
    const { year, code } = c.req.valid('param')
    const body = c.req.valid('json')
    c.get('scope').assertWrite(code)
    const view = await changeRegion(c, body.metric, year, code, (state) => {
      assertEditable(new Map([[code, state.status === 'submitted' ? 'draft' : state.status]]), [code])
      return {
        next: {
          ...state,
          contestAmount: body.proposedAmount,
          contestReason: body.reason,
          contestStatus: 'pending',
          contestBy: c.get('principal').id,
          contestDecisionReason: null,
        },
      }
    })
    return c.json(view, 200)
  })
  .openapi(actionRoute('accept-contest', 'admin', 'Accept the proposed annual target; months keep their shape', ReasonBody), async (c) => {
    const { year, code } = c.req.valid('param')
    const body = c.req.valid('json')
    const view = await changeRegion(c, body.metric, year, code, (state, _stored, rows) => {
      if (state.contestStatus !== 'pending' || state.contestAmount === null) {
        throw new Problem(409, `There is no pending contest of the ${year} targets of ${code}.`, { type: 'invalid-state' })
      }
      assertEditable(new Map([[code, state.status === 'submitted' ? 'draft' : state.status]]), [code])
      const months = reshape(monthsOf(rows.filter((r) => r.level === 'region')), state.contestAmount)
      return {
        next: { ...state, contestStatus: 'accepted', contestDecisionReason: body.reason ?? null },
        rows: months.map((amount, m) => ({ level: 'region', code, regionCode: code, month: m + 1, amount })),
      }
    })
    return c.json(view, 200)
  })
  .openapi(actionRoute('reject-contest', 'admin', 'Reject the proposed annual target, with a reason', RequiredReasonBody), async (c) => {
    const { year, code } = c.req.valid('param')
    const body = c.req.valid('json')
    const view = await changeRegion(c, body.metric, year, code, (state) => {
      if (state.contestStatus !== 'pending') {
        throw new Problem(409, `There is no pending contest of the ${year} targets of ${code}.`, { type: 'invalid-state' })
      }
      return { next: { ...state, contestStatus: 'rejected', contestDecisionReason: body.reason } }
    })
    return c.json(view, 200)
  })
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/targets/{year}/regions/{code}/respread',
      tags: [TAG],
      summary: 'Re-spread what is left of the annual target over the months after throughMonth',
      description:
        'remaining = annual − actual through `throughMonth`; it is split over the later months in the proportions they have now ' +
        '(by seasonality), and each later month of each store keeps its share of the region month.',
      request: { params: RegionActionParams, body: { required: true, content: { 'application/json': { schema: RespreadBody } } } },
      responses: {
        200: {
          description: 'Re-spread',
          content: {
            'application/json': {
              schema: RegionStateResult.extend({
                months: z.array(z.number()).length(12),
                actualThrough: z.number(),
                remaining: z.number(),
                warnings: z.array(SumWarning),
              }),
            },
          },
        },
        404: problem('No such region'),
        423: problem('The targets are submitted or approved'),
      },
    }),
    async (c) => {
      const { year, code } = c.req.valid('param')
      const { throughMonth, metric } = c.req.valid('json')
      c.get('scope').assertWrite(code)
      const actuals = await actualSales(database(c.env), metric, year)
      const actualThrough = (actuals.byRegionMonth.get(code) ?? []).slice(0, throughMonth).reduce((a, b) => a + b, 0)
      let newMonths: number[] = []
      let remaining = 0
      const view = await changeRegion(c, metric, year, code, (state, _stored, rows) => {
        assertEditable(new Map([[code, state.status]]), [code])
        const regionMonths = monthsOf(rows.filter((r) => r.level === 'region'))
        const annual = regionMonths.reduce((a, b) => a + b, 0)
        remaining = Math.max(0, annual - actualThrough)
        const later = reshape(regionMonths.slice(throughMonth), remaining)
        newMonths = [...regionMonths.slice(0, throughMonth), ...later]
        const storeRows = rows.filter((r) => r.level === 'store')
        const storeCodes = [...new Set(storeRows.map((r) => r.code))].sort()
        const changed: Parameters<typeof upsertTargets>[2] = newMonths.map((amount, m) => ({ level: 'region', code, regionCode: code, month: m + 1, amount }))
        for (let month = throughMonth + 1; month <= 12 && storeCodes.length > 0; month++) {
          const current = storeCodes.map((s) => storeRows.find((r) => r.code === s && r.month === month)?.amount ?? 0)
          // Stores keep their share of the month; a month nobody had keeps nothing (a warning says so).
          if (current.every((v) => v === 0)) continue
          largestRemainder(newMonths[month - 1]!, current).forEach((amount, i) =>
            changed.push({ level: 'store', code: storeCodes[i]!, regionCode: code, month, amount }),
          )
        }
        return { next: state, rows: changed }
      })
      const warnings = await sumWarnings(database(c.env), metric, year, [code])
      return c.json({ ...view, months: newMonths.map(toMajorUnits), actualThrough: toMajorUnits(actualThrough), remaining: toMajorUnits(remaining), warnings }, 200)
    },
  )
