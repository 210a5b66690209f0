// Expenses: submitted by a manager (or HQ), reviewed by the manager of the region, approved by HQ,
// or rejected at either step with a note. Every submission, review and approval is checked against
// the budget: `stop` refuses with the figures, `warn` accepts and marks, HQ may override a stop
// with a written reason (audited).
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { companyToday } from '../config'
import { runBatch, statement } from '../db/bulk'
import { database } from '../db/client'
import { expenses, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { codeSchema, dateSchema } from '../lib/fields'
import { moneySchema, toMajorUnits } from '../lib/money'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { forbidden, invalid, notFound, Problem } from '../lib/problem'
import { unknownLineErrors } from './config'
import { applicableControl, budgetDecision, type BudgetCheck, type BudgetLine, type Control } from './control'
import { budgetCheck, controlsOf, guardedExpenseInsert } from './ledger'

const TAG = 'Expenses'

const ExpenseBody = z
  .object({
    expenseId: z.string().min(1).max(64),
    regionCode: codeSchema,
    department: z.string().min(1).max(64),
    category: z.string().min(1).max(64),
    incurredOn: dateSchema,
    amount: moneySchema().refine((minor) => minor > 0, 'must be more than 0'),
    description: z.string().trim().min(1, 'must not be blank').max(500),
    override: z.object({ reason: z.string().trim().min(1, 'an override needs a reason').max(2000) }).optional(),
  })
  .openapi('ExpenseInput')

const BudgetCheckView = z
  .object({
    level: z.object({ regionCode: z.string(), department: z.string().nullable(), category: z.string().nullable() }),
    monthBudget: z.number(),
    monthSpent: z.number(),
    annualBudget: z.number(),
    annualSpent: z.number(),
    action: z.enum(['ok', 'warn', 'stop']),
  })
  .openapi('BudgetCheck')

const ExpenseResult = z.object({ expenseId: z.string(), status: z.string(), budgetAction: z.enum(['ok', 'warn', 'stop']), budgetCheck: BudgetCheckView })

function checkView(check: BudgetCheck, scope: BudgetLine, action: 'ok' | 'warn' | 'stop') {
  return {
    level: { regionCode: scope.regionCode, department: scope.department || null, category: scope.category || null },
    monthBudget: toMajorUnits(check.monthBudget),
    monthSpent: toMajorUnits(check.monthSpent),
    annualBudget: toMajorUnits(check.annualBudget),
    annualSpent: toMajorUnits(check.annualSpent),
    action,
  }
}

/** The 422 of a `stop`: which budget, how much is spent with this expense, and by how much it is exceeded. */
function budgetExceeded(check: BudgetCheck, scope: BudgetLine, control: Control, exceeded: ('monthly' | 'annual')[]): Problem {
  const stopped = exceeded.filter((which) => control[which] === 'stop')
  const excess = stopped.map((which) =>
    which === 'monthly'
      ? { budget: 'monthly (accumulated)', amount: toMajorUnits(check.monthBudget), spent: toMajorUnits(check.monthSpent), excess: toMajorUnits(check.monthSpent - check.monthBudget) }
      : { budget: 'annual', amount: toMajorUnits(check.annualBudget), spent: toMajorUnits(check.annualSpent), excess: toMajorUnits(check.annualSpent - check.annualBudget) },
  )
  return new Problem(
    422,
    `The ${excess.map((e) => `${e.budget} budget of ${e.amount} would be exceeded by ${e.excess} (spent ${e.spent})`).join('; ')}. HQ may override with a reason.`,
    { type: 'budget-exceeded', title: 'Budget exceeded', extensions: { budgetCheck: checkView(check, scope, 'stop'), exceeded: excess } },
  )
}

async function decideBudget(c: Context<AppEnv>, line: BudgetLine, year: number, month: number, extra: number) {
  const { control, scope } = applicableControl(await controlsOf(database(c.env), line.regionCode), line)
  const check = await budgetCheck(c.env.DB, scope, year, month, extra)
  return { control, scope, check, ...budgetDecision(check, control) }
}

type ExpenseRow = typeof expenses.$inferSelect

async function loadExpense(c: Context<AppEnv>, id: string): Promise<ExpenseRow> {
  const row = await database(c.env).select().from(expenses).where(eq(expenses.expenseId, id)).get()
  if (!row) throw notFound(`There is no expense ${id}.`)
  return row
}

const expenseAudit = (id: string, before: unknown, after: unknown) => ({ entity: 'expense', key: id, before, after })

/**
 * Moves an expense from `from` to `to` after a fresh budget check; the UPDATE is guarded on the
 * status, so deciding twice (or two people at once) changes it once.
 */
async function advance(
  c: Context<AppEnv>,
  row: ExpenseRow,
  from: ExpenseRow['status'],
  to: ExpenseRow['status'],
  set: { column: 'reviewed' | 'approved' | 'rejected'; note: string | null; overrideReason?: string | null },
) {
  if (row.status !== from) throw new Problem(409, `Expense ${row.expenseId} is ${row.status}; it cannot be ${to.replace('_', ' ')} now.`, { type: 'invalid-state' })
  const now = new Date().toISOString()
  const actor = c.get('principal').id
  const [updated] = await runBatch(c.env.DB, [
    statement(
      `UPDATE expenses SET status = ?, ${set.column}_by = ?, ${set.column}_at = ?, note = coalesce(?, note), override_reason = coalesce(?, override_reason)
       WHERE expense_id = ? AND status = ?`,
      to,
      actor,
      now,
      set.note,
      set.overrideReason ?? null,
      row.expenseId,
      from,
    ),
    statement(
      `INSERT INTO audit_log (at, actor, via, entity, entity_key, before, after, context) SELECT ?, ?, 'api', 'expense', ?, ?, ?, NULL WHERE changes() = 1`,
      now,
      actor,
      row.expenseId,
      JSON.stringify({ status: from }),
      JSON.stringify({ status: to, note: set.note, overrideReason: set.overrideReason ?? null }),
    ),
  ])
  if (updated!.meta.changes !== 1) throw new Problem(409, `Expense ${row.expenseId} was changed by someone else just now.`, { type: 'invalid-state' })
}

const DecisionBody = z.object({
  note: z.string().trim().max(2000).optional(),
  override: z.object({ reason: z.string().trim().min(1, 'an override needs a reason').max(2000) }).optional(),
})
const RequiredNote = z.object({ note: z.string().trim().min(1, 'a note is required').max(2000) })

function stepRoute<B extends z.ZodObject>(step: string, access: 'write' | 'admin', summary: string, body: B) {
  return defineRoute(access, {
    method: 'post',
    path: `/v1/expenses/{id}/${step}`,
    tags: [TAG],
    summary,
    request: { params: z.object({ id: z.string().min(1).max(64) }), body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: z.object({ expenseId: z.string(), status: z.string() }) } } },
      404: problem('No such expense'),
      409: problem('Not possible in its current status'),
      422: problem('Invalid, or a stop budget is exceeded (type …/budget-exceeded)'),
    },
  })
}

/** Re-checks the budget when an expense moves on; a stop passes only with an HQ override. */
async function recheck(c: Context<AppEnv>, row: ExpenseRow, override?: { reason: string }) {
  const decision = await decideBudget(c, row, row.year, row.month, 0)
  if (decision.action === 'stop' && !override) throw budgetExceeded(decision.check, decision.scope, decision.control, decision.exceeded)
}

export const expenseRoutes = createRouter()
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/expenses',
      tags: [TAG],
      summary: 'Submit an expense (checked against the budget)',
      request: { body: { required: true, content: { 'application/json': { schema: ExpenseBody } } } },
      responses: {
        201: { description: 'Submitted', content: { 'application/json': { schema: ExpenseResult } } },
        409: problem('An expense with this id exists'),
        422: problem('Invalid, or a stop budget is exceeded (type …/budget-exceeded)'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      const db = database(c.env)
      const errors = unknownLineErrors(c.env, input, '')
      if (!(await db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode)).get())) {
        errors.push({ path: 'regionCode', message: `region ${input.regionCode} does not exist`, code: 'unknown_reference' })
      }
      if (input.incurredOn > companyToday(c.env)) errors.push({ path: 'incurredOn', message: 'is in the future; an expense is a cost already incurred', code: 'future' })
      if (errors.length > 0) throw invalid(errors)
      c.get('scope').assertWrite(input.regionCode)
      if (input.override && !c.get('scope').isAdmin) throw forbidden('Only HQ may override a budget.')
      if (await db.select({ id: expenses.expenseId }).from(expenses).where(eq(expenses.expenseId, input.expenseId)).get()) {
        throw new Problem(409, `Expense ${input.expenseId} was already submitted.`)
      }
      const year = Number(input.incurredOn.slice(0, 4))
      const month = Number(input.incurredOn.slice(5, 7))
      const decision = await decideBudget(c, input, year, month, input.amount)
      if (decision.action === 'stop' && !input.override) throw budgetExceeded(decision.check, decision.scope, decision.control, decision.exceeded)
      const now = new Date().toISOString()
      const expense = {
        expenseId: input.expenseId,
        regionCode: input.regionCode,
        department: input.department,
        category: input.category,
        incurredOn: input.incurredOn,
        year,
        month,
        amount: input.amount,
        description: input.description,
        budgetAction: decision.action,
        overrideReason: input.override?.reason ?? null,
        submittedBy: c.get('principal').id,
        submittedAt: now,
      }
      const guard = {
        scope: decision.scope,
        monthly: decision.control.monthly === 'stop' && !input.override,
        annual: decision.control.annual === 'stop' && !input.override,
      }
      const [inserted] = await runBatch(c.env.DB, [
        guardedExpenseInsert(expense, guard),
        // Audited only if the guarded insert went in.
        ...auditStatements(
          { actor: expense.submittedBy, via: 'api', at: now },
          [expenseAudit(expense.expenseId, null, { ...expense, amount: toMajorUnits(expense.amount), status: 'submitted' })],
          { sql: 'changes() = 1', params: [] },
        ),
      ])
      if (inserted!.meta.changes !== 1) {
        // Another expense took the room between the check and the insert: check again, with it.
        const now = await decideBudget(c, input, year, month, input.amount)
        throw budgetExceeded(now.check, now.scope, now.control, now.exceeded.length > 0 ? now.exceeded : ['monthly'])
      }
      return c.json({ expenseId: expense.expenseId, status: 'submitted', budgetAction: decision.action, budgetCheck: checkView(decision.check, decision.scope, decision.action) }, 201)
    },
  )
  .openapi(stepRoute('review', 'write', 'Region review by the region’s manager', DecisionBody), async (c) => {
    const row = await loadExpense(c, c.req.valid('param').id)
    const principal = c.get('principal')
    if (principal.role !== 'manager') throw forbidden('The region review is the regional manager’s; HQ approves after it.')
    c.get('scope').assertWrite(row.regionCode)
    const body = c.req.valid('json')
    if (body.override) throw forbidden('Only HQ may override a budget.')
    await recheck(c, row)
    await advance(c, row, 'submitted', 'region_approved', { column: 'reviewed', note: body.note ?? null })
    return c.json({ expenseId: row.expenseId, status: 'region_approved' }, 200)
  })
  .openapi(stepRoute('approve', 'admin', 'HQ approval after the region review (override a stop with a reason)', DecisionBody), async (c) => {
    const row = await loadExpense(c, c.req.valid('param').id)
    const body = c.req.valid('json')
    if (row.status !== 'region_approved') {
      throw new Problem(409, `Expense ${row.expenseId} is ${row.status}; HQ approves after the region review.`, { type: 'invalid-state' })
    }
    await recheck(c, row, body.override)
    await advance(c, row, 'region_approved', 'hq_approved', { column: 'approved', note: body.note ?? null, overrideReason: body.override?.reason ?? null })
    return c.json({ expenseId: row.expenseId, status: 'hq_approved' }, 200)
  })
  .openapi(stepRoute('reject', 'write', 'Reject at the region review (manager) or at HQ approval (admin), with a note', RequiredNote), async (c) => {
    const row = await loadExpense(c, c.req.valid('param').id)
    c.get('scope').assertWrite(row.regionCode)
    const from = row.status === 'region_approved' ? 'region_approved' : 'submitted'
    if (from === 'region_approved' && !c.get('scope').isAdmin) throw forbidden('After the region review only HQ may reject.')
    await advance(c, row, from, 'rejected', { column: 'rejected', note: c.req.valid('json').note })
    return c.json({ expenseId: row.expenseId, status: 'rejected' }, 200)
  })
