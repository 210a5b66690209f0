// Rate limits on the webhook and token endpoints, through the Workers rate-limiting binding. The
// configured budgets (wrangler.toml) are too large to reach in a test, so the worker is handed a
// real limiter binding with a budget of 3 a minute in their place — the same as deploying with
// `limit = 3` — and the tests check what a caller sees: 429 problem+json with Retry-After, per
// source or per address, and nothing stored for a refused request.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { signShopify, signStandardWebhook } from '../../src/lib/webhook-signature'
import { ADMIN, call, expectOk, posSource, sendWebhook } from './helpers'

const tight = { ...env, WEBHOOK_LIMITER: env.TIGHT_LIMITER, TOKEN_LIMITER: env.TIGHT_LIMITER }

async function send(request: Request) {
  const ctx = createExecutionContext()
  const response = await worker.fetch(request, tight, ctx)
  await waitOnExecutionContext(ctx)
  return { status: response.status, headers: response.headers, json: (await response.json()) as any }
}

let webhookNo = 0
async function webhook(sourceId: string, secret: string, options: { badSignature?: boolean } = {}) {
  const id = `rl-${++webhookNo}`
  const body = JSON.stringify({ type: 'sale.completed', data: { saleId: id, storeCode: 'RL-1', occurredAt: '2027-06-01T10:00:00+08:00', lines: [{ sku: 'P', qty: 1, unitPrice: 1 }] } })
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = await signStandardWebhook(options.badSignature ? 'whsec_' + btoa('a secret that is not the one!!!!') : secret, id, timestamp, body)
  const response = await send(
    new Request(`https://regionops.test/v1/webhooks/pos/${sourceId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
      body,
    }),
  )
  return { ...response, id }
}

const tokens = (address: string, token: string | null = ADMIN) =>
  send(new Request('https://regionops.test/v1/admin/tokens', { headers: { 'CF-Connecting-IP': address, ...(token ? { Authorization: `Bearer ${token}` } : {}) } }))

const receipts = async (id: string) => (await env.DB.prepare('SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = ?').bind(id).first<{ n: number }>())!.n

let secrets: Record<string, string>

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'RL', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'RL-1', name: '一店', regionCode: 'RL', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'P', name: '商品' }] } }))
  secrets = { a: await posSource('rl-a'), b: await posSource('rl-b'), c: await posSource('rl-c') }
})

describe('the configured limits', () => {
  it('are real rate-limiting bindings, and ordinary traffic passes them', async () => {
    expect(typeof env.WEBHOOK_LIMITER?.limit).toBe('function')
    expect(typeof env.TOKEN_LIMITER?.limit).toBe('function')
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        sendWebhook('rl-b', secrets.b!, { type: 'sale.completed', data: { saleId: `ok-${i}`, storeCode: 'RL-1', occurredAt: '2027-06-01T10:00:00+08:00', lines: [{ sku: 'P', qty: 1, unitPrice: 1 }] } }, { direct: true }).then((r) => r.status),
      ),
    )
    expect(new Set(statuses)).toEqual(new Set([202]))
  })
})

describe('webhooks, per source', () => {
  it('over the budget: 429 problem with Retry-After, and the webhook is not stored', async () => {
    for (let i = 0; i < 3; i++) expect((await webhook('rl-a', secrets.a!)).status).toBe(202)
    const refused = await webhook('rl-a', secrets.a!)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    expect(refused.headers.get('retry-after')).toBe('10')
    // A POS sends no Accept-Language: the refusal reads in the company's language, its type stays.
    expect(refused.json).toMatchObject({ status: 429, type: 'https://regionops.dev/problems/rate-limited', title: '请求太频繁' })
    expect(await receipts(refused.id)).toBe(0)
  })

  it('one source over its budget does not hold back another', async () => {
    expect((await webhook('rl-c', secrets.c!)).status).toBe(202)
  })

  it('requests with a bad signature do not use up a source’s budget', async () => {
    const secret = await posSource('rl-d')
    for (let i = 0; i < 5; i++) expect((await webhook('rl-d', secret, { badSignature: true })).status).toBe(401)
    for (let i = 0; i < 3; i++) expect((await webhook('rl-d', secret)).status).toBe(202)
    expect((await webhook('rl-d', secret)).status).toBe(429)
  })

  it('Shopify webhooks are limited the same way', async () => {
    const secret = 'shpss_rate-limit-test-secret-0123456789'
    await expectOk(call('POST', '/v1/admin/pos-sources', { body: { id: 'rl-shop', name: 'Shopify', vendor: 'shopify', secret } }))
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const body = JSON.stringify({ id: 9000 + i, created_at: '2027-06-01T10:00:00+08:00', currency: 'CNY', location_id: 1, line_items: [] })
      const response = await send(
        new Request('https://regionops.test/v1/webhooks/shopify/rl-shop', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Shopify-Hmac-Sha256': await signShopify(secret, body), 'X-Shopify-Webhook-Id': `shop-${i}`, 'X-Shopify-Topic': 'orders/create' },
          body,
        }),
      )
      statuses.push(response.status)
    }
    expect(statuses[3]).toBe(429)
    expect(statuses.slice(0, 3)).not.toContain(429)
  })
})

describe('token endpoints, per client address', () => {
  it('over the budget: 429 with Retry-After even for HQ, counting refused attempts too; other addresses and routes go on', async () => {
    expect((await tokens('203.0.113.7', null)).status).toBe(401)
    expect((await tokens('203.0.113.7', 'rgo_guess')).status).toBe(401)
    expect((await tokens('203.0.113.7')).status).toBe(200)
    const refused = await tokens('203.0.113.7')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    expect((await tokens('198.51.100.4')).status).toBe(200)
    const revoke = await send(new Request('https://regionops.test/v1/admin/tokens/tok_x', { method: 'DELETE', headers: { 'CF-Connecting-IP': '203.0.113.7', Authorization: `Bearer ${ADMIN}` } }))
    expect(revoke.status).toBe(429)
    const other = await send(new Request('https://regionops.test/v1/regions', { headers: { 'CF-Connecting-IP': '203.0.113.7', Authorization: `Bearer ${ADMIN}` } }))
    expect(other.status).toBe(200)
  })
})
