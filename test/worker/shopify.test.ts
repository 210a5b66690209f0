// Shopify orders/create and refunds/create, with payloads shaped like Shopify's own examples.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { signShopify } from '../../src/lib/webhook-signature'
import order from '../fixtures/shopify/orders-create.json'
import orderText from '../fixtures/shopify/orders-create.json?raw'
import refundText from '../fixtures/shopify/refunds-create.json?raw'
import { call, drainSalesQueue, expectOk } from './helpers'

const SECRET = 'shpss_test_app_secret_0123456789'
let deliveries = 0

async function deliver(topic: string, payload: unknown, options: { webhookId?: string; hmac?: string } = {}) {
  // Shopify signs the raw body; keep the bytes exactly as sent (large ids stay as written).
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const res = await call('POST', '/v1/webhooks/shopify/shop', {
    token: null,
    body,
    headers: {
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': options.hmac ?? (await signShopify(SECRET, body)),
      'X-Shopify-Webhook-Id': options.webhookId ?? `b54557e4-bdd9-4b37-8a5f-bf7d70bcd04${++deliveries}`,
      'X-Shopify-Shop-Domain': 'regionops-demo.myshopify.com',
      'X-Shopify-API-Version': '2025-01',
    },
  })
  return res
}

const rawOrder = (over: Record<string, unknown> = {}) => JSON.stringify({ ...order, ...over })

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'SH-E', name: '华东区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: { stores: [{ code: 'SH-S1', name: '南京路店', regionCode: 'SH-E', channel: 'direct', externalIds: { shopify: '70000000000' } }] },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'TOP-001', name: '纯棉T恤（黑）' }, { sku: 'TOP-002', name: '纯棉T恤（白）' }] } }))
  await expectOk(call('POST', '/v1/admin/pos-sources', { body: { id: 'shop', name: 'Shopify POS', vendor: 'shopify', secret: SECRET } }))
})

describe('Shopify webhooks', () => {
  it('an order counts for the store of its location, on its day in the company time zone', async () => {
    // 19:00 at -05:00 on 31 March is 08:00 on 1 April in Shanghai.
    const res = await deliver('orders/create', orderText)
    expect(res.status, res.text).toBe(202)
    await drainSalesQueue()
    const rows = (await call('GET', '/v1/sales/summary?from=2027-03-01&to=2027-04-30&groupBy=day&storeCode=SH-S1')).json.rows
    expect(rows).toEqual([{ key: '2027-04-01', amount: 398, qty: 2, sales: 1 }])
  })

  it('a refund without a location counts against the order’s store on its own day', async () => {
    expect((await deliver('refunds/create', refundText)).status).toBe(202)
    await drainSalesQueue()
    const rows = (await call('GET', '/v1/sales/summary?from=2027-03-01&to=2027-04-30&groupBy=day&storeCode=SH-S1')).json.rows
    expect(rows).toEqual([
      { key: '2027-04-01', amount: 398, qty: 2, sales: 1 },
      { key: '2027-04-02', amount: -199, qty: -1, sales: 0 },
    ])
    // Ids past 2^53 are kept exactly as Shopify sent them.
    const stored = await env.DB.prepare("SELECT kind, refund_of, store_code FROM sales WHERE source_id = 'shop' AND sale_id = 'refund:890088186047892319'").first()
    expect(stored).toEqual({ kind: 'refund', refund_of: 'order:820982911946154508', store_code: 'SH-S1' })
  })

  it('deduplicates on X-Shopify-Webhook-Id', async () => {
    const body = rawOrder({ id: 1001, created_at: '2027-05-01T10:00:00+08:00' })
    expect((await deliver('orders/create', body, { webhookId: 'same-delivery' })).status).toBe(202)
    const again = await deliver('orders/create', body, { webhookId: 'same-delivery' })
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ duplicate: true })
    await drainSalesQueue()
    expect((await call('GET', '/v1/sales/summary?from=2027-05-01&to=2027-05-01&groupBy=day')).json.rows).toEqual([{ key: '2027-05-01', amount: 398, qty: 2, sales: 1 }])
  })

  it('an online order (no location) waits as unmatched until a store has that location', async () => {
    expect((await deliver('orders/create', rawOrder({ id: 2002, location_id: null }))).status).toBe(202)
    expect((await deliver('orders/create', rawOrder({ id: 2003, location_id: 71000000000 }))).status).toBe(202)
    await drainSalesQueue()
    const waiting = (await call('GET', '/v1/sales/unmatched')).json.sales
    expect(waiting.map((s: any) => [s.saleId, s.reason, s.storeRef])).toEqual([
      ['order:2002', 'unknown_store', 'shopify:'],
      ['order:2003', 'unknown_store', 'shopify:71000000000'],
    ])
    const mapped = await call('PUT', '/v1/stores', {
      body: { stores: [{ code: 'SH-S2', name: '徐家汇店', regionCode: 'SH-E', channel: 'direct', externalIds: { shopify: '71000000000' } }] },
    })
    expect(mapped.json.salesMatched).toBe(1)
    expect((await call('GET', '/v1/sales/unmatched')).json.sales.map((s: any) => s.saleId)).toEqual(['order:2002'])
  })

  it('refuses a bad HMAC with 401, and a payload without SKUs or in another currency with 422', async () => {
    expect((await deliver('orders/create', rawOrder({ id: 3001 }), { hmac: await signShopify('wrong', rawOrder({ id: 3001 })) })).status).toBe(401)
    expect((await deliver('orders/create', rawOrder({ id: 3002 }), { hmac: '' })).status).toBe(401)
    const noSku = await deliver('orders/create', rawOrder({ id: 3003, line_items: [{ ...order.line_items[0], sku: null }] }))
    expect(noSku.status).toBe(422)
    expect(noSku.json.errors[0]).toMatchObject({ path: 'line_items.0.sku', code: 'missing_sku' })
    const usd = await deliver('orders/create', rawOrder({ id: 3004, currency: 'USD' }))
    expect(usd.status).toBe(422)
    const broken = await deliver('orders/create', rawOrder({ id: 3005, created_at: 'yesterday', line_items: [] }))
    expect(broken.json.errors.map((e: any) => e.path).sort()).toEqual(['created_at', 'line_items'])
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sales WHERE sale_id LIKE 'order:300%'").first()).toEqual({ n: 0 })
  })

  it('acknowledges topics it does not use, and 404s a standard source on the Shopify path', async () => {
    const res = await deliver('customers/create', '{"id": 1}')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ ignored: 'customers/create' })
    await expectOk(call('POST', '/v1/admin/pos-sources', { body: { id: 'std', name: 'std', vendor: 'standard' } }))
    const wrongPath = await call('POST', '/v1/webhooks/shopify/std', { token: null, body: '{}' })
    expect(wrongPath.status).toBe(404)
  })
})

describe('Shopify within the ledger’s bounds', () => {
  it('refuses a quantity or a line past the bounds with 422 naming Shopify’s own fields', async () => {
    const huge = await deliver('orders/create', rawOrder({ id: 3101, line_items: [{ ...order.line_items[0], quantity: 9007199254740991, price: '10.24' }] }))
    expect(huge.status).toBe(422)
    expect(huge.json.errors).toEqual([expect.objectContaining({ path: 'line_items.0.quantity', code: 'too_big' })])
    const dear = await deliver('orders/create', rawOrder({ id: 3102, line_items: [{ ...order.line_items[0], quantity: 2, price: '60000000.00' }] }))
    expect(dear.status).toBe(422)
    expect(dear.json.errors).toEqual([expect.objectContaining({ path: 'line_items.0.quantity', message: expect.stringContaining('100,000,000.00') })])
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sales WHERE sale_id IN ('order:3101', 'order:3102')").first()).toEqual({ n: 0 })
  })
})
