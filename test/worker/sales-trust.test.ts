// Sales a manager can trust: bounds that keep every sum exact, one bad receipt that holds back no
// other, refunds reconciled against their sale, any batch inside the limits stored whole, and an
// audit entry for every receipt the ledger takes.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { applyQueuedSales } from '../../src/sales/consumer'
import { call, drainSalesQueue, posSource, seedTwoRegions, sendWebhook } from './helpers'

let secret: string
let store: string
let otherStore: string
let east: string

beforeAll(async () => {
  const regions = await seedTwoRegions('TR')
  east = regions.east
  store = `${east}-S1`
  otherStore = `${regions.west}-S1`
  await call('PUT', '/v1/products', { body: { products: [{ sku: 'TR-TEE', name: 'T恤' }, { sku: 'TR-CAP', name: '帽子' }] } })
  secret = await posSource('tr-till')
})

const sale = (saleId: string, day: string, lines: unknown[], over: Record<string, unknown> = {}) => ({
  saleId,
  storeCode: store,
  occurredAt: `${day}T12:00:00+08:00`,
  lines,
  ...over,
})
const send = (payload: unknown) => sendWebhook('tr-till', secret, payload)
const dayOf = async (day: string, storeCode = store) =>
  (await call('GET', `/v1/sales/summary?from=${day}&to=${day}&storeCode=${storeCode}&groupBy=day`)).json.rows as { amount: number; qty: number; sales: number }[]
const unmatched = async () => (await call('GET', '/v1/sales/unmatched?limit=1000')).json.sales as { saleId: string; reason: string; kind: string }[]
const reasonOf = async (saleId: string) => (await unmatched()).find((s) => s.saleId === saleId)?.reason

describe('bounds that keep every sum exact', () => {
  it('refuses qty 9007199254740991 at 10.24, naming the field, and HQ reports stay up', async () => {
    const res = await send({ type: 'sale.completed', data: sale('tr-huge', '2027-03-01', [{ sku: 'TR-TEE', qty: 9007199254740991, unitPrice: 10.24 }]) })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'data.lines.0.qty', message: 'must be at most 1,000,000' })])
    await drainSalesQueue()
    expect((await env.DB.prepare("SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = ?").bind(res.id).first<{ n: number }>())!.n).toBe(0)
    for (const path of ['/v1/sales/summary?from=2027-01-01&to=2027-12-31&groupBy=region', '/v1/achievement?year=2027&level=region', '/v1/reports/consolidated?year=2027&format=csv']) {
      expect((await call('GET', path)).status, path).toBe(200)
    }
  })

  it('refuses a price over 100,000,000.00 and a line over 100,000,000.00, every bad field at once', async () => {
    const res = await send({
      type: 'sales.batch',
      data: {
        sales: [
          sale('tr-b1', '2027-03-02', [{ sku: 'TR-TEE', qty: 1, unitPrice: 100_000_000.01 }]),
          sale('tr-b2', '2027-03-02', [{ sku: 'TR-TEE', qty: 1000, unitPrice: 100_000.01 }, { sku: 'TR-CAP', qty: 1_000_001, unitPrice: 1 }]),
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['data.sales.0.lines.0.unitPrice', 'data.sales.1.lines.0.qty', 'data.sales.1.lines.1.qty'])
  })

  it('takes the largest line the bounds allow and sums it exactly', async () => {
    const lines = [{ sku: 'TR-TEE', qty: 1_000_000, unitPrice: 100 }, { sku: 'TR-CAP', qty: 1, unitPrice: 100_000_000 }]
    expect((await send({ type: 'sale.completed', data: sale('tr-max', '2027-03-03', lines) })).status).toBe(202)
    await drainSalesQueue()
    expect(await dayOf('2027-03-03')).toEqual([{ key: '2027-03-03', amount: 200_000_000, qty: 1_000_001, sales: 1 }])
  })

  it('a receipt the ledger cannot take fails alone: the rest of its queue batch is applied', async () => {
    // What no webhook can send any more, kept as if an older version had let it in: two lines
    // whose sum overflows SQLite's integers.
    const poison = [{ saleId: 'tr-poison', kind: 'sale', refundOf: null, storeCode: store, storeVendor: null, storeExternalId: null, occurredAt: '2027-03-04T12:00:00+08:00', day: '2027-03-04', isoWeek: '2027-W10', currency: 'CNY',
      lines: [1, 2].map((lineNo) => ({ lineNo, sku: 'TR-TEE', qty: 1, unitPrice: 5e18, amount: 5e18, codes: null })) }]
    const good = (id: string) => [{ ...poison[0], saleId: id, lines: [{ lineNo: 1, sku: 'TR-TEE', qty: 1, unitPrice: 700, amount: 700, codes: null }] }]
    const receipts = [['tr-poison-msg', poison], ['tr-good-1', good('tr-good-1')], ['tr-good-2', good('tr-good-2')]] as const
    for (const [webhookId, sales] of receipts) {
      await env.DB.prepare(`INSERT INTO webhook_receipts (source_id, webhook_id, received_at, queued_at, payload, parts, sales_count, status) VALUES ('tr-till', ?, ?, ?, ?, 1, 1, 'queued')`)
        .bind(webhookId, new Date().toISOString(), new Date().toISOString(), JSON.stringify(sales))
        .run()
    }
    const outcome = await applyQueuedSales(env, receipts.map(([webhookId]) => ({ sourceId: 'tr-till', webhookId })))
    expect(outcome.applied).toBe(2)
    expect(outcome.failures.map((f) => f.webhookId)).toEqual(['tr-poison-msg'])
    expect(String(outcome.failures[0]!.error)).toMatch(/overflow/)
    expect(await dayOf('2027-03-04')).toEqual([{ key: '2027-03-04', amount: 14, qty: 2, sales: 2 }])

    // Through the real queue the failing receipt keeps its error and is retried; the others are done.
    await env.DB.prepare("UPDATE webhook_receipts SET status = 'queued' WHERE webhook_id IN ('tr-good-1', 'tr-good-2')").run()
    await env.SALES_QUEUE.sendBatch(receipts.map(([webhookId]) => ({ body: { sourceId: 'tr-till', webhookId } })))
    const deadline = Date.now() + 15_000
    let poisoned: { status: string; failed_attempts: number; last_error: string } | null = null
    while (Date.now() < deadline) {
      poisoned = await env.DB.prepare("SELECT status, failed_attempts, last_error FROM webhook_receipts WHERE webhook_id = 'tr-poison-msg'").first()
      if (poisoned!.failed_attempts >= 1) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(poisoned).toMatchObject({ status: 'queued', last_error: expect.stringMatching(/overflow/) })
    const others = await env.DB.prepare("SELECT status, failed_attempts FROM webhook_receipts WHERE webhook_id IN ('tr-good-1', 'tr-good-2')").all()
    expect(others.results).toEqual([{ status: 'applied', failed_attempts: 0 }, { status: 'applied', failed_attempts: 0 }])
    expect(await dayOf('2027-03-04')).toEqual([{ key: '2027-03-04', amount: 14, qty: 2, sales: 2 }])
    await env.DB.prepare("UPDATE webhook_receipts SET status = 'failed' WHERE webhook_id = 'tr-poison-msg'").run()
  })
})

describe('refunds reconciled against their sale', () => {
  const tee = (qty: number, unitPrice = 100) => [{ sku: 'TR-TEE', qty, unitPrice }]
  const refund = (saleId: string, refundOf: string, day: string, lines: unknown[], over: Record<string, unknown> = {}) =>
    send({ type: 'sale.refunded', data: sale(saleId, day, lines, { refundOf, ...over }) })

  it('holds what its sale never had: 50 units from 1, another SKU, a higher price, another store; the day never goes negative', async () => {
    expect((await send({ type: 'sale.completed', data: sale('tr-one', '2027-04-01', tee(1)) })).status).toBe(202)
    await drainSalesQueue()
    expect((await refund('tr-r50', 'tr-one', '2027-04-02', tee(50))).status).toBe(202)
    expect((await refund('tr-rsku', 'tr-one', '2027-04-02', [{ sku: 'TR-CAP', qty: 1, unitPrice: 100 }])).status).toBe(202)
    expect((await refund('tr-rprice', 'tr-one', '2027-04-02', tee(1, 250))).status).toBe(202)
    expect((await refund('tr-rstore', 'tr-one', '2027-04-02', tee(1), { storeCode: otherStore })).status).toBe(202)
    await drainSalesQueue()
    expect(await dayOf('2027-04-02')).toEqual([])
    expect(await dayOf('2027-04-02', otherStore)).toEqual([])
    expect(await reasonOf('tr-r50')).toBe('refund_exceeds_sale')
    expect(await reasonOf('tr-rsku')).toBe('refund_sku_not_in_sale')
    expect(await reasonOf('tr-rprice')).toBe('refund_price_above_sale')
    expect(await reasonOf('tr-rstore')).toBe('refund_store_mismatch')
    // What the sale does have can still come back, once.
    expect((await refund('tr-rok', 'tr-one', '2027-04-03', tee(1))).status).toBe(202)
    expect((await refund('tr-rtwice', 'tr-one', '2027-04-03', tee(1))).status).toBe(202)
    await drainSalesQueue()
    expect(await dayOf('2027-04-03')).toEqual([{ key: '2027-04-03', amount: -100, qty: -1, sales: 0 }])
    expect(await reasonOf('tr-rok')).toBeUndefined()
    expect(await reasonOf('tr-rtwice')).toBe('refund_exceeds_sale')
  })

  it('refuses a refund of itself', async () => {
    const res = await refund('tr-self', 'tr-self', '2027-04-04', tee(1))
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'data.refundOf' })])
  })

  it('a refund whose sale has not arrived waits, listed, and counts when the sale comes', async () => {
    expect((await refund('tr-early', 'tr-late-sale', '2027-04-06', tee(2, 90))).status).toBe(202)
    await drainSalesQueue()
    expect(await dayOf('2027-04-06')).toEqual([])
    expect(await reasonOf('tr-early')).toBe('refund_awaiting_sale')
    expect((await send({ type: 'sale.completed', data: sale('tr-late-sale', '2027-04-05', tee(3)) })).status).toBe(202)
    await drainSalesQueue()
    expect(await dayOf('2027-04-05')).toEqual([{ key: '2027-04-05', amount: 300, qty: 3, sales: 1 }])
    expect(await dayOf('2027-04-06')).toEqual([{ key: '2027-04-06', amount: -180, qty: -2, sales: 0 }])
    expect(await reasonOf('tr-early')).toBeUndefined()
  })

  it('a sale and its refunds in one batch, in any order, are reconciled in the order they happened', async () => {
    const batch = [
      sale('tr-br2', '2027-04-09', tee(2), { refundOf: 'tr-bsale' }),
      sale('tr-br1', '2027-04-08', tee(2), { refundOf: 'tr-bsale' }),
      sale('tr-bsale', '2027-04-07', tee(3)),
    ]
    expect((await send({ type: 'sales.batch', data: { sales: batch } })).status).toBe(202)
    await drainSalesQueue()
    expect(await dayOf('2027-04-08')).toEqual([{ key: '2027-04-08', amount: -200, qty: -2, sales: 0 }])
    expect(await dayOf('2027-04-09')).toEqual([])
    expect(await reasonOf('tr-br2')).toBe('refund_exceeds_sale')
  })
})

describe('a batch inside the limits is stored whole', () => {
  it('takes 1,000 sales × 25 lines in one webhook and every line reaches the ledger', async () => {
    const sales = Array.from({ length: 1000 }, (_, i) =>
      sale(`tr-big-${i}`, '2027-05-01', Array.from({ length: 25 }, (_, n) => ({ sku: n % 2 ? 'TR-TEE' : 'TR-CAP', qty: 1, unitPrice: 1, codes: [`TR-LONG-CODE-${i}-${n}-0000000000`] }))),
    )
    const res = await send({ type: 'sales.batch', data: { sales } })
    expect(res.status, res.text).toBe(202)
    await drainSalesQueue(60_000)
    const receipt = await env.DB.prepare('SELECT status, parts, last_error FROM webhook_receipts WHERE webhook_id = ?').bind(res.id).first<{ status: string; parts: number }>()
    expect(receipt).toMatchObject({ status: 'applied' })
    expect(receipt!.parts).toBeGreaterThan(1)
    expect(await dayOf('2027-05-01')).toEqual([{ key: '2027-05-01', amount: 25_000, qty: 25_000, sales: 1000 }])
    const lines = await env.DB.prepare("SELECT count(*) AS n FROM sale_lines WHERE source_id = 'tr-till' AND sale_id LIKE 'tr-big-%'").first<{ n: number }>()
    expect(lines!.n).toBe(25_000)
  }, 120_000)

  it('a single sale too large for one D1 value is a 413 naming it, and nothing is stored', async () => {
    const code = (line: number, n: number) => `TR-${line}-${n}-`.padEnd(128, 'x')
    const lines = Array.from({ length: 500 }, (_, line) => ({ sku: 'TR-TEE', qty: 30, unitPrice: 1, codes: Array.from({ length: 30 }, (_, n) => code(line, n)) }))
    const res = await send({ type: 'sales.batch', data: { sales: [sale('tr-small', '2027-05-02', [{ sku: 'TR-TEE', qty: 1, unitPrice: 1 }]), sale('tr-giant', '2027-05-02', lines)] } })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'sales.1', message: expect.stringContaining('tr-giant') })])
    expect((await env.DB.prepare('SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = ?').bind(res.id).first<{ n: number }>())!.n).toBe(0)
  })
})

describe('audit of what the system does', () => {
  it('one entry per applied receipt: source, webhook id, sales and amount', async () => {
    const res = await send({ type: 'sales.batch', data: { sales: [sale('tr-a1', '2027-06-01', [{ sku: 'TR-TEE', qty: 2, unitPrice: 10.5 }]), sale('tr-a2', '2027-06-01', [{ sku: 'TR-CAP', qty: 1, unitPrice: 3 }])] } })
    await drainSalesQueue()
    const audit = await call('GET', `/v1/audit?entity=webhook-receipt&key=tr-till/${res.id}`)
    expect(audit.json.entries).toEqual([
      expect.objectContaining({ via: 'webhook', actor: 'pos-source:tr-till', before: { status: 'queued' }, after: { status: 'applied', sales: 2, refunds: 0, amount: 24 } }),
    ])
  })

  it('a violation the system opens, then closes, is audited each time', async () => {
    await call('PUT', '/v1/products', { body: { products: [{ sku: 'TR-BAG', name: '包', floorPrice: 500 }] } })
    const shipment = await call('POST', '/v1/shipments', { body: { shipmentId: 'tr-ship-1', storeCode: store, shippedAt: '2027-07-01', lines: [{ sku: 'TR-BAG', qty: 1, codes: ['TR-U1'] }] } })
    expect(shipment.status, shipment.text).toBeLessThan(300)
    const bag = [{ sku: 'TR-BAG', qty: 1, unitPrice: 899, codes: ['TR-U1'] }]
    await send({ type: 'sale.completed', data: sale('tr-u-sale1', '2027-07-02', bag) })
    await send({ type: 'sale.completed', data: sale('tr-u-sale2', '2027-07-04', bag) })
    await drainSalesQueue()
    const duplicate = (await call('GET', `/v1/violations?kind=duplicate_code&regionCode=${east}`)).json.violations.find((v: { code: string }) => v.code === 'TR-U1')
    expect(duplicate).toBeDefined()
    // A refund received later, dated between the two sales: the system closes the duplicate.
    await send({ type: 'sale.refunded', data: sale('tr-u-refund', '2027-07-03', [{ sku: 'TR-BAG', qty: 1, unitPrice: 899 }], { refundOf: 'tr-u-sale1' }) })
    await drainSalesQueue()
    const entries = (await call('GET', `/v1/audit?entity=violation&key=${duplicate.id}`)).json.entries
    expect(entries.map((e: { via: string; actor: string; before: unknown; after: { status: string } }) => [e.actor, e.via, e.before, e.after.status])).toEqual([
      ['system', 'webhook', { status: 'open' }, 'dismissed'],
      ['system', 'webhook', null, 'open'],
    ])
  })
})
