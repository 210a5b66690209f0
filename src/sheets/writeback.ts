// Live write-back: fresh actuals and achievement (targets), spending (budgets), review status
// (expenses) and stock (stock limits) written into each bound spreadsheet by the cron, one
// values.batchUpdate per spreadsheet per run. The add-on keeps the column keys in the tab's
// first row (hidden) and the titles in the second, so columns can be moved without breaking this.
// A cron run has no reader: statuses and alerts are labelled in the language of the sheet's own
// titles (as the add-on set it up), Chinese unless they are the English ones.
import { and, eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { lineLists } from '../budgets/config'
import { companyToday, settingsOf } from '../config'
import { fromQuery, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { expenses, sheetBindings } from '../db/schema'
import type { Env } from '../env'
import type { Lang } from '../lib/lang'
import { columnLetters, quotedSheet, SheetsClient, type ServiceAccount } from './google'
import { budgetLineFigures, budgetLineKey } from './budgets-tab'
import { stockColumns } from './stock-limits-tab'
import { computedColumns } from './targets-tabs'
import { liveBinder, writeBackRegions } from './walls'
import { parseCode, type Cell } from './cells'
import { cellLabeller } from './cell-labels'
import { columnTitle } from './column-titles'
import type { TabName } from './tabs'

/** Sheet rows: keys in row 1, titles in row 2, data from row 3. */
export const FIRST_DATA_ROW = 3

/** A sheet row read through its keys row: the trimmed text of the cell under `key`. */
type RowCells = (key: string) => string

/**
 * What one bound tab writes: its computed columns, looked up per row from what the row says, of
 * `regions` only (see walls.ts; null: every region).
 */
interface TabWriteBack {
  columns: string[]
  figures(env: Env, binding: Binding, rows: RowCells[], today: string, regions: string[] | null): Promise<(row: RowCells) => Record<string, unknown> | undefined>
}

type Binding = typeof sheetBindings.$inferSelect

/** Code columns a row is looked up by, read under the same code rule as a push (`ＡＷＥ-1` is AWE-1). */
const CODE_COLUMNS = new Set(['code', 'regionCode', 'locationCode', 'sku'])

/** A cell as a row is looked up by it; a department or category cell holds its name or its key, and is read as the key. */
function cellReader(env: Env): (key: string, cell: Cell) => string {
  const { departments, categories } = lineLists(env)
  return (key, cell) => {
    if (CODE_COLUMNS.has(key)) {
      const code = parseCode(cell)
      return code.ok ? code.value : ''
    }
    const text = String(cell ?? '').trim()
    if (key === 'department') return departments.keyOf(text) ?? text
    if (key === 'category') return categories.keyOf(text) ?? text
    return text
  }
}

/** The language of a sheet's title row: English when more of its titles are the tab's English ones than its Chinese ones. */
function sheetLang(tab: TabName, keys: string[], titles: unknown[]): Lang {
  let en = 0
  let zh = 0
  keys.forEach((key, i) => {
    const title = String(titles[i] ?? '').trim()
    const [enTitle, zhTitle] = [columnTitle(tab, key, 'en'), columnTitle(tab, key, 'zh-CN')]
    if (!title || enTitle === zhTitle) return
    if (title === enTitle) en++
    else if (title === zhTitle) zh++
  })
  return en > zh ? 'en' : 'zh-CN'
}

const targetsWriteBack = (level: 'store' | 'region', columns: string[]): TabWriteBack => ({
  columns,
  async figures(env, binding, rows, today, regions) {
    const computed = await computedColumns(env, level, binding.year, rows.map((r) => r('code')).filter(Boolean), today, regions)
    return (row) => computed.get(row('code'))
  },
})

const WRITE_BACKS: Record<Binding['tab'], TabWriteBack> = {
  'targets-store': targetsWriteBack('store', ['actualYtd', 'rate', 'targetToDate', 'timeProgress', 'pace', 'total']),
  'targets-region': targetsWriteBack('region', ['total', 'storeSum', 'diff', 'status']),
  budgets: {
    columns: ['total', 'spent', 'remaining'],
    async figures(env, binding, _rows, _today, regions) {
      const lines = await budgetLineFigures(env, binding.year, regions ?? [binding.regionCode])
      return (row) => lines.get(budgetLineKey({ regionCode: row('regionCode'), department: row('department'), category: row('category') }))
    },
  },
  expenses: {
    columns: ['status', 'budgetAction'],
    async figures(env, binding, _rows, _today, regions) {
      const rows = await database(env)
        .select({ expenseId: expenses.expenseId, status: expenses.status, budgetAction: expenses.budgetAction })
        .from(expenses)
        .where(and(inRegions(expenses.regionCode, regions ?? [binding.regionCode]), eq(expenses.year, binding.year)))
        .all()
      const byId = new Map(rows.map((e) => [e.expenseId, { status: e.status, budgetAction: e.budgetAction }]))
      return (row) => byId.get(row('expenseId'))
    },
  },
  'stock-limits': {
    columns: ['onHand', 'turnoverDays', 'alert'],
    async figures(env, binding, _rows, _today, regions) {
      const stock = await stockColumns(env, regions ?? [binding.regionCode])
      return (row) => (row('locationCode') && row('sku') ? stock(row('locationCode'), row('sku')) : undefined)
    },
  },
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
  const bindings = await db.select().from(sheetBindings).all()
  const account = JSON.parse(env.GOOGLE_SERVICE_ACCOUNT_JSON) as ServiceAccount
  const client = new SheetsClient({ apiUrl: settingsOf(env).sheetsApiUrl, account, backoffMs: options.backoffMs })
  const today = companyToday(env)
  const cellText = cellReader(env)
  const bySpreadsheet = new Map<string, typeof bindings>()
  for (const b of bindings) bySpreadsheet.set(b.spreadsheetId, [...(bySpreadsheet.get(b.spreadsheetId) ?? []), b])

  for (const [spreadsheetId, tabs] of bySpreadsheet) {
    try {
      const data: { range: string; values: unknown[][] }[] = []
      for (const binding of tabs) {
        const sheet = quotedSheet(binding.sheetName)
        const cells = await client.getValues(spreadsheetId, sheet)
        const keys = (cells[0] ?? []).map(String)
        const rows = cells.slice(FIRST_DATA_ROW - 1)
        if (rows.length === 0) continue
        const writeBack = WRITE_BACKS[binding.tab]
        const readers = rows.map((r): RowCells => (key) => cellText(key, r[keys.indexOf(key)] as Cell))
        const figuresOf = await writeBack.figures(env, binding, readers, today, writeBackRegions(binding, await liveBinder(env, binding.createdBy)))
        const labelled = cellLabeller(env, binding.tab, sheetLang(binding.tab, keys, cells[1] ?? []))
        const figures = readers.map((read) => {
          const found = figuresOf(read)
          return found && labelled(found)
        })
        for (const key of writeBack.columns) {
          const column = keys.indexOf(key)
          if (column < 0) continue
          const letters = columnLetters(column)
          data.push({
            range: `${sheet}!${letters}${FIRST_DATA_ROW}:${letters}${FIRST_DATA_ROW + rows.length - 1}`,
            // Rows regionops does not know keep what they had.
            values: rows.map((r, i) => [figures[i]?.[key] ?? r[column] ?? null]),
          })
        }
      }
      if (data.length === 0) continue
      const response = await client.batchUpdate(spreadsheetId, data)
      result.spreadsheets++
      result.updatedCells += response.totalUpdatedCells ?? 0
      await recordRun(env, tabs, { lastWrittenAt: new Date().toISOString(), lastError: null, updatedCells: response.totalUpdatedCells ?? 0 })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      result.failed.push({ spreadsheetId, error: message })
      await recordRun(env, tabs, { lastError: message })
    }
  }
  return result
}

/** The run's outcome on the spreadsheet's bindings, with one audit entry (via cron) per binding. */
async function recordRun(env: Env, tabs: Binding[], outcome: { lastWrittenAt?: string; lastError: string | null; updatedCells?: number }): Promise<void> {
  const { updatedCells, ...columns } = outcome
  const at = new Date().toISOString()
  await runBatch(env.DB, [
    fromQuery(database(env).update(sheetBindings).set(columns).where(eq(sheetBindings.spreadsheetId, tabs[0]!.spreadsheetId))),
    ...auditStatements(
      { actor: 'system', via: 'cron', at },
      tabs.map((b) => ({
        entity: 'sheet-binding',
        key: `${b.spreadsheetId}/${b.sheetName}`,
        before: { lastWrittenAt: b.lastWrittenAt, lastError: b.lastError },
        after: { lastWrittenAt: outcome.lastWrittenAt ?? b.lastWrittenAt, lastError: outcome.lastError, ...(updatedCells === undefined ? {} : { updatedCells }) },
      })),
    ),
  ])
}
