// A refused write lists every fault at once — shape, duplicate and reference alike — so a manager
// fixes an upload or a sheet in one pass; and nothing of it is written.
import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call, expectOk, issueToken, seedTwoRegions } from './helpers'

let east: string
let west: string
let manager: string
const YEAR = 2031

const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n
const paths = (res: { json: any }) => res.json.errors.map((e: any) => e.path)

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('ONE'))
  manager = (await issueToken('manager', [east])).token
})

describe('PUT /v1/stores', () => {
  it('names an unknown region in row 0 and an unknown channel in row 1 in the same answer', async () => {
    const res = await call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'ONE-N1', name: '新店', regionCode: 'NOWHERE', channel: 'direct' },
          { code: 'ONE-N2', name: '新店二', regionCode: east, channel: 'kiosk' },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.headers.get('Content-Type')).toBe('application/problem+json')
    expect(paths(res)).toEqual(['stores.0.regionCode', 'stores.1.channel'])
    expect(await count(`SELECT count(*) AS n FROM stores WHERE code LIKE 'ONE-N%'`)).toBe(0)
  })

  it('names shape, duplicate and reference faults of a CSV by line', async () => {
    const csv = [
      'code,name,regionCode,channel,dealerCode',
      `ONE-C1,甲店,${east},direct,`,
      `ONE-C1,甲店重复,${east},direct,`,
      `ONE-C3,,${east},direct,`,
      `ONE-C4,丁店,${east},dealer,NO-DEALER`,
    ].join('\n')
    const res = await call('PUT', '/v1/stores', { csv })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => [e.path, e.row])).toEqual([
      ['stores.1.code', 3],
      ['stores.2.name', 4],
      ['stores.3.dealerCode', 5],
    ])
    expect(await count(`SELECT count(*) AS n FROM stores WHERE code LIKE 'ONE-C%'`)).toBe(0)
  })

  it('still refuses a body without rows, naming the field', async () => {
    const res = await call('PUT', '/v1/stores', { body: { stores: [] } })
    expect(res.status).toBe(422)
    expect(paths(res)).toEqual(['stores'])
    const notRows = await call('PUT', '/v1/stores', { body: { stores: 'all' } })
    expect(paths(notRows)).toEqual(['stores'])
    const other = await SELF.fetch('https://regionops.test/v1/stores', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'text/plain' },
      body: 'code,name',
    })
    expect(other.status).toBe(415)
    expect(other.headers.get('Content-Type')).toBe('application/problem+json')
    // CSV is for master data; a JSON-only write refuses it rather than answering without CSV lines.
    expect((await call('PUT', '/v1/inventory/limits', { csv: 'locationCode,sku,min,max\nX,Y,1,2' })).status).toBe(415)
  })
})

describe('PUT /v1/targets', () => {
  it('names a duplicate row, month 13, three decimals and an unknown store in one answer', async () => {
    const res = await call('PUT', '/v1/targets', {
      token: manager,
      body: {
        year: YEAR,
        level: 'store',
        rows: [
          { code: `${east}-S1`, month: 1, amount: 1000 },
          { code: `${east}-S1`, month: 1, amount: 2000 },
          { code: `${east}-S1`, month: 13, amount: 1000 },
          { code: `${east}-S2`, month: 2, amount: 10.125 },
          { code: 'ONE-NOPE', month: 3, amount: 500 },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(paths(res)).toEqual(['rows.1', 'rows.2.month', 'rows.3.amount', 'rows.4.code'])
    expect(await count(`SELECT count(*) AS n FROM targets WHERE year = ?`, YEAR)).toBe(0)
  })

  it('names faulty rows and a faulty level together', async () => {
    const res = await call('PUT', '/v1/targets', {
      body: { year: YEAR, level: 'shop', rows: [{ code: `${east}-S1`, month: 0, amount: 1 }] },
    })
    expect(res.status).toBe(422)
    expect(paths(res)).toEqual(['level', 'rows.0.month'])
  })

  it('keeps a manager out of another region whatever else is wrong', async () => {
    const res = await call('PUT', '/v1/targets', {
      token: manager,
      body: { year: YEAR, level: 'store', rows: [{ code: `${west}-S1`, month: 1, amount: 100 }] },
    })
    expect(res.status).toBe(403)
    expect(await count(`SELECT count(*) AS n FROM targets WHERE year = ?`, YEAR)).toBe(0)
  })

  it('applies a clean request', async () => {
    await expectOk(call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'store', rows: [{ code: `${east}-S1`, month: 1, amount: 1000 }] } }))
    expect(await count(`SELECT count(*) AS n FROM targets WHERE year = ?`, YEAR)).toBe(1)
  })
})

const push = (tab: string, params: Record<string, unknown>, rows: { row: number; values: Record<string, unknown> }[]) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, body: { spreadsheetId: 'one-answer', sheetName: tab, params, rows } })
const cells = (res: { json: any }) => res.json.errors.map((e: any) => [e.row, e.column])
const months = (amount: unknown) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i + 1}`, amount]))

describe('sheet pushes', () => {
  it('targets-store: an unknown store and bad cells are named together, nothing applied', async () => {
    const res = await push('targets-store', { year: YEAR + 1 }, [
      { row: 2, values: { code: `${east}-S1`, ...months(100), m3: 'abc' } },
      { row: 3, values: { code: 'ONE-GHOST', ...months(100) } },
      { row: 4, values: { code: `${east}-S1`, ...months(100) } },
    ])
    expect(res.status).toBe(422)
    expect(cells(res)).toEqual([
      [2, 'm3'],
      [3, 'code'],
      [4, 'code'],
    ])
    expect(await count(`SELECT count(*) AS n FROM targets WHERE year = ?`, YEAR + 1)).toBe(0)
  })
})

describe('PUT /v1/budgets and the stock-limits tab', () => {
  it('budgets: a duplicate line, month 13 and an unknown region in one answer', async () => {
    const row = { regionCode: east, department: 'sales', category: 'travel', month: 1, amount: 100 }
    const res = await call('PUT', '/v1/budgets', {
      token: manager,
      body: { year: YEAR, rows: [row, { ...row }, { ...row, month: 13 }, { ...row, regionCode: 'ONE-NOWHERE', month: 2 }] },
    })
    expect(res.status).toBe(422)
    expect(paths(res)).toEqual(['rows.1', 'rows.2.month', 'rows.3.regionCode'])
    expect(await count(`SELECT count(*) AS n FROM budgets WHERE year = ?`, YEAR)).toBe(0)
  })

  it('stock-limits: an unknown store code and bad cells in one push are named together', async () => {
    await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'ONE-SKU', name: '商品' }] } }))
    const res = await push('stock-limits', {}, [
      { row: 2, values: { locationCode: `${east}-S1`, sku: 'ONE-SKU', min: 'x', max: 10 } },
      { row: 3, values: { locationCode: 'ONE-GHOST', sku: 'ONE-SKU', min: 1, max: 10 } },
    ])
    expect(res.status).toBe(422)
    expect(cells(res)).toEqual([
      [2, 'min'],
      [3, 'locationCode'],
    ])
    expect(await count(`SELECT count(*) AS n FROM inventory_limits WHERE sku = 'ONE-SKU'`)).toBe(0)
  })
})

describe('invoices, payments and stock counts', () => {
  it('invoices: a shape fault and an unknown dealer in one answer', async () => {
    const res = await call('POST', '/v1/invoices', {
      body: {
        invoices: [
          { invoiceId: 'ONE-I1', dealerCode: `${east}-D1`, issuedOn: '2026-11-01', dueOn: '2026-11-31', amount: 100 },
          { invoiceId: 'ONE-I2', dealerCode: 'ONE-NO-DEALER', issuedOn: '2026-11-01', dueOn: '2026-11-30', amount: 100 },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(paths(res)).toEqual(['invoices.0.dueOn', 'invoices.1.dealerCode'])
  })

  it('stock count: an unknown location, a bad line and an unknown SKU in one answer', async () => {
    const res = await call('POST', '/v1/inventory/snapshots', {
      body: { locationCode: 'ONE-GHOST', asOf: '2026-11-01', lines: [{ sku: 'ONE-NO-SKU', onHand: 1 }, { sku: 'ONE-SKU', onHand: -1 }] },
    })
    expect(res.status).toBe(422)
    expect(paths(res)).toEqual(['locationCode', 'lines.0.sku', 'lines.1.onHand'])
  })
})
