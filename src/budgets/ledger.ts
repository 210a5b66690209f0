// Where budgets, controls and expenses meet D1: sums of budget and of spending at the level of
// a control, and the guarded insert that keeps two simultaneous expenses from both passing a
// `stop` budget (D1 has no interactive transactions, so the guard lives inside the INSERT).
import { eq } from 'drizzle-orm'
import { statement, type Statement } from '../db/bulk'
import type { Database } from '../db/client'
import { budgetControls } from '../db/schema'
import type { BudgetCheck, BudgetLine, Control, SpendingCeilings } from './control'

/** Spending counts what is committed: approved by HQ, and still pending approval. */
export const COUNTED_STATUSES = `('submitted', 'region_approved', 'hq_approved')`
export const APPROVED_STATUS = 'hq_approved'

/** Rows of one region and year at the level of `scope` ('' department or category = any), as countsToward() says. */
const SCOPE = `region_code = ? AND year = ? AND (? = '' OR department = ?) AND (? = '' OR category = ?)`
const scopeParams = (scope: BudgetLine, year: number) => [scope.regionCode, year, scope.department, scope.department, scope.category, scope.category]

export async function controlsOf(db: Database, regionCode: string): Promise<Control[]> {
  return db.select().from(budgetControls).where(eq(budgetControls.regionCode, regionCode)).all()
}

/** Budget and spending in `month`, through it and for the year, plus `extra` (an expense being checked). */
type Sums = { month: number; ytd: number; year: number }
const SUMS = `coalesce(sum(CASE WHEN month = ? THEN amount END), 0) AS month, coalesce(sum(CASE WHEN month <= ? THEN amount END), 0) AS ytd, coalesce(sum(amount), 0) AS year`

export async function budgetCheck(d1: D1Database, scope: BudgetLine, year: number, month: number, extra: number): Promise<BudgetCheck> {
  const params = scopeParams(scope, year)
  const [budget, spent] = await Promise.all([
    d1
      .prepare(`SELECT ${SUMS} FROM budgets WHERE ${SCOPE}`)
      .bind(month, month, ...params)
      .first<Sums>(),
    d1
      .prepare(`SELECT ${SUMS} FROM expenses WHERE ${SCOPE} AND status IN ${COUNTED_STATUSES}`)
      .bind(month, month, ...params)
      .first<Sums>(),
  ])
  return {
    monthBudget: budget!.month,
    monthSpent: spent!.month + extra,
    ytdBudget: budget!.ytd,
    ytdSpent: spent!.ytd + extra,
    annualBudget: budget!.year,
    annualSpent: spent!.year + extra,
  }
}

export interface NewExpense {
  expenseId: string
  regionCode: string
  /** The store of the region it is booked to; null for the region's own. */
  storeCode: string | null
  department: string
  category: string
  incurredOn: string
  year: number
  month: number
  amount: number
  description: string
  budgetAction: 'ok' | 'warn' | 'stop'
  overrideReason: string | null
  submittedBy: string
  submittedAt: string
}

/**
 * Inserts the expense only if, at that instant, what is counted as spent on its budget is still
 * within the ceilings its check allowed (spendingCeilings()): the sums are taken inside the same
 * statement, which D1 runs without interleaving. Nothing is inserted when the id exists.
 */
export function guardedExpenseInsert(expense: NewExpense, guard: { scope: BudgetLine; ceilings: SpendingCeilings }): Statement {
  const params = scopeParams(guard.scope, expense.year)
  const spentSum = (months: string) => `(SELECT coalesce(sum(amount), 0) FROM expenses WHERE ${SCOPE} AND status IN ${COUNTED_STATUSES}${months})`
  return statement(
    `INSERT INTO expenses (expense_id, region_code, store_code, department, category, incurred_on, year, month, amount, description, status,
                           budget_action, override_reason, submitted_by, submitted_at)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?
     WHERE (? IS NULL OR ${spentSum(' AND month = ?')} <= ?)
       AND (? IS NULL OR ${spentSum('')} <= ?)
     ON CONFLICT (expense_id) DO NOTHING`,
    expense.expenseId,
    expense.regionCode,
    expense.storeCode,
    expense.department,
    expense.category,
    expense.incurredOn,
    expense.year,
    expense.month,
    expense.amount,
    expense.description,
    expense.budgetAction,
    expense.overrideReason,
    expense.submittedBy,
    expense.submittedAt,
    guard.ceilings.monthly,
    ...params,
    expense.month,
    guard.ceilings.monthly,
    guard.ceilings.annual,
    ...params,
    guard.ceilings.annual,
  )
}
