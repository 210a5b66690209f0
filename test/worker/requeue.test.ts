// Receipts whose queue message was lost (the runtime killed between the 202 and the consumer)
// stay `queued` with nothing to apply them. Here such a receipt is written as the webhook route
// writes it, without sending its message; the worker must put it on the queue again once it is
// stale — from the cron, from HQ's retry — and the real consumer must apply it once.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { settingsOf } from '../../src/config'
import type { SalesMessage } from '../../src/env'
import worker from '../../src/index'
import { PosPayloadSchema, salesOfPayload } from '../../src/sales/normalize'
import { requeueStaleReceipts } from '../../src/sales/requeue'
import { call, expectOk, posSource } from './helpers'

const SOURCE = 'rq-till'
/** Well past STALE_RECEIPT_SECONDS (120 in wrangler.toml), and well inside it. */
const STALE = 600
const FRESH = 10

/** A receipt as receiveAndQueue keeps it (one part), last queued `secondsAgo`, whose message never arrives. */
async function leaveQueued(webhookId: string, storeCode: string, saleIds: string[], secondsAgo: number, status: 'queued' | 'failed' = 'queued') {
  const payload = PosPayloadSchema.parse({
    type: 'sales.batch',
    data: { sales: saleIds.map((saleId) => ({ saleId, storeCode, occurredAt: '2027-05-10T12:00:00+08:00', lines: [{ sku: 'P', qty: 1, unitPrice: 1 }] })) },
  })
  const sales = salesOfPayload(payload, settingsOf(env).timeZone, settingsOf(env).currency)
  const at = new Date(Date.now() - secondsAgo * 1000).toISOString()
  await env.DB.prepare(
    `INSERT INTO webhook_receipts (source_id, webhook_id, received_at, queued_at, payload, parts, sales_count, status) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  )
    .bind(SOURCE, webhookId, at, at, JSON.stringify(sales), sales.length, status)
    .run()
}

const receipt = (webhookId: string) =>
  env.DB.prepare('SELECT status, queued_at FROM webhook_receipts WHERE source_id = ? AND webhook_id = ?').bind(SOURCE, webhookId).first<{ status: string; queued_at: string }>()

async function waitApplied(webhookIds: string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const states = await Promise.all(webhookIds.map(async (id) => (await receipt(id))?.status))
    if (states.every((s) => s === 'applied')) return
    if (Date.now() > deadline) throw new Error(`receipts not applied after ${timeoutMs} ms: ${webhookIds.map((id, i) => `${id}=${states[i]}`).join(', ')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const salesOf = async (storeCode: string) =>
  (await call('GET', `/v1/sales/summary?from=2027-05-01&to=2027-05-31&storeCode=${storeCode}`)).json.rows[0]?.sales ?? 0

/** One run of the five-minute cron, through the worker's own scheduled handler. */
async function runCron() {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }), env, ctx)
  await waitOnExecutionContext(ctx)
}

/** The real queue, with every message sent through it recorded. */
function recordingQueue() {
  const sent: SalesMessage[] = []
  const queue = {
    send: (body: SalesMessage) => (sent.push(body), env.SALES_QUEUE.send(body)),
    sendBatch: (messages: Iterable<MessageSendRequest<SalesMessage>>) => {
      const list = [...messages]
      sent.push(...list.map((m) => m.body))
      return env.SALES_QUEUE.sendBatch(list)
    },
  } as unknown as Queue<SalesMessage>
  return { queue, sent }
}

const refusingQueue = {
  send: () => Promise.reject(new Error('queue unavailable')),
  sendBatch: () => Promise.reject(new Error('queue unavailable')),
} as unknown as Queue<SalesMessage>

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'RQ', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: ['RQ-1', 'RQ-2', 'RQ-3', 'RQ-4'].map((code) => ({ code, name: code, regionCode: 'RQ', channel: 'direct' })) } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'P', name: '商品' }] } }))
  await posSource(SOURCE)
})

// A fresh receipt left without a message would otherwise wait for a queue that never delivers it.
afterEach(() => env.DB.prepare("DELETE FROM webhook_receipts WHERE source_id = ? AND status <> 'applied'").bind(SOURCE).run())

describe('receipts left queued without a queue message', () => {
  it('are requeued by the cron and reach the ledger once; a receipt queued a moment ago is left alone; the run is audited', async () => {
    await leaveQueued('lost-1', 'RQ-1', ['rq1-a', 'rq1-b', 'rq1-c'], STALE)
    await leaveQueued('fresh-1', 'RQ-1', ['rq1-fresh'], FRESH)
    const freshQueuedAt = (await receipt('fresh-1'))!.queued_at

    await runCron()
    await waitApplied(['lost-1'])
    expect(await salesOf('RQ-1')).toBe(3)
    expect(await receipt('fresh-1')).toEqual({ status: 'queued', queued_at: freshQueuedAt })

    // The next run finds nothing to do, and a second delivery of the message adds nothing.
    await runCron()
    await env.SALES_QUEUE.send({ sourceId: SOURCE, webhookId: 'lost-1' })
    await new Promise((r) => setTimeout(r, 2000))
    expect(await salesOf('RQ-1')).toBe(3)
    expect((await env.DB.prepare("SELECT count(*) AS n FROM sale_lines WHERE sale_id LIKE 'rq1-%'").first<{ n: number }>())!.n).toBe(3)

    const audit = await call('GET', '/v1/audit?entity=webhook-receipts&key=requeue-stale')
    expect(audit.json.entries).toHaveLength(1)
    expect(audit.json.entries[0]).toMatchObject({
      actor: 'system',
      via: 'cron',
      before: { status: 'queued', staleAfterSeconds: 120 },
      after: { requeued: 1, receipts: [`${SOURCE}/lost-1`] },
      context: { trigger: 'cron' },
    })
  })

  it('are taken by HQ’s retry with the failed ones, each once when two retries race; fresh ones stay', async () => {
    await leaveQueued('lost-2', 'RQ-2', ['rq2-a', 'rq2-b'], STALE)
    await leaveQueued('failed-2', 'RQ-2', ['rq2-c'], STALE, 'failed')
    await leaveQueued('fresh-2', 'RQ-2', ['rq2-fresh'], FRESH)

    const retries = await Promise.all([call('POST', '/v1/sales/receipts/retry'), call('POST', '/v1/sales/receipts/retry')])
    expect(retries.map((r) => r.json.requeued).sort()).toEqual([0, 2])
    await waitApplied(['lost-2', 'failed-2'])
    expect(await salesOf('RQ-2')).toBe(3)
    expect((await receipt('fresh-2'))!.status).toBe('queued')

    // HQ's requeue of each receipt (the consumer audits applying it too).
    const requeuedBy = async (id: string) =>
      ((await call('GET', `/v1/audit?entity=webhook-receipt&key=${SOURCE}/${id}`)).json.entries as { via: string }[]).filter((e) => e.via === 'api')
    expect(await requeuedBy('lost-2')).toEqual([expect.objectContaining({ actor: 'admin-token', before: { status: 'queued', stale: true }, after: { status: 'queued', queuedAt: expect.any(String) } })])
    expect(await requeuedBy('failed-2')).toEqual([expect.objectContaining({ before: { status: 'failed' }, after: { status: 'queued' } })])
    expect(await requeuedBy('fresh-2')).toEqual([])
  })

  it('are claimed by one of two runs at once: each goes on the queue once', async () => {
    const ids = ['race-1', 'race-2', 'race-3', 'race-4', 'race-5']
    for (const [i, id] of ids.entries()) await leaveQueued(id, 'RQ-3', [`rq3-${i}`], STALE)
    const { queue, sent } = recordingQueue()
    const runs = await Promise.all([0, 1].map(() => requeueStaleReceipts({ ...env, SALES_QUEUE: queue }, new Date(), 'cron')))
    expect(runs.reduce((n, run) => n + run.requeued, 0)).toBe(5)
    expect(sent.map((m) => m.webhookId).sort()).toEqual(ids)
    await waitApplied(ids)
    expect(await salesOf('RQ-3')).toBe(5)
  })

  it('stay stale when the queue refuses them, for the next run to take; the retry answers 503 and leaves them as they were', async () => {
    await leaveQueued('refused-1', 'RQ-4', ['rq4-a'], STALE)
    await leaveQueued('refused-failed', 'RQ-4', ['rq4-b'], STALE, 'failed')
    expect(await requeueStaleReceipts({ ...env, SALES_QUEUE: refusingQueue }, new Date(), 'cron')).toEqual({ requeued: 0, unsent: 1 })

    const ctx = createExecutionContext()
    const retry = await worker.fetch(
      new Request('https://regionops.test/v1/sales/receipts/retry', { method: 'POST', headers: { Authorization: 'Bearer test-admin-token' } }),
      { ...env, SALES_QUEUE: refusingQueue },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(retry.status).toBe(503)
    expect((await receipt('refused-failed'))!.status).toBe('failed')

    // The queue is back: the next cron run takes the stale one.
    await runCron()
    await waitApplied(['refused-1'])
    expect(await salesOf('RQ-4')).toBe(1)
    expect((await receipt('refused-failed'))!.status).toBe('failed')
  })
})
