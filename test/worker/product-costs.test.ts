// What the store P&L needs of master data: products' cost prices kept with the day they take effect
// (the history stays; the same day again replaces that day's cost), a cost above the list price
// answered as a warning, and the store manager (店长) each store's scorecard names.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { companyToday } from '../../src/config'
import { call, expectOk, issueToken, seedTwoRegions } from './helpers'

let east: string
let viewer: string
const today = companyToday(env)

const putProducts = (products: unknown[], lang?: 'zh-CN' | 'en' | null) => call('PUT', '/v1/products', { body: { products }, ...(lang === undefined ? {} : { lang }) })
const costRows = async (sku: string) =>
  (await env.DB.prepare('SELECT effective_from, cost_price FROM product_costs WHERE sku = ? ORDER BY effective_from').bind(sku).all()).results
const listed = async (sku: string) => (await call('GET', '/v1/products', { token: viewer })).json.products.find((p: { sku: string }) => p.sku === sku)

beforeAll(async () => {
  ;({ east } = await seedTwoRegions('PC'))
  viewer = (await issueToken('viewer', [east])).token
})

describe('a product’s cost price', () => {
  it('is kept in fen from the day it takes effect, and a change is a new entry beside the old one', async () => {
    const tee = { sku: 'PC-TEE', name: '纯棉T恤', listPrice: 199, floorPrice: 139 }
    expect((await putProducts([{ ...tee, costPrice: '80.50', costEffectiveFrom: '2026-01-01' }])).json).toMatchObject({ created: 1 })
    expect((await putProducts([{ ...tee, costPrice: 92, costEffectiveFrom: '2026-03-16' }])).json).toMatchObject({ updated: 1 })
    expect(await costRows('PC-TEE')).toEqual([
      { effective_from: '2026-01-01', cost_price: 8050 },
      { effective_from: '2026-03-16', cost_price: 9200 },
    ])
    // The list shows the cost valid today; the history shows each with its day.
    expect(await listed('PC-TEE')).toEqual({ ...tee, category: null, costPrice: 92 })
    const history = await call('GET', '/v1/products/PC-TEE/costs', { token: viewer })
    expect(history.status).toBe(200)
    expect(history.json).toMatchObject({ sku: 'PC-TEE', costPrice: 92, costs: [{ effectiveFrom: '2026-01-01', costPrice: 80.5 }, { effectiveFrom: '2026-03-16', costPrice: 92 }] })
    expect(history.json.costs[0].setAt).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('sent again on the same day replaces that day’s cost; a cost already valid on its day changes nothing', async () => {
    const cap = { sku: 'PC-CAP', name: '棒球帽', listPrice: 99 }
    await expectOk(putProducts([{ ...cap, costPrice: 40, costEffectiveFrom: '2026-02-01' }]))
    await expectOk(putProducts([{ ...cap, costPrice: 42, costEffectiveFrom: '2026-02-01' }]))
    expect(await costRows('PC-CAP')).toEqual([{ effective_from: '2026-02-01', cost_price: 4200 }])
    // 42 is already the cost on 2026-05-01 (and today): nothing to keep, nothing audited.
    const audited = (await call('GET', '/v1/audit?entity=product&key=PC-CAP')).json.entries.length
    expect((await putProducts([{ ...cap, costPrice: 42, costEffectiveFrom: '2026-05-01' }])).json).toMatchObject({ unchanged: 1 })
    expect((await putProducts([{ ...cap, costPrice: 42 }])).json).toMatchObject({ unchanged: 1 })
    // A product sent without a cost keeps its history.
    expect((await putProducts([cap])).json).toMatchObject({ unchanged: 1 })
    expect(await costRows('PC-CAP')).toEqual([{ effective_from: '2026-02-01', cost_price: 4200 }])
    expect((await call('GET', '/v1/audit?entity=product&key=PC-CAP')).json.entries).toHaveLength(audited)
  })

  it('takes effect today (company time) when no day is given, and a later day waits for it', async () => {
    await expectOk(putProducts([{ sku: 'PC-BAG', name: '托特包', listPrice: 899, costPrice: 400 }]))
    expect(await costRows('PC-BAG')).toEqual([{ effective_from: today, cost_price: 40000 }])
    await expectOk(putProducts([{ sku: 'PC-BAG', name: '托特包', listPrice: 899, costPrice: 450, costEffectiveFrom: '2099-01-01' }]))
    expect((await listed('PC-BAG')).costPrice).toBe(400)
  })

  it('is audited with the history before and after', async () => {
    const entries = (await call('GET', '/v1/audit?entity=product&key=PC-TEE')).json.entries
    expect(entries[0]).toMatchObject({
      actor: 'admin-token',
      via: 'api',
      before: { costs: [{ effectiveFrom: '2026-01-01', costPrice: 80.5 }] },
      after: { costs: [{ effectiveFrom: '2026-01-01', costPrice: 80.5 }, { effectiveFrom: '2026-03-16', costPrice: 92 }] },
    })
  })

  it('refuses a negative cost, a third decimal and a day without a cost, naming each field; nothing is written', async () => {
    const res = await putProducts([
      { sku: 'PC-N1', name: '负成本', costPrice: -1 },
      { sku: 'PC-N2', name: '三位小数', costPrice: 1.005 },
      { sku: 'PC-N3', name: '只有日期', costEffectiveFrom: '2026-01-01' },
      { sku: 'PC-N4', name: '坏日期', costPrice: 1, costEffectiveFrom: '2026-02-30' },
    ])
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
      ['products.0.costPrice', 'must not be negative'],
      ['products.1.costPrice', 'must be an amount with at most 2 decimals'],
      ['products.2.costEffectiveFrom', 'needs a costPrice'],
      ['products.3.costEffectiveFrom', 'is not a calendar date'],
    ])
    expect((await env.DB.prepare("SELECT count(*) AS n FROM product_costs WHERE sku LIKE 'PC-N%'").first<{ n: number }>())!.n).toBe(0)
  })

  it('above the list price is stored and answered as a warning, in the reader’s language', async () => {
    const res = await putProducts([{ sku: 'PC-LOSS', name: '引流款', listPrice: 50, costPrice: 60 }, { sku: 'PC-OK', name: '正常款', listPrice: 50, costPrice: 20 }])
    expect(res.status).toBe(200)
    expect(res.json.warnings).toEqual([{ path: 'products.0.costPrice', message: 'is above listPrice (50)', code: 'above_list_price' }])
    expect((await listed('PC-LOSS')).costPrice).toBe(60)
    const zh = await putProducts([{ sku: 'PC-LOSS', name: '引流款', listPrice: 50, costPrice: 60 }], null)
    expect(zh.json.warnings).toEqual([expect.objectContaining({ path: 'products.0.costPrice', message: '高于标价（50）' })])
    // Without a warning there is no `warnings`.
    expect((await putProducts([{ sku: 'PC-OK', name: '正常款', listPrice: 50, costPrice: 20 }])).json.warnings).toBeUndefined()
  })

  it('comes by CSV too, with the warning on its CSV line', async () => {
    const res = await call('PUT', '/v1/products', {
      csv: `sku,name,listPrice,costPrice,costEffectiveFrom\r\nPC-CSV1,羊毛大衣,1299,650.5,2026-04-01\r\nPC-CSV2,风衣,300,310,\r\n`,
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json.warnings).toEqual([expect.objectContaining({ path: 'products.1.costPrice', row: 3 })])
    expect(await costRows('PC-CSV1')).toEqual([{ effective_from: '2026-04-01', cost_price: 65050 }])
    expect(await costRows('PC-CSV2')).toEqual([{ effective_from: today, cost_price: 31000 }])
  })

  it('of an unknown SKU is a 404; only HQ writes costs', async () => {
    expect((await call('GET', '/v1/products/PC-NONE/costs')).status).toBe(404)
    expect((await call('PUT', '/v1/products', { token: viewer, body: { products: [{ sku: 'PC-TEE', name: 'x', costPrice: 1 }] } })).status).toBe(403)
  })
})

describe('a store’s manager (店长)', () => {
  it('is stored, listed, audited and cleared when left out', async () => {
    const store = { code: `${east}-S9`, name: '五角场店', regionCode: east, channel: 'direct' }
    await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ ...store, managerName: ' 王丽 ' }] } }))
    const find = async () => (await call('GET', `/v1/stores?regionCode=${east}`, { token: viewer })).json.stores.find((s: { code: string }) => s.code === store.code)
    expect((await find()).managerName).toBe('王丽')
    expect((await call('GET', `/v1/audit?entity=store&key=${store.code}`)).json.entries[0].after.managerName).toBe('王丽')
    // Sent again as it is, nothing changes.
    expect((await call('PUT', '/v1/stores', { body: { stores: [{ ...store, managerName: '王丽' }] } })).json).toMatchObject({ unchanged: 1 })
    await expectOk(call('PUT', '/v1/stores', { body: { stores: [store] } }))
    expect((await find()).managerName).toBeNull()
  })

  it('is at most 100 characters', async () => {
    const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: `${east}-S10`, name: '店', regionCode: east, channel: 'direct', managerName: '王'.repeat(101) }] } })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'stores.0.managerName', message: 'must be at most 100 characters' })])
  })
})
