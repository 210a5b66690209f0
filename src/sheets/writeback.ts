// Live write-back: fresh actuals and achievement written into each bound spreadsheet by the cron,
// one values.batchUpdate per spreadsheet per run. The add-on keeps the column keys in the tab's
// first row (hidden) and the titles in the second, so columns can be moved without breaking this.
import { eq } from 'drizzle-orm'
import { database } from '../db/client'
import { sheetBindings } from '../db/schema'
import type { Env } from '../env'
import { localDay } from '../lib/time'
import { columnLetters, quotedSheet, SheetsClient, type ServiceAccount } from './google'
import { computedColumns } from './targets-tabs'

/** Sheet rows: keys in row 1, titles in row 2, data from row 3. */
export const FIRST_DATA_ROW = 3
const WRITTEN_COLUMNS: Record<string, string[]> = {
  'targets-store': ['actualYtd', 'rate', 'total'],
  'targets-region': ['total', 'storeSum', 'diff', 'status'],
}

export interface WriteBackResult {
  spreadsheets: number
  updatedCells: number
  failed: { spreadsheetId: string; error: string }[]
}

export async function writeBackBoundSheets(env: Env, options: { backoffMs?: number } = {}): Promise<WriteBackResult> {
  const result: WriteBackResult = { spreadsheets: 0, updatedCells: 0, failed: [] }
  if (!env.GOOGLE_SERVICE_ACCOUNT_JSON) return result
  const db = database(env)
  const bindings = (await db.select().from(sheetBindings).all()).filter((b) => b.tab in WRITTEN_COLUMNS)
  const account = JSON.parse(env.GOOGLE_SERVICE_ACCOUNT_JSON) as ServiceAccount
  const client = new SheetsClient({ apiUrl: env.SHEETS_API_URL ?? 'https://sheets.googleapis.com', account, backoffMs: options.backoffMs })
  const today = localDay(new Date(), env.COMPANY_TZ)
  const bySpreadsheet = new Map<string, typeof bindings>()
  for (const b of bindings) bySpreadsheet.set(b.spreadsheetId, [...(bySpreadsheet.get(b.spreadsheetId) ?? []), b])

  for (const [spreadsheetId, tabs] of bySpreadsheet) {
    try {
      const data: { range: string; values: unknown[][] }[] = []
      for (const binding of tabs) {
        const sheet = quotedSheet(binding.sheetName)
        const cells = await client.getValues(spreadsheetId, sheet)
        const keys = (cells[0] ?? []).map(String)
        const codeColumn = keys.indexOf('code')
        const rows = cells.slice(FIRST_DATA_ROW - 1)
        if (codeColumn < 0 || rows.length === 0) continue
        const codes = rows.map((r) => String(r[codeColumn] ?? '').trim()).filter(Boolean)
        const computed = await computedColumns(db, binding.tab === 'targets-region' ? 'region' : 'store', binding.year, codes, today)
        for (const key of WRITTEN_COLUMNS[binding.tab]!) {
          const column = keys.indexOf(key)
          if (column < 0) continue
          const letters = columnLetters(column)
          data.push({
            range: `${sheet}!${letters}${FIRST_DATA_ROW}:${letters}${FIRST_DATA_ROW + rows.length - 1}`,
            // Rows of codes regionops does not know keep what they had.
            values: rows.map((r) => [computed.get(String(r[codeColumn] ?? '').trim())?.[key] ?? r[column] ?? null]),
          })
        }
      }
      if (data.length === 0) continue
      const response = await client.batchUpdate(spreadsheetId, data)
      result.spreadsheets++
      result.updatedCells += response.totalUpdatedCells ?? 0
      await db.update(sheetBindings).set({ lastWrittenAt: new Date().toISOString(), lastError: null }).where(eq(sheetBindings.spreadsheetId, spreadsheetId)).run()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      result.failed.push({ spreadsheetId, error: message })
      await db.update(sheetBindings).set({ lastError: message }).where(eq(sheetBindings.spreadsheetId, spreadsheetId)).run()
    }
  }
  return result
}
