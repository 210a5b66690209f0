// Alert delivery to a real local receiver: signed JSON, group-robot text, batching per run,
// retries with backoff, and failures listed after the last try.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { verifyStandardWebhook } from '../../src/lib/webhook-signature'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const receiver = inject('alertReceiverUrl')
let secret: string
let hookSecret: string
let saleNo = 0

const received = async () => (await (await fetch(`${receiver}/__received`)).json()) as { path: string; headers: Record<string, string>; body: string }[]

async function sellFake(storeCode: string, codes: string[]) {
  const res = await sendWebhook('al-till', secret, {
    type: 'sale.completed',
    data: { saleId: `al-${++saleNo}`, storeCode, occurredAt: '2027-05-10T12:00:00+08:00', lines: [{ sku: 'BAG', qty: codes.length, unitPrice: 899, codes }] },
  })
  expect(res.status).toBe(202)
  await drainSalesQueue()
}

const deliverNow = () => call('POST', '/v1/alerts/deliver')
/** Lets time pass for the retry schedule. */
const makeDue = () => env.DB.prepare("UPDATE alert_deliveries SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'").run()

beforeAll(async () => {
  await fetch(`${receiver}/__reset`)
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'AL-E', name: '华东区' }, { code: 'AL-W', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'AE1', name: '南京路店', regionCode: 'AL-E', channel: 'direct' }, { code: 'AW1', name: '春熙路店', regionCode: 'AL-W', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'BAG', name: '托特包' }] } }))
  secret = await posSource('al-till')
  const hook = await call('POST', '/v1/alerts/endpoints', { body: { regionCode: 'AL-E', format: 'standard', url: `${receiver}/hook` } })
  expect(hook.status).toBe(201)
  hookSecret = hook.json.secret
  await expectOk(call('POST', '/v1/alerts/endpoints', { body: { format: 'wecom', url: `${receiver}/wecom` } }))
  await expectOk(call('POST', '/v1/alerts/endpoints', { body: { regionCode: 'AL-E', format: 'slack', url: `${receiver}/slack` } }))
})

describe('alert delivery', () => {
  it('sends one signed JSON and one robot text per endpoint for the violations of a run', async () => {
    await sellFake('AE1', ['FAKE-A', 'FAKE-B'])
    await deliverNow()
    const got = await received()
    expect(got.map((r) => r.path).sort()).toEqual(['/hook', '/slack', '/wecom'])

    const hook = got.find((r) => r.path === '/hook')!
    const verified = await verifyStandardWebhook(
      [hookSecret],
      { id: hook.headers['webhook-id'], timestamp: hook.headers['webhook-timestamp'], signature: hook.headers['webhook-signature'] },
      hook.body,
      Math.floor(Date.now() / 1000),
    )
    expect(verified).toEqual({ ok: true })
    const payload = JSON.parse(hook.body)
    expect(payload.type).toBe('violations.opened')
    expect(payload.data.violations.map((v: any) => [v.kind, v.code, v.storeCode])).toEqual([
      ['unknown_code', 'FAKE-A', 'AE1'],
      ['unknown_code', 'FAKE-B', 'AE1'],
    ])
    const wecom = JSON.parse(got.find((r) => r.path === '/wecom')!.body)
    expect(wecom.msgtype).toBe('markdown')
    expect(wecom.markdown.content).toContain('2 项新的渠道违规')
    expect(wecom.markdown.content).toContain('码 FAKE-A')
    expect(JSON.parse(got.find((r) => r.path === '/slack')!.body).text).toContain('未知码')
    // Delivering again sends nothing new.
    await deliverNow()
    expect((await received()).length).toBe(3)
  })

  it('sends a region’s violations only to that region’s endpoints', async () => {
    await fetch(`${receiver}/__reset`)
    await sellFake('AW1', ['FAKE-W'])
    await deliverNow()
    expect((await received()).map((r) => r.path)).toEqual(['/wecom'])
  })

  it('retries a receiver that is down with growing delays, then lists the delivery as failed', async () => {
    await fetch(`${receiver}/__reset`)
    await fetch(`${receiver}/__fail?times=100`)
    await sellFake('AW1', ['FAKE-DOWN'])
    await deliverNow()
    const first = await env.DB.prepare("SELECT attempts, next_attempt_at, last_error FROM alert_deliveries WHERE status = 'pending'").first<any>()
    expect(first.attempts).toBe(1)
    expect(first.last_error).toBe('HTTP 503 receiver down')
    const delay = Date.parse(first.next_attempt_at) - Date.now()
    expect(delay).toBeGreaterThan(20_000)
    expect(delay).toBeLessThanOrEqual(30_000)
    await makeDue()
    await deliverNow()
    const second = await env.DB.prepare("SELECT attempts, next_attempt_at FROM alert_deliveries WHERE status = 'pending'").first<any>()
    expect(second.attempts).toBe(2)
    expect(Date.parse(second.next_attempt_at) - Date.now()).toBeGreaterThan(50_000)
    for (let i = 0; i < 3; i++) {
      await makeDue()
      await deliverNow()
    }
    const failed = (await call('GET', '/v1/alerts/deliveries?status=failed')).json.deliveries
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 5, lastError: 'HTTP 503 receiver down' })
    expect((await received()).length).toBe(0)
  })

  it('is configured by HQ only, with valid URLs and regions', async () => {
    const manager = await issueToken('manager', ['AL-E'])
    expect((await call('POST', '/v1/alerts/endpoints', { token: manager.token, body: { format: 'slack', url: 'https://hooks.example.com/x' } })).status).toBe(403)
    expect((await call('GET', '/v1/alerts/deliveries', { token: manager.token })).status).toBe(403)
    const bad = await call('POST', '/v1/alerts/endpoints', { body: { format: 'fax', url: 'ftp://x' } })
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['format', 'url'])
    expect((await call('POST', '/v1/alerts/endpoints', { body: { format: 'slack', url: 'https://x.example.com', regionCode: 'NOPE' } })).status).toBe(422)
    const list = await call('GET', '/v1/alerts/endpoints')
    expect(list.json.endpoints).toHaveLength(3)
    expect(list.text).not.toContain(hookSecret)
  })
})
