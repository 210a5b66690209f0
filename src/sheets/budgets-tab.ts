// The budgets tab: one row per region × department × category, one column per month, with what
// was spent (approved and pending expenses) and what remains.
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { lineLists, unknownLineErrors } from '../budgets/config'
import { COUNTED_STATUSES } from '../budgets/ledger'
import { budgetGuards, budgetScope, writeBudgets } from '../budgets/grid'
import { database } from '../db/client'
import { currentRevision } from '../db/revision'
import { budgets, expenses, regions } from '../db/schema'
import type { SettingVars } from '../config'
import type { AppEnv, Env } from '../env'
import { langOf } from '../lib/lang'
import { toMajorUnits } from '../lib/money'
import { parseLineCell } from './cell-labels'
import { parseCode, parseMoney } from './cells'
import type { CellError } from './protocol'
import { applyMonthGrid, duplicateCells, guardedCells, type TabSync } from './tab-sync'
import { MONTH_KEYS } from './tabs'

const lineKey = (l: { regionCode: string; department: string; category: string }) => `${l.regionCode}/${l.department}/${l.category}`

async function spentByLine(env: Env, year: number, regionCodes: string[] | null): Promise<Map<string, number>> {
  const rows = await database(env)
    .select({ regionCode: expenses.regionCode, department: expenses.department, category: expenses.category, amount: sql<number>`sum(${expenses.amount})` })
    .from(expenses)
    .where(and(eq(expenses.year, year), sql`${expenses.status} IN ${sql.raw(COUNTED_STATUSES)}`, regionCodes === null ? undefined : sql`${expenses.regionCode} IN (SELECT value FROM json_each(${JSON.stringify(regionCodes)}))`))
    .groupBy(expenses.regionCode, expenses.department, expenses.category)
    .all()
  return new Map(rows.map((r) => [lineKey(r), r.amount]))
}

const computedOf = (months: number[], spent: number) => {
  const total = months.reduce((a, b) => a + b, 0)
  return { total: toMajorUnits(total), spent: toMajorUnits(spent), remaining: toMajorUnits(total - spent) }
}

/** Total, spent and remaining of every budget line of the regions, for the sheet's write-back. */
export async function budgetLineFigures(env: Env, year: number, regionCodes: string[]): Promise<Map<string, ReturnType<typeof computedOf>>> {
  const [totals, spent] = await Promise.all([
    database(env)
      .select({ regionCode: budgets.regionCode, department: budgets.department, category: budgets.category, amount: sql<number>`sum(${budgets.amount})` })
      .from(budgets)
      .where(and(eq(budgets.year, year), sql`${budgets.regionCode} IN (SELECT value FROM json_each(${JSON.stringify(regionCodes)}))`))
      .groupBy(budgets.regionCode, budgets.department, budgets.category)
      .all(),
    spentByLine(env, year, regionCodes),
  ])
  return new Map(totals.map((t) => [lineKey(t), computedOf([t.amount], spent.get(lineKey(t)) ?? 0)]))
}

export const budgetLineKey = lineKey

export async function readBudgetsTab(c: Context<AppEnv>, year: number, regionCode?: string) {
  const db = database(c.env)
  const scope = c.get('scope')
  const [rows, revision, spent] = await Promise.all([
    db.select().from(budgets).where(and(eq(budgets.year, year), scope.where(budgets.regionCode, regionCode))).orderBy(budgets.regionCode, budgets.department, budgets.category).all(),
    currentRevision(db, budgetScope(year)),
    spentByLine(c.env, year, scope.readable(regionCode)),
  ])
  const lines = new Map<string, { regionCode: string; department: string; category: string; months: number[] }>()
  for (const r of rows) {
    const line = lines.get(lineKey(r)) ?? { regionCode: r.regionCode, department: r.department, category: r.category, months: Array(12).fill(0) }
    line.months[r.month - 1] = r.amount
    lines.set(lineKey(r), line)
  }
  return {
    revision,
    rows: [...lines.values()].map((l) => ({ ...l, computed: computedOf(l.months, spent.get(lineKey(l)) ?? 0) })),
  }
}

interface BudgetGridRow {
  line: { regionCode: string; department: string; category: string }
  months: number[]
}

/**
 * The budgets tab: a budget line (region × department × category) and its twelve months per row.
 * A department or category cell holds its name (as pulled) or its key; the line is of keys.
 */
export const budgetsTab = (env: SettingVars): TabSync<BudgetGridRow> => ({
  parse: (values, cell) => ({
    line: {
      regionCode: cell('regionCode', parseCode(values.regionCode), ''),
      department: cell('department', parseLineCell(values.department, lineLists(env).departments), ''),
      category: cell('category', parseLineCell(values.category, lineLists(env).categories), ''),
    },
    months: MONTH_KEYS.map((key) => cell(key, parseMoney(values[key]), 0) ?? 0),
  }),
  async check(c, rows) {
    const knownRegions = new Set((await database(c.env).select({ code: regions.code }).from(regions).all()).map((r) => r.code))
    const errors: CellError[] = []
    for (const { row, value, bad } of rows) {
      if (!bad.has('regionCode') && !knownRegions.has(value.line.regionCode)) errors.push({ row, column: 'regionCode', message: `region ${value.line.regionCode} does not exist` })
      for (const e of unknownLineErrors(c.env, value.line, '', langOf(c), 'names')) if (!bad.has(e.path)) errors.push({ row, column: e.path, message: e.message })
    }
    const lineColumns = ['regionCode', 'department', 'category']
    return [...errors, ...duplicateCells(rows, lineColumns, (v) => lineKey(v.line), 'category', (first) => `this budget line is already in row ${first}`)]
  },
  async guard(c, rows, request) {
    const guards = await budgetGuards(c, request.params.year, [...new Set(rows.map((r) => r.value.line.regionCode))])
    return guardedCells(rows, 'regionCode', (v) => v.line.regionCode, guards)
  },
  async apply(c, rows, request) {
    const year = request.params.year
    for (const code of new Set(rows.map((r) => r.value.line.regionCode))) c.get('scope').assertWrite(code)
    const flat = rows.flatMap((r) => r.value.months.map((amount, m) => ({ ...r.value.line, month: m + 1, amount })))
    const rowOfKey = new Map(rows.map((r) => [`${year}/${lineKey(r.value.line)}`, r.row]))
    return applyMonthGrid(rows, () =>
      writeBudgets(c, year, flat, request.baseRevision, {
        via: 'sheet',
        source: { spreadsheetId: request.spreadsheetId, sheetName: request.sheetName },
        rowOf: (key) => rowOfKey.get(key),
      }),
    )
  },
  async computed(c, rows, request) {
    const spent = await spentByLine(c.env, request.params.year, [...new Set(rows.map((r) => r.value.line.regionCode))])
    return (r) => computedOf(r.value.months, spent.get(lineKey(r.value.line)) ?? 0)
  },
})
