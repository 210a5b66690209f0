// A stand-in for the worker's sheet sync endpoints, for the add-on's unit tests: the real tab
// definitions (column titles in the asked language, as the worker answers them), a store targets
// tab of a few rows, and sync answers a test chooses. The end-to-end
// test runs against the real worker instead.
import { columnKeys, tabDefinitions } from '../../src/sheets/tabs'
import type { FetchCall, FetchHandler } from './apps-script-stubs'

export const BASE_URL = 'https://regionops.test'
export const TOKEN = 'rgo_test_manager'

const json = (status: number, body: unknown) => ({ status, text: JSON.stringify(body) })
const problemBody = (status: number, detail: string, extra: Record<string, unknown> = {}) => ({ type: 'about:blank', title: 'Problem', status, detail, ...extra })
const problem = (status: number, detail: string) => json(status, problemBody(status, detail))

/** One store row of the targets-store tab in column order. */
export function storeRow(code: string, name: string, months: number[], computed: { total?: number; actualYtd?: number; rate?: number | null } = {}): unknown[] {
  const total = computed.total ?? months.reduce((a, b) => a + b, 0)
  return [code, name, 'EAST', ...months, total, computed.actualYtd ?? 0, computed.rate ?? null]
}

export interface SyncAnswer {
  status: number
  body: Record<string, unknown>
}

export function fakeWorker() {
  const state = {
    revision: 7,
    rows: [storeRow('EA001', '南京路店', Array(12).fill(100)), storeRow('EA002', '徐家汇店', Array(12).fill(50)), storeRow('EA003', '静安店', Array(12).fill(0))],
    /** What the next sync answers; by default it applies and computes totals. */
    answer: null as ((body: { rows: { row: number; values: Record<string, unknown> }[] }) => SyncAnswer) | null,
    syncs: [] as Record<string, unknown>[],
    reads: [] as string[],
  }
  const options = {
    regionCodes: ['EAST'],
    storeCodes: ['EA001', 'EA002', 'EA003', 'EA004'],
    departments: ['sales', 'marketing'],
    categories: ['rent', 'travel'],
    skus: ['TOP-001'],
    locationCodes: ['EA001', 'D-SH01'],
  }
  const tabs = tabDefinitions(options)

  const handler: FetchHandler = (call: FetchCall) => {
    if (call.headers.Authorization !== `Bearer ${TOKEN}`) return problem(401, 'A valid bearer token is required.')
    const url = new URL(call.url)
    if (!call.url.startsWith(BASE_URL)) return { status: 404, text: 'not here' }
    if (call.method === 'get' && url.pathname === '/v1/sheets/tabs') return json(200, { tabs: tabDefinitions(options, call.headers['Accept-Language'] === 'en' ? 'en' : 'zh-CN') })
    const read = /^\/v1\/sheets\/([\w-]+)$/.exec(url.pathname)
    if (call.method === 'get' && read) {
      state.reads.push(url.pathname + url.search)
      return json(200, { revision: state.revision, columns: columnKeys(read[1] as 'targets-store'), rows: state.rows })
    }
    const sync = /^\/v1\/sheets\/([\w-]+)\/sync$/.exec(url.pathname)
    if (call.method === 'post' && sync) {
      if (call.contentType !== 'application/json') return problem(415, 'JSON only')
      const body = JSON.parse(call.payload!)
      state.syncs.push(body)
      const answer = state.answer ? state.answer(body) : applied(body)
      return json(answer.status, answer.body)
    }
    return problem(404, `No route for ${call.method} ${url.pathname}`)
  }

  function applied(body: { rows: { row: number; values: Record<string, unknown> }[] }): SyncAnswer {
    state.revision++
    const computed = body.rows.map((r) => ({
      row: r.row,
      values: { name: 'n/a', regionCode: 'EAST', total: Object.entries(r.values).reduce((sum, [key, v]) => (/^m\d+$/.test(key) ? sum + Number(String(v ?? 0).replace(/,/g, '')) : sum), 0), actualYtd: 0, rate: null },
    }))
    return { status: 200, body: { revision: state.revision, applied: body.rows.length, computed, warnings: [] } }
  }

  /** A problem answer for `state.answer`. */
  const syncProblem = (status: number, detail: string, extra?: Record<string, unknown>): SyncAnswer => ({ status, body: problemBody(status, detail, extra) })

  return { state, tabs, handler, problem: syncProblem }
}
