// The webhook door: an unknown or disabled source, missing signature headers and a compressed
// body are refused before one byte of the body is read, so a sender that cannot sign cannot hold
// a request open or make the worker buffer a body. The bodies here never end: a request that
// read them would hang and the test time out; each stream also counts the reads it was asked for.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { signShopify, signStandardWebhook } from '../../src/lib/webhook-signature'
import { call, drainSalesQueue, posSource, seedTwoRegions, sendWebhook } from './helpers'

let secret: string
let store: string

beforeAll(async () => {
  const { east } = await seedTwoRegions('GATE')
  store = `${east}-S1`
  await call('PUT', '/v1/products', { body: { products: [{ sku: 'GATE-P', name: '衬衫' }] } })
  secret = await posSource('gate-till')
  await call('POST', '/v1/admin/pos-sources', { body: { id: 'gate-shop', name: 'Shopify', vendor: 'shopify', secret: 'shpss_gate0123456789' } })
})

/** A body that sends `prefix` and then nothing, ever; `reads` counts the chunks asked of it. */
function endlessBody(prefix = '') {
  const state = { reads: 0 }
  let sentPrefix = false
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.reads++
        if (!sentPrefix && prefix) {
          sentPrefix = true
          controller.enqueue(new TextEncoder().encode(prefix))
          return
        }
        return new Promise<void>(() => {})
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, state }
}

async function deliver(path: string, headers: Record<string, string>, body: ReadableStream<Uint8Array>, vars: Record<string, string> = {}) {
  const ctx = createExecutionContext()
  const started = Date.now()
  const response = await worker.fetch(
    new Request(`https://regionops.test${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body }),
    { ...env, ...vars },
    ctx,
  )
  const json = (await response.json()) as { type: string; detail: string }
  await waitOnExecutionContext(ctx)
  return { status: response.status, contentType: response.headers.get('content-type'), json, ms: Date.now() - started }
}

async function standardHeaders(id: string, body = '{}') {
  const timestamp = Math.floor(Date.now() / 1000)
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': await signStandardWebhook(secret, id, timestamp, body) }
}

const receipts = async (webhookId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = ?').bind(webhookId).first<{ n: number }>())!.n

describe('refused before the body is read', () => {
  it('an unknown source is a 404', async () => {
    const { stream, state } = endlessBody()
    const res = await deliver('/v1/webhooks/pos/no-such-till', await standardHeaders('g-1'), stream)
    expect(res.status).toBe(404)
    expect(res.contentType).toBe('application/problem+json')
    expect(state.reads).toBe(0)
  })

  it('a Standard Webhooks source named on the Shopify route, and the other way round, are 404', async () => {
    const a = endlessBody()
    expect((await deliver('/v1/webhooks/shopify/gate-till', { 'x-shopify-hmac-sha256': 'x' }, a.stream)).status).toBe(404)
    const b = endlessBody()
    expect((await deliver('/v1/webhooks/pos/gate-shop', await standardHeaders('g-2'), b.stream)).status).toBe(404)
    expect(a.state.reads + b.state.reads).toBe(0)
  })

  it('missing signature headers are a 401 naming them', async () => {
    for (const drop of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const headers: Record<string, string> = await standardHeaders('g-3')
      delete headers[drop]
      const { stream, state } = endlessBody()
      const res = await deliver('/v1/webhooks/pos/gate-till', headers, stream)
      expect(res.status, drop).toBe(401)
      expect(res.json.detail).toContain(drop)
      expect(state.reads).toBe(0)
    }
    const { stream, state } = endlessBody()
    const shopify = await deliver('/v1/webhooks/shopify/gate-shop', { 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'g-4' }, stream)
    expect(shopify.status).toBe(401)
    expect(shopify.json.detail).toContain('x-shopify-hmac-sha256')
    expect(state.reads).toBe(0)
  })

  it('a timestamp outside the 300 s window is a 401', async () => {
    const headers = await standardHeaders('g-5')
    headers['webhook-timestamp'] = String(Math.floor(Date.now() / 1000) - 3600)
    const { stream, state } = endlessBody()
    expect((await deliver('/v1/webhooks/pos/gate-till', headers, stream)).status).toBe(401)
    expect(state.reads).toBe(0)
  })

  it('a gzip or br body is a 415 (the signature covers the body as sent)', async () => {
    for (const encoding of ['gzip', 'br', 'deflate, gzip']) {
      const { stream, state } = endlessBody()
      const res = await deliver('/v1/webhooks/pos/gate-till', { ...(await standardHeaders('g-6')), 'Content-Encoding': encoding }, stream)
      expect(res.status, encoding).toBe(415)
      expect(res.json.type).toBe('https://regionops.dev/problems/unsupported-media-type')
      expect(state.reads).toBe(0)
    }
    const { stream } = endlessBody()
    expect((await deliver('/v1/webhooks/shopify/gate-shop', { 'x-shopify-hmac-sha256': 'x', 'Content-Encoding': 'gzip' }, stream)).status).toBe(415)
  })

  it('a disabled source is a 404, its earlier sales stay in the ledger', async () => {
    const till = await posSource('gate-old-till')
    const sale = { type: 'sale.completed', data: { saleId: 'gate-old-1', storeCode: store, occurredAt: '2027-06-01T10:00:00+08:00', lines: [{ sku: 'GATE-P', qty: 2, unitPrice: 10 }] } }
    expect((await sendWebhook('gate-old-till', till, sale)).status).toBe(202)
    await drainSalesQueue()
    expect((await call('DELETE', '/v1/admin/pos-sources/gate-old-till')).status).toBe(200)

    const { stream, state } = endlessBody()
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = { 'webhook-id': 'g-7', 'webhook-timestamp': String(timestamp), 'webhook-signature': await signStandardWebhook(till, 'g-7', timestamp, '{}') }
    expect((await deliver('/v1/webhooks/pos/gate-old-till', headers, stream)).status).toBe(404)
    expect(state.reads).toBe(0)
    expect((await sendWebhook('gate-old-till', till, { ...sale, data: { ...sale.data, saleId: 'gate-old-2' } })).status).toBe(404)
    const summary = await call('GET', `/v1/sales/summary?from=2027-06-01&to=2027-06-01&storeCode=${store}`)
    expect(summary.json.rows[0]).toMatchObject({ sales: 1, amount: 20 })
  })
})

describe('a body read only once the door is passed', () => {
  it('that drips past WEBHOOK_BODY_SECONDS is a 408, and nothing is stored', async () => {
    const { stream, state } = endlessBody('{"type":"sale.completed",')
    const res = await deliver('/v1/webhooks/pos/gate-till', await standardHeaders('g-drip'), stream, { WEBHOOK_BODY_SECONDS: '1' })
    expect(res.status).toBe(408)
    expect(res.ms).toBeGreaterThanOrEqual(900)
    expect(res.ms).toBeLessThan(5000)
    expect(state.reads).toBeGreaterThan(0)
    expect(await receipts('g-drip')).toBe(0)
  })

  it('that streams past MAX_BODY_BYTES without a Content-Length is a 413', async () => {
    let sent = 0
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024))
    const big = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 200) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await deliver('/v1/webhooks/pos/gate-till', await standardHeaders('g-big'), big)
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(200)
    expect(await receipts('g-big')).toBe(0)
  })

  it('that is whole and signed is taken as before, on both routes', async () => {
    const body = JSON.stringify({ type: 'sale.completed', data: { saleId: 'gate-ok', storeCode: store, occurredAt: '2027-06-02T10:00:00+08:00', lines: [{ sku: 'GATE-P', qty: 1, unitPrice: 5 }] } })
    const standard = await deliver('/v1/webhooks/pos/gate-till', await standardHeaders('g-ok', body), new Blob([body]).stream())
    expect(standard.status).toBe(202)
    const order = '{"id":1}'
    const shopify = await deliver(
      '/v1/webhooks/shopify/gate-shop',
      { 'x-shopify-hmac-sha256': await signShopify('shpss_gate0123456789', order), 'x-shopify-topic': 'app/uninstalled', 'x-shopify-webhook-id': 'g-shop-ok' },
      new Blob([order]).stream(),
    )
    expect(shopify.status).toBe(200)
    await drainSalesQueue()
  })
})
