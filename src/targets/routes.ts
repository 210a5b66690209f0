// Targets over HTTP: the company target, planning, and the target grid of regions and stores
// with revisions, locks and store-sum warnings.
import { z } from '@hono/zod-openapi'
import { and, eq } from 'drizzle-orm'
import { API_ORIGIN, auditStatements } from '../audit/audit'
import { fromQuery, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { currentRevision } from '../db/revision'
import { companyTargets, regions, targets } from '../db/schema'
import { readBulkBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { toMajorUnits } from '../lib/money'
import { invalid } from '../lib/problem'
import { byRow } from '../lib/rows'
import { duplicateTargetErrors, editTargets, savePlan } from './edit'
import { planInputs } from './history'
import { monthlySums } from './lifecycle'
import { planTargets } from './plan'
import { loadRegionStates, loadTargets, targetScope } from './repository'
import { CompanyTargetBody, PlanBody, PlanResult, TARGET_EDIT, TargetsBody, TargetsQuery, TargetsResult, TargetsWriteResult, yearSchema } from './schemas'

const TAG = 'Targets'
const router = createRouter()

const putCompany = defineRoute('admin', {
  method: 'put',
  path: '/v1/targets/company/{year}',
  tags: [TAG],
  summary: "Set the company's annual target",
  request: {
    params: z.object({ year: yearSchema }),
    body: { required: true, content: { 'application/json': { schema: CompanyTargetBody } } },
  },
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: z.object({ year: z.number().int(), amount: z.number() }) } } },
  },
})

const plan = defineRoute('admin', {
  method: 'post',
  path: '/v1/targets/plan',
  tags: [TAG],
  summary: 'Plan region, month and store targets from the company target',
  description:
    'Regions share the company target by last year (actual, or target × achievement rate; no history → the average share), ' +
    'each region annual is split by month (last year rhythm, even, or 12 percentages) and each month allocated to the stores ' +
    'open in it (by last year actual, tier, area or equally). All sums are exact to the fen. `save: true` replaces the ' +
    "year's targets with the plan as drafts (423 when a region is submitted or approved).",
  request: { body: { required: true, content: { 'application/json': { schema: PlanBody } } } },
  responses: {
    200: { description: 'The plan', content: { 'application/json': { schema: PlanResult } } },
    423: problem('A region of the year is submitted or approved'),
  },
})

const getTargets = defineRoute('read', {
  method: 'get',
  path: '/v1/targets',
  tags: [TAG],
  summary: 'Read targets of regions and stores',
  request: { query: TargetsQuery },
  responses: { 200: { description: 'Targets with the revision to send back with edits', content: { 'application/json': { schema: TargetsResult } } } },
})

const putTargets = defineRoute('write', {
  method: 'put',
  path: '/v1/targets',
  tags: [TAG],
  summary: 'Edit monthly targets of regions (HQ) or stores (HQ and the region manager)',
  request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'TargetsInput', TargetsBody) } } },
  responses: {
    200: { description: 'Applied; store sums that miss the region target come back as warnings', content: { 'application/json': { schema: TargetsWriteResult } } },
    409: problem('A row was changed by someone else since baseRevision; `conflicts` lists them'),
    423: problem('A region is submitted or approved'),
  },
})

const major = (months: number[]) => months.map(toMajorUnits)

export const targetRoutes = router
  .openapi(putCompany, async (c) => {
    const { year } = c.req.valid('param')
    const { amount } = c.req.valid('json')
    const db = database(c.env)
    const actor = c.get('principal').id
    const now = new Date().toISOString()
    const before = await db
      .select({ amount: companyTargets.amount })
      .from(companyTargets)
      .where(and(eq(companyTargets.metric, 'sales'), eq(companyTargets.year, year)))
      .get()
    await runBatch(c.env.DB, [
      fromQuery(
        db
          .insert(companyTargets)
          .values({ metric: 'sales', year, amount, updatedAt: now })
          .onConflictDoUpdate({ target: [companyTargets.metric, companyTargets.year], set: { amount, updatedAt: now } }),
      ),
      ...auditStatements({ actor, via: 'api', at: now }, [
        { entity: 'company-target', key: `sales/${year}`, before: before ? toMajorUnits(before.amount) : null, after: toMajorUnits(amount) },
      ]),
    ])
    return c.json({ year, amount: toMajorUnits(amount) }, 200)
  })

  .openapi(plan, async (c) => {
    const request = c.req.valid('json')
    const db = database(c.env)
    const inputs = await planInputs(db, request.year)
    const result = planTargets(request, inputs.regions, inputs.stores)
    let revision: number | null = null
    if (request.save) revision = await savePlan(c.env.DB, request.year, request.companyAmount, result, c.get('principal').id)
    return c.json(
      {
        year: request.year,
        companyAmount: toMajorUnits(request.companyAmount),
        saved: request.save,
        revision,
        regions: result.regions.map((r) => ({ code: r.code, annual: toMajorUnits(r.annual), months: major(r.months), fromHistory: r.fromHistory })),
        stores: result.stores.map((s) => ({ code: s.code, regionCode: s.regionCode, months: major(s.months) })),
        warnings: result.warnings,
      },
      200,
    )
  })

  .openapi(getTargets, async (c) => {
    const { year, level, regionCode, metric } = c.req.valid('query')
    const db = database(c.env)
    const scope = c.get('scope')
    const [rows, states, regionRows, company] = await Promise.all([
      loadTargets(db, metric, year, scope.where(targets.regionCode, regionCode)),
      loadRegionStates(db, metric, year),
      db.select({ code: regions.code }).from(regions).where(scope.where(regions.code, regionCode)).orderBy(regions.code).all(),
      db.select().from(companyTargets).where(and(eq(companyTargets.metric, metric), eq(companyTargets.year, year))).get(),
    ])
    const revision = await currentRevision(db, targetScope(metric, year))
    const sums = monthlySums(rows, regionRows.map((r) => r.code))
    const summaries = [...sums].map(([code, { region, stores: storeMonths }]) => {
      const state = states.get(code)
      const annual = region.reduce((a, b) => a + b, 0)
      const storeSum = storeMonths.reduce((a, b) => a + b, 0)
      return {
        code,
        status: state?.status ?? 'draft',
        reason: state?.reason ?? null,
        annual: toMajorUnits(annual),
        storeSum: toMajorUnits(storeSum),
        diff: toMajorUnits(storeSum - annual),
        contest:
          state?.contestStatus && state.contestAmount !== null
            ? {
                proposedAmount: toMajorUnits(state.contestAmount),
                reason: state.contestReason ?? '',
                status: state.contestStatus,
                decisionReason: state.contestDecisionReason,
              }
            : null,
      }
    })
    // The company view is for HQ: the sum of every region against the company target.
    let companyView = null
    if (scope.isAdmin) {
      const allRegionSum = (regionCode === undefined ? rows : await loadTargets(db, metric, year, eq(targets.level, 'region')))
        .filter((r) => r.level === 'region')
        .reduce((sum, r) => sum + r.amount, 0)
      companyView = {
        amount: company ? toMajorUnits(company.amount) : null,
        regionSum: toMajorUnits(allRegionSum),
        gap: company ? toMajorUnits(allRegionSum - company.amount) : null,
      }
    }
    return c.json(
      {
        year,
        metric,
        revision,
        company: companyView,
        regions: summaries,
        rows: rows
          .filter((r) => level === undefined || r.level === level)
          .map((r) => ({
            level: r.level,
            code: r.code,
            regionCode: r.regionCode,
            month: r.month,
            amount: toMajorUnits(r.amount),
            status: states.get(r.regionCode)?.status ?? 'draft',
          })),
      },
      200,
    )
  })

  .openapi(putTargets, async (c) => {
    const body = await readBulkBody(c, TARGET_EDIT)
    // Without a valid level the codes cannot be looked up; every other fault is still named.
    if (!body.fields) throw invalid(byRow([...body.errors, ...duplicateTargetErrors(body.rows)]))
    const result = await editTargets(c.env.DB, c.get('principal').id, c.get('scope'), { ...body.fields, rows: body.rows }, API_ORIGIN, body.errors)
    return c.json(result, 200)
  })
