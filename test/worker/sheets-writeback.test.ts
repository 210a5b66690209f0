// Live write-back into bound spreadsheets, against a local fake of the Sheets API: a signed
// service-account token, one values.batchUpdate per spreadsheet, backoff on 429, unknown rows kept.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { writeBackBoundSheets } from '../../src/sheets/writeback'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const api = inject('sheetsApiUrl')
const withGoogle = { ...env, SHEETS_API_URL: api, GOOGLE_SERVICE_ACCOUNT_JSON: inject('serviceAccountJson') }
const Y = 2026
const KEYS = ['code', 'name', 'regionCode', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12', 'total', 'actualYtd', 'targetToDate', 'rate', 'timeProgress', 'pace']
let manager: string

const setSheet = (spreadsheetId: string, sheet: string, values: unknown[][]) => fetch(`${api}/__set`, { method: 'POST', body: JSON.stringify({ spreadsheetId, sheet, values }) })
const getSheet = async (spreadsheetId: string, sheet: string) => (await (await fetch(`${api}/__get?spreadsheetId=${spreadsheetId}&sheet=${encodeURIComponent(sheet)}`)).json()) as unknown[][]

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'WB', name: '华东区' }, { code: 'WX', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'WB1', name: '一店', regionCode: 'WB', channel: 'direct' }, { code: 'WB2', name: '二店', regionCode: 'WB', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'P', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: Y, level: 'store', rows: [{ code: 'WB1', month: 1, amount: 1000 }, { code: 'WB2', month: 1, amount: 2000 }] } }))
  const secret = await posSource('wb-till')
  await sendWebhook('wb-till', secret, { type: 'sale.completed', data: { saleId: 'wb-1', storeCode: 'WB1', occurredAt: `${Y}-01-10T12:00:00+08:00`, lines: [{ sku: 'P', qty: 1, unitPrice: 500 }] } })
  await drainSalesQueue()
  manager = (await issueToken('manager', ['WB'])).token
})

describe('bindings', () => {
  it('a manager binds its region’s store tab; other regions and region tabs are refused', async () => {
    const res = await call('PUT', '/v1/sheets/bindings', { token: manager, body: { bindings: [{ spreadsheetId: 'ss-1', sheetName: '门店目标', tab: 'targets-store', regionCode: 'WB', year: Y }] } })
    expect(res.json).toEqual({ bound: 1 })
    expect((await call('PUT', '/v1/sheets/bindings', { token: manager, body: { bindings: [{ spreadsheetId: 'ss-2', sheetName: 'x', tab: 'targets-store', regionCode: 'WX', year: Y }] } })).status).toBe(403)
    expect((await call('PUT', '/v1/sheets/bindings', { token: manager, body: { bindings: [{ spreadsheetId: 'ss-2', sheetName: 'x', tab: 'targets-region', regionCode: 'WB', year: Y }] } })).status).toBe(422)
    expect((await call('GET', '/v1/sheets/bindings', { token: manager })).json.bindings).toEqual([
      { spreadsheetId: 'ss-1', sheetName: '门店目标', tab: 'targets-store', regionCode: 'WB', year: Y, lastWrittenAt: null, lastError: null },
    ])
  })
})

describe('write-back', () => {
  it('writes actuals and achievement next to the rows, keeps unknown rows, one batchUpdate a spreadsheet', async () => {
    // Columns moved by the manager: the keys row says where each one is.
    const keys = [...KEYS.slice(0, 3), 'rate', ...KEYS.slice(3, 16), 'actualYtd']
    await setSheet('ss-1', '门店目标', [keys, keys.map((k) => k.toUpperCase()), ['WB1', '一店', 'WB'], ['NOT-OURS', '', '', 'keep me'], ['WB2', '二店', 'WB']])
    const before = ((await (await fetch(`${api}/__log`)).json()) as unknown[]).length
    const result = await writeBackBoundSheets(withGoogle, { backoffMs: 10 })
    expect(result).toMatchObject({ spreadsheets: 1, failed: [] })
    const grid = await getSheet('ss-1', '门店目标')
    const col = (key: string) => keys.indexOf(key)
    expect(grid[2]![col('actualYtd')]).toBe(500)
    expect(grid[2]![col('total')]).toBe(1000)
    expect(grid[2]![col('rate')]).toBe(0.5) // 500 of January's 1,000, the whole of which is past
    expect(grid[4]![col('actualYtd')]).toBe(0)
    expect(grid[3]![col('rate')]).toBe('keep me')
    const calls = ((await (await fetch(`${api}/__log`)).json()) as { method: string; path: string }[]).slice(before)
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect((await call('GET', '/v1/sheets/bindings', { token: manager })).json.bindings[0].lastWrittenAt).toEqual(expect.any(String))
  })

  it('backs off on 429 and succeeds; gives up after the last try and records the error', async () => {
    await fetch(`${api}/__fail429?times=2`)
    expect((await writeBackBoundSheets(withGoogle, { backoffMs: 10 })).failed).toEqual([])
    await fetch(`${api}/__fail429?times=50`)
    const failed = await writeBackBoundSheets(withGoogle, { backoffMs: 1 })
    expect(failed.failed).toEqual([{ spreadsheetId: 'ss-1', error: expect.stringContaining('HTTP 429 after 5 tries') }])
    expect((await call('GET', '/v1/sheets/bindings', { token: manager })).json.bindings[0].lastError).toContain('429')
    await fetch(`${api}/__fail429?times=0`)
  })

  it('does nothing without a service account', async () => {
    expect(await writeBackBoundSheets({ ...env, GOOGLE_SERVICE_ACCOUNT_JSON: undefined })).toEqual({ spreadsheets: 0, updatedCells: 0, failed: [] })
  })
})
