// The expenses tab: each new row is an expense submission, checked against the budget as the API
// checks it, counting the rows above it in the same push. Rows already submitted stay as they are;
// changing one in the sheet is an error (changes go through review). All new rows land or none.
import { and } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditFromOrigin } from '../audit/audit'
import { lineLists, unknownLineErrors } from '../budgets/config'
import { spendingCeilings, stoppedBudgets } from '../budgets/control'
import { expenseStoreFault, storeRegions } from '../budgets/expense-store'
import { decideBudget, type ExpenseInput } from '../budgets/expenses'
import { guardedExpenseInsert, type NewExpense } from '../budgets/ledger'
import { companyToday, type SettingVars } from '../config'
import { abortUnless, inJsonArray, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { expenses, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { langOf } from '../lib/lang'
import { toMajorUnits } from '../lib/money'
import { Problem } from '../lib/problem'
import { regionGuards } from '../lib/rows'
import { parseLineCell } from './cell-labels'
import { isBlank, parseCode, parseDate, parseMoney, parseText, type Cell, type Parsed } from './cells'
import type { CellError, SyncRequest } from './protocol'
import { duplicateCells, guardedCells, type SheetRow, type TabSync } from './tab-sync'

/** An expense as the API takes it, and whether the row had an amount cell, and a store cell, at all. */
interface ExpenseRow extends Omit<ExpenseInput, 'override' | 'storeCode'> {
  storeCode: string | null
  amountGiven: boolean
  /** A sheet set up before the store column pushes without it: its rows book to the region. */
  storeGiven: boolean
}

/** A store cell: blank books the expense to the region itself. */
const parseStoreCell = (cell: Cell): Parsed<string | null> => (isBlank(cell) ? { ok: true, value: null } : parseCode(cell))

type Planned = { row: number; expense: NewExpense; guard: Parameters<typeof guardedExpenseInsert>[1] }

/** Faults a row shows by itself or against the rows above it, before any budget is looked at. */
function rowFaults(c: Context<AppEnv>, rows: SheetRow<ExpenseRow>[], known: { regions: Set<string>; storeRegions: Map<string, string> }, today: string, year: number): CellError[] {
  const errors: CellError[] = []
  errors.push(...duplicateCells(rows, ['expenseId'], (e) => e.expenseId, 'expenseId', (first) => `already in row ${first}`))
  for (const { row, value: expense, bad } of rows) {
    const regionKnown = !bad.has('regionCode') && known.regions.has(expense.regionCode)
    if (expense.regionCode && !known.regions.has(expense.regionCode)) errors.push({ row, column: 'regionCode', message: `region ${expense.regionCode} does not exist` })
    const storeFault = expense.storeCode && expenseStoreFault(expense.storeCode, regionKnown ? expense.regionCode : undefined, known.storeRegions.get(expense.storeCode), (code) => c.get('scope').covers(code))
    if (storeFault) errors.push({ row, column: 'storeCode', message: storeFault.message })
    for (const e of unknownLineErrors(c.env, expense, '', langOf(c), 'names')) if (expense[e.path as 'department' | 'category']) errors.push({ row, column: e.path, message: e.message })
    if (expense.incurredOn > today) errors.push({ row, column: 'incurredOn', message: 'is in the future' })
    // The tab shows one year's expenses; one of another year would vanish from it once pushed.
    else if (!bad.has('incurredOn') && year > 0 && !expense.incurredOn.startsWith(`${year}-`)) errors.push({ row, column: 'incurredOn', message: `is not in ${year}, the year of this tab` })
    // A cell that did not parse reads as 0 here; it is named for what is wrong with it already.
    if (expense.amountGiven && !bad.has('amount') && expense.amount === 0) errors.push({ row, column: 'amount', message: 'must be more than 0' })
  }
  return errors
}

/**
 * The expenses tab, for one push: new rows are planned (budget-checked in sheet order) while the
 * push is checked, and the plan is what is applied. A department or category cell holds its name
 * (as pulled) or its key; the expense is of keys, so a pulled row pushed again is unchanged.
 */
export function expensesTab(env: SettingVars): TabSync<ExpenseRow> {
  const planned: Planned[] = []
  const { departments, categories } = lineLists(env)
  return {
    parse: (values, cell) => ({
      // The API's own limits (budgets/expense-routes.ts).
      expenseId: cell('expenseId', parseText(values.expenseId, true, 64), ''),
      regionCode: cell('regionCode', parseCode(values.regionCode), ''),
      storeCode: cell('storeCode', parseStoreCell(values.storeCode), null),
      department: cell('department', parseLineCell(values.department, departments), ''),
      category: cell('category', parseLineCell(values.category, categories), ''),
      incurredOn: cell('incurredOn', parseDate(values.incurredOn), ''),
      amount: cell('amount', parseMoney(values.amount, { blank: null }), null) ?? 0,
      description: cell('description', parseText(values.description), ''),
      amountGiven: values.amount !== undefined,
      storeGiven: values.storeCode !== undefined,
    }),
    async check(c, rows, request) {
      const db = database(c.env)
      const today = companyToday(c.env)
      const knownRegions = new Set((await db.select({ code: regions.code }).from(regions).all()).map((r) => r.code))
      const stores = await storeRegions(db, [...new Set(rows.flatMap((r) => (r.value.storeCode ? [r.value.storeCode] : [])))])
      const faults = rowFaults(c, rows, { regions: knownRegions, storeRegions: stores }, today, request.params.year)
      // Budgets and submitted expenses are looked at for the sound rows, so their faults come in
      // the same answer as the others; never for another region's rows (`guard` names those and
      // `apply` refuses them). A push with any fault is not applied, so its plan is never used.
      const faulty = new Set([...faults.map((f) => f.row), ...rows.filter((r) => r.bad.size > 0).map((r) => r.row)])
      const sound = rows.filter((r) => !faulty.has(r.row) && c.get('scope').covers(r.value.regionCode))
      return [...faults, ...(await planExpenses(c, sound, planned))]
    },
    async guard(c, rows) {
      return guardedCells(rows, 'regionCode', (v) => v.regionCode, regionGuards(rows.map((r) => r.value.regionCode), (code) => c.get('scope').covers(code)))
    },
    async apply(c, rows, request) {
      for (const code of new Set(rows.map((r) => r.value.regionCode))) c.get('scope').assertWrite(code)
      await insertPlanned(c, planned, request)
      return { revision: 0, applied: planned.length }
    },
    async computed(c, rows) {
      const ids = rows.map((r) => r.value.expenseId)
      const after = new Map(
        (await database(c.env).select({ id: expenses.expenseId, status: expenses.status, budgetAction: expenses.budgetAction }).from(expenses).where(and(inJsonArray(expenses.expenseId, ids), c.get('scope').where(expenses.regionCode))).all()).map((e) => [e.id, e]),
      )
      return (r) => ({ status: after.get(r.value.expenseId)?.status ?? null, budgetAction: after.get(r.value.expenseId)?.budgetAction ?? null })
    },
  }
}

/** Rows already submitted must be unchanged; new rows are budget-checked, each counting the new rows above it. */
async function planExpenses(c: Context<AppEnv>, rows: SheetRow<ExpenseRow>[], planned: Planned[]): Promise<CellError[]> {
  const db = database(c.env)
  const errors: CellError[] = []
  const ids = rows.map((r) => r.value.expenseId)
  const stored = new Map((await db.select().from(expenses).where(inJsonArray(expenses.expenseId, ids)).all()).map((e) => [e.expenseId, e]))
  const fresh = rows.filter((r) => !stored.has(r.value.expenseId))
  for (const { row, value: expense } of rows) {
    const was = stored.get(expense.expenseId)
    // An id held by an expense of a region the caller cannot see is named taken, and nothing more:
    // neither its status nor whether a guessed amount or date matches.
    if (was && !c.get('scope').covers(was.regionCode)) {
      errors.push({ row, column: 'expenseId', message: `${expense.expenseId} is taken; choose another id` })
      continue
    }
    // The store counts too (it moves the cost between stores' P&Ls), where the push has the column.
    const storeMoved = expense.storeGiven && was !== undefined && was.storeCode !== expense.storeCode
    if (was && (was.amount !== expense.amount || was.incurredOn !== expense.incurredOn || was.category !== expense.category || storeMoved)) {
      const column = was.amount !== expense.amount ? 'amount' : was.incurredOn !== expense.incurredOn ? 'incurredOn' : was.category !== expense.category ? 'category' : 'storeCode'
      errors.push({ row, column, message: `${expense.expenseId} is already ${was.status}; it cannot be changed from the sheet` })
    }
  }
  const actor = c.get('principal').id
  const now = new Date().toISOString()
  for (const { row, value } of fresh) {
    const { amountGiven: _given, storeGiven: _store, ...expense } = value
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
  return errors
}

async function insertPlanned(c: Context<AppEnv>, planned: Planned[], request: SyncRequest) {
  if (planned.length > 0) {
    const actor = c.get('principal').id
    const now = planned[0]!.expense.submittedAt
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
}
