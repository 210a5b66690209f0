// Standard Webhooks ingest: signatures, tolerance, duplicates, resends, batches, refunds, the
// company time zone and bad payloads.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { signStandardWebhook } from '../../src/lib/webhook-signature'
import { call, drainSalesQueue, posSource, seedTwoRegions, sendWebhook } from './helpers'

let secret: string
let store: string
let otherStore: string

beforeAll(async () => {
  const { east, west } = await seedTwoRegions('WH')
  store = `${east}-S1`
  otherStore = `${west}-S1`
  await call('PUT', '/v1/products', { body: { products: [{ sku: 'TEE', name: 'T恤', floorPrice: 50 }, { sku: 'CAP', name: '帽子' }] } })
  secret = await posSource('till')
})

const sale = (saleId: string, over: Record<string, unknown> = {}) => ({
  saleId,
  storeCode: store,
  occurredAt: '2027-06-10T12:00:00+08:00',
  lines: [{ sku: 'TEE', qty: 2, unitPrice: 99.5 }],
  ...over,
})

const summary = async (query: string) => (await call('GET', `/v1/sales/summary?${query}`)).json.rows
const ledgerCount = async (where: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM sales WHERE ${where}`).first<{ n: number }>())!.n

describe('signatures', () => {
  it('accepts a valid signature among several entries, and any live secret', async () => {
    const body = JSON.stringify({ type: 'sale.completed', data: sale('sig-1') })
    const timestamp = Math.floor(Date.now() / 1000)
    const good = await signStandardWebhook(secret, 'sig-msg-1', timestamp, body)
    const other = await signStandardWebhook('whsec_' + btoa('another key entirely, 32 bytes!!'), 'sig-msg-1', timestamp, body)
    const res = await sendWebhook('till', secret, body, { id: 'sig-msg-1', timestamp, signature: `v1,bm90IGl0 ${other} ${good}` })
    expect(res.status, res.text).toBe(202)
    expect(res.json).toEqual({ received: 1 })
  })

  it('refuses a wrong secret, a tampered body, a missing signature and a bad scheme with 401', async () => {
    const wrong = await sendWebhook('till', 'whsec_' + btoa('not the secret of this source.....'), { type: 'sale.completed', data: sale('sig-2') })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('content-type')).toBe('application/problem+json')

    const body = JSON.stringify({ type: 'sale.completed', data: sale('sig-3') })
    const timestamp = Math.floor(Date.now() / 1000)
    const signature = await signStandardWebhook(secret, 'sig-msg-3', timestamp, body)
    expect((await sendWebhook('till', secret, body.replace('99.5', '0.5'), { id: 'sig-msg-3', timestamp, signature })).status).toBe(401)
    expect((await sendWebhook('till', secret, body, { id: 'sig-msg-3', timestamp, signature: signature.replace('v1,', 'v2,') })).status).toBe(401)
    const unsigned = await call('POST', '/v1/webhooks/pos/till', { token: null, body })
    expect(unsigned.status).toBe(401)
    expect(await ledgerCount("sale_id IN ('sig-2', 'sig-3')")).toBe(0)
  })

  it('allows 300 s of clock difference either way and no more', async () => {
    const now = Math.floor(Date.now() / 1000)
    expect((await sendWebhook('till', secret, { type: 'sale.completed', data: sale('ts-1') }, { timestamp: now - 290 })).status).toBe(202)
    expect((await sendWebhook('till', secret, { type: 'sale.completed', data: sale('ts-2') }, { timestamp: now + 290 })).status).toBe(202)
    expect((await sendWebhook('till', secret, { type: 'sale.completed', data: sale('ts-3') }, { timestamp: now - 310 })).status).toBe(401)
    expect((await sendWebhook('till', secret, { type: 'sale.completed', data: sale('ts-4') }, { timestamp: now + 310 })).status).toBe(401)
  })

  it('an unknown source is a 404', async () => {
    const res = await sendWebhook('nobody', secret, { type: 'sale.completed', data: sale('x') })
    expect(res.status).toBe(404)
  })
})

describe('exactly once', () => {
  it('the same webhook id again is a duplicate, whatever its body, and nothing is re-applied', async () => {
    const first = await sendWebhook('till', secret, { type: 'sale.completed', data: sale('dup-1', { occurredAt: '2027-07-01T10:00:00+08:00' }) }, { id: 'dup-msg' })
    expect(first.status).toBe(202)
    const again = await sendWebhook('till', secret, { type: 'sale.completed', data: sale('dup-2', { occurredAt: '2027-07-01T11:00:00+08:00' }) }, { id: 'dup-msg' })
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ duplicate: true })
    await drainSalesQueue()
    expect(await summary('from=2027-07-01&to=2027-07-01&groupBy=day')).toEqual([{ key: '2027-07-01', amount: 199, qty: 2, sales: 1 }])
  })

  it('a sale id sent again under a new webhook id is not counted again, even with other lines', async () => {
    const at = { occurredAt: '2027-07-02T10:00:00+08:00' }
    expect((await sendWebhook('till', secret, { type: 'sale.completed', data: sale('resend-1', at) })).status).toBe(202)
    await drainSalesQueue()
    const resend = await sendWebhook('till', secret, {
      type: 'sale.completed',
      data: sale('resend-1', { ...at, lines: [{ sku: 'TEE', qty: 2, unitPrice: 99.5 }, { sku: 'CAP', qty: 5, unitPrice: 20 }] }),
    })
    expect(resend.status).toBe(202)
    await drainSalesQueue()
    expect(await summary('from=2027-07-02&to=2027-07-02&groupBy=day')).toEqual([{ key: '2027-07-02', amount: 199, qty: 2, sales: 1 }])
    const lines = await env.DB.prepare("SELECT count(*) AS n FROM sale_lines WHERE sale_id = 'resend-1'").first<{ n: number }>()
    expect(lines!.n).toBe(1)
  })

  it('a sale id twice in one batch counts once, with the lines of its first copy', async () => {
    const at = { occurredAt: '2027-07-03T10:00:00+08:00' }
    const res = await sendWebhook('till', secret, {
      type: 'sales.batch',
      data: { sales: [sale('twice-1', at), sale('twice-1', { ...at, lines: [{ sku: 'CAP', qty: 1, unitPrice: 20 }, { sku: 'TEE', qty: 9, unitPrice: 1 }] })] },
    })
    expect(res.status, res.text).toBe(202)
    await drainSalesQueue()
    expect(await summary('from=2027-07-03&to=2027-07-03&groupBy=sku')).toEqual([{ key: 'TEE', amount: 199, qty: 2, sales: 1 }])
    const lines = await env.DB.prepare("SELECT line_no, sku, qty FROM sale_lines WHERE sale_id = 'twice-1'").all()
    expect(lines.results).toEqual([{ line_no: 1, sku: 'TEE', qty: 2 }])
  })

  it('a batch of 1,000 sales is one webhook and counts each sale once', async () => {
    const sales = Array.from({ length: 1000 }, (_, i) =>
      sale(`batch-${i}`, { occurredAt: `2027-08-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00+08:00`, lines: [{ sku: 'TEE', qty: 1, unitPrice: 10.01 }, { sku: 'CAP', qty: 1, unitPrice: 5, codes: [`U${i}`] }] }),
    )
    const res = await sendWebhook('till', secret, { type: 'sales.batch', data: { sales } })
    expect(res.status, res.text).toBe(202)
    expect(res.json).toEqual({ received: 1000 })
    await drainSalesQueue()
    expect(await summary('from=2027-08-01&to=2027-08-31&groupBy=month')).toEqual([{ key: '2027-08', amount: 15010, qty: 2000, sales: 1000 }])
    const tooMany = await sendWebhook('till', secret, { type: 'sales.batch', data: { sales: [...sales, sale('batch-1000')] } })
    expect(tooMany.status).toBe(422)
    expect(tooMany.json.errors[0].path).toBe('data.sales')
  })
})

describe('refunds and the company time zone', () => {
  it('a refund counts on its own day, against the original sale, net in every view', async () => {
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('r-sale', { occurredAt: '2027-09-01T10:00:00+08:00', lines: [{ sku: 'TEE', qty: 3, unitPrice: 100 }] }) })
    await sendWebhook('till', secret, {
      type: 'sale.refunded',
      data: sale('r-refund', { refundOf: 'r-sale', occurredAt: '2027-09-03T15:00:00+08:00', lines: [{ sku: 'TEE', qty: 1, unitPrice: 100 }] }),
    })
    await drainSalesQueue()
    expect(await summary('from=2027-09-01&to=2027-09-30&groupBy=day')).toEqual([
      { key: '2027-09-01', amount: 300, qty: 3, sales: 1 },
      { key: '2027-09-03', amount: -100, qty: -1, sales: 0 },
    ])
    expect(await summary('from=2027-09-01&to=2027-09-30&groupBy=sku')).toEqual([{ key: 'TEE', amount: 200, qty: 2, sales: 1 }])
    const refund = await env.DB.prepare("SELECT kind, refund_of FROM sales WHERE sale_id = 'r-refund'").first()
    expect(refund).toEqual({ kind: 'refund', refund_of: 'r-sale' })
  })

  it('a refund needs the sale it refunds', async () => {
    const res = await sendWebhook('till', secret, { type: 'sale.refunded', data: sale('r-x') })
    expect(res.status).toBe(422)
    expect(res.json.errors[0].path).toBe('data.refundOf')
  })

  it('17:30 UTC on 31 March is 1 April in Shanghai', async () => {
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('tz-1', { occurredAt: '2027-03-31T17:30:00Z' }) })
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('tz-2', { occurredAt: '2027-03-31T15:59:00Z' }) })
    await drainSalesQueue()
    expect((await summary('from=2027-03-31&to=2027-04-01&groupBy=day')).map((r: any) => r.key)).toEqual(['2027-03-31', '2027-04-01'])
    const row = await env.DB.prepare("SELECT day, iso_week FROM sales WHERE sale_id = 'tz-1'").first()
    expect(row).toEqual({ day: '2027-04-01', iso_week: '2027-W13' })
  })
})

describe('bad payloads', () => {
  it('names every bad field and stores nothing', async () => {
    const res = await sendWebhook('till', secret, {
      type: 'sales.batch',
      data: {
        sales: [
          sale('bad-1', { occurredAt: '2027-06-10T12:00:00' }),
          sale('bad-2', { lines: [{ sku: 'TEE', qty: 1.5, unitPrice: -3 }] }),
          { saleId: '', lines: [] },
          sale('bad-4', { lines: [{ sku: 'TEE', qty: 1, unitPrice: 1.001 }], currency: 'usd' }),
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual([
      'data.sales.0.occurredAt',
      'data.sales.1.lines.0.qty',
      'data.sales.1.lines.0.unitPrice',
      'data.sales.2.lines',
      'data.sales.2.occurredAt',
      'data.sales.2.saleId',
      'data.sales.2.storeCode',
      'data.sales.3.currency',
      'data.sales.3.lines.0.unitPrice',
    ])
    expect(await ledgerCount("sale_id LIKE 'bad-%'")).toBe(0)
    const receipt = await env.DB.prepare('SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = ?').bind(res.id).first<{ n: number }>()
    expect(receipt!.n).toBe(0)
  })

  it('a body that is not JSON, an unknown type and a foreign currency are 422, never 500', async () => {
    const notJson = await sendWebhook('till', secret, 'sale=1&store=2')
    expect(notJson.status).toBe(422)
    expect(notJson.json.errors).toEqual([expect.objectContaining({ path: '(body)' })])
    expect((await sendWebhook('till', secret, { type: 'sale.voided', data: {} })).status).toBe(422)
    expect((await sendWebhook('till', secret, [])).status).toBe(422)
    const usd = await sendWebhook('till', secret, { type: 'sale.completed', data: sale('usd-1', { currency: 'USD' }) })
    expect(usd.status).toBe(422)
    expect(usd.json.errors[0]).toMatchObject({ path: 'data.currency', code: 'currency' })
  })
})

describe('sales of stores and SKUs not in master data yet', () => {
  it('are kept and listed, then folded in when the master data arrives', async () => {
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('um-1', { storeCode: 'WH-NEW', occurredAt: '2027-10-01T10:00:00+08:00' }) })
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('um-2', { occurredAt: '2027-10-01T11:00:00+08:00', lines: [{ sku: 'NEW-SKU', qty: 1, unitPrice: 30 }] }) })
    await drainSalesQueue()
    const listed = (await call('GET', '/v1/sales/unmatched')).json.sales
    expect(listed.map((s: any) => [s.saleId, s.reason, s.unknownSkus, s.amount])).toEqual([
      ['um-1', 'unknown_store', [], 199],
      ['um-2', 'unknown_sku', ['NEW-SKU'], 30],
    ])
    expect(await summary('from=2027-10-01&to=2027-10-01&groupBy=store')).toEqual([])

    const newStore = await call('PUT', '/v1/stores', { body: { stores: [{ code: 'WH-NEW', name: '新开店', regionCode: 'WH-E', channel: 'direct' }] } })
    expect(newStore.json.salesMatched).toBe(1)
    const newSku = await call('PUT', '/v1/products', { body: { products: [{ sku: 'NEW-SKU', name: '新款' }] } })
    expect(newSku.json.salesMatched).toBe(1)
    expect((await call('GET', '/v1/sales/unmatched')).json.sales).toEqual([])
    expect(await summary('from=2027-10-01&to=2027-10-01&groupBy=store')).toEqual([
      { key: store, amount: 30, qty: 1, sales: 1 },
      { key: 'WH-NEW', amount: 199, qty: 2, sales: 1 },
    ])
  })

  it('shows a manager the waiting sales of its own stores only', async () => {
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('um-3', { storeCode: otherStore, lines: [{ sku: 'LATER', qty: 1, unitPrice: 1 }] }) })
    await sendWebhook('till', secret, { type: 'sale.completed', data: sale('um-4', { storeCode: 'NOWHERE', lines: [{ sku: 'TEE', qty: 1, unitPrice: 1 }] }) })
    await drainSalesQueue()
    const { issueToken } = await import('./helpers')
    const west = await issueToken('manager', ['WH-W'])
    const east = await issueToken('manager', ['WH-E'])
    expect((await call('GET', '/v1/sales/unmatched', { token: west.token })).json.sales.map((s: any) => s.saleId)).toEqual(['um-3'])
    expect((await call('GET', '/v1/sales/unmatched', { token: east.token })).json.sales).toEqual([])
    expect((await call('GET', '/v1/sales/unmatched')).json.sales.map((s: any) => s.saleId)).toEqual(['um-3', 'um-4'])
    expect((await call('GET', '/v1/sales/unmatched', { token: null })).status).toBe(401)
  })
})
