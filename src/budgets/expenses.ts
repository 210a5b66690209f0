// Expenses: submitted by a manager (or HQ), reviewed by the manager of the region, approved by HQ,
// or rejected at either step with a note. Every submission, review and approval is checked against
// the budget: `stop` refuses with the figures, `warn` accepts and marks, HQ may override a stop
// with a written reason (audited).
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { companyToday } from '../config'
import { runBatch, statement } from '../db/bulk'
import { database } from '../db/client'
import { expenses, regions } from '../db/schema'
import type { AppEnv, Env } from '../env'
import { langOf } from '../lib/lang'
import { toMajorUnits } from '../lib/money'
import { forbidden, notFound, Problem, type FieldError } from '../lib/problem'
import { assertNoFaults } from '../lib/rows'
import { keyedLine, unknownLineErrors } from './config'
import { expenseStoreFault, storeRegions } from './expense-store'
import { applicableControl, budgetDecision, spendingCeilings, stoppedBudgets, withPending, type BudgetAction, type BudgetCheck, type BudgetLine, type Control, type PendingExpense } from './control'
import { budgetCheck, controlsOf, guardedExpenseInsert } from './ledger'

export interface BudgetDecision {
  control: Control
  /** The budget line the control applies at, where budgets and spending are summed. */
  scope: BudgetLine
  check: BudgetCheck
  action: BudgetAction
  exceeded: ('monthly' | 'annual')[]
}

/**
 * The budget check of an expense of `amount` on `line` in a month (0 for one already counted),
 * after the `pending` expenses not stored yet (the rows above it in one sheet push).
 */
export async function decideBudget(env: Env, line: BudgetLine, year: number, month: number, amount: number, pending: PendingExpense[] = []): Promise<BudgetDecision> {
  const { control, scope } = applicableControl(await controlsOf(database(env), line.regionCode), line)
  const check = withPending(await budgetCheck(env.DB, scope, year, month, amount), scope, year, month, pending)
  return { control, scope, check, ...budgetDecision(check, control) }
}

export function budgetCheckView(decision: Pick<BudgetDecision, 'check' | 'scope'>, action: BudgetAction) {
  const { check, scope } = decision
  return {
    level: { regionCode: scope.regionCode, department: scope.department || null, category: scope.category || null },
    monthBudget: toMajorUnits(check.monthBudget),
    monthSpent: toMajorUnits(check.monthSpent),
    ytdBudget: toMajorUnits(check.ytdBudget),
    ytdSpent: toMajorUnits(check.ytdSpent),
    annualBudget: toMajorUnits(check.annualBudget),
    annualSpent: toMajorUnits(check.annualSpent),
    action,
  }
}

/** The 422 of a `stop`: which budget, how much is spent with this expense, and by how much it is exceeded. */
function budgetExceeded(decision: BudgetDecision, exceeded = decision.exceeded): Problem {
  const excess = stoppedBudgets(decision.check, decision.control, exceeded).map((stop) => ({
    budget: stop.budget,
    amount: toMajorUnits(stop.amount),
    spent: toMajorUnits(stop.spent),
    excess: toMajorUnits(stop.excess),
  }))
  return new Problem(
    422,
    `The ${excess.map((e) => `${e.budget} budget of ${e.amount} would be exceeded by ${e.excess} (spent ${e.spent})`).join('; ')}. HQ may override with a reason.`,
    { type: 'budget-exceeded', title: 'Budget exceeded', extensions: { budgetCheck: budgetCheckView(decision, 'stop'), exceeded: excess } },
  )
}

export interface ExpenseInput {
  expenseId: string
  regionCode: string
  /** The store of the region it is booked to; null or left out for the region's own. */
  storeCode?: string | null
  department: string
  category: string
  incurredOn: string
  /** Minor units. */
  amount: number
  description: string
  override?: { reason: string }
}

/** Submits an expense after its budget check; 422 on a `stop` unless HQ overrides it. */
export async function submitExpense(c: Context<AppEnv>, given: { value: ExpenseInput | undefined; sound: Partial<ExpenseInput>; errors: FieldError[] }) {
  const db = database(c.env)
  // A department or category may be given by its name (销售, Travel); the key is what is stored.
  const body = { ...given, value: given.value && keyedLine(c.env, given.value), sound: keyedLine(c.env, given.sound) }
  // The sound fields are checked even beside faulty ones: one answer names every fault.
  const { regionCode, storeCode, department, category, incurredOn } = body.sound
  const errors = [
    ...body.errors,
    ...unknownLineErrors(c.env, { department: department ?? '', category: category ?? '' }, '', langOf(c)).filter((e) => (e.path === 'department' ? department : category) !== undefined),
  ]
  const regionKnown = regionCode !== undefined && (await db.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode)).get()) !== undefined
  if (regionCode !== undefined && !regionKnown) errors.push({ path: 'regionCode', message: `region ${regionCode} does not exist`, code: 'unknown_reference' })
  if (storeCode) {
    const fault = expenseStoreFault(storeCode, regionKnown ? regionCode : undefined, (await storeRegions(db, [storeCode])).get(storeCode), (code) => c.get('scope').covers(code))
    if (fault) errors.push({ path: 'storeCode', ...fault })
  }
  if (incurredOn && incurredOn > companyToday(c.env)) errors.push({ path: 'incurredOn', message: 'is in the future; an expense is a cost already incurred', code: 'future' })
  await assertNoFaults(errors, () =>
    regionKnown && !c.get('scope').covers(regionCode!) ? [{ path: 'regionCode', message: `region ${regionCode} is outside this token`, code: 'forbidden' }] : [],
  )
  const input = body.value!
  c.get('scope').assertWrite(input.regionCode)
  if (input.override && !c.get('scope').isAdmin) throw forbidden('Only HQ may override a budget.')
  if (await db.select({ id: expenses.expenseId }).from(expenses).where(eq(expenses.expenseId, input.expenseId)).get()) {
    throw new Problem(409, `Expense ${input.expenseId} was already submitted.`)
  }
  const year = Number(input.incurredOn.slice(0, 4))
  const month = Number(input.incurredOn.slice(5, 7))
  const decision = await decideBudget(c.env, input, year, month, input.amount)
  if (decision.action === 'stop' && !input.override) throw budgetExceeded(decision)
  const now = new Date().toISOString()
  const expense = {
    expenseId: input.expenseId,
    regionCode: input.regionCode,
    storeCode: input.storeCode ?? null,
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
  const ceilings = spendingCeilings(decision.check, decision.control, input.amount, input.override !== undefined)
  const [inserted] = await runBatch(c.env.DB, [
    guardedExpenseInsert(expense, { scope: decision.scope, ceilings }),
    // Audited only if the guarded insert went in.
    ...auditStatements(
      { actor: expense.submittedBy, via: 'api', at: now },
      [expenseAudit(expense.expenseId, null, { ...expense, amount: toMajorUnits(expense.amount), status: 'submitted' })],
      { sql: 'changes() = 1', params: [] },
    ),
  ])
  if (inserted!.meta.changes !== 1) {
    // Another expense took the room between the check and the insert: check again, with it.
    const now = await decideBudget(c.env, input, year, month, input.amount)
    throw budgetExceeded(now, now.exceeded.length > 0 ? now.exceeded : ['monthly'])
  }
  return { expenseId: expense.expenseId, storeCode: expense.storeCode, status: 'submitted', budgetAction: decision.action, budgetCheck: budgetCheckView(decision, decision.action) }
}

type ExpenseRow = typeof expenses.$inferSelect

async function loadExpense(env: Env, id: string): Promise<ExpenseRow> {
  const row = await database(env).select().from(expenses).where(eq(expenses.expenseId, id)).get()
  if (!row) throw notFound(`There is no expense ${id}.`)
  return row
}

const expenseAudit = (id: string, before: unknown, after: unknown) => ({ entity: 'expense', key: id, before, after })

/**
 * Moves an expense from `from` to `to`; the UPDATE is guarded on the status, so deciding twice
 * (or two people at once) changes it once.
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
  return { expenseId: row.expenseId, status: to }
}

/** Re-checks the budget when an expense moves on; a stop passes only with an HQ override. */
async function recheck(env: Env, row: ExpenseRow, override?: { reason: string }) {
  const decision = await decideBudget(env, row, row.year, row.month, 0)
  if (decision.action === 'stop' && !override) throw budgetExceeded(decision)
}

export interface ExpenseDecision {
  note?: string
  override?: { reason: string }
}

/** The region review, by the region's manager. */
export async function reviewExpense(c: Context<AppEnv>, id: string, body: ExpenseDecision) {
  const row = await loadExpense(c.env, id)
  if (c.get('principal').role !== 'manager') throw forbidden('The region review is the regional manager’s; HQ approves after it.')
  c.get('scope').assertWrite(row.regionCode)
  if (body.override) throw forbidden('Only HQ may override a budget.')
  await recheck(c.env, row)
  return advance(c, row, 'submitted', 'region_approved', { column: 'reviewed', note: body.note ?? null })
}

/** HQ's approval after the region review; a stop passes with an override and its reason. */
export async function approveExpense(c: Context<AppEnv>, id: string, body: ExpenseDecision) {
  const row = await loadExpense(c.env, id)
  if (row.status !== 'region_approved') {
    throw new Problem(409, `Expense ${row.expenseId} is ${row.status}; HQ approves after the region review.`, { type: 'invalid-state' })
  }
  await recheck(c.env, row, body.override)
  return advance(c, row, 'region_approved', 'hq_approved', { column: 'approved', note: body.note ?? null, overrideReason: body.override?.reason ?? null })
}

/** Rejection at the region review (the manager) or at HQ's approval (HQ only), with a note. */
export async function rejectExpense(c: Context<AppEnv>, id: string, note: string) {
  const row = await loadExpense(c.env, id)
  c.get('scope').assertWrite(row.regionCode)
  const from = row.status === 'region_approved' ? 'region_approved' : 'submitted'
  if (from === 'region_approved' && !c.get('scope').isAdmin) throw forbidden('After the region review only HQ may reject.')
  return advance(c, row, from, 'rejected', { column: 'rejected', note })
}
