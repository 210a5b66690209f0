// Probes of the sheet walls by a manager of AWE pushing, binding and reading around them: a foreign
// expense id, a sheet of HQ's spreadsheet, a sheet name in another case, a full-width code.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { writeBackBoundSheets } from '../../src/sheets/writeback'
import { call, expectOk, issueToken } from './helpers'

const api = inject('sheetsApiUrl')
const withGoogle = { ...env, SHEETS_API_URL: api, GOOGLE_SERVICE_ACCOUNT_JSON: inject('serviceAccountJson') }
const Y = 2026
const OWN = 'AWE'
const FOREIGN = 'AWN'

const setSheet = (spreadsheetId: string, sheet: string, values: unknown[][]) => fetch(`${api}/__set`, { method: 'POST', body: JSON.stringify({ spreadsheetId, sheet, values }) })
const getSheet = async (spreadsheetId: string, sheet: string) => (await (await fetch(`${api}/__get?spreadsheetId=${spreadsheetId}&sheet=${encodeURIComponent(sheet)}`)).json()) as unknown[][]

let manager: { id: string; token: string }

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: OWN, name: '华东区' }, { code: FOREIGN, name: '华北区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [OWN, FOREIGN].map((r) => ({ code: `${r}-1`, name: `${r} 一店`, regionCode: r, channel: 'direct' })) } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: Y, level: 'store', rows: [OWN, FOREIGN].map((r) => ({ code: `${r}-1`, month: 1, amount: 1000 })) } }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: Y, rows: [OWN, FOREIGN].map((r) => ({ regionCode: r, department: 'sales', category: 'travel', month: 3, amount: 5000 })) } }))
  // HQ's expense in the foreign region: the manager of AWE must learn nothing about it.
  await expectOk(call('POST', '/v1/expenses', { body: { expenseId: 'AWN-SECRET-1', regionCode: FOREIGN, department: 'sales', category: 'travel', incurredOn: '2026-03-03', amount: 1234.5, description: '北区机密' } }))
  manager = await issueToken('manager', [OWN])
})

describe('expenses tab push naming another region’s expense id', () => {
  const push = (amount: number) =>
    call('POST', '/v1/sheets/expenses/sync', {
      token: manager.token,
      body: {
        spreadsheetId: 'ss-aw-own',
        sheetName: '费用',
        params: { year: Y },
        rows: [{ row: 3, values: { expenseId: 'AWN-SECRET-1', regionCode: OWN, department: 'sales', category: 'travel', incurredOn: '2026-03-03', amount, description: 'probe' } }],
      },
    })

  it('does not return the foreign expense’s status or budget check as computed values', async () => {
    const res = await push(1234.5)
    expect(res.text).not.toContain('"status":"submitted"')
  })

  it('does not tell the foreign expense’s status, nor whether a guessed amount is right', async () => {
    const taken = { status: 422, errors: [{ row: 3, column: 'expenseId', message: 'AWN-SECRET-1 is taken; choose another id' }] }
    const answer = (res: { status: number; json: any }) => ({ status: res.status, errors: res.json.errors.map((e: any) => ({ row: e.row, column: e.column, message: e.message })) })
    expect(answer(await push(1))).toEqual(taken)
    expect(answer(await push(1234.5))).toEqual(taken)
    // After HQ rejects the foreign expense, the manager's probe still learns nothing.
    await expectOk(call('POST', '/v1/expenses/AWN-SECRET-1/reject', { body: { note: '不合规' } }))
    expect(answer(await push(1234.5))).toEqual(taken)
  })
})

describe('a manager binding another sheet of HQ’s spreadsheet', () => {
  it('HQ’s spreadsheet id is not handed to the manager, and the manager cannot make the service account write into it', async () => {
    // HQ binds its own master spreadsheet's store-target tab for AWE (admin binder).
    await expectOk(call('PUT', '/v1/sheets/bindings', { body: { bindings: [{ spreadsheetId: 'ss-aw-hq-master', sheetName: 'HQ门店目标', tab: 'targets-store', regionCode: OWN, year: Y }] } }))
    const listed = await call('GET', '/v1/sheets/bindings', { token: manager.token })
    const hqIdSeen = listed.json.bindings.some((b: { spreadsheetId: string }) => b.spreadsheetId === 'ss-aw-hq-master')

    // HQ's own sheet in that spreadsheet, which HQ never bound; its `total` column holds HQ's figures.
    await setSheet('ss-aw-hq-master', 'HQ预算总表', [
      ['regionCode', 'department', 'category', 'total'],
      ['区域', '部门', '科目', '合计'],
      [OWN, 'sales', 'travel', 'HQ-own-figure-1'],
      [FOREIGN, 'sales', 'travel', 'HQ-own-figure-2'],
    ])
    await setSheet('ss-aw-hq-master', 'HQ门店目标', [['code', 'total'], ['门店', '合计'], [`${OWN}-1`, '']])
    const bind = await call('PUT', '/v1/sheets/bindings', {
      token: manager.token,
      body: { bindings: [{ spreadsheetId: 'ss-aw-hq-master', sheetName: 'HQ预算总表', tab: 'budgets', regionCode: OWN, year: Y }] },
    })
    await writeBackBoundSheets(withGoogle, { backoffMs: 10 })
    const hqSheet = await getSheet('ss-aw-hq-master', 'HQ预算总表')
    expect({ hqIdSeen, bindStatus: bind.status, hqCell: hqSheet[2]![3] }).toEqual({ hqIdSeen: false, bindStatus: 403, hqCell: 'HQ-own-figure-1' })
  })
})

describe('write-back and the code rule', () => {
  it('fills a row whose store code the push accepts (full-width, as an IME types it)', async () => {
    const code = 'ＡＷＥ-1' // folds to AWE-1 under the code rule
    await expectOk(call('PUT', '/v1/sheets/bindings', { token: manager.token, body: { bindings: [{ spreadsheetId: 'ss-aw-fw', sheetName: '门店目标', tab: 'targets-store', regionCode: OWN, year: Y }] } }))
    const months = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i + 1}`, i === 0 ? 1000 : 0]))
    const pulled = await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager.token })
    const pushed = await call('POST', '/v1/sheets/targets-store/sync', {
      token: manager.token,
      body: { baseRevision: pulled.json.revision, spreadsheetId: 'ss-aw-fw', sheetName: '门店目标', params: { year: Y }, rows: [{ row: 3, values: { code, ...months } }] },
    })
    expect(pushed.status).toBe(200)
    await setSheet('ss-aw-fw', '门店目标', [['code', 'total'], ['门店', '合计'], [code, 'untouched']])
    await writeBackBoundSheets(withGoogle, { backoffMs: 10 })
    const rows = await getSheet('ss-aw-fw', '门店目标')
    expect(rows[2]![1]).toBe(1000)
  })
})

describe('binding HQ’s foreign-region sheet again under a spelling Google may treat as the same sheet', () => {
  it('is refused like the exact spelling (403)', async () => {
    await expectOk(call('PUT', '/v1/sheets/bindings', { body: { bindings: [{ spreadsheetId: 'ss-aw-north', sheetName: 'North Targets', tab: 'targets-store', regionCode: FOREIGN, year: Y }] } }))
    const exact = await call('PUT', '/v1/sheets/bindings', { token: manager.token, body: { bindings: [{ spreadsheetId: 'ss-aw-north', sheetName: 'North Targets', tab: 'targets-store', regionCode: OWN, year: Y }] } })
    const statuses: Record<string, number> = {}
    for (const sheetName of ['north targets', 'NORTH TARGETS', 'North Targets ']) {
      statuses[JSON.stringify(sheetName)] = (await call('PUT', '/v1/sheets/bindings', { token: manager.token, body: { bindings: [{ spreadsheetId: 'ss-aw-north', sheetName, tab: 'targets-store', regionCode: OWN, year: Y }] } })).status
    }
    expect(exact.status).toBe(403)
    expect(Object.values(statuses)).toEqual([403, 403, 403])
  })
})
