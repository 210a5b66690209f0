// The sheet sync protocol: tab definitions, reading tabs, pushing cells as a sheet gives them,
// errors by row and column, conflicts with yours and theirs, audit with the sheet row, scale.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

const Y = 2027
let manager: string
let viewer: string
let westManager: string

const push = (tab: string, body: Record<string, unknown>, token?: string) =>
  call('POST', `/v1/sheets/${tab}/sync`, { body: { spreadsheetId: 'sheet-abc', sheetName: '门店目标', params: { year: Y }, ...body }, ...(token === undefined ? {} : { token }) })
const months = (values: (string | number | null)[]) => Object.fromEntries(values.map((v, i) => [`m${i + 1}`, v]))

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'SE', name: '华东区' }, { code: 'SW', name: '西南区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'SE1', name: '南京路店', regionCode: 'SE', channel: 'direct' },
          { code: 'SE2', name: '徐家汇店', regionCode: 'SE', channel: 'direct' },
          { code: 'SW1', name: '春熙路店', regionCode: 'SW', channel: 'direct' },
        ],
      },
    }),
  )
  await expectOk(call('POST', '/v1/targets/plan', { body: { year: Y, companyAmount: 24000, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal', save: true } }))
  manager = (await issueToken('manager', ['SE'])).token
  viewer = (await issueToken('viewer', ['SE'])).token
  westManager = (await issueToken('manager', ['SW'])).token
})

describe('tabs', () => {
  it('defines the five tabs with the fixed keys and the caller’s options', async () => {
    const res = await call('GET', '/v1/sheets/tabs', { token: manager })
    expect(res.json.tabs.map((t: any) => t.name)).toEqual(['targets-region', 'targets-store', 'budgets', 'expenses', 'stock-limits'])
    const store = res.json.tabs.find((t: any) => t.name === 'targets-store')
    expect(store.columns.map((c: any) => c.key)).toEqual(['code', 'name', 'regionCode', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12', 'total', 'actualYtd', 'targetToDate', 'rate', 'timeProgress', 'pace'])
    expect(store.columns[0]).toMatchObject({ key: 'code', title: 'Store', editable: true, options: ['SE1', 'SE2'] })
    expect(store.columns.find((c: any) => c.key === 'rate')).toMatchObject({ editable: false })
    // Departments and categories are offered by name, in the reader's language (this one reads English).
    expect(res.json.tabs.find((t: any) => t.name === 'budgets').columns.find((c: any) => c.key === 'category').options).toContain('Travel')
  })

  it('reads a tab in column order with the revision', async () => {
    const res = await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager })
    expect(res.status).toBe(200)
    expect(res.json.columns[0]).toBe('code')
    expect(res.json.rows.map((r: any[]) => r[0])).toEqual(['SE1', 'SE2'])
    expect(res.json.rows[0].slice(0, 5)).toEqual(['SE1', '南京路店', 'SE', 500, 500])
    expect(res.json.revision).toBeGreaterThan(0)
    expect((await call('GET', '/v1/sheets/targets-store', { token: manager })).status).toBe(422)
    expect((await call('GET', `/v1/sheets/nope?year=${Y}`, { token: manager })).status).toBe(422)
  })
})

describe('pushing the store targets tab', () => {
  it('parses cells the way a sheet gives them and applies every row, audited with the sheet row', async () => {
    const base = (await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager })).json.revision
    const res = await push(
      'targets-store',
      {
        baseRevision: base,
        rows: [
          { row: 2, values: { code: ' SE1 ', ...months(['1,200', '¥1,200', 1200, ' 1200.50 ', '', null, 0, 0, 0, 0, 0, 0]) } },
          { row: 3, values: { code: 'SE2', ...months([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]) } },
        ],
      },
      manager,
    )
    expect(res.status, res.text).toBe(200)
    expect(res.json.applied).toBe(2)
    expect(res.json.revision).toBe(base + 1)
    // 2027 has not begun: no target to date yet, so no rate.
    expect(res.json.computed[0]).toEqual({ row: 2, values: { name: '南京路店', regionCode: 'SE', total: 4800.5, actualYtd: 0, targetToDate: 0, rate: null, timeProgress: 0, pace: null } })
    expect(res.json.warnings.length).toBeGreaterThan(0) // store sums no longer match the region target
    const stored = await env.DB.prepare("SELECT month, amount FROM targets WHERE code = 'SE1' AND year = ? AND month <= 5 ORDER BY month").bind(Y).all()
    expect(stored.results.map((r: any) => r.amount)).toEqual([120000, 120000, 120000, 120050, 0])
    const audit = await call('GET', `/v1/audit?entity=target&key=sales/${Y}/store/SE1`)
    expect(audit.json.entries[0]).toMatchObject({ via: 'sheet', context: { spreadsheetId: 'sheet-abc', sheetName: '门店目标', row: 2 } })
  })

  it('names every bad cell by row and column and applies nothing', async () => {
    const before = (await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager })).json.revision
    const res = await push(
      'targets-store',
      {
        rows: [
          { row: 2, values: { code: 'SE1', ...months(['1.005', 'abc', -3, 0, 0, 0, 0, 0, 0, 0, 0, 0]) } },
          { row: 3, values: { code: '', ...months(Array(12).fill(0)) } },
          { row: 4, values: { code: 'SE1', ...months(Array(12).fill(0)) } },
        ],
      },
      manager,
    )
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => [e.row, e.column, e.message])).toEqual([
      [2, 'm1', 'has more than 2 decimals'],
      [2, 'm2', 'is not an amount'],
      [2, 'm3', 'must not be negative'],
      [3, 'code', 'is required'],
      [4, 'code', 'SE1 is already in row 2'],
    ])
    const unknown = await push('targets-store', { rows: [{ row: 7, values: { code: 'GHOST', ...months(Array(12).fill(1)) } }] }, manager)
    expect(unknown.json.errors).toEqual([expect.objectContaining({ row: 7, column: 'code', message: 'store GHOST does not exist' })])
    expect((await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager })).json.revision).toBe(before)
  })

  it('a cell changed by someone else since the pull is a 409 with yours and theirs', async () => {
    const base = (await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager })).json.revision
    await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'store', rows: [{ code: 'SE2', month: 3, amount: 333 }] } }))
    const res = await push('targets-store', { baseRevision: base, rows: [{ row: 3, values: { code: 'SE2', ...months([100, 100, 444, 100, 100, 100, 100, 100, 100, 100, 100, 100]) } }] }, manager)
    expect(res.status).toBe(409)
    expect(res.json.conflicts).toEqual([{ row: 3, column: 'm3', title: 'Mar', yours: 444, theirs: 333 }])
  })

  it('is for the region’s manager and HQ; region targets are HQ’s', async () => {
    const rows = [{ row: 2, values: { code: 'SE1', ...months(Array(12).fill(1)) } }]
    expect((await push('targets-store', { rows }, westManager)).status).toBe(403)
    expect((await push('targets-store', { rows }, viewer)).status).toBe(403)
    expect((await push('targets-store', { rows }, null as unknown as string)).status).toBe(401)
    expect((await push('targets-region', { rows: [{ row: 2, values: { code: 'SE', ...months(Array(12).fill(1)) } }] }, manager)).status).toBe(403)
    const hq = await push('targets-region', { rows: [{ row: 2, values: { code: 'SE', ...months(Array(12).fill(1000)) } }] })
    expect(hq.status).toBe(200)
    expect(hq.json.computed[0].values).toMatchObject({ name: '华东区', total: 12000, status: 'draft' })
  })
})

describe('pushing the budgets tab', () => {
  it('applies budget lines and returns total, spent and remaining', async () => {
    const res = await push('budgets', { rows: [{ row: 2, values: { regionCode: 'SE', department: 'sales', category: 'travel', ...months(Array(12).fill('1,000')) } }] }, manager)
    expect(res.status, res.text).toBe(200)
    expect(res.json.computed).toEqual([{ row: 2, values: { total: 12000, spent: 0, remaining: 12000 } }])
    const bad = await push('budgets', { rows: [{ row: 5, values: { regionCode: 'SE', department: 'party', category: 'travel', ...months(Array(12).fill(0)) } }] }, manager)
    expect(bad.json.errors).toEqual([expect.objectContaining({ row: 5, column: 'department' })])
  })

})

describe('pushing the expenses tab', () => {
  const expenseRow = (row: number, expenseId: string, amount: string | number, over: Record<string, unknown> = {}) => ({
    row,
    values: { expenseId, regionCode: 'SE', department: 'sales', category: 'office', incurredOn: 46037, amount, description: '办公用品', ...over },
  })

  it('submits new rows checked against the budget, counting the rows above them; all or none', async () => {
    // 46037 is the Sheets serial of 2026-01-15.
    await expectOk(call('PUT', '/v1/budgets', { token: manager, body: { year: 2026, rows: [{ regionCode: 'SE', department: 'sales', category: 'office', month: 1, amount: 1000 }] } }))
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'SE', department: 'sales', category: 'office', monthly: 'stop', annual: 'warn' }] } }))
    const tooMuch = await push('expenses', { params: { year: 2026 }, rows: [expenseRow(2, 'SH-EXP-1', '¥600'), expenseRow(3, 'SH-EXP-2', '600')] }, manager)
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.json.errors).toEqual([expect.objectContaining({ row: 3, column: 'amount', message: 'the monthly budget of 1000 would be exceeded by 200' })])
    expect(await env.DB.prepare("SELECT count(*) AS n FROM expenses WHERE expense_id LIKE 'SH-EXP-%'").first()).toEqual({ n: 0 })

    const res = await push('expenses', { params: { year: 2026 }, rows: [expenseRow(2, 'SH-EXP-1', '¥600'), expenseRow(3, 'SH-EXP-2', '400')] }, manager)
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ applied: 2, computed: [{ row: 2, values: { status: 'submitted', budgetAction: 'within budget' } }, { row: 3, values: { status: 'submitted' } }] })
    const tab = await call('GET', '/v1/sheets/expenses?year=2026', { token: manager })
    expect(tab.json.rows.map((r: any[]) => [r[0], r[5], r[6]])).toEqual([['SH-EXP-1', '2026-01-15', 600], ['SH-EXP-2', '2026-01-15', 400]])
    const audit = await call('GET', '/v1/audit?entity=expense&key=SH-EXP-2')
    expect(audit.json.entries[0]).toMatchObject({ via: 'sheet', context: { row: 3 } })

    // The same rows again change nothing; changing a submitted one is refused.
    expect((await push('expenses', { params: { year: 2026 }, rows: [expenseRow(2, 'SH-EXP-1', 600)] }, manager)).json.applied).toBe(0)
    const changed = await push('expenses', { params: { year: 2026 }, rows: [expenseRow(2, 'SH-EXP-1', 700)] }, manager)
    expect(changed.json.errors).toEqual([expect.objectContaining({ row: 2, column: 'amount' })])
  })

  it('names bad cells: unknown lines, bad dates, blank amounts, repeated ids', async () => {
    const res = await push(
      'expenses',
      { params: { year: 2026 }, rows: [expenseRow(2, 'X-1', '', { department: 'party' }), expenseRow(3, 'X-1', 10, { incurredOn: '2026-02-30' })] },
      manager,
    )
    expect(res.json.errors.map((e: any) => [e.row, e.column])).toEqual([[2, 'department'], [2, 'amount'], [3, 'incurredOn'], [3, 'expenseId']])
  })
})

describe('pushing the stock-limits tab', () => {
  it('stores limits, names bad cells by row and column, and reads them back with stock columns', async () => {
    await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'SKU-A', name: '商品A' }] } }))
    const bad = await push(
      'stock-limits',
      { rows: [{ row: 2, values: { locationCode: 'SE1', sku: 'SKU-A', min: '1.5', max: 10 } }, { row: 3, values: { locationCode: 'NOPE', sku: 'SKU-A', min: 50, max: 10 } }] },
      manager,
    )
    // The bad cell of row 2 and the unknown location and min above max of row 3, in one answer.
    expect(bad.json.errors.map((e: any) => [e.row, e.column])).toEqual([[2, 'min'], [3, 'locationCode'], [3, 'min']])
    const refs = await push('stock-limits', { rows: [{ row: 3, values: { locationCode: 'NOPE', sku: 'SKU-A', min: 50, max: 10 } }] }, manager)
    expect(refs.json.errors.map((e: any) => [e.row, e.column])).toEqual([[3, 'locationCode'], [3, 'min']])
    const res = await push('stock-limits', { rows: [{ row: 2, values: { locationCode: 'SE1', sku: 'SKU-A', min: '5', max: ' 20 ' } }] }, manager)
    expect(res.status, res.text).toBe(200)
    expect(res.json.computed).toEqual([{ row: 2, values: { onHand: null, turnoverDays: null, alert: null } }])
    const tab = await call('GET', '/v1/sheets/stock-limits', { token: manager })
    expect(tab.json.rows).toEqual([['SE1', 'SKU-A', 5, 20, null, null, null]])
    const audit = await call('GET', '/v1/audit?entity=inventory-limit&key=SE1/SKU-A')
    expect(audit.json.entries[0]).toMatchObject({ via: 'sheet', context: { row: 2, sheetName: '门店目标' } })
  })
})

describe('a 10,000-row push', () => {
  it('is one request, validated and applied whole', async () => {
    const stores = Array.from({ length: 10_000 }, (_, i) => ({ code: `SX${String(i).padStart(5, '0')}`, name: `门店${i}`, regionCode: 'SW', channel: 'direct' }))
    for (let i = 0; i < stores.length; i += 5000) await expectOk(call('PUT', '/v1/stores', { body: { stores: stores.slice(i, i + 5000) } }))
    const rows = stores.map((s, i) => ({ row: i + 2, values: { code: s.code, ...months(Array(12).fill('1,000')) } }))
    const started = Date.now()
    const res = await push('targets-store', { rows }, westManager)
    console.log(`10,000-row targets-store push: ${Date.now() - started} ms`)
    expect(res.status, res.text.slice(0, 300)).toBe(200)
    expect(res.json.applied).toBe(10_000)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM targets WHERE code LIKE 'SX%' AND year = ?").bind(Y).first()).toEqual({ n: 120_000 })
  })
})
