// A sheet push names each bad or conflicting cell by its column key (machine, never translated)
// and by the column's title in the reader's language, the one the add-on's header row shows:
// '3月' by default, 'Mar' for an English reader. The tab definitions' headers follow the same rule.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken, seedTwoRegions } from './helpers'

const Y = 2029
let east: string
let manager: string
const months = (values: (string | number | null)[]) => Object.fromEntries(values.map((v, i) => [`m${i + 1}`, v]))
const push = (tab: string, rows: { row: number; values: Record<string, unknown> }[], lang: 'zh-CN' | 'en' | null, baseRevision?: number) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, lang, body: { baseRevision, spreadsheetId: 'titles', sheetName: tab, params: { year: Y }, rows } })

beforeAll(async () => {
  ;({ east } = await seedTwoRegions('CT'))
  manager = (await issueToken('manager', [east])).token
})

describe('titles of the cells a push names', () => {
  const badMarch = () => [{ row: 4, values: { code: `${east}-S1`, ...months([100, 100, 'abc', 100, 100, 100, 100, 100, 100, 100, 100, 100]) } }]

  it('a bad m3 cell is column m3, titled 3月 by default (no Accept-Language) and for zh-CN', async () => {
    for (const lang of [null, 'zh-CN'] as const) {
      const res = await push('targets-store', badMarch(), lang)
      expect(res.status, res.text).toBe(422)
      expect(res.json.errors).toEqual([expect.objectContaining({ path: 'row.4.m3', row: 4, column: 'm3', title: '3月' })])
    }
  })

  it('the same cell is titled Mar for an English reader; its key stays m3', async () => {
    const res = await push('targets-store', badMarch(), 'en')
    expect(res.status, res.text).toBe(422)
    expect(res.json.errors).toEqual([{ path: 'row.4.m3', row: 4, column: 'm3', title: 'Mar', message: 'is not an amount' }])
  })

  it('titles every other column by its tab: a store code, an expense’s columns', async () => {
    const ghost = await push('targets-store', [{ row: 3, values: { code: 'CT-GHOST', ...months(Array(12).fill(0)) } }], 'zh-CN')
    expect(ghost.json.errors).toEqual([expect.objectContaining({ column: 'code', title: '门店' })])
    const expense = { expenseId: 'CT-X1', regionCode: east, department: 'nowhere', category: 'rent', incurredOn: `${Y}-02-30`, amount: 'lots', description: '差旅' }
    const res = await push('expenses', [{ row: 3, values: expense }], 'zh-CN')
    expect(res.status, res.text).toBe(422)
    expect(Object.fromEntries(res.json.errors.map((e: any) => [e.column, e.title]))).toEqual({ department: '部门', incurredOn: '发生日期', amount: '金额' })
    const en = await push('expenses', [{ row: 3, values: expense }], 'en')
    expect(Object.fromEntries(en.json.errors.map((e: any) => [e.column, e.title]))).toEqual({ department: 'Department', incurredOn: 'Incurred on', amount: 'Amount' })
  })

  it('a conflict names its column’s title too', async () => {
    const base = (await call('GET', `/v1/sheets/targets-store?year=${Y}&regionCode=${east}`, { token: manager })).json.revision
    await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'store', rows: [{ code: `${east}-S1`, month: 3, amount: 333 }] } }))
    const row = [{ row: 3, values: { code: `${east}-S1`, ...months([0, 0, 444, 0, 0, 0, 0, 0, 0, 0, 0, 0]) } }]
    const zh = await push('targets-store', row, 'zh-CN', base)
    expect(zh.status, zh.text).toBe(409)
    expect(zh.json.conflicts).toEqual([{ row: 3, column: 'm3', title: '3月', yours: 444, theirs: 333 }])
    expect((await push('targets-store', row, 'en', base)).json.conflicts).toEqual([{ row: 3, column: 'm3', title: 'Mar', yours: 444, theirs: 333 }])
  })
})

describe('the header titles of the tab definitions', () => {
  it('are in the reader’s language, with the same keys; tab titles stay as they were', async () => {
    const store = async (lang: 'zh-CN' | 'en' | null) => (await call('GET', '/v1/sheets/tabs', { token: manager, lang })).json.tabs.find((t: any) => t.name === 'targets-store')
    const [zh, bare, en] = await Promise.all([store('zh-CN'), store(null), store('en')])
    expect(zh.columns.slice(0, 6).map((c: any) => c.title)).toEqual(['门店', '名称', '区域', '1月', '2月', '3月'])
    expect(bare.columns).toEqual(zh.columns)
    expect(en.columns.slice(0, 6).map((c: any) => c.title)).toEqual(['Store', 'Name', 'Region', 'Jan', 'Feb', 'Mar'])
    expect(en.columns.map((c: any) => c.key)).toEqual(zh.columns.map((c: any) => c.key))
    expect([zh.title, en.title]).toEqual(['门店目标 Store targets', '门店目标 Store targets'])
  })
})
