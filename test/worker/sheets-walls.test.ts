// Region walls around the sheets: the write-back fills only rows of the binding's region that its
// binder still covers, on every tab, whatever codes a manager lists in their own spreadsheet; a
// sheet bound to a region the caller does not cover cannot be taken over; rebinding audits what it
// replaced.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { writeBackBoundSheets } from '../../src/sheets/writeback'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const api = inject('sheetsApiUrl')
const withGoogle = { ...env, SHEETS_API_URL: api, GOOGLE_SERVICE_ACCOUNT_JSON: inject('serviceAccountJson') }
const Y = 2026
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${i + 1}`)
/** What the sheet holds in a computed cell before the write-back; a foreign row must keep it. */
const UNTOUCHED = '未写入'
const OWN = 'WLE'
const FOREIGN = ['WLN', 'WLS']

const setSheet = (spreadsheetId: string, sheet: string, values: unknown[][]) => fetch(`${api}/__set`, { method: 'POST', body: JSON.stringify({ spreadsheetId, sheet, values }) })
const getSheet = async (spreadsheetId: string, sheet: string) => (await (await fetch(`${api}/__get?spreadsheetId=${spreadsheetId}&sheet=${encodeURIComponent(sheet)}`)).json()) as unknown[][]

type TabName = 'targets-store' | 'budgets' | 'expenses' | 'stock-limits'
interface TabCase {
  sheet: string
  computed: string[]
  keys: string[]
  row: (regionCode: string) => unknown[]
}

/** Each manager-bound tab: its keys, its computed columns, and a row per region as a manager might list it. */
const TABS: Record<TabName, TabCase> = {
  'targets-store': { sheet: '门店目标', computed: ['total', 'actualYtd', 'rate'], keys: ['code', 'name', 'regionCode', ...MONTHS, 'total', 'actualYtd', 'targetToDate', 'rate', 'timeProgress', 'pace'], row: (r: string) => [`${r}-1`, '', r] },
  budgets: { sheet: '预算', computed: ['total', 'spent', 'remaining'], keys: ['regionCode', 'department', 'category', ...MONTHS, 'total', 'spent', 'remaining'], row: (r: string) => [r, 'sales', 'travel'] },
  expenses: {
    sheet: '费用',
    computed: ['status', 'budgetAction'],
    keys: ['expenseId', 'regionCode', 'department', 'category', 'incurredOn', 'amount', 'description', 'status', 'budgetAction'],
    row: (r: string) => [`${r}-X1`, r, 'sales', 'travel', '2026-03-03', 100, '出差'],
  },
  'stock-limits': { sheet: '库存', computed: ['onHand', 'turnoverDays', 'alert'], keys: ['locationCode', 'sku', 'min', 'max', 'onHand', 'turnoverDays', 'alert'], row: (r: string) => [`${r}-1`, 'WL-P', 5, 20] },
}

/** The tab's grid: keys, titles, then one row per region with every computed cell UNTOUCHED. */
function grid(tab: TabName, regionCodes: string[]) {
  const { keys, computed, row } = TABS[tab]
  return [
    [...keys],
    keys.map((k) => k.toUpperCase()),
    ...regionCodes.map((r) => {
      const cells: unknown[] = [...row(r)]
      while (cells.length < keys.length) cells.push('')
      for (const key of computed) cells[keys.indexOf(key)] = UNTOUCHED
      return cells
    }),
  ]
}

/** The computed cells of each region's row after the write-back. */
async function computedOf(spreadsheetId: string, tab: TabName, regionCodes: string[]) {
  const { keys, computed, sheet } = TABS[tab]
  const rows = (await getSheet(spreadsheetId, sheet)).slice(2)
  return Object.fromEntries(regionCodes.map((r, i) => [r, computed.map((key) => rows[i]![keys.indexOf(key)])]))
}

let manager: { id: string; token: string }

beforeAll(async () => {
  const all = [OWN, ...FOREIGN]
  await expectOk(call('PUT', '/v1/regions', { body: { regions: all.map((code, i) => ({ code, name: ['华东区', '华北区', '华南区'][i] })) } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: all.map((r) => ({ code: `${r}-1`, name: `${r} 一店`, regionCode: r, channel: 'direct' })) } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'WL-P', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: Y, level: 'store', rows: all.map((r) => ({ code: `${r}-1`, month: 1, amount: 1000 })) } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: Y, level: 'region', rows: all.map((r) => ({ code: r, month: 1, amount: 1000 })) } }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: Y, rows: all.map((r) => ({ regionCode: r, department: 'sales', category: 'travel', month: 3, amount: 5000 })) } }))
  for (const r of all) {
    await expectOk(call('POST', '/v1/expenses', { body: { expenseId: `${r}-X1`, regionCode: r, department: 'sales', category: 'travel', incurredOn: '2026-03-03', amount: 100, description: '出差' } }))
    await expectOk(call('POST', '/v1/inventory/snapshots', { body: { locationCode: `${r}-1`, asOf: '2026-03-01', lines: [{ sku: 'WL-P', onHand: 3 }] } }))
  }
  await expectOk(call('PUT', '/v1/inventory/limits', { body: { limits: all.map((r) => ({ locationCode: `${r}-1`, sku: 'WL-P', min: 5, max: 20 })) } }))
  const secret = await posSource('wl-till')
  for (const r of all) {
    await sendWebhook('wl-till', secret, { type: 'sale.completed', data: { saleId: `wl-${r}`, storeCode: `${r}-1`, occurredAt: `${Y}-01-10T12:00:00+08:00`, lines: [{ sku: 'WL-P', qty: 1, unitPrice: 500 }] } })
  }
  await drainSalesQueue()
  manager = await issueToken('manager', [OWN])
  const bindings = (Object.keys(TABS) as TabName[]).map((tab) => ({ spreadsheetId: 'ss-walls', sheetName: TABS[tab].sheet, tab, regionCode: OWN, year: Y }))
  expect((await call('PUT', '/v1/sheets/bindings', { token: manager.token, body: { bindings } })).json).toEqual({ bound: 4 })
})

describe('the write-back behind the region walls', () => {
  it('fills the manager’s own rows on every tab and leaves other regions’ rows as they were', async () => {
    for (const tab of Object.keys(TABS) as TabName[]) await setSheet('ss-walls', TABS[tab].sheet, grid(tab, [OWN, ...FOREIGN]))
    expect((await writeBackBoundSheets(withGoogle, { backoffMs: 10 })).failed).toEqual([])

    const written: Record<string, unknown> = {}
    for (const tab of Object.keys(TABS) as TabName[]) {
      const cells = await computedOf('ss-walls', tab, [OWN, ...FOREIGN])
      written[tab] = cells
      // (A figure regionops does not know, such as the turnover of stock that never sold, keeps the cell.)
      expect(cells[OWN]!.filter((cell) => cell !== UNTOUCHED).length, `${tab}: own row ${JSON.stringify(cells[OWN])}`).toBeGreaterThanOrEqual(2)
      for (const r of FOREIGN) expect(cells[r], `${tab}: ${r}`).toEqual(TABS[tab].computed.map(() => UNTOUCHED))
    }
    expect(written).toMatchObject({
      'targets-store': { [OWN]: [1000, 500, 0.5] },
      budgets: { [OWN]: [5000, 100, 4900] },
      expenses: { [OWN]: ['已提交', '正常'] },
      'stock-limits': { [OWN]: [3, UNTOUCHED, '补货、滞销'] },
    })
  })

  it('writes nothing once the binder’s token is revoked', async () => {
    await expectOk(call('DELETE', `/v1/admin/tokens/${manager.id}`))
    for (const tab of Object.keys(TABS) as TabName[]) await setSheet('ss-walls', TABS[tab].sheet, grid(tab, [OWN, ...FOREIGN]))
    expect((await writeBackBoundSheets(withGoogle, { backoffMs: 10 })).failed).toEqual([])
    for (const tab of Object.keys(TABS) as TabName[]) {
      const cells = await computedOf('ss-walls', tab, [OWN, ...FOREIGN])
      for (const r of [OWN, ...FOREIGN]) expect(cells[r], `${tab}: ${r}`).toEqual(TABS[tab].computed.map(() => UNTOUCHED))
    }
    manager = await issueToken('manager', [OWN])
  })

  it('fills every region of HQ’s region-targets tab', async () => {
    const keys = ['code', 'name', ...MONTHS, 'total', 'storeSum', 'diff', 'status']
    await expectOk(call('PUT', '/v1/sheets/bindings', { body: { bindings: [{ spreadsheetId: 'ss-walls-hq', sheetName: '区域目标', tab: 'targets-region', regionCode: OWN, year: Y }] } }))
    await setSheet('ss-walls-hq', '区域目标', [keys, keys, ...[OWN, ...FOREIGN].map((r) => [r])])
    expect((await writeBackBoundSheets(withGoogle, { backoffMs: 10 })).failed).toEqual([])
    const rows = (await getSheet('ss-walls-hq', '区域目标')).slice(2)
    expect(rows.map((row) => row[keys.indexOf('total')])).toEqual([1000, 1000, 1000])
  })
})

describe('pulls and pushes behind the region walls', () => {
  it('a manager’s pull lists no foreign row, and a push naming a foreign store is refused with no figures', async () => {
    for (const tab of ['targets-store', 'budgets', 'expenses', 'stock-limits']) {
      const pulled = await call('GET', `/v1/sheets/${tab}?year=${Y}`, { token: manager.token })
      expect(pulled.status, tab).toBe(200)
      for (const r of FOREIGN) expect(pulled.text, `${tab} shows ${r}`).not.toContain(`"${r}`)
    }
    const months = Object.fromEntries(MONTHS.map((m) => [m, 100]))
    const push = await call('POST', '/v1/sheets/targets-store/sync', {
      token: manager.token,
      body: { spreadsheetId: 'ss-walls', sheetName: '门店目标', params: { year: Y, regionCode: OWN }, rows: [{ row: 3, values: { code: `${OWN}-1`, ...months } }, { row: 4, values: { code: 'WLN-1', ...months } }] },
    })
    expect([403, 422]).toContain(push.status)
    expect(push.text).not.toContain('"actualYtd"')
  })
})

describe('binding a sheet that is bound already', () => {
  const bind = (token: string | undefined, spreadsheetId: string, sheetName: string, tab: string, regionCode: string, year = Y) =>
    call('PUT', '/v1/sheets/bindings', { token, body: { bindings: [{ spreadsheetId, sheetName, tab, regionCode, year }] } })

  it('is refused when it is bound to a region the caller does not cover, or is HQ’s region-targets tab; nothing changes', async () => {
    await expectOk(bind(undefined, 'ss-walls-north', '门店目标', 'targets-store', 'WLN'))
    const takeover = await bind(manager.token, 'ss-walls-north', '门店目标', 'targets-store', OWN)
    expect(takeover.status).toBe(403)
    expect(takeover.json.detail).toContain('WLN')
    expect((await bind(manager.token, 'ss-walls-hq', '区域目标', 'targets-store', OWN)).status).toBe(403)
    const bindings = (await call('GET', '/v1/sheets/bindings')).json.bindings
    expect(bindings.find((b: { spreadsheetId: string }) => b.spreadsheetId === 'ss-walls-north')).toMatchObject({ tab: 'targets-store', regionCode: 'WLN' })
    expect(bindings.find((b: { spreadsheetId: string }) => b.spreadsheetId === 'ss-walls-hq')).toMatchObject({ tab: 'targets-region', regionCode: OWN })
  })

  it('audits what it replaced', async () => {
    await expectOk(bind(manager.token, 'ss-walls-own', '预算', 'budgets', OWN, 2026))
    await expectOk(bind(manager.token, 'ss-walls-own', '预算', 'budgets', OWN, 2027))
    const entries = (await call('GET', `/v1/audit?entity=sheet-binding&key=${encodeURIComponent('ss-walls-own/预算')}`)).json.entries.filter((e: { via: string }) => e.via === 'api')
    expect(entries.map((e: { before: unknown; after: unknown }) => [e.before, e.after])).toEqual(
      expect.arrayContaining([
        [null, { tab: 'budgets', regionCode: OWN, year: 2026, createdBy: manager.id }],
        [{ tab: 'budgets', regionCode: OWN, year: 2026, createdBy: manager.id }, { tab: 'budgets', regionCode: OWN, year: 2027, createdBy: manager.id }],
      ]),
    )
  })
})
