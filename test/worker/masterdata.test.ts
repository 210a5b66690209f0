// Master data: JSON and CSV upserts (atomic, every bad row named, references checked), reads limited
// to the caller's regions, and the audit trail of every change.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, issueToken, seedTwoRegions } from './helpers'

let east: string
let west: string
let manager: string
let viewer: string

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('MD'))
  manager = (await issueToken('manager', [east])).token
  viewer = (await issueToken('viewer', [east])).token
})

const count = async (table: string, where = '1 = 1', ...params: unknown[]) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).bind(...params).first<{ n: number }>())!.n

describe('PUT /v1/regions', () => {
  it('creates, then updates, then leaves unchanged rows alone', async () => {
    const first = await call('PUT', '/v1/regions', { body: { regions: [{ code: 'R-NEW', name: '华中区', managerEmail: 'zhang@example.com' }] } })
    expect(first.json).toEqual({ upserted: 1, created: 1, updated: 0, unchanged: 0 })
    const second = await call('PUT', '/v1/regions', {
      body: { regions: [{ code: 'R-NEW', name: '华中大区', managerEmail: 'zhang@example.com' }, { code: east, name: '华东区' }] },
    })
    expect(second.json).toEqual({ upserted: 2, created: 0, updated: 1, unchanged: 1 })
    const audit = await call('GET', '/v1/audit?entity=region&key=R-NEW')
    expect(audit.json.entries.map((e: any) => [e.before?.name ?? null, e.after.name])).toEqual([
      ['华中区', '华中大区'],
      [null, '华中区'],
    ])
    expect(audit.json.entries[0]).toMatchObject({ actor: 'admin-token', via: 'api' })
  })

  it('lists every bad field of every row and writes nothing', async () => {
    const res = await call('PUT', '/v1/regions', {
      body: { regions: [{ code: 'R-OK', name: '好' }, { code: 'bad code', name: '' }, { code: 'R-OK', name: '重复', managerEmail: 'nope' }] },
    })
    expect(res.status).toBe(422)
    // Row 2 repeats row 0's code beside its bad e-mail: both are named.
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['regions.1.code', 'regions.1.name', 'regions.2.code', 'regions.2.managerEmail'])
    expect(await count('regions', 'code = ?', 'R-OK')).toBe(0)
  })

  it('names a code repeated in one request on the later row', async () => {
    const res = await call('PUT', '/v1/regions', { body: { regions: [{ code: 'R-DUP', name: 'a' }, { code: 'R-DUP', name: 'b' }] } })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'regions.1.code', code: 'duplicate' })])
    expect(await count('regions', 'code = ?', 'R-DUP')).toBe(0)
  })

  it('stores SQL-looking and Unicode text verbatim', async () => {
    const code = "R';DROP"
    const name = "区域'); DROP TABLE regions; --"
    expect((await call('PUT', '/v1/regions', { body: { regions: [{ code, name }] } })).status).toBe(200)
    const row = await env.DB.prepare('SELECT name FROM regions WHERE code = ?').bind(code).first<{ name: string }>()
    expect(row!.name).toBe(name)
  })
})

describe('PUT /v1/dealers', () => {
  it('requires the dealer region to exist', async () => {
    const res = await call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'D-X', name: '某经销商', regionCode: 'NOWHERE' }] } })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'dealers.0.regionCode', message: 'region NOWHERE does not exist' })])
  })

  it('refuses to move a dealer away from its dealer-channel stores', async () => {
    const res = await call('PUT', '/v1/dealers', { body: { dealers: [{ code: `${east}-D1`, name: '上海经销商', regionCode: west }] } })
    expect(res.status).toBe(422)
    expect(res.json.errors[0]).toMatchObject({ path: 'dealers.0.regionCode', code: 'region_mismatch' })
    expect(res.json.errors[0].message).toContain(`${east}-S2`)
  })
})

describe('PUT /v1/stores', () => {
  it('checks every reference and names each bad row', async () => {
    const res = await call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'ST-A', name: '好店', regionCode: east, channel: 'direct' },
          { code: 'ST-B', name: '无区域店', regionCode: 'NOWHERE', channel: 'direct' },
          { code: 'ST-C', name: '无经销商店', regionCode: east, channel: 'dealer', dealerCode: 'D-NONE' },
          { code: 'ST-D', name: '越区经销店', regionCode: east, channel: 'dealer', dealerCode: `${west}-D1` },
          { code: 'ST-E', name: '缺经销商', regionCode: east, channel: 'dealer' },
          { code: 'ST-F', name: '日期反了', regionCode: east, channel: 'franchise', openedOn: '2027-05-01', closedOn: '2027-04-30' },
          { code: 'ST-G', name: '坏日期', regionCode: east, channel: 'dealerish', openedOn: '2027-02-30', areaSqm: -5 },
        ],
      },
    })
    expect(res.status).toBe(422)
    // Shape faults and reference faults come in one answer, in row order.
    expect(res.json.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['stores.1.regionCode', 'unknown_reference'],
      ['stores.2.dealerCode', 'unknown_reference'],
      ['stores.3.dealerCode', 'region_mismatch'],
      ['stores.4.dealerCode', 'custom'],
      ['stores.5.closedOn', 'custom'],
      ['stores.6.channel', 'invalid_value'],
      ['stores.6.openedOn', 'custom'],
      ['stores.6.areaSqm', 'too_small'],
    ])
    expect(await count('stores', 'code = ?', 'ST-A')).toBe(0)
  })

  it('keeps vendor external ids, replaces them as a whole, and refuses one id on two stores', async () => {
    const put = (stores: unknown[]) => call('PUT', '/v1/stores', { body: { stores } })
    const base = { name: '外部编号店', regionCode: east, channel: 'direct' }
    expect((await put([{ ...base, code: 'EX-1', externalIds: { shopify: '9001', square: 'L-1' } }])).status).toBe(200)
    let store = (await call('GET', `/v1/stores?regionCode=${east}`)).json.stores.find((s: any) => s.code === 'EX-1')
    expect(store.externalIds).toEqual({ shopify: '9001', square: 'L-1' })

    const clash = await put([{ ...base, code: 'EX-2', externalIds: { shopify: '9001' } }])
    expect(clash.status).toBe(422)
    expect(clash.json.errors).toEqual([expect.objectContaining({ path: 'stores.0.externalIds.shopify', message: 'shopify id 9001 already belongs to store EX-1' })])

    // Moving the id from EX-1 to EX-2 in one request is fine.
    expect((await put([{ ...base, code: 'EX-1', externalIds: { square: 'L-1' } }, { ...base, code: 'EX-2', externalIds: { shopify: '9001' } }])).status).toBe(200)
    const stores = (await call('GET', `/v1/stores?regionCode=${east}`)).json.stores
    store = stores.find((s: any) => s.code === 'EX-1')
    expect(store.externalIds).toEqual({ square: 'L-1' })
    expect(stores.find((s: any) => s.code === 'EX-2').externalIds).toEqual({ shopify: '9001' })
  })

  it('accepts CSV exported from a spreadsheet: BOM, CRLF, quoted commas and quotes, external id columns', async () => {
    const csv =
      '\uFEFFcode,name,regionCode,channel,dealerCode,openedOn,tier,areaSqm,externalIds.shopify\r\n' +
      `CSV-1,"南京路店, 旗舰",${east},direct,,2026-03-01,A,180.5,4401\r\n` +
      `CSV-2,"他说""好""店",${east},dealer,${east}-D1,,B,,\r\n`
    const res = await call('PUT', '/v1/stores', { csv })
    expect(res.status, res.text).toBe(200)
    expect(res.json.upserted).toBe(2)
    const stores = (await call('GET', `/v1/stores?regionCode=${east}`)).json.stores
    expect(stores.find((s: any) => s.code === 'CSV-1')).toEqual({
      code: 'CSV-1',
      name: '南京路店, 旗舰',
      regionCode: east,
      dealerCode: null,
      channel: 'direct',
      openedOn: '2026-03-01',
      closedOn: null,
      tier: 'A',
      areaSqm: 180.5,
      managerName: null,
      externalIds: { shopify: '4401' },
    })
    expect(stores.find((s: any) => s.code === 'CSV-2')).toMatchObject({ name: '他说"好"店', dealerCode: `${east}-D1`, areaSqm: null })
  })

  it('names bad CSV rows by line, and refuses malformed CSV with 400', async () => {
    const bad = await call('PUT', '/v1/stores', { csv: `code,name,regionCode,channel\nCSV-OK,店,${east},direct\nCSV-BAD,店,${east},online\n` })
    expect(bad.status).toBe(422)
    expect(bad.json.errors).toEqual([expect.objectContaining({ path: 'stores.1.channel', row: 3 })])
    expect(await count('stores', 'code = ?', 'CSV-OK')).toBe(0)

    const ragged = await call('PUT', '/v1/stores', { csv: `code,name,regionCode,channel\nX,店,${east}\n` })
    expect(ragged.status).toBe(400)
    expect(ragged.json.type).toContain('malformed-csv')
    expect(ragged.json.errors[0]).toMatchObject({ row: 2 })

    const unclosed = await call('PUT', '/v1/stores', { csv: `code,name,regionCode,channel\nX,"店,${east},direct\n` })
    expect(unclosed.status).toBe(400)
  })

  it('upserts 2,000 stores in one request (D1 binds at most 100 parameters per statement)', async () => {
    const stores = Array.from({ length: 2000 }, (_, i) => ({
      code: `BULK-${String(i).padStart(4, '0')}`,
      name: `批量门店${i}`,
      regionCode: i % 2 ? east : west,
      channel: 'franchise',
      tier: ['A', 'B', 'C'][i % 3],
      areaSqm: 50 + (i % 200),
      externalIds: { pos: `P${i}` },
    }))
    const started = Date.now()
    const res = await call('PUT', '/v1/stores', { body: { stores } })
    const elapsed = Date.now() - started
    console.log(`2,000-store upsert: ${elapsed} ms`)
    expect(res.status, res.text).toBe(200)
    expect(res.json).toEqual({ upserted: 2000, created: 2000, updated: 0, unchanged: 0, salesMatched: 0 })
    expect(await count('stores', "code LIKE 'BULK-%'")).toBe(2000)
    expect(await count('store_external_ids', "store_code LIKE 'BULK-%'")).toBe(2000)
    expect(await count('audit_log', "entity = 'store' AND entity_key LIKE 'BULK-%'")).toBe(2000)

    // One bad row among 2,000 and none is written.
    stores[1500] = { ...stores[1500]!, regionCode: 'NOWHERE' }
    stores.forEach((s) => (s.name += '改'))
    const refused = await call('PUT', '/v1/stores', { body: { stores } })
    expect(refused.status).toBe(422)
    expect(refused.json.errors).toEqual([expect.objectContaining({ path: 'stores.1500.regionCode' })])
    expect(await count('stores', "code LIKE 'BULK-%' AND name LIKE '%改'")).toBe(0)
  })
})

describe('PUT /v1/products', () => {
  it('keeps prices as integer minor units and gives them back as decimals', async () => {
    const res = await call('PUT', '/v1/products', {
      body: { products: [{ sku: 'P-1', name: '纯棉T恤', category: '上衣', listPrice: '199.90', floorPrice: 139.3 }] },
    })
    expect(res.status).toBe(200)
    const row = await env.DB.prepare('SELECT list_price, floor_price FROM products WHERE sku = ?').bind('P-1').first()
    expect(row).toEqual({ list_price: 19990, floor_price: 13930 })
    const listed = (await call('GET', '/v1/products', { token: viewer })).json.products.find((p: any) => p.sku === 'P-1')
    expect(listed).toEqual({ sku: 'P-1', name: '纯棉T恤', category: '上衣', listPrice: 199.9, floorPrice: 139.3, costPrice: null })
  })

  it('refuses a third decimal, negative prices and a floor above the list price, never rounding', async () => {
    const res = await call('PUT', '/v1/products', {
      body: {
        products: [
          { sku: 'P-2', name: '三位小数', listPrice: 10.005 },
          { sku: 'P-3', name: '负价', floorPrice: -1 },
          { sku: 'P-4', name: '限价高于标价', listPrice: 100, floorPrice: 120 },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['products.0.listPrice', 'products.1.floorPrice', 'products.2.floorPrice'])
    expect(await count('products', "sku IN ('P-2','P-3','P-4')")).toBe(0)
  })

  it('accepts CSV with prices as text', async () => {
    const res = await call('PUT', '/v1/products', { csv: 'sku,name,listPrice,floorPrice\r\nP-CSV,"羊毛大衣",1299.00,899.5\r\n' })
    expect(res.status, res.text).toBe(200)
    const row = await env.DB.prepare('SELECT list_price, floor_price FROM products WHERE sku = ?').bind('P-CSV').first()
    expect(row).toEqual({ list_price: 129900, floor_price: 89950 })
  })
})

describe('reading master data within the token regions', () => {
  it('a manager and a viewer see their own regions, stores and dealers only', async () => {
    for (const token of [manager, viewer]) {
      const regions = (await call('GET', '/v1/regions', { token })).json.regions
      expect(regions.map((r: { code: string }) => r.code)).toEqual([east])
      const stores = (await call('GET', '/v1/stores', { token })).json.stores
      expect(stores.length).toBeGreaterThan(0)
      expect(stores.every((s: { regionCode: string }) => s.regionCode === east)).toBe(true)
      const dealers = (await call('GET', '/v1/dealers', { token })).json.dealers
      expect(dealers.map((d: { code: string }) => d.code)).toEqual([`${east}-D1`])
    }
  })

  it('asking for another region is a 403, for stores and dealers alike', async () => {
    for (const token of [manager, viewer]) {
      for (const path of [`/v1/stores?regionCode=${west}`, `/v1/dealers?regionCode=${west}`]) {
        const res = await call('GET', path, { token })
        expect(res.status).toBe(403)
        expect(res.json.detail).toContain(west)
      }
    }
  })

  it('an admin sees every region and can filter by one', async () => {
    const all = (await call('GET', '/v1/stores')).json.stores
    expect(all.some((s: { regionCode: string }) => s.regionCode === west)).toBe(true)
    const westOnly = (await call('GET', `/v1/stores?regionCode=${west}`)).json.stores
    expect(westOnly.every((s: { regionCode: string }) => s.regionCode === west)).toBe(true)
  })
})

describe('master data writes are HQ-only', () => {
  const writes = [
    ['/v1/regions', { regions: [{ code: 'HACK', name: 'x' }] }],
    ['/v1/dealers', { dealers: [{ code: 'HACK', name: 'x', regionCode: 'MD-E' }] }],
    ['/v1/stores', { stores: [{ code: 'HACK', name: 'x', regionCode: 'MD-E', channel: 'direct' }] }],
    ['/v1/products', { products: [{ sku: 'HACK', name: 'x' }] }],
  ] as const

  it('a manager (even of the region) and a viewer get 403; nothing is written', async () => {
    for (const [path, body] of writes) {
      for (const token of [manager, viewer]) expect((await call('PUT', path, { token, body })).status).toBe(403)
    }
    expect(await count('regions', "code = 'HACK'")).toBe(0)
    expect(await count('stores', "code = 'HACK'")).toBe(0)
    expect(await count('products', "sku = 'HACK'")).toBe(0)
  })

  it('no token or a revoked token gets 401, before the body is looked at', async () => {
    const revoked = await issueToken('admin')
    await call('DELETE', `/v1/admin/tokens/${revoked.id}`)
    for (const [path] of writes) {
      expect((await call('PUT', path, { token: null, body: { nonsense: true } })).status).toBe(401)
      expect((await call('PUT', path, { token: revoked.token, body: { nonsense: true } })).status).toBe(401)
      expect((await call('GET', path, { token: revoked.token })).status).toBe(401)
    }
  })
})
