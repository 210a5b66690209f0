// What worker tests share: calling the worker as a client would, and tokens for each role.
import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import worker from '../../src/index'

export const ADMIN = 'test-admin-token'

export interface CallOptions {
  token?: string | null
  body?: unknown
  /** A CSV body: text, or the bytes of a file as saved (GBK, say). */
  csv?: string | Uint8Array
  headers?: Record<string, string>
  /**
   * Hands the request to the worker's fetch handler in this isolate instead of through SELF: the
   * same handler and bindings, without the harness's per-request cost, which grows with every
   * SELF.fetch of a test file (workers-sdk#15446). For tests that send thousands of requests.
   */
  direct?: boolean
  /**
   * The reader's language (Accept-Language). Tests read the API's messages in English unless they
   * say otherwise; `null` sends no Accept-Language, as a Chinese browser's default reads zh-CN.
   */
  lang?: 'zh-CN' | 'en' | null
}

async function dispatchDirect(request: Request): Promise<Response> {
  const ctx = createExecutionContext()
  const response = await worker.fetch(request, env, ctx)
  const body = await response.arrayBuffer()
  await waitOnExecutionContext(ctx)
  return new Response(body, response)
}

export async function call(method: string, path: string, options: CallOptions = {}) {
  const lang = options.lang === undefined ? 'en' : options.lang
  const headers: Record<string, string> = { ...(lang ? { 'Accept-Language': lang } : {}), ...options.headers }
  const token = options.token === undefined ? ADMIN : options.token
  if (token) headers.Authorization = `Bearer ${token}`
  let body: string | Uint8Array | undefined
  if (options.csv !== undefined) {
    headers['Content-Type'] = 'text/csv'
    body = options.csv
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  }
  const request = new Request(`https://regionops.test${path}`, { method, headers, body })
  const response = options.direct ? await dispatchDirect(request) : await SELF.fetch(request)
  const text = await response.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  return { status: response.status, headers: response.headers, text, json }
}

/** Issues a token through the API, as HQ would. */
export async function issueToken(role: 'admin' | 'manager' | 'viewer', regionCodes?: string[]) {
  const res = await call('POST', '/v1/admin/tokens', { body: { name: `${role} ${regionCodes?.join(',') ?? ''}`, role, regionCodes } })
  if (res.status !== 201) throw new Error(`token not issued: ${res.status} ${res.text}`)
  return res.json as { id: string; token: string }
}

/** Two regions with a dealer and a few stores each, unique per call so tests do not collide. */
export async function seedTwoRegions(prefix: string) {
  const east = `${prefix}-E`
  const west = `${prefix}-W`
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: east, name: '华东区' }, { code: west, name: '西南区' }] } }))
  await expectOk(
    call('PUT', '/v1/dealers', {
      body: { dealers: [{ code: `${east}-D1`, name: '上海经销商', regionCode: east }, { code: `${west}-D1`, name: '成都经销商', regionCode: west }] },
    }),
  )
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: `${east}-S1`, name: '南京路店', regionCode: east, channel: 'direct', tier: 'A', areaSqm: 120 },
          { code: `${east}-S2`, name: '徐家汇店', regionCode: east, channel: 'dealer', dealerCode: `${east}-D1` },
          { code: `${west}-S1`, name: '春熙路店', regionCode: west, channel: 'franchise' },
        ],
      },
    }),
  )
  return { east, west }
}

export async function expectOk(pending: Promise<{ status: number; text: string }>) {
  const res = await pending
  if (res.status >= 300) throw new Error(`expected success, got ${res.status}: ${res.text}`)
  return res
}

/** Registers a Standard Webhooks POS source and returns its secret. */
export async function posSource(id: string) {
  const res = await call('POST', '/v1/admin/pos-sources', { body: { id, name: `POS ${id}`, vendor: 'standard' } })
  if (res.status !== 201) throw new Error(`source not created: ${res.text}`)
  return res.json.secret as string
}

let webhookCounter = 0

/** Sends a signed Standard Webhooks delivery, as a POS would. */
export async function sendWebhook(
  sourceId: string,
  secret: string,
  payload: unknown,
  options: { id?: string; timestamp?: number; signature?: string; direct?: boolean } = {},
) {
  const { signStandardWebhook } = await import('../../src/lib/webhook-signature')
  const id = options.id ?? `msg_${Date.now()}_${++webhookCounter}`
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const signature = options.signature ?? (await signStandardWebhook(secret, id, timestamp, body))
  const res = await call('POST', `/v1/webhooks/pos/${sourceId}`, {
    token: null,
    body,
    headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    direct: options.direct,
  })
  return { ...res, id }
}

/** Waits until the queue consumer has applied every queued receipt. */
export async function drainSalesQueue(timeoutMs = 15_000) {
  const { env } = await import('cloudflare:workers')
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const row = await env.DB.prepare("SELECT count(*) AS n FROM webhook_receipts WHERE status = 'queued'").first<{ n: number }>()
    if (row!.n === 0) return
    if (Date.now() > deadline) throw new Error(`${row!.n} webhook receipts still queued after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
