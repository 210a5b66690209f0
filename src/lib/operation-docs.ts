// Reference text that defineRoute adds, by `METHOD path`, to operations declared without it: the
// Google Sheets and report-link routes, whose declarations in src/sheets and src/reports carry
// only their summaries. The sheet sync's examples are here too: its body is documented by
// reference (a `$ref` the handler reads itself), so no field example of zod could show a whole push.
import { z } from '@hono/zod-openapi'

export interface OperationDocs {
  description?: string
  /** An example of the whole JSON request body. */
  requestExample?: unknown
  /** Examples of JSON response bodies, by status. */
  responseExamples?: Record<number, unknown>
  /** The 409 of a write checked against `baseRevision`: its description, one conflict's schema, example conflicts. */
  conflict?: { description: string; schema: z.ZodObject; example: Record<string, unknown>[]; detail?: string }
}

const MONTHS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12']

/**
 * A push of two rows of the `targets-store` tab of 华东区 (EAST), as the add-on sends it: the first
 * data row is sheet row 3, cells as the sheet holds them (numbers, thousands separators, ¥, a blank
 * month, which is 0).
 */
const STORE_TARGETS_PUSH = {
  baseRevision: 42,
  spreadsheetId: '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms',
  sheetName: '门店目标 Store targets',
  params: { year: 2027, regionCode: 'EAST' },
  rows: [
    { row: 3, values: { code: 'EA001', ...Object.fromEntries(MONTHS.map((m, i) => [m, 120_000 + i * 5_000])), m2: '98,000', m12: '¥180,000' } },
    { row: 4, values: { code: 'EA002', ...Object.fromEntries(MONTHS.map((m) => [m, 85_000])), m8: '' } },
  ],
}

/** A cell's value as the add-on sends and reads it. */
const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

const SheetConflict = z.object({
  row: z.number().int().openapi({ description: 'The sheet row' }),
  column: z.string().openapi({ description: 'The column key (`m2`)' }),
  title: z.string().openapi({ description: 'The column’s title in the reader’s language (`2月`)' }),
  yours: CellValue.openapi({ description: 'The value this push sent' }),
  theirs: CellValue.openapi({ description: 'The value stored since your baseRevision by someone else' }),
})

export const OPERATION_DOCS: Record<string, OperationDocs> = {
  'GET /v1/sheets/tabs': {
    description:
      'What the add-on lays out in a spreadsheet: the five tabs (`targets-region`, `targets-store`, `budgets`, `expenses`, ' +
      '`stock-limits`) with their params, fixed column keys, Chinese and English titles, types and which columns are editable. ' +
      'Dropdown `options` hold the region, store, dealer and SKU codes, departments and categories the caller may use, so a ' +
      'manager’s sheet offers only its own regions’ codes.',
  },
  'GET /v1/sheets/{tab}': {
    description:
      'The add-on’s pull: `columns` in the tab’s key order and one array per row, for the caller’s regions (`regionCode` narrows ' +
      'them; a region the token does not cover is 403). Keep `revision` and send it back as `baseRevision` with the next push: a cell ' +
      'someone else changed since then comes back as a 409 instead of being overwritten. The target, budget and expense tabs need ' +
      '`year` (422 without it).',
  },
  'POST /v1/sheets/{tab}/sync': {
    description:
      'The add-on’s push. Each row carries every editable key of its tab (`targets-store`: `code` and `m1` … `m12`), keyed by ' +
      'column key; cells arrive as the sheet gives them: numbers, `"1,200,000"`, `"¥1,200"`, `"12%"`, date serials and blanks (a ' +
      'blank month is 0). Rows not pushed stay as they are. Every row is checked before anything is applied: bad cells are listed ' +
      'in one 422 by sheet row and column key, with rows of another region (`forbidden`) or of submitted or approved targets or ' +
      'budgets (`locked`) among them; when those are the only fault the push is a 403 or a 423. With `baseRevision`, cells someone ' +
      'else changed since are a 409 whose `conflicts` give yours and theirs: pull again, then push. Nothing is applied on any ' +
      'error; applied rows are audited with `via: sheet` and their sheet row, and the answer gives each pushed row’s computed ' +
      'columns for the add-on to write back.',
    requestExample: STORE_TARGETS_PUSH,
    responseExamples: {
      200: {
        revision: 43,
        applied: 2,
        computed: [
          { row: 3, values: { name: '上海南京路店', regionCode: 'EAST', total: 1_748_000, actualYtd: 0, rate: null, targetToDate: 0, timeProgress: 0, pace: null } },
          { row: 4, values: { name: '上海徐家汇店', regionCode: 'EAST', total: 935_000, actualYtd: 0, rate: null, targetToDate: 0, timeProgress: 0, pace: null } },
        ],
      },
    },
    conflict: {
      description: 'Cells changed by someone else since `baseRevision`; `conflicts` gives yours and theirs, and nothing was applied',
      schema: SheetConflict,
      example: [{ row: 3, column: 'm2', title: '2月', yours: 98_000, theirs: 105_000 }],
      detail: '1 cell was changed by someone else since your last pull; nothing was applied.',
    },
  },
  'GET /v1/sheets/bindings': {
    description:
      'The spreadsheet tabs bound to the caller’s regions (every binding for HQ), which the five-minute cron fills with actuals and ' +
      'achievement, with when each was last written and the last error the Sheets API gave (a sheet no longer shared with the ' +
      'service account, say).',
  },
  'POST /v1/sheets/write-back': {
    description:
      'Runs now what the five-minute cron runs: fresh actuals and achievement are written into every bound spreadsheet through the ' +
      'Sheets API as the service account of `GOOGLE_SERVICE_ACCOUNT_JSON` (without that secret write-back is off and nothing is ' +
      'written). A spreadsheet that fails is listed with its error; the others are written all the same.',
  },
  'GET /v1/report-links': {
    description:
      'The report links the token may manage: every link for HQ, a manager’s own links otherwise, each with its report, params, ' +
      'format, regions, expiry and revocation. Never their URLs: only a hash of each is kept, so a lost URL is revoked and made ' +
      'again.',
  },
  'DELETE /v1/report-links/{id}': {
    description:
      'Revokes a link at once: its URL answers 404 from then on, also in the sheets that pull it with `=IMPORTDATA`. HQ may revoke ' +
      'any link, a manager only its own (another’s is 404). Revoking again answers the link as it is.',
  },
  'GET /r/{token}': {
    description:
      'What a report link opens, with no other credentials: for `=IMPORTDATA(url)` in HQ’s sheets or a manager’s phone. The ' +
      'link’s report in its format and language, for the regions its creator could see; HTML pages take `region`, `month` and ' +
      '`week` to narrow what they show, never to widen it. An unknown, revoked or expired token is 404.',
  },
}
