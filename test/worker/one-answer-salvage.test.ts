// A row with a shape fault is still checked on its sound fields, and a bad envelope field does not
// hide the rows the caller may not change: every fault of a refused write comes back at once. Also
// what a sheet or CSV leaves out: a missing month key is not read as 0, CSV errors name the file
// line a sheet shows, and a store sent without external ids keeps its own.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken, seedTwoRegions } from './helpers'

const YEAR = 2036
let east: string
let west: string
const locked = 'SV-L'
let manager: string
const paths = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => `${e.path}${e.code === 'locked' || e.code === 'forbidden' ? `:${e.code}` : ''}`).sort()
const cells = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => (e.row ? `${e.row}:${e.column}${e.code === 'locked' || e.code === 'forbidden' ? `:${e.code}` : ''}` : e.path)).sort()
const months = (amount: number) => Object.fromEntries(Array.from({ length: 12 }, (_, m) => [`m${m + 1}`, amount]))
const push = (tab: string, body: Record<string, unknown>, token = manager) => call('POST', `/v1/sheets/${tab}/sync`, { token, body: { spreadsheetId: 'sv', sheetName: tab, ...body } })

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('SV'))
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: locked, name: '锁定区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: `${locked}-S1`, name: '锁定店', regionCode: locked, channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'SV-SKU', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'region', rows: [{ code: locked, month: 1, amount: 100 }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code: `${locked}-S1`, month: 1, amount: 100 }] } }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: YEAR, rows: [{ regionCode: locked, department: 'sales', category: 'rent', month: 1, amount: 100 }] } }))
  for (const what of ['targets', 'budgets']) {
    await expectOk(call('POST', `/v1/${what}/${YEAR}/regions/${locked}/submit`, { body: {} }))
    await expectOk(call('POST', `/v1/${what}/${YEAR}/regions/${locked}/approve`, { body: {} }))
  }
  manager = (await issueToken('manager', [east, locked])).token
})

describe('a shape fault does not hide a reference fault on the same row', () => {
  it('PUT /v1/stores: a bad tier and an unknown region', async () => {
    const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: 'SV-Q', name: 'q', regionCode: 'NOPE', channel: 'direct', tier: 0 }] } })
    expect(paths(res)).toEqual(['stores.0.regionCode', 'stores.0.tier'])
  })

  it('PUT /v1/targets: three decimals on a row that repeats another', async () => {
    const res = await call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code: `${east}-S1`, month: 3, amount: 1 }, { code: `${east}-S1`, month: 3, amount: 1.001 }] } })
    expect(paths(res)).toEqual(['rows.1', 'rows.1.amount'])
  })

  it('PUT /v1/budgets: unknown department and category beside a bad month, an unknown region beside a bad amount', async () => {
    const res = await call('PUT', '/v1/budgets', {
      body: { year: YEAR, rows: [{ regionCode: east, department: 'nope', category: 'bogus', month: 13, amount: 1 }, { regionCode: 'NOPE', department: 'sales', category: 'rent', month: 1, amount: -1 }] },
    })
    expect(paths(res)).toEqual(['rows.0.category', 'rows.0.department', 'rows.0.month', 'rows.1.amount', 'rows.1.regionCode'])
  })

  it('PUT /v1/budgets/controls: an unknown region beside a bad action', async () => {
    const res = await call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'NOPE', monthly: 'stop', annual: 'halt' }] } })
    expect(paths(res)).toEqual(['controls.0.annual', 'controls.0.regionCode'])
  })

  it('PUT /v1/inventory/limits: an unknown location beside a bad count', async () => {
    const res = await call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: 'NOPE', sku: 'SV-SKU', min: 1.5, max: 2 }] } })
    expect(paths(res)).toEqual(['limits.0.locationCode', 'limits.0.min'])
  })

  it('POST /v1/invoices and /v1/payments: duplicates and unknown dealers beside impossible dates', async () => {
    const invoice = { invoiceId: 'SV-I1', dealerCode: `${east}-D1`, issuedOn: '2026-02-01', dueOn: '2026-03-01', amount: 10 }
    const invoices = await call('POST', '/v1/invoices', { body: { invoices: [invoice, { ...invoice, issuedOn: '2026-02-30' }, { ...invoice, invoiceId: 'SV-I2', dealerCode: 'NOPE', dueOn: 'soon' }] } })
    expect(paths(invoices)).toEqual(['invoices.1.invoiceId', 'invoices.1.issuedOn', 'invoices.2.dealerCode', 'invoices.2.dueOn'])
    const payments = await call('POST', '/v1/payments', { body: { payments: [{ paymentId: 'SV-P1', dealerCode: 'NOPE', receivedOn: '2026-02-29', amount: 1, invoiceId: 'NOINV' }] } })
    expect(paths(payments)).toEqual(['payments.0.dealerCode', 'payments.0.invoiceId', 'payments.0.receivedOn'])
  })
})

describe('single writes name their references beside their shape faults', () => {
  it('POST /v1/shipments: an unknown dealer and unknown SKUs beside an impossible date and a bad quantity', async () => {
    const res = await call('POST', '/v1/shipments', {
      body: { shipmentId: 'SV-SH1', dealerCode: 'NOPE', shippedAt: '2026-02-30', lines: [{ sku: 'NOSKU', qty: 0 }, { sku: 'SV-SKU', qty: 1.5 }, { sku: 'NOSKU2', qty: 1 }] },
    })
    expect(paths(res)).toEqual(['dealerCode', 'lines.0.qty', 'lines.0.sku', 'lines.1.qty', 'lines.2.sku', 'shippedAt'])
  })

  it('POST /v1/inventory/snapshots: an unknown SKU beside a negative count; another region’s store beside a bad line', async () => {
    const unknown = await call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'NOPE', asOf: '2026-02-30', lines: [{ sku: 'NOSKU', onHand: -1 }] } })
    expect(paths(unknown)).toEqual(['asOf', 'lines.0.onHand', 'lines.0.sku', 'locationCode'])
    const far = await call('POST', '/v1/inventory/snapshots', { token: manager, body: { locationCode: `${west}-S1`, asOf: '2026-02-01', lines: [{ sku: 'SV-SKU', onHand: 1.5 }] } })
    expect(paths(far)).toEqual(['lines.0.onHand', 'locationCode:forbidden'])
  })

  it('POST /v1/expenses: an unknown region and department beside a bad amount; another region beside an unknown department', async () => {
    const expense = { expenseId: 'SV-X1', regionCode: 'NOPE', department: 'nope', category: 'travel', incurredOn: '2026-02-01', amount: 'x', description: '差旅' }
    expect(paths(await call('POST', '/v1/expenses', { body: expense }))).toEqual(['amount', 'department', 'regionCode'])
    const far = await call('POST', '/v1/expenses', { token: manager, body: { ...expense, regionCode: west, amount: 10 } })
    expect(paths(far)).toEqual(['department', 'regionCode:forbidden'])
  })
})

describe('a bad envelope field does not hide the rows the caller may not change', () => {
  const rows = () => [{ code: `${east}-S1`, month: 2, amount: 1 }, { code: `${locked}-S1`, month: 2, amount: 1 }, { code: `${west}-S1`, month: 2, amount: 1 }]

  it('PUT /v1/targets with a bad revision, metric or year', async () => {
    for (const envelope of [{ baseRevision: -1 }, { metric: 'profit' }]) {
      const res = await call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'store', rows: rows(), ...envelope } })
      expect(paths(res)).toEqual([Object.keys(envelope)[0], 'rows.1.code:locked', 'rows.2.code:forbidden'])
    }
    const res = await call('PUT', '/v1/targets', { token: manager, body: { year: 1999, level: 'store', rows: rows() } })
    expect(paths(res)).toEqual(['rows.2.code:forbidden', 'year'])
  })

  it('PUT /v1/budgets with a bad revision', async () => {
    const line = { department: 'sales', category: 'travel', month: 2, amount: 1 }
    const res = await call('PUT', '/v1/budgets', { token: manager, body: { year: YEAR, baseRevision: -1, rows: [{ ...line, regionCode: locked }, { ...line, regionCode: west }] } })
    expect(paths(res)).toEqual(['baseRevision', 'rows.0.regionCode:locked', 'rows.1.regionCode:forbidden'])
  })

  it('a targets-store push without a spreadsheet id', async () => {
    const res = await call('POST', '/v1/sheets/targets-store/sync', {
      token: manager,
      body: { sheetName: '门店目标', params: { year: YEAR }, rows: [{ row: 2, values: { code: `${locked}-S1`, ...months(1) } }] },
    })
    expect(cells(res)).toEqual(['2:code:locked', 'spreadsheetId'])
  })
})

describe('sheet pushes', () => {
  it('a manager pushing region targets is refused whole, as by the API', async () => {
    const res = await push('targets-region', { params: { year: YEAR }, rows: [{ row: 2, values: { code: east, ...months(1), m1: 'x' } }] })
    expect(res.status, res.text).toBe(403)
  })

  it('expenses: a stopped budget and a changed submitted expense are named beside another row’s bad cell', async () => {
    await expectOk(call('PUT', '/v1/budgets', { body: { year: 2026, rows: [{ regionCode: east, department: 'sales', category: 'office', month: 2, amount: 10 }] } }))
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: east, department: 'sales', category: 'office', monthly: 'stop', annual: 'warn' }] } }))
    const base = { department: 'sales', category: 'office', incurredOn: '2026-02-01', description: '办公' }
    await expectOk(push('expenses', { params: { year: 2026 }, rows: [{ row: 2, values: { ...base, expenseId: 'SV-E1', regionCode: east, amount: 1 } }] }))
    const res = await push('expenses', {
      params: { year: 2026 },
      rows: [
        { row: 2, values: { ...base, expenseId: 'SV-E1', regionCode: east, amount: 99 } },
        { row: 3, values: { ...base, expenseId: 'SV-E2', regionCode: east, amount: 500 } },
        { row: 4, values: { ...base, expenseId: 'SV-E3', regionCode: east, amount: 'x' } },
        { row: 5, values: { ...base, expenseId: 'SV-E4'.padEnd(70, '0'), regionCode: east, amount: 1, description: '长'.repeat(501) } },
        { row: 6, values: { ...base, expenseId: 'SV-E5', regionCode: east, amount: 1, incurredOn: '2025-02-01' } },
      ],
    })
    expect(cells(res)).toEqual(['2:amount', '3:amount', '4:amount', '5:description', '5:expenseId', '6:incurredOn'])
  })

  it('a row without its month keys is refused, not read as zeros', async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code: `${east}-S1`, month: 5, amount: 7 }] } }))
    const res = await push('targets-store', { params: { year: YEAR }, rows: [{ row: 2, values: { code: `${east}-S1`, m1: 5 } }] })
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:m10', '2:m11', '2:m12', '2:m2', '2:m3', '2:m4', '2:m5', '2:m6', '2:m7', '2:m8', '2:m9'])
    const may = await env.DB.prepare(`SELECT amount FROM targets WHERE year = ? AND code = ? AND month = 5`).bind(YEAR, `${east}-S1`).first<{ amount: number }>()
    expect(may?.amount).toBe(700)
  })
})

describe('CSV and master data', () => {
  it('errors name the file line after a quoted line break and a blank line', async () => {
    const csv = `code,name,regionCode,channel\nSV-C1,"两行\n的名字",${east},direct\n\nSV-C2,店,NOPE,direct\nSV-C3,店,${east},kiosk\n`
    const res = await call('PUT', '/v1/stores', { csv })
    expect(res.status, res.text).toBe(422)
    expect(res.json.errors.map((e: any) => [e.path, e.row])).toEqual([
      ['stores.1.regionCode', 5],
      ['stores.2.channel', 6],
    ])
  })

  it('a store sent without externalIds keeps its POS mappings', async () => {
    await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'SV-X', name: '店', regionCode: east, channel: 'direct', externalIds: { shopify: '777' } }] } }))
    await expectOk(call('PUT', '/v1/stores', { csv: `code,name,regionCode,channel,tier\nSV-X,新名,${east},direct,A\n` }))
    const store = (await call('GET', `/v1/stores?regionCode=${east}`)).json.stores.find((s: any) => s.code === 'SV-X')
    expect(store).toMatchObject({ name: '新名', externalIds: { shopify: '777' } })
  })
})
