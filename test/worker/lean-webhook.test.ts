// An accepted webhook costs one D1 round trip: the source and its secrets come from the isolate's
// cache (a few seconds), and a repeated webhook id is found by the receipt's own insert. A secret
// rotated in elsewhere verifies at once; a source disabled here stops at once.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { signStandardWebhook } from '../../src/lib/webhook-signature'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

let secret: string
let roundTrips = 0

/** The D1 binding, counting each call that goes to the database (a statement run, or a batch). */
function countingD1(d1: D1Database): D1Database {
  const counted = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        if (key === 'bind') return (...values: unknown[]) => counted(target.bind(...values))
        if (key === 'run' || key === 'all' || key === 'first' || key === 'raw') {
          return (...args: unknown[]) => {
            roundTrips++
            return (target[key] as (...a: unknown[]) => unknown).apply(target, args)
          }
        }
        const value = Reflect.get(target, key)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  return new Proxy(d1, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => counted(target.prepare(sql))
      if (key === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          roundTrips++
          return target.batch(statements)
        }
      }
      const value = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Sends a signed webhook straight to the worker with the counting D1; returns its status and round trips. */
async function sendCounted(id: string, payload: unknown, key = secret) {
  const body = JSON.stringify(payload)
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = await signStandardWebhook(key, id, timestamp, body)
  const request = new Request('https://regionops.test/v1/webhooks/pos/lean-till', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    body,
  })
  const ctx = createExecutionContext()
  roundTrips = 0
  const response = await worker.fetch(request, { ...env, DB: countingD1(env.DB) }, ctx)
  const trips = roundTrips
  await response.arrayBuffer()
  await waitOnExecutionContext(ctx)
  return { status: response.status, trips }
}

const sale = (saleId: string) => ({ type: 'sale.completed', data: { saleId, storeCode: 'LW-1', occurredAt: '2027-06-01T10:00:00+08:00', lines: [{ sku: 'LW-P', qty: 1, unitPrice: 5 }] } })

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'LW', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'LW-1', name: '一店', regionCode: 'LW', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'LW-P', name: '商品' }] } }))
  secret = await posSource('lean-till')
  // The isolate's first request also looks for stale receipts; that is not the webhook's cost.
  expect((await sendWebhook('lean-till', secret, sale('warm-up'))).status).toBe(202)
})

describe('the path of an accepted webhook', () => {
  it('takes one D1 round trip once the source is cached, and a duplicate takes one too', async () => {
    expect(await sendCounted('lean-1', sale('lean-1'))).toEqual({ status: 202, trips: 1 })
    expect(await sendCounted('lean-2', sale('lean-2'))).toEqual({ status: 202, trips: 1 })
    expect(await sendCounted('lean-2', sale('lean-2'))).toEqual({ status: 200, trips: 1 })
    await drainSalesQueue()
    const summary = await call('GET', '/v1/sales/summary?from=2027-06-01&to=2027-06-01&storeCode=LW-1')
    expect(summary.json.rows[0]).toMatchObject({ amount: 15, sales: 3 })
  })

  it('a secret rotated in on another isolate verifies at once: the cached secrets refusing it, D1 is asked again', async () => {
    const fresh = 'whsec_' + btoa('another-isolate-rotated-this-in!')
    await env.DB.prepare(`INSERT INTO pos_source_secrets (id, source_id, secret, created_at) VALUES ('sec_elsewhere', 'lean-till', ?, ?)`)
      .bind(fresh, new Date().toISOString())
      .run()
    const first = await sendCounted('lean-3', sale('lean-3'), fresh)
    expect(first.status).toBe(202)
    expect(first.trips).toBe(2)
    // The second read went into the cache: the next webhook signed with the new secret takes one.
    expect(await sendCounted('lean-3b', sale('lean-3b'), fresh)).toEqual({ status: 202, trips: 1 })
    expect((await sendCounted('lean-4', sale('lean-4'), 'whsec_' + btoa('a secret nobody was ever given'))).status).toBe(401)
  })

  it('a source disabled through this isolate stops at once', async () => {
    await expectOk(call('DELETE', '/v1/admin/pos-sources/lean-till'))
    expect((await sendCounted('lean-5', sale('lean-5'))).status).toBe(404)
  })
})
