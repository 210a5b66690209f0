// Next year's budgets proposed from last year's HQ-approved expenses (篇四.4), each category
// adjusted by a percentage; saved as drafts when asked.
import { and, eq, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { database } from '../db/client'
import { expenses } from '../db/schema'
import type { AppEnv } from '../env'
import { langOf } from '../lib/lang'
import { toMajorUnits } from '../lib/money'
import { invalid } from '../lib/problem'
import { keyedLine, unknownLineErrors } from './config'
import { writeBudgets } from './grid'

/** Last year's amount (minor units) adjusted by a percentage, rounded half up to the fen (1.5 fen → 2). */
export function adjustedAmount(lastYear: number, percent: number): number {
  return Math.round((lastYear * (100 + percent)) / 100)
}

export interface ProposalRequest {
  year: number
  regionCode?: string
  /** Percent per category, e.g. { travel: -10 }. */
  adjustments: Record<string, number>
  save: boolean
}

export async function proposeBudgets(c: Context<AppEnv>, request: ProposalRequest) {
  const scope = c.get('scope')
  // A category may be named as people read it (差旅, Travel); the adjustment is of its key.
  const keyOf = (category: string) => keyedLine(c.env, { category }).category
  const adjustmentErrors = Object.keys(request.adjustments).flatMap((category) =>
    unknownLineErrors(c.env, { department: 'sales', category: keyOf(category) }, `adjustments.${category}.`, langOf(c)).filter((e) => e.code === 'unknown_category'),
  )
  if (adjustmentErrors.length > 0) throw invalid(adjustmentErrors)
  const adjustments: Record<string, number> = Object.fromEntries(Object.entries(request.adjustments).map(([category, percent]) => [keyOf(category), percent]))
  const actual = await database(c.env)
    .select({ regionCode: expenses.regionCode, department: expenses.department, category: expenses.category, month: expenses.month, amount: sql<number>`sum(${expenses.amount})` })
    .from(expenses)
    .where(and(eq(expenses.year, request.year - 1), eq(expenses.status, 'hq_approved'), scope.where(expenses.regionCode, request.regionCode)))
    .groupBy(expenses.regionCode, expenses.department, expenses.category, expenses.month)
    .all()
  const rows = actual.map((r) => ({ ...r, amount: adjustedAmount(r.amount, adjustments[r.category] ?? 0), lastYear: r.amount }))
  let revision: number | null = null
  if (request.save && rows.length > 0) {
    for (const code of new Set(rows.map((r) => r.regionCode))) scope.assertWrite(code)
    revision = (await writeBudgets(c, request.year, rows.map(({ lastYear: _ly, ...r }) => r))).revision
  }
  return { revision, rows: rows.map((r) => ({ ...r, amount: toMajorUnits(r.amount), lastYear: toMajorUnits(r.lastYear) })) }
}
