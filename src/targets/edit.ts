// Changing targets: editing the grid and saving a plan. Both check the request against the data
// at one revision and write guarded by it (db/revision.ts), so a concurrent edit is either seen
// or makes this one start over; both audit each region or store whose months changed.
import { and, eq, sql } from 'drizzle-orm'
import { API_ORIGIN, auditFromOrigin, type AuditChange, type ChangeOrigin } from '../audit/audit'
import { inJsonArray } from '../db/bulk'
import { database, type Database } from '../db/client'
import { writeWithRetry } from '../db/revision'
import { regions, stores, targetRegions, targets } from '../db/schema'
import type { RegionScope } from '../auth/scope'
import { toMajorUnits } from '../lib/money'
import type { Context } from 'hono'
import { companyToday } from '../config'
import type { AppEnv } from '../env'
import { readBulkBody } from '../lib/body'
import { forbidden, invalid, Problem, type FieldError } from '../lib/problem'
import { assertEditable, lockedStatus } from '../lib/approval'
import { assertNoFaults, byRow, checkable, duplicateRowErrors, guardedRowErrors, regionGuards, type ParsedRow, type RegionGuard } from '../lib/rows'
import { closedMonthChanges, closedMonthMessage, storedClosedMonths, type ClosedMonthRule } from './closed-months'
import { TARGET_EDIT } from './schemas'
import { monthlySums, storeSumMismatches } from './lifecycle'
import {
  loadRegionStates,
  loadTargets,
  monthsOf,
  statusOf,
  targetScope,
  upsertRegionStates,
  upsertTargets,
  type Level,
  type Metric,
  type StoredTarget,
} from './repository'

export const targetAuditKey = (metric: Metric, year: number, level: Level, code: string) => `${metric}/${year}/${level}/${code}`

/** Store sums that miss their region target, in major units, for the regions given. */
export async function sumWarnings(db: Database, metric: Metric, year: number, regionCodes: string[]) {
  if (regionCodes.length === 0) return []
  // Summed in SQL: a region may have thousands of stores, the sums are a few dozen rows.
  const rows = await db
    .select({ level: targets.level, regionCode: targets.regionCode, month: targets.month, amount: sql<number>`sum(${targets.amount})` })
    .from(targets)
    .where(and(eq(targets.metric, metric), eq(targets.year, year), inJsonArray(targets.regionCode, regionCodes)))
    .groupBy(targets.level, targets.regionCode, targets.month)
    .all()
  return storeSumMismatches(monthlySums(rows, regionCodes)).map((m) => ({
    regionCode: m.regionCode,
    month: m.month,
    storeSum: toMajorUnits(m.storeSum),
    regionTarget: toMajorUnits(m.regionTarget),
    diff: toMajorUnits(m.diff),
  }))
}

/** One audit change per code whose months differ between `before` and `after` rows. */
export function monthChanges(
  metric: Metric,
  year: number,
  before: Pick<StoredTarget, 'level' | 'code' | 'month' | 'amount'>[],
  after: Pick<StoredTarget, 'level' | 'code' | 'month' | 'amount'>[],
): AuditChange[] {
  const group = (rows: typeof before) => {
    const byCode = new Map<string, { level: Level; rows: typeof before }>()
    for (const row of rows) {
      const key = `${row.level}/${row.code}`
      const entry = byCode.get(key) ?? { level: row.level, rows: [] }
      entry.rows.push(row)
      byCode.set(key, entry)
    }
    return byCode
  }
  const was = group(before)
  const now = group(after)
  const changes: AuditChange[] = []
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const old = was.get(key)
    const next = now.get(key)
    const oldMonths = old ? monthsOf(old.rows).map(toMajorUnits) : null
    const newMonths = next ? monthsOf(next.rows).map(toMajorUnits) : null
    if (JSON.stringify(oldMonths) === JSON.stringify(newMonths)) continue
    const level = (old ?? next)!.level
    const code = key.slice(level.length + 1)
    changes.push({ entity: 'target', key: targetAuditKey(metric, year, level, code), before: oldMonths, after: newMonths })
  }
  return changes
}

export type TargetEditRow = { code: string; month: number; amount: number }

export interface TargetEdit {
  year: number
  level: Level
  metric: Metric
  baseRevision?: number
  /** HQ's reason for changing a month that has ended. */
  reason?: string
  /** Today in the company time zone: months before it have ended (./closed-months.ts). */
  today: string
  rows: TargetEditRow[]
}

const closedMonthErrors = (rows: ParsedRow<TargetEditRow>[], stored: (code: string, month: number) => number | undefined, rule: ClosedMonthRule): FieldError[] =>
  closedMonthChanges(rows, stored, rule).map(({ index, value }) => ({
    path: `rows.${index}.amount`,
    message: closedMonthMessage(rule.year, value.month, rule.isAdmin),
    code: 'month_closed',
  }))

/** A code and month twice in one edit: the later rows are faults. */
export const duplicateTargetErrors = (rows: ParsedRow<TargetEditRow>[]) =>
  duplicateRowErrors(rows, (row) => `${row.code} month ${row.month}`, (i) => `rows.${i}`)

/** The region of each region or store code that exists; codes missing from the map do not. */
export async function regionsOfTargetCodes(db: Database, level: Level, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map()
  const known =
    level === 'region'
      ? (await db.select({ code: regions.code }).from(regions).where(inJsonArray(regions.code, codes)).all()).map((r) => [r.code, r.code] as const)
      : (await db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(inJsonArray(stores.code, codes)).all()).map(
          (s) => [s.code, s.regionCode] as const,
        )
  return new Map(known)
}

export const unknownTargetCode = (level: Level, code: string) => `${level} ${code} does not exist`

/**
 * Faults of target rows that parsed — a code and month twice, a code that does not exist — and
 * the region of each known code. Rows keep their index in the request.
 */
export async function targetRowErrors(db: Database, level: Level, rows: ParsedRow<TargetEditRow>[], partial: ParsedRow<Partial<TargetEditRow>>[] = []) {
  const coded = checkable({ rows, partial }, ['code'])
  const regionOf = await regionsOfTargetCodes(db, level, [...new Set(coded.map((r) => r.value.code))])
  const errors: FieldError[] = [
    ...duplicateTargetErrors(checkable({ rows, partial }, ['code', 'month'])),
    ...coded.flatMap(({ index, value }) =>
      regionOf.has(value.code) ? [] : [{ path: `rows.${index}.code`, message: unknownTargetCode(level, value.code), code: 'unknown_reference' }],
    ),
  ]
  return { errors, regionOf }
}

/** The regions among `regionCodes` whose targets the caller may not change now: outside the token, or past draft. */
export async function targetGuards(db: Database, scope: RegionScope, metric: Metric, year: number, regionCodes: string[]): Promise<Map<string, RegionGuard>> {
  if (regionCodes.length === 0) return new Map()
  const states = statusOf(await loadRegionStates(db, metric, year, inJsonArray(targetRegions.regionCode, regionCodes)))
  return regionGuards(regionCodes, (code) => scope.covers(code), (code) => lockedStatus(states, code))
}

/**
 * Every fault of a target edit in one 422 — shape (`shapeErrors`), a code twice, an unknown code,
 * and beside them the rows of another region or a locked one — or its codes' regions when there
 * is none. Without a `year` (itself a fault) no lock can be read; the token's regions still can.
 */
async function checkTargetEdit(
  db: Database,
  scope: RegionScope,
  edit: { level: Level; metric?: Metric; year?: number; today: string; reason?: string; rows: ParsedRow<TargetEditRow>[]; partial?: ParsedRow<Partial<TargetEditRow>>[] },
  shapeErrors: FieldError[],
): Promise<Map<string, string>> {
  if (edit.level === 'region' && !scope.isAdmin) {
    throw forbidden('Region targets are set by HQ; a regional manager contests them instead.')
  }
  const partial = edit.partial ?? []
  const { errors, regionOf } = await targetRowErrors(db, edit.level, edit.rows, partial)
  const rule = edit.year ? { year: edit.year, today: edit.today, isAdmin: scope.isAdmin, reason: edit.reason } : null
  // A row of an unknown code is named for its code alone.
  const known = edit.rows.filter((row) => regionOf.has(row.value.code))
  const closed = rule ? closedMonthErrors(known, await storedClosedMonths(db, edit.metric ?? 'sales', edit.level, known, rule), rule) : []
  await assertNoFaults([...shapeErrors, ...errors, ...closed], async () => {
    const regionCodes = [...new Set(regionOf.values())]
    const guards = edit.year ? await targetGuards(db, scope, edit.metric ?? 'sales', edit.year, regionCodes) : regionGuards(regionCodes, (code) => scope.covers(code))
    return guardedRowErrors(checkable({ rows: edit.rows, partial }, ['code']), (row) => regionOf.get(row.code), guards, (i) => `rows.${i}.code`)
  })
  return regionOf
}

/**
 * Applies a target edit. `rows` are the rows that parsed and `shapeErrors` the faults of those that
 * did not: every fault is answered at once, and nothing is written while there is one.
 */
export async function editTargets(
  d1: D1Database,
  actor: string,
  scope: RegionScope,
  edit: Omit<TargetEdit, 'rows'> & { rows: ParsedRow<TargetEditRow>[]; partial?: ParsedRow<Partial<TargetEditRow>>[] },
  origin: ChangeOrigin = API_ORIGIN,
  shapeErrors: FieldError[] = [],
) {
  const db = database({ DB: d1 })
  const regionOf = await checkTargetEdit(db, scope, edit, shapeErrors)
  const regionCodes = [...new Set(regionOf.values())].sort()
  const rows = edit.rows.map((row) => row.value)
  for (const regionCode of regionCodes) scope.assertWrite(regionCode)
  const codes = [...regionOf.keys()]
  let updated = 0

  const outcome = await writeWithRetry(db, d1, targetScope(edit.metric, edit.year), async () => {
    const [states, existing] = await Promise.all([
      loadRegionStates(db, edit.metric, edit.year, inJsonArray(targetRegions.regionCode, regionCodes)),
      loadTargets(db, edit.metric, edit.year, and(eq(targets.level, edit.level), inJsonArray(targets.code, codes))),
    ])
    assertEditable(statusOf(states), regionCodes)
    const stored = new Map(existing.map((row) => [`${row.code}/${row.month}`, row]))
    // Checked again against what this write reads: an ended month may have changed since.
    const closed = closedMonthErrors(edit.rows, (code, month) => stored.get(`${code}/${month}`)?.amount, { year: edit.year, today: edit.today, isAdmin: scope.isAdmin, reason: edit.reason })
    if (closed.length > 0) throw invalid(closed)
    if (edit.baseRevision !== undefined) {
      const base = edit.baseRevision
      const conflicts = rows.flatMap((row, i) => {
        const theirs = stored.get(`${row.code}/${row.month}`)
        return theirs && theirs.revision > base && theirs.amount !== row.amount
          ? [{ path: `rows.${i}`, code: row.code, month: row.month, yours: toMajorUnits(row.amount), theirs: toMajorUnits(theirs.amount), revision: theirs.revision }]
          : []
      })
      if (conflicts.length > 0) {
        throw new Problem(409, `${conflicts.length} row(s) were changed by someone else since revision ${base}; nothing was written.`, {
          extensions: { conflicts },
        })
      }
    }
    const changed = rows
      .filter((row) => stored.get(`${row.code}/${row.month}`)?.amount !== row.amount)
      .map((row) => ({ level: edit.level, code: row.code, regionCode: regionOf.get(row.code)!, month: row.month, amount: row.amount }))
    updated = changed.length
    if (changed.length === 0) return null
    const now = new Date().toISOString()
    const after = [...new Map([...existing, ...changed].map((row) => [`${row.code}/${row.month}`, row])).values()]
    // Editing rejected targets starts a new draft.
    const reopened = regionCodes
      .filter((code) => states.get(code)?.status === 'rejected')
      .map((code) => ({ ...states.get(code)!, status: 'draft' as const, updatedAt: now, updatedBy: actor }))
    return (write) => [
      ...upsertTargets(edit.metric, edit.year, changed, { ...write, actor, now }),
      ...upsertRegionStates(reopened, write.guard),
      ...auditFromOrigin(actor, now, origin, withReason(monthChanges(edit.metric, edit.year, existing, after), edit.reason), write.guard),
    ]
  })
  return { revision: outcome.revision, updated, warnings: await sumWarnings(db, edit.metric, edit.year, regionCodes) }
}

const withReason = (changes: AuditChange[], reason: string | undefined): AuditChange[] => (reason ? changes.map((change) => ({ ...change, context: { ...change.context, reason } })) : changes)

/** PUT /v1/targets: the edit read row by row, every fault of every row answered at once. */
export async function editTargetsFromBody(c: Context<AppEnv>) {
  const body = await readBulkBody(c, TARGET_EDIT)
  const scope = c.get('scope')
  const today = companyToday(c.env)
  if (!body.fields) {
    // A bad year, metric or revision does not stop the codes being looked up, nor the rows of
    // another region or a locked one being named; without a level none of it can be.
    const { level, year, metric, reason } = body.sound
    if (!level) throw invalid(byRow([...body.errors, ...duplicateTargetErrors(checkable(body, ['code', 'month']))]))
    await checkTargetEdit(database(c.env), scope, { level, year, metric, reason, today, rows: body.rows, partial: body.partial }, body.errors)
  }
  return editTargets(c.env.DB, c.get('principal').id, scope, { ...body.fields!, today, rows: body.rows, partial: body.partial }, API_ORIGIN, body.errors)
}
