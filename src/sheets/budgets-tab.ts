// The budgets tab: one row per region × department × category, one column per month, with what
// was spent (approved and pending expenses) and what remains.
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { categoriesOf, departmentsOf } from '../budgets/config'
import { COUNTED_STATUSES } from '../budgets/ledger'
import { budgetScope, writeBudgets } from '../budgets/grid'
import { database } from '../db/client'
import { currentRevision } from '../db/revision'
import { budgets, expenses, regions } from '../db/schema'
import type { AppEnv, Env } from '../env'
import { toMajorUnits } from '../lib/money'
import { Problem } from '../lib/problem'
import { parseCode, parseMoney, parseText, type Cell, type Parsed } from './cells'
import { cellProblem, conflictProblem, type CellError, type SyncRequest } from './protocol'
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

export async function syncBudgetsTab(c: Context<AppEnv>, request: SyncRequest) {
  const year = request.params.year
  const departments = departmentsOf(c.env)
  const categories = categoriesOf(c.env)
  const knownRegions = new Set((await database(c.env).select({ code: regions.code }).from(regions).all()).map((r) => r.code))
  const errors: CellError[] = []
  const firstRowOf = new Map<string, number>()
  const parsed = request.rows.map(({ row, values }) => {
    const text = (column: string, allowed: (v: string) => string | null, parse: (cell: Cell) => Parsed<string> = parseText) => {
      const cell = parse(values[column])
      if (!cell.ok) errors.push({ row, column, message: cell.message })
      else {
        const problem = allowed(cell.value)
        if (problem) errors.push({ row, column, message: problem })
      }
      return cell.ok ? cell.value : ''
    }
    const regionCode = text('regionCode', (v) => (knownRegions.has(v) ? null : `region ${v} does not exist`), parseCode)
    const department = text('department', (v) => (departments.includes(v) ? null : `must be one of ${departments.join(', ')}`))
    const category = text('category', (v) => (categories.includes(v) ? null : `must be one of ${categories.join(', ')}`))
    const line = { regionCode, department, category }
    if (firstRowOf.has(lineKey(line))) errors.push({ row, column: 'category', message: `this budget line is already in row ${firstRowOf.get(lineKey(line))}` })
    else firstRowOf.set(lineKey(line), row)
    const months = MONTH_KEYS.map((key) => {
      const amount = parseMoney(values[key])
      if (!amount.ok) errors.push({ row, column: key, message: amount.message })
      return amount.ok ? (amount.value ?? 0) : 0
    })
    return { row, line, months }
  })
  if (errors.length > 0) throw cellProblem(errors)
  for (const code of new Set(parsed.map((p) => p.line.regionCode))) c.get('scope').assertWrite(code)

  const flat = parsed.flatMap((p) => p.months.map((amount, m) => ({ ...p.line, month: m + 1, amount })))
  const at = (index: number) => ({ row: parsed[Math.floor(index / 12)]!.row, column: MONTH_KEYS[index % 12]! })
  const rowOfKey = new Map(parsed.map((p) => [`${year}/${lineKey(p.line)}`, p.row]))
  let result
  try {
    result = await writeBudgets(c, year, flat, request.baseRevision, {
      via: 'sheet',
      source: { spreadsheetId: request.spreadsheetId, sheetName: request.sheetName },
      rowOf: (key) => rowOfKey.get(key),
    })
  } catch (error) {
    const conflicts = error instanceof Problem && error.status === 409 ? (error.extensions?.conflicts as { path: string; yours: number; theirs: number }[] | undefined) : undefined
    if (conflicts) throw conflictProblem(conflicts.map((k) => ({ ...at(Number(/^rows\.(\d+)/.exec(k.path)?.[1])), yours: k.yours, theirs: k.theirs })))
    throw error
  }
  const spent = await spentByLine(c.env, year, [...new Set(parsed.map((p) => p.line.regionCode))])
  return {
    revision: result.revision,
    applied: parsed.length,
    computed: parsed.map((p) => ({ row: p.row, values: computedOf(p.months, spent.get(lineKey(p.line)) ?? 0) })),
  }
}
