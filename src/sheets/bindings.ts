// Binding spreadsheet tabs to a region, for the write-back. A tab is bound by its spreadsheet and
// sheet name, so binding a name again replaces what it was bound to: a caller may only replace a
// binding they could have made (its region covered; HQ's region-targets tab by HQ only), and the
// audit keeps what it was before. A spreadsheet belongs to whoever bound it: a manager cannot add a
// sheet to a spreadsheet HQ or another region's manager has bound (the write-back would then write
// into someone else's spreadsheet), and does not see HQ's spreadsheets listed.
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { inJsonArray, insertRows, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { apiTokens, regions, sheetBindings } from '../db/schema'
import { BOOTSTRAP_ACTOR } from '../auth/principal'
import type { AppEnv } from '../env'
import { forbidden, invalid, type FieldError } from '../lib/problem'
import type { TabName } from './tabs'

export interface BindingInput {
  spreadsheetId: string
  sheetName: string
  tab: TabName
  regionCode: string
  year: number
}

type StoredBinding = typeof sheetBindings.$inferSelect

/** What the audit shows of a binding. */
const audited = (b: Pick<StoredBinding, 'tab' | 'regionCode' | 'year'> & { createdBy?: string }) => ({ tab: b.tab, regionCode: b.regionCode, year: b.year, ...(b.createdBy ? { createdBy: b.createdBy } : {}) })

/** Whether the caller may make (or replace) a binding of this tab and region. */
function mayBind(c: Context<AppEnv>, binding: Pick<StoredBinding, 'tab' | 'regionCode'>): boolean {
  const scope = c.get('scope')
  if (binding.tab === 'targets-region') return scope.isAdmin
  return scope.covers(binding.regionCode)
}

/** Google Sheets tells sheets apart by name regardless of case and surrounding spaces. */
const sheetKey = (b: Pick<BindingInput, 'spreadsheetId' | 'sheetName'>) => `${b.spreadsheetId}/${b.sheetName.trim().toLocaleLowerCase()}`

/** Which of these binders are HQ (admin tokens, or the deployment's own admin token). */
async function hqBinders(c: Context<AppEnv>, binders: string[]): Promise<Set<string>> {
  const ids = [...new Set(binders)]
  if (ids.length === 0) return new Set()
  const roles = new Map((await database(c.env).select({ id: apiTokens.id, role: apiTokens.role }).from(apiTokens).where(inJsonArray(apiTokens.id, ids)).all()).map((t) => [t.id, t.role]))
  return new Set(ids.filter((id) => id === BOOTSTRAP_ACTOR || roles.get(id) === 'admin'))
}

/** The bindings of the caller's regions; HQ's own spreadsheets are listed to HQ only. */
export async function listBindings(c: Context<AppEnv>) {
  const rows = await database(c.env).select().from(sheetBindings).where(c.get('scope').where(sheetBindings.regionCode)).all()
  const hq = c.get('scope').isAdmin ? new Set<string>() : await hqBinders(c, rows.map((r) => r.createdBy))
  return rows
    .filter((r) => !hq.has(r.createdBy))
    .map((r) => ({ spreadsheetId: r.spreadsheetId, sheetName: r.sheetName, tab: r.tab, regionCode: r.regionCode, year: r.year, lastWrittenAt: r.lastWrittenAt, lastError: r.lastError }))
}

export async function bindSheets(c: Context<AppEnv>, bindings: BindingInput[]): Promise<number> {
  const db = database(c.env)
  const scope = c.get('scope')
  const known = new Set((await db.select({ code: regions.code }).from(regions).all()).map((r) => r.code))
  const errors: FieldError[] = bindings.flatMap((b, i) => (known.has(b.regionCode) ? [] : [{ path: `bindings.${i}.regionCode`, message: `region ${b.regionCode} does not exist` }]))
  if (errors.length > 0) throw invalid(errors)
  for (const b of bindings) scope.assertWrite(b.regionCode)
  if (bindings.some((b) => b.tab === 'targets-region') && !scope.isAdmin) throw invalid([{ path: 'bindings', message: 'region target tabs are bound by HQ' }])

  // Every binding of the spreadsheets asked for (one bound JSON array, however many sheets).
  const keyOf = (b: Pick<BindingInput, 'spreadsheetId' | 'sheetName'>) => `${b.spreadsheetId}/${b.sheetName}`
  const inSpreadsheets = await db.select().from(sheetBindings).where(inJsonArray(sheetBindings.spreadsheetId, [...new Set(bindings.map((b) => b.spreadsheetId))])).all()
  const asked = new Set(bindings.map(sheetKey))
  const existing = inSpreadsheets.filter((b) => asked.has(sheetKey(b)))
  const before = new Map(existing.map((b) => [keyOf(b), b]))
  const hq = scope.isAdmin ? new Set<string>() : await hqBinders(c, inSpreadsheets.map((b) => b.createdBy))
  const othersSheets = inSpreadsheets.filter((b) => !mayBind(c, b) || hq.has(b.createdBy))
  if (othersSheets.length > 0) {
    const spreadsheets = [...new Set(othersSheets.map((b) => b.spreadsheetId))]
    const sheets = othersSheets.map((b) => `${b.sheetName} (${b.regionCode})`).join(', ')
    throw forbidden(`Spreadsheet ${spreadsheets.join(', ')} holds sheets bound by HQ or for a region this token does not cover: ${sheets}; nothing was bound.`)
  }

  const now = new Date().toISOString()
  const actor = c.get('principal').id
  await runBatch(c.env.DB, [
    ...insertRows(sheetBindings, bindings.map((b) => ({ ...b, createdBy: actor, createdAt: now, lastWrittenAt: null, lastError: null })), {
      conflict: ['spreadsheetId', 'sheetName'],
      keepOnUpdate: ['createdAt'],
    }),
    ...auditStatements(
      { actor, via: 'api', at: now },
      bindings.map((b) => {
        const key = keyOf(b)
        const was = before.get(key)
        return { entity: 'sheet-binding', key, before: was ? audited(was) : null, after: audited({ ...b, createdBy: actor }) }
      }),
    ),
  ])
  return bindings.length
}
