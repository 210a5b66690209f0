// Numbers typed with a Chinese IME in full-width mode (１２，３４５, １２．５, ￥, the ideographic
// space) are the numbers they look like, in sheet cells and in the API's money and number strings;
// characters that only NFKC would turn into digits (①, ², 𝟏) stay refused. Numeric store tiers are
// planning weights, so `"tier": 1` is stored as the tier "1" and weighs what "1" and "１" weigh.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

const Y = 2027
let manager: string

const push = (tab: string, body: Record<string, unknown>) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, body: { spreadsheetId: 'sheet-fw', sheetName: '全角', params: { year: Y }, ...body } })
const months = (values: (string | number | null)[]) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i + 1}`, values[i] ?? 0]))

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'FW', name: '全角区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'FW1', name: '一店', regionCode: 'FW', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'FW-P', name: '商品' }] } }))
  manager = (await issueToken('manager', ['FW'])).token
})

describe('a sheet push with full-width numbers', () => {
  it('applies money cells typed in full width with the values they show', async () => {
    const base = (await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: manager })).json.revision
    const res = await push('targets-store', {
      baseRevision: base,
      rows: [{ row: 3, values: { code: 'ＦＷ１', ...months(['１２，３４５', '１２．５', '￥１，２００．５０', '\u3000３５００元\u3000', '１２３４５６７．８９']) } }],
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json.applied).toBe(1)
    const stored = await env.DB.prepare("SELECT month, amount FROM targets WHERE code = 'FW1' AND year = ? AND month <= 5 ORDER BY month").bind(Y).all()
    expect(stored.results.map((r: any) => r.amount)).toEqual([1_234_500, 1_250, 120_050, 350_000, 123_456_789])
  })

  it('refuses full-width cells exactly where their half-width spelling is refused, and applies nothing', async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM targets WHERE code = 'FW1'").first()
    const res = await push('targets-store', {
      rows: [{ row: 4, values: { code: 'FW1', ...months(['１２％', '１．００５', '①２', '１，２，３', '1²', '𝟏𝟐', '١٢', '1234,567', '１２。５', '１２']) } }],
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => [e.column, e.message])).toEqual([
      ['m1', 'is not an amount'], // 12%: a percentage is not an amount, in either width
      ['m2', 'has more than 2 decimals'], // never rounded to 1.00 or 1.01
      ['m3', 'is not an amount'],
      ['m4', 'is not an amount'],
      ['m5', 'is not an amount'],
      ['m6', 'is not an amount'],
      ['m7', 'is not an amount'],
      ['m8', 'is not an amount'], // a separator that does not group thousands
      ['m9', 'is not an amount'],
    ])
    expect(await env.DB.prepare("SELECT count(*) AS n FROM targets WHERE code = 'FW1'").first()).toEqual(before)
  })

  it('reads counts typed in full width, and refuses a full-width fraction', async () => {
    const bad = await push('stock-limits', { rows: [{ row: 2, values: { locationCode: 'FW1', sku: 'FW-P', min: '１．５', max: '１²' } }] })
    expect(bad.json.errors.map((e: any) => [e.column, e.message])).toEqual([
      ['min', 'must be a whole number, 0 or more'],
      ['max', 'must be a whole number, 0 or more'],
    ])
    const res = await push('stock-limits', { rows: [{ row: 2, values: { locationCode: 'FW1', sku: 'FW-P', min: '１２０', max: '\u3000１２，０００\u3000' } }] })
    expect(res.status, res.text).toBe(200)
    const tab = await call('GET', '/v1/sheets/stock-limits', { token: manager })
    expect(tab.json.rows.find((r: any[]) => r[0] === 'FW1').slice(0, 4)).toEqual(['FW1', 'FW-P', 120, 12000])
  })
})

describe('PUT /v1/stores with a numeric tier', () => {
  const storeOf = async (code: string) => (await call('GET', '/v1/stores?regionCode=FW')).json.stores.find((s: any) => s.code === code)

  it('stores "tier": 1 as the tier "1" (JSON), and CSV tiers, areas and prices typed in full width', async () => {
    const res = await call('PUT', '/v1/stores', {
      body: { stores: [{ code: 'FW-T1', name: '数字档', regionCode: 'FW', channel: 'direct', tier: 1, areaSqm: '１２０．５' }] },
    })
    expect(res.status, res.text).toBe(200)
    expect(await storeOf('FW-T1')).toMatchObject({ tier: '1', areaSqm: 120.5 })

    const csv = await call('PUT', '/v1/stores', { csv: 'code,name,regionCode,channel,tier,areaSqm\nFW-T2,文字档,FW,direct,1,80\nFW-T3,全角档,FW,direct,２,１８０．５\nFW-T4,字母档,FW,direct,A,\n' })
    expect(csv.status, csv.text).toBe(200)
    expect(await storeOf('FW-T2')).toMatchObject({ tier: '1', areaSqm: 80 })
    expect(await storeOf('FW-T3')).toMatchObject({ tier: '２', areaSqm: 180.5 })
    expect(await storeOf('FW-T4')).toMatchObject({ tier: 'A', areaSqm: null })

    const products = await call('PUT', '/v1/products', { csv: 'sku,name,listPrice,floorPrice\nFW-P2,商品二,１２．５,１０\n' })
    expect(products.status, products.text).toBe(200)
    const product = (await call('GET', '/v1/products')).json.products.find((p: any) => p.sku === 'FW-P2')
    expect(product).toMatchObject({ listPrice: 12.5, floorPrice: 10 })
  })

  it('refuses numeric tiers that cannot be a planning weight, naming each field', async () => {
    const row = (code: string, tier: unknown) => ({ code, name: '坏档', regionCode: 'FW', channel: 'direct', tier })
    const res = await call('PUT', '/v1/stores', { body: { stores: [row('FW-B1', 0), row('FW-B2', 1.5), row('FW-B3', -2), row('FW-B4', 2_000_000), row('FW-B5', '0'), row('FW-B6', true)] } })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['stores.0.tier', 'stores.1.tier', 'stores.2.tier', 'stores.3.tier', 'stores.4.tier', 'stores.5.tier'])
    expect(res.json.errors[0].message).toBe('a numeric tier is a planning weight: a whole number from 1 to 1,000,000')
    const csv = await call('PUT', '/v1/stores', { csv: 'code,name,regionCode,channel,tier\nFW-B7,坏档,FW,direct,1.5\n' })
    expect(csv.status).toBe(422)
    expect(csv.json.errors).toEqual([expect.objectContaining({ path: 'stores.0.tier', row: 2 })])
  })

  it('is documented in the OpenAPI document as a number or a string', async () => {
    const spec = (await call('GET', '/openapi.json', { token: null })).json
    const tier = spec.components.schemas.StoreInput.properties.tier
    expect(JSON.stringify(tier)).toContain('"number"')
    expect(JSON.stringify(tier)).toContain('"string"')
    expect(tier.description).toContain('whole number from 1 to 1,000,000')
    expect(spec.components.schemas.Store.properties.tier.type).toEqual(['string', 'null'])
  })

  it('plans by tier with 1, "1" and "２" as the weights 1, 1 and 2', async () => {
    await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'FWP', name: '档位区' }] } }))
    await expectOk(
      call('PUT', '/v1/stores', {
        body: {
          stores: [
            { code: 'FWP-1', name: '数字', regionCode: 'FWP', channel: 'direct', tier: 1 },
            { code: 'FWP-2', name: '文字', regionCode: 'FWP', channel: 'direct', tier: '1' },
            { code: 'FWP-3', name: '全角', regionCode: 'FWP', channel: 'direct', tier: '２' },
          ],
        },
      }),
    )
    const res = await call('POST', '/v1/targets/plan', { body: { year: Y, companyAmount: 48_000, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'tier' } })
    expect(res.status, res.text).toBe(200)
    const regionJanuary = res.json.regions.find((r: any) => r.code === 'FWP').months[0]
    const january = (code: string) => Math.round(res.json.stores.find((s: any) => s.code === code).months[0] * 100)
    // 1 : 1 : 2 of the region's January, exact to the fen (largest remainder gives out the last fen).
    const quarter = Math.round(regionJanuary * 100) / 4
    expect(january('FWP-1') + january('FWP-2') + january('FWP-3')).toBe(Math.round(regionJanuary * 100))
    for (const [code, share] of [['FWP-1', quarter], ['FWP-2', quarter], ['FWP-3', 2 * quarter]] as const) expect(Math.abs(january(code) - share), code).toBeLessThan(1)
  })
})
