// Shopify's SKUs under the code rule every other route applies: a full-width or decomposed
// spelling is the product's SKU, an invisible character is refused.
import { beforeAll, describe, expect, it } from 'vitest'
import { signShopify } from '../../src/lib/webhook-signature'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const SECRET = 'shpss_codes_app_secret_0123456789'
let deliveries = 0

async function shopifyOrder(id: number, sku: string) {
  const body = JSON.stringify({
    id,
    created_at: '2026-04-01T10:00:00+08:00',
    currency: 'CNY',
    location_id: 71000000001,
    line_items: [{ id: id * 10, sku, quantity: 1, price: '100.00' }],
  })
  return call('POST', '/v1/webhooks/shopify/ac-shop', {
    token: null,
    body,
    headers: {
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Hmac-Sha256': await signShopify(SECRET, body),
      'X-Shopify-Webhook-Id': `ac-shop-${++deliveries}-${Date.now()}`,
    },
  })
}

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'AC-E', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'AC-S1', name: '南京路店', regionCode: 'AC-E', channel: 'direct', externalIds: { shopify: '71000000001' } }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'AC-TOP', name: 'T恤' }, { sku: 'AC-CAFÉ', name: '咖啡' }] } }))
  await expectOk(call('POST', '/v1/admin/pos-sources', { body: { id: 'ac-shop', name: 'Shopify POS', vendor: 'shopify', secret: SECRET } }))
})

describe('Shopify line items under the code rule', () => {
  it('a full-width or NFD SKU from Shopify is the same SKU (as it is from a Standard Webhooks POS)', async () => {
    expect((await shopifyOrder(9100001, 'ＡＣ-TOP')).status).toBe(202)
    expect((await shopifyOrder(9100002, 'AC-CAFE\u0301')).status).toBe(202)
    await drainSalesQueue()
    const unmatched = (await call('GET', '/v1/sales/unmatched')).json.sales.filter((s: { saleId: string }) => s.saleId.startsWith('order:91000'))
    const summary = await call('GET', '/v1/sales/summary?from=2026-04-01&to=2026-04-01&groupBy=day&storeCode=AC-S1')
    expect(unmatched).toEqual([])
    // Both sales count for the store: one day, 200.00.
    expect(summary.json.rows.length).toBe(1)
  })

  it('a Shopify SKU with an invisible character is refused (422), as it is from a Standard Webhooks POS', async () => {
    const res = await shopifyOrder(9100003, 'AC-TOP\u200b')
    const secret = await posSource('ac-till')
    const std = await sendWebhook('ac-till', secret, { type: 'sale.completed', data: { saleId: 'ac-std-1', storeCode: 'AC-S1', occurredAt: '2026-04-01T10:00:00+08:00', lines: [{ sku: 'AC-TOP\u200b', qty: 1, unitPrice: 100 }] } })
    expect([res.status, std.status]).toEqual([422, 422])
  })
})
