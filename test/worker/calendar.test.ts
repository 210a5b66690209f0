// Impossible instants and dates are refused, not moved: every timestamp and date the product takes
// (Standard and Shopify webhooks, shipments, expenses, invoices, payments, stock counts, stores,
// the expenses tab of a sheet) answers 422 naming the field, and nothing is stored.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { CALENDAR_MESSAGES as M } from '../../src/lib/calendar'
import { signShopify } from '../../src/lib/webhook-signature'
import order from '../fixtures/shopify/orders-create.json'
import { call, drainSalesQueue, expectOk, posSource, seedTwoRegions, sendWebhook } from './helpers'

const SHOPIFY_SECRET = 'shpss_calendar_test_secret_0123456789'
const SKU = 'CAL-SKU'
let secret: string
let east: string
let store: string
let dealer: string

beforeAll(async () => {
  ;({ east } = await seedTwoRegions('CAL'))
  store = `${east}-S1`
  dealer = `${east}-D1`
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: SKU, name: '日历测试品' }] } }))
  secret = await posSource('cal-till')
  await expectOk(call('POST', '/v1/admin/pos-sources', { body: { id: 'cal-shop', name: 'Shopify calendar', vendor: 'shopify', secret: SHOPIFY_SECRET } }))
})

const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())!.n

/** A 422 problem whose errors name `path` with `message`. */
function expectRefused(res: { status: number; headers: Headers; json: any; text: string }, path: string, message: string) {
  expect(res.status, res.text).toBe(422)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(res.json.errors).toContainEqual(expect.objectContaining({ path, message }))
}

const sale = (saleId: string, occurredAt: string) => ({ saleId, storeCode: store, occurredAt, lines: [{ sku: SKU, qty: 1, unitPrice: 10 }] })

describe('Standard webhooks', () => {
  const cases: [string, string, string][] = [
    ['cal-feb30', '2026-02-30T10:00+08:00', M.notCalendar], // was counted on 2 March
    ['cal-apr31', '2026-04-31T10:00:00+08:00', M.notCalendar], // was counted on 1 May
    ['cal-year0', '0000-01-01T00:00:00Z', M.year], // was a day key 1-01-01
    ['cal-offset', '2026-05-01T10:00:00+23:59', M.offset], // was taken as an offset
  ]
  for (const [saleId, occurredAt, message] of cases) {
    it(`refuses occurredAt ${occurredAt} with 422 and stores nothing`, async () => {
      const res = await sendWebhook('cal-till', secret, { type: 'sale.completed', data: sale(saleId, occurredAt) })
      expectRefused(res, 'data.occurredAt', message)
      expect(await count('SELECT count(*) AS n FROM webhook_receipts WHERE source_id = ? AND webhook_id = ?', 'cal-till', res.id)).toBe(0)
    })
  }

  it('one impossible sale in a batch refuses the whole batch', async () => {
    const res = await sendWebhook('cal-till', secret, {
      type: 'sales.batch',
      data: { sales: [sale('cal-batch-ok', '2026-05-01T10:00:00+08:00'), sale('cal-batch-bad', '2026-05-01T24:00:00+08:00')] },
    })
    expectRefused(res, 'data.sales.1.occurredAt', M.notCalendar)
    expect(res.json.errors).toHaveLength(1)
    await drainSalesQueue()
    expect(await count("SELECT count(*) AS n FROM sales WHERE source_id = 'cal-till' AND sale_id LIKE 'cal-%'")).toBe(0)
  })

  it('still takes the edges of the rule: a leap day at +14:00, -12:00 and -00:00', async () => {
    const res = await sendWebhook('cal-till', secret, {
      type: 'sales.batch',
      data: {
        sales: [
          sale('cal-leap', '2028-02-29T10:00:00+14:00'), // 2028-02-28T20:00Z: 04:00 on the 29th in Shanghai
          sale('cal-west', '2028-03-01T10:00:00.123456789-12:00'), // 22:00Z: 06:00 on 2 March in Shanghai
          sale('cal-utc', '2028-03-03T00:00:00-00:00'), // UTC: 08:00 on 3 March in Shanghai
        ],
      },
    })
    expect(res.status, res.text).toBe(202)
    await drainSalesQueue()
    const days = await env.DB.prepare("SELECT sale_id, day FROM sales WHERE source_id = 'cal-till' ORDER BY sale_id").all()
    expect(days.results).toEqual([
      { sale_id: 'cal-leap', day: '2028-02-29' },
      { sale_id: 'cal-utc', day: '2028-03-03' },
      { sale_id: 'cal-west', day: '2028-03-02' },
    ])
  })
})

describe('Shopify orders/create', () => {
  let deliveries = 0
  const deliver = async (createdAt: string) => {
    const body = JSON.stringify({ ...order, id: 9_100_000 + ++deliveries, created_at: createdAt })
    const webhookId = `cal-shopify-${deliveries}`
    const res = await call('POST', '/v1/webhooks/shopify/cal-shop', {
      token: null,
      body,
      headers: { 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Hmac-Sha256': await signShopify(SHOPIFY_SECRET, body), 'X-Shopify-Webhook-Id': webhookId },
    })
    return { ...res, webhookId }
  }

  for (const createdAt of ['2027-13-01T10:00:00-05:00', '2027-03-31T99:99:99-05:00']) {
    it(`answers created_at ${createdAt} with 422, not 500, and stores nothing`, async () => {
      const res = await deliver(createdAt)
      expectRefused(res, 'created_at', M.notCalendar)
      expect(await count("SELECT count(*) AS n FROM webhook_receipts WHERE source_id = 'cal-shop' AND webhook_id = ?", res.webhookId)).toBe(0)
    })
  }
})

describe('dates of the other writes', () => {
  it('a shipment shipped at an impossible instant or a year out of range', async () => {
    const ship = (shipmentId: string, shippedAt: string) => call('POST', '/v1/shipments', { body: { shipmentId, storeCode: store, shippedAt, lines: [{ sku: SKU, qty: 1 }] } })
    expectRefused(await ship('CAL-SH-1', '2026-02-30T10:00+08:00'), 'shippedAt', M.notCalendar) // was shipped on 2 March
    expectRefused(await ship('CAL-SH-2', '2026-06-10T10:00:00+23:59'), 'shippedAt', M.offset)
    expectRefused(await ship('CAL-SH-3', '1999-12-31'), 'shippedAt', M.year)
    expect(await count("SELECT count(*) AS n FROM shipments WHERE shipment_id LIKE 'CAL-SH-%'")).toBe(0)
  })

  it('an expense incurred before 2000', async () => {
    const res = await call('POST', '/v1/expenses', {
      body: { expenseId: 'CAL-EXP-1', regionCode: east, department: 'sales', category: 'travel', incurredOn: '1999-12-31', amount: 10, description: '出差' },
    })
    expectRefused(res, 'incurredOn', M.year)
    expect(await count("SELECT count(*) AS n FROM expenses WHERE expense_id = 'CAL-EXP-1'")).toBe(0)
  })

  it('an invoice issued in year 0 and a payment received before 2000', async () => {
    const invoice = await call('POST', '/v1/invoices', { body: { invoices: [{ invoiceId: 'CAL-INV-1', dealerCode: dealer, issuedOn: '0000-01-01', dueOn: '2026-01-31', amount: 10 }] } })
    expectRefused(invoice, 'invoices.0.issuedOn', M.year)
    const payment = await call('POST', '/v1/payments', { body: { payments: [{ paymentId: 'CAL-PAY-1', dealerCode: dealer, receivedOn: '1999-12-31', amount: 10 }] } })
    expectRefused(payment, 'payments.0.receivedOn', M.year)
    expect(await count("SELECT count(*) AS n FROM invoices WHERE invoice_id = 'CAL-INV-1'")).toBe(0)
    expect(await count("SELECT count(*) AS n FROM payments WHERE payment_id = 'CAL-PAY-1'")).toBe(0)
  })

  it('a stock count as of year 0', async () => {
    const res = await call('POST', '/v1/inventory/snapshots', { body: { locationCode: store, asOf: '0000-01-01', lines: [{ sku: SKU, onHand: 1 }] } })
    expectRefused(res, 'asOf', M.year)
    expect(await count('SELECT count(*) AS n FROM inventory_snapshots WHERE location_code = ?', store)).toBe(0)
  })

  it('a store opened in year 0', async () => {
    const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: 'CAL-S9', name: '零年店', regionCode: east, channel: 'direct', openedOn: '0000-01-01' }] } })
    expectRefused(res, 'stores.0.openedOn', M.year)
    expect(await count("SELECT count(*) AS n FROM stores WHERE code = 'CAL-S9'")).toBe(0)
  })

  it('the expenses tab of a sheet: a serial and a text date before 2000', async () => {
    const row = (n: number, expenseId: string, incurredOn: unknown) => ({
      row: n,
      values: { expenseId, regionCode: east, department: 'sales', category: 'travel', incurredOn, amount: 10, description: '出差' },
    })
    const res = await call('POST', '/v1/sheets/expenses/sync', {
      body: { spreadsheetId: 'cal-sheet', sheetName: '费用', params: { year: 2026 }, rows: [row(2, 'CAL-SX-1', 36525), row(3, 'CAL-SX-2', '1999/12/31')] },
    })
    expect(res.status, res.text).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ row: 2, column: 'incurredOn', message: M.year }), expect.objectContaining({ row: 3, column: 'incurredOn', message: M.year })])
    expect(await count("SELECT count(*) AS n FROM expenses WHERE expense_id LIKE 'CAL-SX-%'")).toBe(0)
  })
})
