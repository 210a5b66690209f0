// Binding spreadsheet tabs to a region, for the write-back. A tab is bound by its spreadsheet and
// sheet name, so binding a name again replaces what it was bound to: a caller may only replace a
// binding they could have made (its region covered; HQ's region-targets tab by HQ only), and the
// audit keeps what it was before.
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { inJsonArray, insertRows, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { regions, sheetBindings } from '../db/schema'
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

export async function bindSheets(c: Context<AppEnv>, bindings: BindingInput[]): Promise<number> {
  const db = database(c.env)
  const scope = c.get('scope')
  const known = new Set((await db.select({ code: regions.code }).from(regions).all()).map((r) => r.code))
  const errors: FieldError[] = bindings.flatMap((b, i) => (known.has(b.regionCode) ? [] : [{ path: `bindings.${i}.regionCode`, message: `region ${b.regionCode} does not exist` }]))
  if (errors.length > 0) throw invalid(errors)
  for (const b of bindings) scope.assertWrite(b.regionCode)
  if (bindings.some((b) => b.tab === 'targets-region') && !scope.isAdmin) throw invalid([{ path: 'bindings', message: 'region target tabs are bound by HQ' }])

  // By spreadsheet (one bound JSON array, however many sheets), then by sheet name.
  const keyOf = (b: Pick<BindingInput, 'spreadsheetId' | 'sheetName'>) => `${b.spreadsheetId}/${b.sheetName}`
  const asked = new Set(bindings.map(keyOf))
  const existing = (await db.select().from(sheetBindings).where(inJsonArray(sheetBindings.spreadsheetId, [...new Set(bindings.map((b) => b.spreadsheetId))])).all()).filter((b) => asked.has(keyOf(b)))
  const before = new Map(existing.map((b) => [keyOf(b), b]))
  const takenOver = existing.filter((b) => !mayBind(c, b))
  if (takenOver.length > 0) {
    throw forbidden(`These sheets are bound to a region this token does not cover: ${takenOver.map((b) => `${b.sheetName} (${b.regionCode})`).join(', ')}; nothing was bound.`)
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
