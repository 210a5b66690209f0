// The queue consumer under failure: a batch that fails is retried whole and nothing of it is
// half-written; a batch applied twice counts once.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { applyQueuedSales } from '../../src/sales/consumer'
import { call, drainSalesQueue, posSource, seedTwoRegions, sendWebhook } from './helpers'

let secret: string
let store: string

beforeAll(async () => {
  const { east } = await seedTwoRegions('LG')
  store = `${east}-S1`
  await call('PUT', '/v1/products', { body: { products: [{ sku: 'TEE', name: 'T恤' }] } })
  secret = await posSource('lg-till')
})

const payload = (saleId: string, day: string) => ({
  type: 'sale.completed',
  data: { saleId, storeCode: store, occurredAt: `${day}T12:00:00+08:00`, lines: [{ sku: 'TEE', qty: 1, unitPrice: 100 }] },
})
const daySummary = async (day: string) => (await call('GET', `/v1/sales/summary?from=${day}&to=${day}&groupBy=day`)).json.rows

describe('queue consumer', () => {
  it('a batch that fails on D1 is retried; nothing of it is written until it succeeds, then it counts once', async () => {
    await env.DB.exec('ALTER TABLE sales_daily RENAME TO sales_daily_away')
    let restored = false
    try {
      const res = await sendWebhook('lg-till', secret, payload('fail-1', '2027-11-01'))
      expect(res.status).toBe(202)
      // Let the consumer try (and fail) at least once.
      await new Promise((r) => setTimeout(r, 1500))
      const receipt = await env.DB.prepare('SELECT status FROM webhook_receipts WHERE webhook_id = ?').bind(res.id).first()
      expect(receipt).toEqual({ status: 'queued' })
      // The failed batch wrote nothing: not the sale, not its lines.
      expect(await env.DB.prepare("SELECT count(*) AS n FROM sales WHERE sale_id = 'fail-1'").first()).toEqual({ n: 0 })
      await env.DB.exec('ALTER TABLE sales_daily_away RENAME TO sales_daily')
      restored = true
      await drainSalesQueue()
      expect(await daySummary('2027-11-01')).toEqual([{ key: '2027-11-01', amount: 100, qty: 1, sales: 1 }])
    } finally {
      if (!restored) await env.DB.exec('ALTER TABLE sales_daily_away RENAME TO sales_daily')
    }
  })

  it('a redelivered batch counts once, and so does a replayed receipt', async () => {
    const res = await sendWebhook('lg-till', secret, payload('redeliver-1', '2027-11-02'))
    await drainSalesQueue()
    const message = { sourceId: 'lg-till', webhookId: res.id }
    // Redelivery after the batch was applied: the receipt is done, nothing happens.
    expect((await applyQueuedSales(env, [message])).applied).toBe(0)
    // An applied receipt keeps no second copy of its sales, so one replayed on purpose brings
    // nothing; and the ledger would keep its sale ids anyway (the replay storm resends them all).
    expect(await env.DB.prepare('SELECT payload FROM webhook_receipts WHERE webhook_id = ?').bind(res.id).first()).toEqual({ payload: '[]' })
    await env.DB.prepare("UPDATE webhook_receipts SET status = 'queued' WHERE webhook_id = ?").bind(res.id).run()
    expect((await applyQueuedSales(env, [message, message])).applied).toBe(0)
    expect(await daySummary('2027-11-02')).toEqual([{ key: '2027-11-02', amount: 100, qty: 1, sales: 1 }])
  })

  it('one batch holding the same sale under two webhook ids counts it once', async () => {
    const a = await sendWebhook('lg-till', secret, payload('twice-1', '2027-11-03'))
    const b = await sendWebhook('lg-till', secret, payload('twice-1', '2027-11-03'))
    expect([a.status, b.status]).toEqual([202, 202])
    await drainSalesQueue()
    expect(await daySummary('2027-11-03')).toEqual([{ key: '2027-11-03', amount: 100, qty: 1, sales: 1 }])
  })
})
