// What the robot tests share: a robot set up on the local receiver (robot-receiver.global.ts), a
// region of its own per test, alerts raised through real sales, and the outbox read back.
import { env } from 'cloudflare:workers'
import { beforeAll, expect, inject } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const robots = inject('robotReceiverUrl')
export const DING_SECRET = 'SECb1f0c5e2d4a3968712fe0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8'
export const FEISHU_SECRET = 'fsk8QmT3vZp2LxR7nW4yB'
let till = ''
let saleNo = 0

export type Got = { at: number; query: Record<string, string>; body: any }
export const robot = async (vendor: string, name: string, setup: Record<string, unknown> = {}) => {
  await fetch(`${robots}/__robot/${vendor}/${name}`, { method: 'POST', body: JSON.stringify(setup) })
  return { url: `${robots}/${vendor}/${name}`, got: async () => (await (await fetch(`${robots}/__robot/${vendor}/${name}`)).json()) as { got: Got[]; seen: Got[]; refused: number[] } }
}

/** A region with one store, so each test reads only its own alerts. */
export async function regionFor(region: string) {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: region, name: `${region} 区` }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: `${region}-S`, name: '测试店', regionCode: region, channel: 'direct' }] } }))
}

export async function addEndpoint(region: string, body: Record<string, unknown>) {
  const res = await call('POST', '/v1/alerts/endpoints', { body: { ...body, regionCode: region } })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: string; secret: string | null }
}

/** A region's endpoint, set up before its alerts are raised: the run that raises them sends them at once. */
export async function endpointFor(region: string, body: Record<string, unknown>) {
  await regionFor(region)
  return addEndpoint(region, body)
}

/**
 * The outbox entry a run writes for an endpoint (checks.ts queueAlerts), for alerts raised before
 * the endpoint was added: a test then sends it on its own clock, untouched by the run's own send.
 */
export async function queue(endpointId: string, region: string, violationIds?: number[]) {
  const ids = violationIds ?? (await env.DB.prepare('SELECT id FROM violations WHERE region_code = ? ORDER BY id').bind(region).all<{ id: number }>()).results.map((v) => v.id)
  const id = `${endpointId}:${ids[0]}:${ids.length}`
  await env.DB.prepare("INSERT INTO alert_deliveries (id, endpoint_id, run_id, violation_ids, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, '2000-01-01T00:00:00.000Z', ?)")
    .bind(id, endpointId, id, JSON.stringify(ids), new Date().toISOString())
    .run()
  return ids
}

/** Waits for what a run sends at once to reach the robot. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const value = await read()
    if (done(value)) return value
    await new Promise((r) => setTimeout(r, 100))
  }
  return read()
}

/** One sale of `n` units with codes never shipped: one run, n unknown_code violations, one delivery per endpoint. */
export async function raise(region: string, n: number) {
  const codes = Array.from({ length: n }, (_, i) => `${region}-FAKE-${++saleNo}-${i}`)
  const res = await sendWebhook('rb-till', till, { type: 'sale.completed', data: { saleId: `rb-${saleNo}`, storeCode: `${region}-S`, occurredAt: '2027-05-10T12:00:00+08:00', lines: [{ sku: 'RB-BAG', qty: n, unitPrice: 899, codes }] } })
  expect(res.status).toBe(202)
  await drainSalesQueue()
}

export const deliveries = async (endpointId: string) =>
  (await env.DB.prepare('SELECT id, status, attempts, next_attempt_at, last_error FROM alert_deliveries WHERE endpoint_id = ? ORDER BY created_at, id').bind(endpointId).all<{ id: string; status: string; attempts: number; next_attempt_at: string; last_error: string | null }>()).results
export const pausedUntil = async (endpointId: string) => ((await call('GET', '/v1/alerts/endpoints')).json.endpoints.find((e: { id: string }) => e.id === endpointId).pausedUntil as string | null)
export const makeDue = (endpointId: string) => env.DB.prepare("UPDATE alert_deliveries SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE endpoint_id = ? AND status = 'pending'").bind(endpointId).run()

/** What every robot test file needs first: the product its fake sales sell and the POS they come from. */
export function robotTestSetup() {
  beforeAll(async () => {
    await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'RB-BAG', name: '托特包' }] } }))
    till = await posSource('rb-till')
  })
}

