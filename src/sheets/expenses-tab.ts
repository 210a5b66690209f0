// The expenses tab: each new row is an expense submission, checked against the budget as the API
// checks it, counting the rows above it in the same push. Rows already submitted stay as they are;
// changing one in the sheet is an error (changes go through review). All new rows land or none.
import type { Context } from 'hono'
import { auditFromOrigin } from '../audit/audit'
import { unknownLineErrors } from '../budgets/config'
import { spendingCeilings, stoppedBudgets } from '../budgets/control'
import { decideBudget } from '../budgets/expenses'
import { guardedExpenseInsert, type NewExpense } from '../budgets/ledger'
import { companyToday } from '../config'
import { abortUnless, inJsonArray, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { expenses, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { toMajorUnits } from '../lib/money'
import { Problem } from '../lib/problem'
import { parseCode, parseDate, parseMoney, parseText } from './cells'
import { cellProblem, type CellError, type SyncRequest } from './protocol'

export async function syncExpensesTab(c: Context<AppEnv>, request: SyncRequest) {
  const db = database(c.env)
  const today = companyToday(c.env)
  const knownRegions = new Set((await db.select({ code: regions.code }).from(regions).all()).map((r) => r.code))
  const errors: CellError[] = []
  const seen = new Map<string, number>()
  const parsed = request.rows.map(({ row, values }) => {
    const take = <T>(column: string, result: { ok: true; value: T } | { ok: false; message: string }, fallback: T): T => {
      if (!result.ok) errors.push({ row, column, message: result.message })
      return result.ok ? result.value : fallback
    }
    const expense = {
      expenseId: take('expenseId', parseText(values.expenseId), ''),
      regionCode: take('regionCode', parseCode(values.regionCode), ''),
      department: take('department', parseText(values.department), ''),
      category: take('category', parseText(values.category), ''),
      incurredOn: take('incurredOn', parseDate(values.incurredOn), ''),
      amount: take('amount', parseMoney(values.amount, { blank: null }), null) ?? 0,
      description: take('description', parseText(values.description), ''),
    }
    if (expense.expenseId && seen.has(expense.expenseId)) errors.push({ row, column: 'expenseId', message: `already in row ${seen.get(expense.expenseId)}` })
    seen.set(expense.expenseId, row)
    if (expense.regionCode && !knownRegions.has(expense.regionCode)) errors.push({ row, column: 'regionCode', message: `region ${expense.regionCode} does not exist` })
    for (const e of unknownLineErrors(c.env, expense, '')) if (expense[e.path as 'department' | 'category']) errors.push({ row, column: e.path, message: e.message })
    if (expense.incurredOn > today) errors.push({ row, column: 'incurredOn', message: 'is in the future' })
    if (values.amount !== undefined && expense.amount === 0) errors.push({ row, column: 'amount', message: 'must be more than 0' })
    return { row, expense }
  })
  if (errors.length > 0) throw cellProblem(errors)
  for (const code of new Set(parsed.map((p) => p.expense.regionCode))) c.get('scope').assertWrite(code)

  const stored = new Map(
    (await db.select().from(expenses).where(inJsonArray(expenses.expenseId, parsed.map((p) => p.expense.expenseId))).all()).map((e) => [e.expenseId, e]),
  )
  const fresh = parsed.filter((p) => !stored.has(p.expense.expenseId))
  for (const p of parsed) {
    const was = stored.get(p.expense.expenseId)
    if (was && (was.amount !== p.expense.amount || was.incurredOn !== p.expense.incurredOn || was.category !== p.expense.category)) {
      errors.push({ row: p.row, column: was.amount !== p.expense.amount ? 'amount' : was.incurredOn !== p.expense.incurredOn ? 'incurredOn' : 'category', message: `${p.expense.expenseId} is already ${was.status}; it cannot be changed from the sheet` })
    }
  }

  // Budget checks in sheet order: each new row counts the new rows above it.
  const actor = c.get('principal').id
  const now = new Date().toISOString()
  const planned: { row: number; expense: NewExpense; guard: Parameters<typeof guardedExpenseInsert>[1] }[] = []
  for (const { row, expense } of fresh) {
    const year = Number(expense.incurredOn.slice(0, 4))
    const month = Number(expense.incurredOn.slice(5, 7))
    const decision = await decideBudget(c.env, expense, year, month, expense.amount, planned.map((p) => p.expense))
    const [stopped] = stoppedBudgets(decision.check, decision.control, decision.exceeded)
    if (decision.action === 'stop' && stopped) {
      errors.push({ row, column: 'amount', message: `the ${stopped.budget} budget of ${toMajorUnits(stopped.amount)} would be exceeded by ${toMajorUnits(stopped.excess)}` })
      continue
    }
    planned.push({
      row,
      expense: { ...expense, year, month, budgetAction: decision.action, overrideReason: null, submittedBy: actor, submittedAt: now },
      guard: { scope: decision.scope, ceilings: spendingCeilings(decision.check, decision.control, expense.amount, false) },
    })
  }
  if (errors.length > 0) throw cellProblem(errors)

  if (planned.length > 0) {
    const rowOf = new Map(planned.map((p) => [p.expense.expenseId, p.row]))
    try {
      await runBatch(c.env.DB, [
        ...planned.map((p) => guardedExpenseInsert(p.expense, p.guard)),
        // Someone else's expense took budget room in between: then none of these go in.
        abortUnless(`(SELECT count(*) FROM expenses WHERE submitted_at = ? AND expense_id IN (SELECT value FROM json_each(?))) = ?`, [now, JSON.stringify(planned.map((p) => p.expense.expenseId)), planned.length]),
        ...auditFromOrigin(
          actor,
          now,
          { via: 'sheet', source: { spreadsheetId: request.spreadsheetId, sheetName: request.sheetName }, rowOf: (key) => rowOf.get(key) },
          planned.map((p) => ({ entity: 'expense', key: p.expense.expenseId, before: null, after: { ...p.expense, amount: toMajorUnits(p.expense.amount), status: 'submitted' } })),
        ),
      ])
    } catch (error) {
      if (error instanceof Error && /NOT NULL constraint failed/.test(error.message)) {
        throw new Problem(409, 'Another expense used the same budget while this push was checked; nothing was applied. Push again.', { type: 'busy', title: 'Busy' })
      }
      throw error
    }
  }
  const after = new Map(
    (await db.select({ id: expenses.expenseId, status: expenses.status, budgetAction: expenses.budgetAction }).from(expenses).where(inJsonArray(expenses.expenseId, parsed.map((p) => p.expense.expenseId))).all()).map((e) => [e.id, e]),
  )
  return {
    revision: 0,
    applied: planned.length,
    computed: parsed.map((p) => ({ row: p.row, values: { status: after.get(p.expense.expenseId)?.status ?? null, budgetAction: after.get(p.expense.expenseId)?.budgetAction ?? null } })),
  }
}
