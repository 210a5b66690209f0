// Standard Webhooks (a JSON body signed with the endpoint's whsec_ secret): success is any 2xx.
import { signStandardWebhook } from '../../lib/webhook-signature'
import { httpFailure, type RobotLimits, type Verdict } from './robot'

/** No vendor limit; a ceiling so one runaway endpoint cannot take every run. */
export const STANDARD_LIMITS: RobotLimits = { perMinute: 600, minIntervalMs: 0, contentBytes: Number.MAX_SAFE_INTEGER }

export async function standardRequest(url: string, secret: string | null, id: string, payload: unknown, now: Date) {
  const body = JSON.stringify(payload)
  const timestamp = Math.floor(now.getTime() / 1000)
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp) }
  if (secret) headers['webhook-signature'] = await signStandardWebhook(secret, id, timestamp, body)
  return { url, init: { method: 'POST', headers, body } satisfies RequestInit }
}

export const standardVerdict = (status: number, headers: Headers, body: string): Verdict => (status >= 200 && status <= 299 ? { ok: true } : httpFailure(status, headers, body))
