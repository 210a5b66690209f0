// Webhook signatures. Standard Webhooks v1 (https://www.standardwebhooks.com): HMAC-SHA256 over
// "{id}.{timestamp}.{body}" keyed with the base64 part of a `whsec_` secret, sent as space-separated
// `v1,<base64>` entries. Shopify: base64 HMAC-SHA256 of the raw body keyed with the app secret.

const encoder = new TextEncoder()
export const TIMESTAMP_TOLERANCE_SECONDS = 300

function base64ToBytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text)
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

function bytesToBase64(bytes: ArrayBuffer): string {
  let binary = ''
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

async function hmac(key: Uint8Array, message: string): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message))
}

/** Constant-time equality of a computed MAC and a received one (lengths are public: 32 bytes). */
function macEquals(expected: ArrayBuffer, received: Uint8Array | null): boolean {
  if (!received || received.byteLength !== expected.byteLength) return false
  return crypto.subtle.timingSafeEqual(expected, received)
}

/** The HMAC key of a `whsec_` secret: its base64 part, decoded. */
export function standardWebhookKey(secret: string): Uint8Array | null {
  return base64ToBytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret)
}

export async function signStandardWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = standardWebhookKey(secret)
  if (!key) throw new Error('not a whsec_ secret')
  return `v1,${bytesToBase64(await hmac(key, `${id}.${timestamp}.${body}`))}`
}

export type VerifyResult = { ok: true } | { ok: false; reason: string }

/** Verifies Standard Webhooks headers against any of the live secrets. */
export async function verifyStandardWebhook(
  secrets: string[],
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string,
  nowSeconds: number,
): Promise<VerifyResult> {
  const { id, timestamp, signature } = headers
  if (!id || !timestamp || !signature) return { ok: false, reason: 'webhook-id, webhook-timestamp and webhook-signature are required' }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp must be unix seconds' }
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, reason: `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS} s from now` }
  }
  const received = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => base64ToBytes(entry.slice(3)))
  const message = `${id}.${timestamp}.${body}`
  for (const secret of secrets) {
    const key = standardWebhookKey(secret)
    if (!key) continue
    const expected = await hmac(key, message)
    // Check every entry, so timing does not tell which one matched.
    let matched = false
    for (const candidate of received) matched = macEquals(expected, candidate) || matched
    if (matched) return { ok: true }
  }
  return { ok: false, reason: 'no signature matches a secret of this source' }
}

export async function signShopify(secret: string, body: string): Promise<string> {
  return bytesToBase64(await hmac(encoder.encode(secret), body))
}

export async function verifyShopify(secrets: string[], hmacHeader: string | undefined, body: string): Promise<VerifyResult> {
  if (!hmacHeader) return { ok: false, reason: 'X-Shopify-Hmac-Sha256 is required' }
  const received = base64ToBytes(hmacHeader.trim())
  for (const secret of secrets) {
    if (macEquals(await hmac(encoder.encode(secret), body), received)) return { ok: true }
  }
  return { ok: false, reason: 'the HMAC does not match a secret of this source' }
}
