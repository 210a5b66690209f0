// Storing and listing budget controls: what exceeding a budget does (stop, warn or ignore) per
// region, region × department or region × department × category. How a control applies to an
// expense is the rule of ./control.ts.
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { insertRows, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { budgetControls } from '../db/schema'
import type { AppEnv } from '../env'
import type { BulkBody } from '../lib/body'
import { assertNoErrors, checkable, duplicateRowErrors } from '../lib/rows'
import type { ControlAction } from './control'
import { keyedRows } from './config'
import { lineKey, unknownLineRowErrors } from './grid'

export interface ControlInput {
  regionCode: string
  department?: string
  category?: string
  monthly: ControlAction
  annual: ControlAction
}

/** Upserts controls, every fault of every row named at once (`controls.N.field`), audited with what they replace. */
export async function saveControls(c: Context<AppEnv>, given: BulkBody<unknown, ControlInput>) {
  // A department or category may be given by its name (销售, Travel); the key is what is stored.
  const body = keyedRows(c.env, given)
  // '' is any department or category.
  const anyLine = <T extends { department?: string; category?: string }>(rows: { index: number; value: T }[]) =>
    rows.map(({ index, value }) => ({ index, value: { ...value, department: value.department ?? '', category: value.category ?? '' } }))
  // Rows with a shape fault (a bad action) are still checked on their line: one answer names them all.
  const lines = anyLine(checkable(body, ['regionCode', 'department', 'category']))
  assertNoErrors([
    ...body.errors,
    ...duplicateRowErrors(lines, lineKey, (i) => `controls.${i}`),
    ...lines.flatMap(({ index, value }) => (value.category && !value.department ? [{ path: `controls.${index}.department`, message: 'a category control needs its department' }] : [])),
    ...(await unknownLineRowErrors(c, lines, 'controls')),
  ])
  const rows = anyLine(body.rows).map((r) => r.value)
  const stored = await database(c.env).select().from(budgetControls).where(inRegions(budgetControls.regionCode, [...new Set(rows.map((r) => r.regionCode))])).all()
  const before = new Map(stored.map((s) => [lineKey(s), { monthly: s.monthly, annual: s.annual }]))
  const now = new Date().toISOString()
  await runBatch(c.env.DB, [
    ...insertRows(budgetControls, rows.map((r) => ({ ...r, updatedAt: now })), { conflict: ['regionCode', 'department', 'category'] }),
    ...auditStatements(
      { actor: c.get('principal').id, via: 'api', at: now },
      rows.map((r) => ({ entity: 'budget-control', key: lineKey(r), before: before.get(lineKey(r)) ?? null, after: { monthly: r.monthly, annual: r.annual } })),
    ),
  ])
  return { upserted: rows.length }
}

export async function listControls(c: Context<AppEnv>, regionCode?: string): Promise<{ controls: ControlInput[] }> {
  const rows = await database(c.env).select().from(budgetControls).where(c.get('scope').where(budgetControls.regionCode, regionCode)).all()
  return { controls: rows.map((r) => ({ regionCode: r.regionCode, department: r.department || undefined, category: r.category || undefined, monthly: r.monthly, annual: r.annual })) }
}
