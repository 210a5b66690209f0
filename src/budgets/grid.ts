// The budget grid: amounts per region × department × category × month of a year, written at one
// revision per year (409 for rows changed since the caller's revision, 423 for submitted or
// approved regions) and moved through the approval lifecycle per region. The API and the budgets
// tab both write through writeBudgets().
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { API_ORIGIN, auditFromOrigin, auditStatements, type AuditChange, type ChangeOrigin } from '../audit/audit'
import { insertRows } from '../db/bulk'
import { database, type Database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { currentRevision, writeWithRetry } from '../db/revision'
import { budgetRegions, budgets, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { assertEditable, lockedStatus, nextStatus, TRANSITIONS, type ApprovalStatus, type Transition } from '../lib/approval'
import type { BulkBody } from '../lib/body'
import { langOf } from '../lib/lang'
import { assertNoFaults, checkable, duplicateRowErrors, guardedRowErrors, regionGuards, type ParsedRow, type RegionGuard } from '../lib/rows'
import { toMajorUnits } from '../lib/money'
import { notFound, Problem, type FieldError } from '../lib/problem'
import { keyedRows, unknownLineErrors } from './config'

export const budgetScope = (year: number) => `budgets:${year}`

export interface BudgetRow {
  regionCode: string
  department: string
  category: string
  month: number
  /** Minor units. */
  amount: number
}

type Line = Pick<BudgetRow, 'regionCode' | 'department' | 'category'>

export const lineKey = (r: Line) => `${r.regionCode}/${r.department}/${r.category}`
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

/**
 * 422 naming every row of an unknown region, department or category (`prefix.N.field`). Controls
 * may leave the department or category '' (any); a named one must be configured.
 */
/** Rows naming a region that does not exist, or a department or category outside the configured lists. */
export async function unknownLineRowErrors(c: Context<AppEnv>, rows: ParsedRow<Line>[], prefix: string): Promise<FieldError[]> {
  if (rows.length === 0) return []
  const known = new Set((await database(c.env).select({ code: regions.code }).from(regions).all()).map((r) => r.code))
  return rows.flatMap(({ index, value: row }) => [
    ...(known.has(row.regionCode) ? [] : [{ path: `${prefix}.${index}.regionCode`, message: `region ${row.regionCode} does not exist`, code: 'unknown_reference' }]),
    ...unknownLineErrors(c.env, row, `${prefix}.${index}.`, langOf(c)).filter((e) => (e.code === 'unknown_department' ? row.department : row.category) !== ''),
  ])
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

/** The regions among `regionCodes` whose budgets the caller may not change now: outside the token, or past draft. */
export async function budgetGuards(c: Context<AppEnv>, year: number, regionCodes: string[]): Promise<Map<string, RegionGuard>> {
  const statuses = await regionStatuses(database(c.env), year)
  return regionGuards(regionCodes, (code) => c.get('scope').covers(code), (code) => lockedStatus(statuses, code))
}

/**
 * PUT /v1/budgets: every fault of every row in one answer (shape, duplicates, unknown lines, and
 * beside them the rows the caller may not change), then the caller's regions, then the write.
 */
export async function editBudgets(c: Context<AppEnv>, given: BulkBody<{ year: number; baseRevision?: number }, BudgetRow>) {
  // A department or category may be given by its name (销售, Travel); the key is what is stored.
  const body = keyedRows(c.env, given)
  // Rows with a shape fault are still checked on their sound fields: one answer names them all.
  const lines = checkable(body, ['regionCode', 'department', 'category'])
  const faults = [
    ...body.errors,
    ...duplicateRowErrors(checkable(body, ['regionCode', 'department', 'category', 'month']), rowKey, (i) => `rows.${i}`),
    ...(await unknownLineRowErrors(c, lines, 'rows')),
  ]
  await assertNoFaults(faults, async () => {
    // Without a year (itself a fault) no status can be read; the token's regions still can.
    const regioned = checkable(body, ['regionCode'])
    const regionCodes = [...new Set(regioned.map((r) => r.value.regionCode))]
    const year = body.sound.year
    const guards = year ? await budgetGuards(c, year, regionCodes) : regionGuards(regionCodes, (code) => c.get('scope').covers(code))
    return guardedRowErrors(regioned, (row) => row.regionCode, guards, (i) => `rows.${i}.regionCode`)
  })
  const rows = body.rows.map((r) => r.value)
  for (const code of new Set(rows.map((r) => r.regionCode))) c.get('scope').assertWrite(code)
  return writeBudgets(c, body.fields!.year, rows, body.fields!.baseRevision)
}

/** The grid of the caller's regions with each region's status and the revision to edit against. */
export async function readBudgetGrid(c: Context<AppEnv>, year: number, regionCode?: string) {
  const db = database(c.env)
  const scope = c.get('scope')
  const [rows, states, regionRows, revision] = await Promise.all([
    db.select().from(budgets).where(and(eq(budgets.year, year), scope.where(budgets.regionCode, regionCode))).orderBy(budgets.regionCode, budgets.department, budgets.category, budgets.month).all(),
    db.select().from(budgetRegions).where(eq(budgetRegions.year, year)).all(),
    db.select({ code: regions.code }).from(regions).where(scope.where(regions.code, regionCode)).orderBy(regions.code).all(),
    currentRevision(db, budgetScope(year)),
  ])
  const state = new Map(states.map((s) => [s.regionCode, s]))
  return {
    year,
    revision,
    regions: regionRows.map((r) => ({ code: r.code, status: state.get(r.code)?.status ?? 'draft', reason: state.get(r.code)?.reason ?? null })),
    rows: rows.map((r) => ({ regionCode: r.regionCode, department: r.department, category: r.category, month: r.month, amount: toMajorUnits(r.amount), status: state.get(r.regionCode)?.status ?? 'draft' })),
  }
}

/** Submits, approves, rejects or reopens a region's budgets of a year, audited, at one revision. */
export async function changeBudgetStatus(c: Context<AppEnv>, action: Transition, year: number, code: string, reason: string | undefined) {
  if (!TRANSITIONS[action].adminOnly) c.get('scope').assertWrite(code)
  const db = database(c.env)
  if (!(await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).get())) throw notFound(`There is no region ${code}.`)
  const actor = c.get('principal').id
  let to: ApprovalStatus = 'draft'
  const outcome = await writeWithRetry(db, c.env.DB, budgetScope(year), async () => {
    const status = (await regionStatuses(db, year)).get(code) ?? 'draft'
    to = nextStatus(action, status, `the ${year} budgets of ${code}`)
    const now = new Date().toISOString()
    const next = { year, regionCode: code, status: to, reason: reason ?? null, updatedAt: now, updatedBy: actor }
    return (write) => [
      ...insertRows(budgetRegions, [next], { conflict: ['year', 'regionCode'], guard: write.guard }),
      ...auditStatements({ actor, via: 'api', at: now }, [{ entity: 'budget-region', key: `${year}/${code}`, before: { status }, after: { status: to, reason: reason ?? null } }], write.guard),
    ]
  })
  return { year, regionCode: code, status: to, revision: outcome.revision }
}
