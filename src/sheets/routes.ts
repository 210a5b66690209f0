// Google Sheets sync (used by the add-on): tab definitions with the caller's dropdown options,
// reading a tab's rows, and pushing a tab's rows back, all or nothing.
import { z } from '@hono/zod-openapi'
import { codeSchema } from '../lib/fields'
import { readJsonBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid } from '../lib/problem'
import { bindSheets, listBindings } from './bindings'
import { budgetsTab } from './budgets-tab'
import { expensesTab } from './expenses-tab'
import { readSyncRequest, SyncBody } from './protocol'
import { stockLimitsTab } from './stock-limits-tab'
import { tabRows, tabsWithOptions } from './tab-rows'
import { syncTab } from './tab-sync'
import { targetsTab } from './targets-tabs'
import { columnKeys, TAB_NAMES, type TabName } from './tabs'
import { writeBackBoundSheets } from './writeback'

const TAG = 'Google Sheets'
const TabParam = z.object({ tab: z.enum(TAB_NAMES) })
const needsYear: TabName[] = ['targets-region', 'targets-store', 'budgets', 'expenses']

function requireYear(tab: TabName, year: number | undefined): number {
  if (year === undefined && needsYear.includes(tab)) throw invalid([{ path: 'year', message: `the ${tab} tab needs a year` }])
  return year ?? 0
}

const router = createRouter()

export const sheetRoutes = router
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/sheets/tabs',
      tags: [TAG],
      summary: 'The tabs the add-on sets up, with the caller’s dropdown options',
      responses: {
        200: {
          description: 'Tab definitions',
          content: {
            'application/json': {
              schema: z.object({
                tabs: z.array(
                  z.object({
                    name: z.enum(TAB_NAMES),
                    title: z.string(),
                    params: z.array(z.string()),
                    columns: z.array(z.object({ key: z.string(), title: z.string(), type: z.string(), editable: z.boolean(), options: z.array(z.string()).optional() })),
                  }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json({ tabs: await tabsWithOptions(c) }, 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/sheets/{tab}',
      tags: [TAG],
      summary: 'A tab’s rows for the caller’s regions, with the revision to push against',
      request: { params: TabParam, query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), regionCode: codeSchema.optional() }) },
      responses: {
        200: { description: 'Rows in column order', content: { 'application/json': { schema: z.object({ revision: z.number().int(), columns: z.array(z.string()), rows: z.array(z.array(z.unknown())) }) } } },
      },
    }),
    async (c) => {
      const { tab } = c.req.valid('param')
      const { year, regionCode } = c.req.valid('query')
      const columns = columnKeys(tab)
      const { revision, rows } = await tabRows(c, tab, requireYear(tab, year), regionCode)
      return c.json({ revision, columns, rows }, 200)
    },
  )
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/sheets/{tab}/sync',
      tags: [TAG],
      summary: 'Push a tab’s rows: every row is validated and all are applied in one batch, or none',
      request: { params: TabParam, body: { required: true, content: { 'application/json': bulkJsonContent(router, 'SheetSync', SyncBody) } } },
      responses: {
        200: {
          description: 'Applied; computed columns per sheet row',
          content: {
            'application/json': {
              schema: z.object({ revision: z.number().int(), applied: z.number().int(), computed: z.array(z.object({ row: z.number().int(), values: z.record(z.string(), z.unknown()) })), warnings: z.array(z.unknown()).optional() }),
            },
          },
        },
        409: problem('A row changed since baseRevision; `conflicts` gives yours and theirs'),
        423: problem('The region’s targets or budgets are submitted or approved'),
      },
    }),
    async (c) => {
      const { tab } = c.req.valid('param')
      const push = readSyncRequest(await readJsonBody(c), needsYear.includes(tab))
      if (tab === 'targets-region' || tab === 'targets-store') return c.json(await syncTab(c, tab, targetsTab(tab === 'targets-region' ? 'region' : 'store'), push), 200)
      if (tab === 'budgets') return c.json(await syncTab(c, tab, budgetsTab(c.env), push), 200)
      if (tab === 'stock-limits') return c.json(await syncTab(c, tab, stockLimitsTab, push), 200)
      return c.json(await syncTab(c, tab, expensesTab(c.env), push), 200)
    },
  )

const Binding = z
  .object({
    spreadsheetId: z.string().min(1).max(200),
    sheetName: z.string().min(1).max(200),
    tab: z.enum(TAB_NAMES),
    regionCode: codeSchema,
    year: z.number().int().min(2000).max(2100),
  })
  .openapi('SheetBinding')

/** Mounted before sheetRoutes, so /v1/sheets/bindings is not taken for a tab name. */
export const sheetBindingRoutes = createRouter()
  .openapi(
    defineRoute('write', {
      method: 'put',
      path: '/v1/sheets/bindings',
      tags: [TAG],
      summary: 'Bind spreadsheet tabs to a region: the cron writes fresh actuals and achievement into them',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ bindings: z.array(Binding).min(1).max(500) }) } } } },
      description:
        'A sheet (spreadsheet and sheet name) bound again is bound anew; a sheet bound to a region the caller does not cover, or HQ’s ' +
        'region-targets tab, cannot be taken over (403). The write-back fills only rows of the binding’s region that its binder still covers.',
      responses: {
        200: { description: 'Bound', content: { 'application/json': { schema: z.object({ bound: z.number().int() }) } } },
      },
    }),
    async (c) => c.json({ bound: await bindSheets(c, c.req.valid('json').bindings) }, 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/sheets/bindings',
      tags: [TAG],
      summary: 'Bound spreadsheet tabs of the caller’s regions, with the last write and error',
      responses: {
        200: {
          description: 'Bindings',
          content: { 'application/json': { schema: z.object({ bindings: z.array(Binding.extend({ lastWrittenAt: z.string().nullable(), lastError: z.string().nullable() })) }) } },
        },
      },
    }),
    async (c) => c.json({ bindings: await listBindings(c) }, 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/sheets/write-back',
      tags: [TAG],
      summary: 'Write fresh actuals and achievement into the bound spreadsheets now (the cron does it every five minutes)',
      responses: {
        200: {
          description: 'What was written',
          content: { 'application/json': { schema: z.object({ spreadsheets: z.number().int(), updatedCells: z.number().int(), failed: z.array(z.object({ spreadsheetId: z.string(), error: z.string() })) }) } },
        },
      },
    }),
    async (c) => c.json(await writeBackBoundSheets(c.env), 200),
  )
