// The door of the webhook routes, before any byte of the body is read: the source must exist and
// be enabled, the signature headers must be there, and the body must come as sent (no
// Content-Encoding). Only then is the body read, within a size and a time limit, so a sender who
// cannot sign cannot hold a request open by dripping a body, nor make the worker buffer one.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { settingsOf } from '../config'
import { database } from '../db/client'
import type { AppEnv } from '../env'
import { notFound, Problem, unauthorized } from '../lib/problem'
import { TIMESTAMP_TOLERANCE_SECONDS } from '../lib/webhook-signature'
import { cachedLiveSource, forgetSource } from './source-cache'
import type { LiveSource } from './sources'

const ROUTE = /^\/v1\/webhooks\/(pos|shopify)\/([^/]+)$/
const VENDOR_OF_ROUTE = { pos: 'standard', shopify: 'shopify' } as const
const SIGNATURE_HEADERS: Record<LiveSource['vendor'], string[]> = {
  standard: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  shopify: ['x-shopify-hmac-sha256'],
}

/** Header-only checks of a delivery: the reason it is refused, or null. */
export function headerRefusal(vendor: LiveSource['vendor'], headers: Headers, nowSeconds: number): Problem | null {
  const missing = SIGNATURE_HEADERS[vendor].filter((name) => !headers.get(name))
  if (missing.length > 0) return unauthorized(`The webhook is not signed: ${missing.join(', ')} missing; the body was not read.`)
  const encoding = (headers.get('content-encoding') ?? 'identity').trim().toLowerCase()
  if (encoding !== 'identity') {
    return new Problem(415, `Content-Encoding ${encoding} is not accepted: send the body as signed, uncompressed; it was not read.`)
  }
  if (vendor === 'standard') {
    const timestamp = headers.get('webhook-timestamp')!
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
      return unauthorized(`webhook-timestamp must be unix seconds within ${TIMESTAMP_TOLERANCE_SECONDS} s of now; the body was not read.`)
    }
  }
  return null
}

/**
 * Reads a body of at most `maxBytes` that must end within `seconds`; on either limit the read is
 * cancelled (413, 408). Returns the bytes, or null for a request without a body.
 */
export async function readBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number, seconds: number): Promise<Uint8Array | null> {
  if (!body) return null
  const reader = body.getReader()
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Problem(408, `The webhook body did not arrive within ${seconds} s; nothing was stored.`)), seconds * 1000)
  })
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), late])
      if (done) break
      size += value.byteLength
      if (size > maxBytes) throw new Problem(413, `The request body is larger than ${maxBytes} bytes.`)
      chunks.push(value)
    }
  } catch (error) {
    reader.cancel().catch(() => {})
    throw error
  } finally {
    clearTimeout(timer)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * Mounted before the app's body middlewares. Leaves the source it found in `webhookSource` and the
 * body, read, in the request, so the routes and the body checks after it read it from memory.
 */
export function webhookGate() {
  return createMiddleware<AppEnv>(async function webhookGate(c, next) {
    const route = ROUTE.exec(c.req.path)
    if (!route || c.req.method !== 'POST') return next()
    const vendor = VENDOR_OF_ROUTE[route[1] as keyof typeof VENDOR_OF_ROUTE]
    const sourceId = safeDecode(route[2]!)
    const settings = settingsOf(c.env)
    const found = sourceId === null ? null : await cachedLiveSource(database(c.env), sourceId, new Date(), settings.webhookSourceCacheSeconds)
    const source = found?.source
    if (!source || source.vendor !== vendor) throw notFound(`There is no ${vendor} POS source ${sourceId}.`)
    const refusal = headerRefusal(vendor, c.req.raw.headers, Math.floor(Date.now() / 1000))
    if (refusal) throw refusal
    const body = await readBounded(c.req.raw.body, settings.maxBodyBytes, settings.webhookBodySeconds)
    c.req.raw = new Request(c.req.raw, { body })
    c.set('webhookSource', source)
    c.set('webhookSourceFresh', found.fresh)
    return next()
  })
}

/**
 * The signature checked with the source's secrets: when the cached ones refuse it, once more with
 * the secrets D1 holds now, so a secret rotated in on another isolate verifies at once.
 */
export async function verifiedBySource<R extends { ok: boolean }>(c: Context<AppEnv>, verify: (secrets: string[]) => Promise<R>): Promise<R> {
  const first = await verify(c.get('webhookSource').secrets)
  if (first.ok || c.get('webhookSourceFresh')) return first
  // Read again into the cache, so the next webhooks signed with the new secret find it there.
  const id = c.get('webhookSource').id
  forgetSource(id)
  const { source } = await cachedLiveSource(database(c.env), id, new Date(), settingsOf(c.env).webhookSourceCacheSeconds)
  return source ? verify(source.secrets) : first
}
