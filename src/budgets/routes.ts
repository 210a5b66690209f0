// Expense budgets: the monthly grid by region × department × category with revisions and the
// approval lifecycle, budget controls, next year's proposal from last year's expenses, variance.
import { z } from '@hono/zod-openapi'
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { API_ORIGIN, auditFromOrigin, auditStatements, type AuditChange, type ChangeOrigin } from '../audit/audit'
import { insertRows, runBatch } from '../db/bulk'
import { database, type Database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { currentRevision, writeWithRetry } from '../db/revision'
import { budgetControls, budgetRegions, budgets, CONTROL_ACTIONS, expenses, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { assertEditable, TRANSITIONS, type ApprovalStatus, type Transition } from '../lib/approval'
import { duplicateKeyErrors } from '../lib/duplicates'
import { codeSchema } from '../lib/fields'
import { moneySchema, toMajorUnits } from '../lib/money'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, notFound, Problem, type FieldError } from '../lib/problem'
import { unknownLineErrors } from './config'

const TAG = 'Budgets'
const yearSchema = z.coerce.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier')
export const budgetScope = (year: number) => `budgets:${year}`

export interface BudgetRow {
  regionCode: string
  department: string
  category: string
  month: number
  amount: number
}

const lineKey = (r: { regionCode: string; department: string; category: string }) => `${r.regionCode}/${r.department}/${r.category}`
const rowKey = (r: BudgetRow) => `${lineKey(r)}/${r.month}`

async function regionStatuses(db: Database, year: number): Promise<Map<string, ApprovalStatus>> {
  const rows = await db.select().from(budgetRegions).where(eq(budgetRegions.year, year)).all()
  return new Map(rows.map((r) => [r.regionCode, r.status]))
}

/** Audit changes per budget line (12 months as one entry). */
function lineChanges(year: number, before: (BudgetRow & { revision?: number })[], after: BudgetRow[]): AuditChange[] {
  const months = (rows: BudgetRow[]) => {
    const byLine = new Map<string, number[]>()
    for (const r of rows) {
      const m = byLine.get(lineKey(r)) ?? Array(12).fill(0)
      m[r.month - 1] = toMajorUnits(r.amount)
      byLine.set(lineKey(r), m)
    }
    return byLine
  }
  const was = months(before)
  const now = months(after)
  return [...now].flatMap(([key, value]) =>
    JSON.stringify(was.get(key)) === JSON.stringify(value) ? [] : [{ entity: 'budget', key: `${year}/${key}`, before: was.get(key) ?? null, after: value }],
  )
}

/** Writes budget rows at one revision: 423 for locked regions, 409 for rows changed since `baseRevision`. */
export async function writeBudgets(c: Context<AppEnv>, year: number, rows: BudgetRow[], baseRevision?: number, origin: ChangeOrigin = API_ORIGIN) {
  const db = database(c.env)
  const regionCodes = [...new Set(rows.map((r) => r.regionCode))]
  const actor = c.get('principal').id
  let updated = 0
  const outcome = await writeWithRetry(db, c.env.DB, budgetScope(year), async () => {
    const [statuses, existing] = await Promise.all([
      regionStatuses(db, year),
      db.select().from(budgets).where(and(eq(budgets.year, year), inRegions(budgets.regionCode, regionCodes))).all(),
    ])
    assertEditable(statuses, regionCodes, 'Budgets')
    const stored = new Map(existing.map((r) => [rowKey(r), r]))
    if (baseRevision !== undefined) {
      const conflicts = rows.flatMap((row, i) => {
        const theirs = stored.get(rowKey(row))
        return theirs && theirs.revision > baseRevision && theirs.amount !== row.amount
          ? [{ path: `rows.${i}`, ...row, amount: undefined, yours: toMajorUnits(row.amount), theirs: toMajorUnits(theirs.amount), revision: theirs.revision }]
          : []
      })
      if (conflicts.length > 0) throw new Problem(409, `${conflicts.length} row(s) were changed by someone else since revision ${baseRevision}; nothing was written.`, { extensions: { conflicts } })
    }
    const changed = rows.filter((row) => stored.get(rowKey(row))?.amount !== row.amount)
    updated = changed.length
    if (changed.length === 0) return null
    const now = new Date().toISOString()
    const after = [...new Map([...existing, ...changed].map((r) => [rowKey(r), r])).values()]
    const reopened = regionCodes.filter((code) => statuses.get(code) === 'rejected').map((regionCode) => ({ year, regionCode, status: 'draft' as const, reason: null, updatedAt: now, updatedBy: actor }))
    return (write) => [
      ...insertRows(budgets, changed.map((r) => ({ ...r, year, revision: write.revision, updatedAt: now, updatedBy: actor })), {
        conflict: ['year', 'regionCode', 'department', 'category', 'month'],
        guard: write.guard,
      }),
      ...insertRows(budgetRegions, reopened, { conflict: ['year', 'regionCode'], guard: write.guard }),
      ...auditFromOrigin(actor, now, origin, lineChanges(year, existing, after), write.guard),
    ]
  })
  return { revision: outcome.revision, updated }
}

const BudgetRowInput = z.object({
  regionCode: codeSchema,
  department: z.string().min(1).max(64),
  category: z.string().min(1).max(64),
  month: z.number().int().min(1, 'must be 1..12').max(12, 'must be 1..12'),
  amount: moneySchema(),
})

const ControlInput = z.object({
  regionCode: codeSchema,
  department: z.string().min(1).max(64).optional(),
  category: z.string().min(1).max(64).optional(),
  monthly: z.enum(CONTROL_ACTIONS),
  annual: z.enum(CONTROL_ACTIONS),
})

async function checkRows(c: Context<AppEnv>, rows: { regionCode: string; department: string; category: string }[], prefix: string): Promise<void> {
  const known = new Set((await database(c.env).select({ code: regions.code }).from(regions).all()).map((r) => r.code))
  const errors: FieldError[] = rows.flatMap((row, i) => [
    ...(known.has(row.regionCode) ? [] : [{ path: `${prefix}.${i}.regionCode`, message: `region ${row.regionCode} does not exist`, code: 'unknown_reference' }]),
    // '' means any department or category (controls); a named one must be configured.
    ...unknownLineErrors(c.env, row, `${prefix}.${i}.`).filter((e) => (e.code === 'unknown_department' ? row.department : row.category) !== ''),
  ])
  if (errors.length > 0) throw invalid(errors)
}

const lifecycleActions: [Transition, 'write' | 'admin', string][] = [
  ['submit', 'write', 'Submit a region’s budgets to HQ'],
  ['approve', 'admin', 'Approve and lock a region’s budgets'],
  ['reject', 'admin', 'Send submitted budgets back, with a reason'],
  ['reopen', 'admin', 'Unlock budgets for editing, with a reason'],
]

export const budgetRoutes = createRouter()
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/budgets',
      tags: [TAG],
      summary: 'Read the budget grid',
      request: { query: z.object({ year: yearSchema, regionCode: codeSchema.optional() }) },
      responses: {
        200: {
          description: 'Budgets with the revision to send back with edits',
          content: {
            'application/json': {
              schema: z.object({
                year: z.number().int(),
                revision: z.number().int(),
                regions: z.array(z.object({ code: z.string(), status: z.string(), reason: z.string().nullable() })),
                rows: z.array(BudgetRowInput.extend({ amount: z.number(), status: z.string() })),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { year, regionCode } = c.req.valid('query')
      const db = database(c.env)
      const scope = c.get('scope')
      const [rows, states, regionRows, revision] = await Promise.all([
        db.select().from(budgets).where(and(eq(budgets.year, year), scope.where(budgets.regionCode, regionCode))).orderBy(budgets.regionCode, budgets.department, budgets.category, budgets.month).all(),
        db.select().from(budgetRegions).where(eq(budgetRegions.year, year)).all(),
        db.select({ code: regions.code }).from(regions).where(scope.where(regions.code, regionCode)).orderBy(regions.code).all(),
        currentRevision(db, budgetScope(year)),
      ])
      const state = new Map(states.map((s) => [s.regionCode, s]))
      return c.json(
        {
          year,
          revision,
          regions: regionRows.map((r) => ({ code: r.code, status: state.get(r.code)?.status ?? 'draft', reason: state.get(r.code)?.reason ?? null })),
          rows: rows.map((r) => ({ regionCode: r.regionCode, department: r.department, category: r.category, month: r.month, amount: toMajorUnits(r.amount), status: state.get(r.regionCode)?.status ?? 'draft' })),
        },
        200,
      )
    },
  )
  .openapi(
    defineRoute('write', {
      method: 'put',
      path: '/v1/budgets',
      tags: [TAG],
      summary: 'Edit budgets of the caller’s regions',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ year: yearSchema, baseRevision: z.number().int().min(0).optional(), rows: z.array(BudgetRowInput).min(1).max(50_000) }) } },
        },
      },
      responses: {
        200: { description: 'Applied', content: { 'application/json': { schema: z.object({ revision: z.number().int(), updated: z.number().int() }) } } },
        409: problem('A row was changed since baseRevision'),
        423: problem('A region’s budgets are submitted or approved'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const duplicates = duplicateKeyErrors(body.rows, rowKey, (i) => `rows.${i}`)
      if (duplicates.length > 0) throw invalid(duplicates)
      await checkRows(c, body.rows, 'rows')
      for (const code of new Set(body.rows.map((r) => r.regionCode))) c.get('scope').assertWrite(code)
      return c.json(await writeBudgets(c, body.year, body.rows, body.baseRevision), 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'put',
      path: '/v1/budgets/controls',
      tags: [TAG],
      summary: 'Set what exceeding a budget does (stop, warn or ignore), per region, department or category',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ controls: z.array(ControlInput).min(1).max(5000) }) } } } },
      responses: { 200: { description: 'Stored', content: { 'application/json': { schema: z.object({ upserted: z.number().int() }) } } } },
    }),
    async (c) => {
      const { controls } = c.req.valid('json')
      const rows = controls.map((ctl) => ({ ...ctl, department: ctl.department ?? '', category: ctl.category ?? '' }))
      const errors: FieldError[] = [
        ...duplicateKeyErrors(rows, lineKey, (i) => `controls.${i}`),
        ...rows.flatMap((row, i) => (row.category && !row.department ? [{ path: `controls.${i}.department`, message: 'a category control needs its department' }] : [])),
      ]
      if (errors.length > 0) throw invalid(errors)
      await checkRows(c, rows, 'controls')
      const stored = await database(c.env).select().from(budgetControls).where(inRegions(budgetControls.regionCode, [...new Set(rows.map((r) => r.regionCode))])).all()
      const before = new Map(stored.map((s) => [lineKey(s), { monthly: s.monthly, annual: s.annual }]))
      const now = new Date().toISOString()
      await runBatch(c.env.DB, [
        ...insertRows(budgetControls, rows.map((r) => ({ ...r, updatedAt: now })), { conflict: ['regionCode', 'department', 'category'] }),
        ...auditStatements(
          { actor: c.get('principal').id, via: 'api', at: now },
          rows.map((r) => ({ entity: 'budget-control', key: lineKey(r), before: before.get(lineKey(r)) ?? null, after: { monthly: r.monthly, annual: r.annual } })),
        ),
      ])
      return c.json({ upserted: rows.length }, 200)
    },
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/budgets/controls',
      tags: [TAG],
      summary: 'Budget controls of the caller’s regions',
      request: { query: z.object({ regionCode: codeSchema.optional() }) },
      responses: { 200: { description: 'Controls', content: { 'application/json': { schema: z.object({ controls: z.array(ControlInput) }) } } } },
    }),
    async (c) => {
      const rows = await database(c.env).select().from(budgetControls).where(c.get('scope').where(budgetControls.regionCode, c.req.valid('query').regionCode)).all()
      return c.json({ controls: rows.map((r) => ({ regionCode: r.regionCode, department: r.department || undefined, category: r.category || undefined, monthly: r.monthly, annual: r.annual })) }, 200)
    },
  )
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/budgets/propose',
      tags: [TAG],
      summary: 'Propose a year’s budgets from last year’s approved expenses, adjusted per category',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                year: yearSchema,
                regionCode: codeSchema.optional(),
                adjustments: z.record(z.string(), z.number().min(-100).max(1000)).default({}).openapi({ description: 'Percent per category, e.g. { "travel": -10 }' }),
                save: z.boolean().default(false),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The proposal (saved as drafts when asked)',
          content: { 'application/json': { schema: z.object({ revision: z.number().int().nullable(), rows: z.array(BudgetRowInput.extend({ amount: z.number(), lastYear: z.number() })) }) } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const scope = c.get('scope')
      const adjustmentErrors = Object.keys(body.adjustments).flatMap((category) => unknownLineErrors(c.env, { department: 'sales', category }, `adjustments.${category}.`).filter((e) => e.code === 'unknown_category'))
      if (adjustmentErrors.length > 0) throw invalid(adjustmentErrors)
      const actual = await database(c.env)
        .select({ regionCode: expenses.regionCode, department: expenses.department, category: expenses.category, month: expenses.month, amount: sql<number>`sum(${expenses.amount})` })
        .from(expenses)
        .where(and(eq(expenses.year, body.year - 1), eq(expenses.status, 'hq_approved'), scope.where(expenses.regionCode, body.regionCode)))
        .groupBy(expenses.regionCode, expenses.department, expenses.category, expenses.month)
        .all()
      // Round half up to the fen: 1.5 fen → 2.
      const rows = actual.map((r) => ({ ...r, amount: Math.round((r.amount * (100 + (body.adjustments[r.category] ?? 0))) / 100), lastYear: r.amount }))
      let revision: number | null = null
      if (body.save && rows.length > 0) {
        for (const code of new Set(rows.map((r) => r.regionCode))) scope.assertWrite(code)
        revision = (await writeBudgets(c, body.year, rows.map(({ lastYear: _ly, ...r }) => r))).revision
      }
      return c.json({ revision, rows: rows.map((r) => ({ ...r, amount: toMajorUnits(r.amount), lastYear: toMajorUnits(r.lastYear) })) }, 200)
    },
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/budgets/variance',
      tags: [TAG],
      summary: 'Budget against HQ-approved expenses per month, region, department and category',
      request: { query: z.object({ year: yearSchema, month: z.coerce.number().int().min(1).max(12).optional(), regionCode: codeSchema.optional() }) },
      responses: {
        200: {
          description: 'variance = budget − actual; rate = actual ÷ budget (null when there is no budget)',
          content: {
            'application/json': {
              schema: z.object({
                rows: z.array(
                  z.object({ period: z.string(), regionCode: z.string(), department: z.string(), category: z.string(), budget: z.number(), actual: z.number(), variance: z.number(), rate: z.number().nullable() }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const { results } = await c.env.DB.prepare(
        `SELECT region_code, department, category, month, sum(budget) AS budget, sum(actual) AS actual FROM (
           SELECT region_code, department, category, month, amount AS budget, 0 AS actual FROM budgets WHERE year = ?1
           UNION ALL
           SELECT region_code, department, category, month, 0, amount FROM expenses WHERE year = ?1 AND status = 'hq_approved')
         WHERE (?2 IS NULL OR month = ?2) AND (?3 IS NULL OR region_code IN (SELECT value FROM json_each(?3)))
         GROUP BY region_code, department, category, month ORDER BY region_code, department, category, month`,
      )
        .bind(q.year, q.month ?? null, (() => {
          const codes = c.get('scope').readable(q.regionCode)
          return codes === null ? null : JSON.stringify(codes)
        })())
        .all<{ region_code: string; department: string; category: string; month: number; budget: number; actual: number }>()
      return c.json(
        {
          rows: results.map((r) => ({
            period: `${q.year}-${String(r.month).padStart(2, '0')}`,
            regionCode: r.region_code,
            department: r.department,
            category: r.category,
            budget: toMajorUnits(r.budget),
            actual: toMajorUnits(r.actual),
            variance: toMajorUnits(r.budget - r.actual),
            rate: r.budget === 0 ? null : Math.round((r.actual / r.budget) * 10_000) / 10_000,
          })),
        },
        200,
      )
    },
  )

for (const [action, access, summary] of lifecycleActions) {
  const rule = TRANSITIONS[action]
  budgetRoutes.openapi(
    defineRoute(access, {
      method: 'post',
      path: `/v1/budgets/{year}/regions/{code}/${action}`,
      tags: [TAG],
      summary,
      request: {
        params: z.object({ year: yearSchema, code: codeSchema }),
        body: { required: true, content: { 'application/json': { schema: z.object({ reason: (rule.needsReason ? z.string().trim().min(1, 'a reason is required') : z.string().trim().optional()) as z.ZodType<string | undefined> }) } } },
      },
      responses: {
        200: { description: 'Done', content: { 'application/json': { schema: z.object({ year: z.number().int(), regionCode: z.string(), status: z.string(), revision: z.number().int() }) } } },
        404: problem('No such region'),
        409: problem('Not possible in the current state'),
      },
    }),
    async (c) => {
      const { year, code } = c.req.valid('param')
      const { reason } = c.req.valid('json') as { reason?: string }
      if (!rule.adminOnly) c.get('scope').assertWrite(code)
      const db = database(c.env)
      if (!(await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).get())) throw notFound(`There is no region ${code}.`)
      const actor = c.get('principal').id
      const outcome = await writeWithRetry(db, c.env.DB, budgetScope(year), async () => {
        const status = (await regionStatuses(db, year)).get(code) ?? 'draft'
        if (!rule.from.includes(status)) throw new Problem(409, `Cannot ${action}: the ${year} budgets of ${code} are ${status}.`, { type: 'invalid-state' })
        const now = new Date().toISOString()
        const next = { year, regionCode: code, status: rule.to, reason: reason ?? null, updatedAt: now, updatedBy: actor }
        return (write) => [
          ...insertRows(budgetRegions, [next], { conflict: ['year', 'regionCode'], guard: write.guard }),
          ...auditStatements({ actor, via: 'api', at: now }, [{ entity: 'budget-region', key: `${year}/${code}`, before: { status }, after: { status: rule.to, reason: reason ?? null } }], write.guard),
        ]
      })
      return c.json({ year, regionCode: code, status: rule.to, revision: outcome.revision }, 200)
    },
  )
}
