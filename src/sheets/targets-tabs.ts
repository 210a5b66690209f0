// The two target tabs: one row per region or store, one column per month. Reading fills them with
// the stored targets and computed columns; a push parses the cells, applies every row through the
// same edit as the API (revision-checked, atomic, audited with the sheet row) or none.
import { and, eq, sql } from 'drizzle-orm'
import { inJsonArray } from '../db/bulk'
import type { Context } from 'hono'
import { companyToday } from '../config'
import { database } from '../db/client'
import { currentRevision } from '../db/revision'
import { regions, stores, targetRegions, targets } from '../db/schema'
import { achievementRows } from '../achievement/query'
import type { AppEnv, Env } from '../env'
import { toMajorUnits } from '../lib/money'
import { forbidden } from '../lib/problem'
import { indexed } from '../lib/rows'
import { editTargets, regionsOfTargetCodes, targetAuditKey, targetGuards, unknownTargetCode } from '../targets/edit'
import { closedMonthChanges, closedMonthMessage, storedClosedMonths } from '../targets/closed-months'
import { yearSchema } from '../targets/schemas'
import { monthlySums } from '../targets/lifecycle'
import { targetScope, type Level } from '../targets/repository'
import { parseCode, parseMoney } from './cells'
import { applyMonthGrid, duplicateCells, guardedCells, type TabSync } from './tab-sync'
import { MONTH_KEYS } from './tabs'

type Values = Record<string, string | number | null>

/** The to-date figures of stores in a year not begun, without reading it. */
async function notBegun(db: ReturnType<typeof database>, codes: string[], regionCodes: string[] | null) {
  const found = await db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(inJsonArray(stores.code, codes)).all()
  return found
    .filter((s) => regionCodes === null || regionCodes.includes(s.regionCode))
    .map((s) => ({ ...s, actual: 0, rateToDate: null, targetToDate: 0, timeProgress: 0, pace: null }))
}

/**
 * Name, totals and the computed columns of each code, keyed by code; only of codes inside
 * `regionCodes` (null: every region), so a sheet listing another region's codes learns nothing.
 */
export async function computedColumns(env: Pick<Env, 'DB'>, level: Level, year: number, allCodes: string[], today: string, regionCodes: string[] | null): Promise<Map<string, Values>> {
  const codes = level === 'region' && regionCodes !== null ? allCodes.filter((code) => regionCodes.includes(code)) : allCodes
  if (codes.length === 0) return new Map()
  const db = database(env)
  const out = new Map<string, Values>()
  if (level === 'region') {
    const [rows, names, states] = await Promise.all([
      db
        .select({ level: targets.level, regionCode: targets.regionCode, month: targets.month, amount: sql<number>`sum(${targets.amount})` })
        .from(targets)
        .where(and(eq(targets.metric, 'sales'), eq(targets.year, year), inJsonArray(targets.regionCode, codes)))
        .groupBy(targets.level, targets.regionCode, targets.month)
        .all(),
      db.select({ code: regions.code, name: regions.name }).from(regions).where(inJsonArray(regions.code, codes)).all(),
      db.select().from(targetRegions).where(and(eq(targetRegions.metric, 'sales'), eq(targetRegions.year, year), inJsonArray(targetRegions.regionCode, codes))).all(),
    ])
    const sums = monthlySums(rows, codes)
    for (const code of codes) {
      const { region, stores: storeMonths } = sums.get(code)!
      const total = region.reduce((a, b) => a + b, 0)
      const storeSum = storeMonths.reduce((a, b) => a + b, 0)
      out.set(code, {
        name: names.find((n) => n.code === code)?.name ?? null,
        total: toMajorUnits(total),
        storeSum: toMajorUnits(storeSum),
        diff: toMajorUnits(storeSum - total),
        status: states.find((s) => s.regionCode === code)?.status ?? 'draft',
      })
    }
    return out
  }
  // The store's year to date, read by the same definition as /v1/achievement and the reports.
  const wanted = new Set(codes)
  // A year not begun has nothing due and nothing sold to date: its figures need no reading.
  const rows = today < `${year}-01-01` ? await notBegun(db, codes, regionCodes) : (await achievementRows(env, { request: { year }, level: 'store', regionCodes, asOf: today })).rows
  const names = new Map((await db.select({ code: stores.code, name: stores.name }).from(stores).where(inJsonArray(stores.code, codes)).all()).map((s) => [s.code, s.name]))
  const totals = new Map(
    (
      await db
        .select({ code: targets.code, total: sql<number>`sum(${targets.amount})` })
        .from(targets)
        .where(and(eq(targets.metric, 'sales'), eq(targets.year, year), eq(targets.level, 'store'), inJsonArray(targets.code, codes)))
        .groupBy(targets.code)
        .all()
    ).map((t) => [t.code, t.total]),
  )
  for (const row of rows) {
    if (!wanted.has(row.code)) continue
    out.set(row.code, {
      name: names.get(row.code) ?? null,
      regionCode: row.regionCode,
      total: toMajorUnits(totals.get(row.code) ?? 0),
      actualYtd: row.actual,
      rate: row.rateToDate,
      targetToDate: row.targetToDate,
      timeProgress: row.timeProgress,
      pace: row.pace,
    })
  }
  return out
}

export async function readTargetsTab(c: Context<AppEnv>, level: Level, year: number, regionCode?: string) {
  const db = database(c.env)
  const scope = c.get('scope')
  const codes =
    level === 'region'
      ? (await db.select({ code: regions.code }).from(regions).where(scope.where(regions.code, regionCode)).orderBy(regions.code).all()).map((r) => r.code)
      : (await db.select({ code: stores.code }).from(stores).where(scope.where(stores.regionCode, regionCode)).orderBy(stores.code).all()).map((s) => s.code)
  const [rows, computed, revision] = await Promise.all([
    db
      .select({ code: targets.code, month: targets.month, amount: targets.amount })
      .from(targets)
      .where(and(eq(targets.metric, 'sales'), eq(targets.year, year), eq(targets.level, level), scope.where(targets.regionCode, regionCode)))
      .all(),
    computedColumns(c.env, level, year, codes, companyToday(c.env), scope.readable(regionCode)),
    currentRevision(db, targetScope('sales', year)),
  ])
  const months = new Map<string, number[]>()
  for (const r of rows) {
    const m = months.get(r.code) ?? Array(12).fill(0)
    m[r.month - 1] = r.amount
    months.set(r.code, m)
  }
  return { revision, codes, months, computed }
}

interface TargetGridRow {
  code: string
  months: number[]
}

/** A target tab (region or store targets): a code and its twelve months per row. */
export function targetsTab(level: Level): TabSync<TargetGridRow> {
  return {
    parse: (values, cell) => ({
      code: cell('code', parseCode(values.code), ''),
      months: MONTH_KEYS.map((key) => cell(key, parseMoney(values[key]), 0) ?? 0),
    }),
    async check(c, rows, request) {
      // As PUT /v1/targets: region targets are HQ's alone, refused before any cell is looked at.
      if (level === 'region' && !c.get('scope').isAdmin) throw forbidden('Region targets are set by HQ; a regional manager contests them instead.')
      const db = database(c.env)
      const coded = rows.filter((r) => !r.bad.has('code'))
      const regionOf = await regionsOfTargetCodes(db, level, [...new Set(coded.map((r) => r.value.code))])
      // A sheet carries no reason: an ended month's changed cell is refused for HQ too, as the API refuses it without one.
      const rule = { year: request.params.year, today: companyToday(c.env), isAdmin: c.get('scope').isAdmin }
      // A year the push got wrong is named on its own (readSyncRequest); no month of it is read as ended.
      const months = !yearSchema.safeParse(rule.year).success
        ? []
        : coded
        .filter((r) => regionOf.has(r.value.code))
        .flatMap((r) => r.value.months.flatMap((amount, m) => (r.bad.has(MONTH_KEYS[m]!) ? [] : [{ index: r.row, value: { code: r.value.code, month: m + 1, amount } }])))
      const closed = closedMonthChanges(months, await storedClosedMonths(db, 'sales', level, months, rule), rule)
      return [
        ...duplicateCells(rows, ['code'], (v) => v.code, 'code', (first, v) => `${v.code} is already in row ${first}`),
        ...coded.filter((r) => !regionOf.has(r.value.code)).map((r) => ({ row: r.row, column: 'code', message: unknownTargetCode(level, r.value.code) })),
        ...closed.map(({ index, value }) => ({ row: index, column: MONTH_KEYS[value.month - 1]!, message: closedMonthMessage(rule.year, value.month, rule.isAdmin), code: 'month_closed' })),
      ]
    },
    async guard(c, rows, request) {
      const db = database(c.env)
      const coded = rows.filter((r) => !r.bad.has('code'))
      const regionOf = await regionsOfTargetCodes(db, level, [...new Set(coded.map((r) => r.value.code))])
      const guards = await targetGuards(db, c.get('scope'), 'sales', request.params.year, [...new Set(regionOf.values())])
      return guardedCells(rows, 'code', (v) => regionOf.get(v.code), guards)
    },
    async apply(c, rows, request) {
      const year = request.params.year
      const edit = indexed(rows.flatMap((r) => r.value.months.map((amount, m) => ({ code: r.value.code, month: m + 1, amount }))))
      const rowOfKey = new Map(rows.map((r) => [targetAuditKey('sales', year, level, r.value.code), r.row]))
      return applyMonthGrid(rows, () =>
        editTargets(
          c.env.DB,
          c.get('principal').id,
          c.get('scope'),
          { year, level, metric: 'sales', baseRevision: request.baseRevision, today: companyToday(c.env), rows: edit },
          { via: 'sheet', source: { spreadsheetId: request.spreadsheetId, sheetName: request.sheetName }, rowOf: (key) => rowOfKey.get(key) },
        ),
      )
    },
    async computed(c, rows, request) {
      const computed = await computedColumns(
        c.env,
        level,
        request.params.year,
        rows.map((r) => r.value.code),
        companyToday(c.env),
        c.get('scope').readable(),
      )
      return (r) => computed.get(r.value.code) ?? {}
    },
  }
}
