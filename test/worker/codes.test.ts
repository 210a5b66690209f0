// Look-alike codes through the API: a code typed decomposed (NFD, as macOS gives it), in full-width
// letters (a Chinese IME in full-width mode) or padded with a character that shows as nothing is
// either the same code or refused, with the field or cell named, in JSON, CSV, sheets, shipments
// and POS sales alike (src/lib/codes.ts holds the rule).
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const NFC = 'LK-CAF\u00c9' // the store code as the ERP sends it
const NFD = 'LK-CAFE\u0301' // the same code typed on a Mac
const REGION = 'LK-R\u00c9G'
const REGION_NFD = 'LK-RE\u0301G'
const WIDE = (ascii: string) => ascii.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))
const HANGUL_FILLER = '\u3164'
const LONE_MARK = '\u0301'
const Y = 2027

let secret: string

const errorsOf = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => [e.path, e.message])
const pathsOf = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => e.path).sort()

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: REGION, name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'LK-D1', name: '上海经销商', regionCode: REGION }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: NFC, name: '咖啡店', regionCode: REGION, channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'LK-SKU1', name: '托特包', listPrice: 100, floorPrice: 50 }] } }))
  secret = await posSource('lk-till')
})

describe('master data: one code however it is typed', () => {
  it('JSON: the NFD spelling updates the NFC store and region instead of adding look-alikes', async () => {
    const stores = await call('PUT', '/v1/stores', { body: { stores: [{ code: NFD, name: '咖啡店 二', regionCode: REGION_NFD, channel: 'direct' }] } })
    expect(stores.status, stores.text).toBe(200)
    expect(stores.json).toMatchObject({ upserted: 1 })
    const regions = await call('PUT', '/v1/regions', { body: { regions: [{ code: REGION_NFD, name: '华东大区' }] } })
    expect(regions.status, regions.text).toBe(200)
    const listedRegions = (await call('GET', '/v1/regions')).json.regions.filter((r: any) => r.code.startsWith('LK-R'))
    expect(listedRegions.map((r: any) => [r.code, r.name])).toEqual([[REGION, '华东大区']])
    // The query parameter is a code too: the NFD region finds the NFC store.
    const listed = await call('GET', `/v1/stores?regionCode=${encodeURIComponent(REGION_NFD)}`)
    expect(listed.status, listed.text).toBe(200)
    expect(listed.json.stores.map((s: any) => [s.code, s.name, s.regionCode])).toEqual([[NFC, '咖啡店 二', REGION]])
  })

  it('CSV: full-width ASCII is folded, decomposed letters composed, for every code column', async () => {
    const dealers = await call('PUT', '/v1/dealers', { csv: `code,name,regionCode\n${WIDE('LK-D2')},杭州经销商,${REGION_NFD}\n` })
    expect(dealers.status, dealers.text).toBe(200)
    const stores = await call('PUT', '/v1/stores', { csv: `code,name,regionCode,channel,dealerCode\n${WIDE('LK-S2')},西湖店,${REGION_NFD},dealer,${WIDE('LK-D2')}\n` })
    expect(stores.status, stores.text).toBe(200)
    const products = await call('PUT', '/v1/products', { csv: `sku,name\n${WIDE('LK-SKU2')},围巾\n` })
    expect(products.status, products.text).toBe(200)
    expect((await call('GET', '/v1/dealers')).json.dealers.filter((d: any) => d.code === 'LK-D2').map((d: any) => d.regionCode)).toEqual([REGION])
    expect((await call('GET', '/v1/stores')).json.stores.filter((s: any) => s.code === 'LK-S2').map((s: any) => [s.regionCode, s.dealerCode])).toEqual([[REGION, 'LK-D2']])
    expect((await call('GET', '/v1/products')).json.products.filter((p: any) => p.sku.includes('SKU2')).map((p: any) => p.sku)).toEqual(['LK-SKU2'])
  })

  it('refuses a Hangul filler, a zero-width space and a lone combining mark with 422 naming each field, and writes nothing', async () => {
    const json = await call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: `LK${HANGUL_FILLER}`, name: '空白店', regionCode: REGION, channel: 'direct' },
          { code: `${LONE_MARK}LK`, name: '记号店', regionCode: `LK\u200b`, channel: 'dealer', dealerCode: HANGUL_FILLER },
        ],
      },
    })
    expect(json.status).toBe(422)
    expect(errorsOf(json)).toEqual(
      expect.arrayContaining([
        ['stores.0.code', 'contains the invisible character U+3164 HANGUL FILLER (character 3); delete it'],
        ['stores.1.code', 'starts with the combining mark U+0301 COMBINING ACUTE ACCENT, which has no letter before it'],
        ['stores.1.regionCode', 'contains the invisible character U+200B ZERO WIDTH SPACE (character 3); delete it'],
        ['stores.1.dealerCode', 'contains the invisible character U+3164 HANGUL FILLER; delete it'],
      ]),
    )
    const regions = await call('PUT', '/v1/regions', { body: { regions: [{ code: HANGUL_FILLER, name: '空' }, { code: LONE_MARK, name: '记' }] } })
    expect(pathsOf(regions)).toEqual(['regions.0.code', 'regions.1.code'])
    const dealers = await call('PUT', '/v1/dealers', { csv: `code,name,regionCode\nLK-D9,经销商,${HANGUL_FILLER}\n${LONE_MARK},经销商,${REGION}\n` })
    expect(dealers.status).toBe(422)
    expect(dealers.json.errors.map((e: any) => [e.path, e.row])).toEqual([['dealers.0.regionCode', 2], ['dealers.1.code', 3]])
    const products = await call('PUT', '/v1/products', { csv: `sku,name\nLK-SKU${HANGUL_FILLER},空白\n` })
    expect(pathsOf(products)).toEqual(['products.0.sku'])
    const everything = JSON.stringify([(await call('GET', '/v1/regions')).json, (await call('GET', '/v1/dealers')).json, (await call('GET', '/v1/stores')).json, (await call('GET', '/v1/products')).json])
    expect(everything).not.toMatch(/[\u3164\u200b\u0301]/)
  })
})

describe('shipments and POS sales: codes, SKUs and unit codes under the same rule', () => {
  it('a unit shipped as NFC and sold as NFD, full-width or at the NFD store is the same unit, store and SKU', async () => {
    const shipped = await call('POST', '/v1/shipments', {
      body: { shipmentId: 'LK-SH1', storeCode: NFD, shippedAt: '2027-05-01', lines: [{ sku: WIDE('LK-SKU1'), qty: 2, codes: ['SN-\u00c91', WIDE('SN-2')] }] },
    })
    expect(shipped.status, shipped.text).toBe(201)
    expect(shipped.json).toMatchObject({ regionCode: REGION, codes: 2 })
    const sold = await sendWebhook('lk-till', secret, {
      type: 'sale.completed',
      data: { saleId: 'lk-sale-1', storeCode: NFD, occurredAt: '2027-05-10T12:00:00+08:00', lines: [{ sku: WIDE('LK-SKU1'), qty: 2, unitPrice: 80, codes: ['SN-E\u03011', 'SN-2'] }] },
    })
    expect(sold.status, sold.text).toBe(202)
    await drainSalesQueue()
    expect((await call('GET', '/v1/sales/unmatched')).json.sales.map((s: any) => s.saleId)).not.toContain('lk-sale-1')
    const summary = await call('GET', `/v1/sales/summary?from=2027-05-01&to=2027-05-31&groupBy=store&regionCode=${encodeURIComponent(REGION_NFD)}`)
    expect(summary.json.rows).toEqual([expect.objectContaining({ key: NFC, amount: 160, qty: 2 })])
    const violations = (await call('GET', '/v1/violations?limit=1000')).json.violations.filter((v: any) => v.saleId === 'lk-sale-1')
    expect(violations).toEqual([]) // no unknown_code: both units were shipped to this store
  })

  it('refuses invisible and lone-mark unit codes, stores and SKUs with 422 naming the field', async () => {
    const shipment = await call('POST', '/v1/shipments', {
      body: { shipmentId: 'LK-SH2', storeCode: NFC, shippedAt: '2027-05-01', lines: [{ sku: `LK-SKU1${HANGUL_FILLER}`, qty: 2, codes: [`SN-3${HANGUL_FILLER}`, LONE_MARK] }] },
    })
    expect(shipment.status).toBe(422)
    expect(pathsOf(shipment)).toEqual(['lines.0.codes.0', 'lines.0.codes.1', 'lines.0.sku'])
    const sale = await sendWebhook('lk-till', secret, {
      type: 'sale.completed',
      data: { saleId: 'lk-sale-2', storeCode: HANGUL_FILLER, occurredAt: '2027-05-10T12:00:00+08:00', lines: [{ sku: LONE_MARK, qty: 1, unitPrice: 80, codes: [`SN\u2800`] }] },
    })
    expect(sale.status).toBe(422)
    expect(pathsOf(sale)).toEqual(['data.lines.0.codes.0', 'data.lines.0.sku', 'data.storeCode'])
    expect(sale.json.errors.find((e: any) => e.path === 'data.lines.0.codes.0').message).toContain('U+2800 BRAILLE PATTERN BLANK')
  })
})

describe('sheets: code cells under the same rule', () => {
  const months = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i + 1}`, 100]))
  const push = (tab: string, rows: unknown[]) =>
    call('POST', `/v1/sheets/${tab}/sync`, { body: { spreadsheetId: 'lk-sheet', sheetName: '目标', params: { year: Y }, rows } })

  it('a full-width, decomposed store code in a target row is the store; so are region, location and SKU cells', async () => {
    const targets = await push('targets-store', [{ row: 2, values: { code: `${WIDE('LK-CAF')}E\u0301`, ...months } }])
    expect(targets.status, targets.text).toBe(200)
    const stored = (await call('GET', `/v1/targets?year=${Y}&level=store&regionCode=${encodeURIComponent(REGION)}`)).json.rows
    expect([...new Set(stored.map((r: any) => r.code))]).toEqual([NFC])
    const budgets = await push('budgets', [{ row: 2, values: { regionCode: REGION_NFD, department: 'sales', category: 'travel', ...months } }])
    expect(budgets.status, budgets.text).toBe(200)
    const limits = await push('stock-limits', [{ row: 2, values: { locationCode: NFD, sku: WIDE('LK-SKU1'), min: 1, max: 5 } }])
    expect(limits.status, limits.text).toBe(200)
    const tab = await call('GET', '/v1/sheets/stock-limits')
    expect(tab.json.rows.filter((r: any[]) => r[0] === NFC).map((r: any[]) => r.slice(0, 4))).toEqual([[NFC, 'LK-SKU1', 1, 5]])
  })

  it('a Hangul filler or a lone mark in a code cell is named by row and column', async () => {
    const targets = await push('targets-store', [{ row: 3, values: { code: HANGUL_FILLER, ...months } }, { row: 4, values: { code: `${LONE_MARK}${NFC}`, ...months } }])
    expect(targets.status).toBe(422)
    expect(targets.json.errors.map((e: any) => [e.row, e.column, e.message])).toEqual([
      [3, 'code', 'contains the invisible character U+3164 HANGUL FILLER; delete it'],
      [4, 'code', 'starts with the combining mark U+0301 COMBINING ACUTE ACCENT, which has no letter before it'],
    ])
    const limits = await push('stock-limits', [{ row: 5, values: { locationCode: `${NFC}${HANGUL_FILLER}`, sku: LONE_MARK, min: 1, max: 5 } }])
    expect(limits.json.errors.map((e: any) => [e.row, e.column])).toEqual([[5, 'locationCode'], [5, 'sku']])
    expect(limits.json.errors[0].message).toContain('invisible character U+3164')
    // The expenses tab of 2026, the year of the expense.
    const expenses = await call('POST', '/v1/sheets/expenses/sync', {
      body: { spreadsheetId: 'lk-sheet', sheetName: '费用', params: { year: 2026 }, rows: [{ row: 6, values: { expenseId: 'LK-X1', regionCode: `${REGION}${HANGUL_FILLER}`, department: 'sales', category: 'travel', incurredOn: '2026-03-01', amount: 10, description: '出差' } }] },
    })
    expect(expenses.json.errors.map((e: any) => [e.row, e.column])).toEqual([[6, 'regionCode']])
    expect(expenses.json.errors[0].message).toContain('invisible character U+3164')
  })
})

describe('the OpenAPI document', () => {
  it('still generates, with codes described as strings under the rule', async () => {
    const res = await call('GET', '/openapi.json', { token: null })
    expect(res.status).toBe(200)
    const text = JSON.stringify(res.json)
    expect(text).toContain('NFC-normalised, full-width ASCII folded to ASCII')
    expect(res.json.components.schemas.PosSale.properties.storeCode).toMatchObject({ type: 'string' })
  })
})
