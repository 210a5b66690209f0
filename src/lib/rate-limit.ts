// Rate limits through the Workers rate-limiting binding ([[ratelimits]] in wrangler.toml): a
// fixed budget of calls per key per period, counted by Cloudflare at each location. A request over
// the budget is a 429 problem with Retry-After; without the binding (a bare test env) nothing is
// limited.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { Problem } from './problem'
import { problem } from './openapi'

/** The periods set in wrangler.toml (the binding does not tell them); Retry-After is one period. */
export const WEBHOOK_LIMIT_PERIOD_SECONDS = 10
export const TOKEN_LIMIT_PERIOD_SECONDS = 60

/** Throws 429 when `key` has used its budget for this period. */
export async function enforceRateLimit(limiter: RateLimit | undefined, key: string, periodSeconds: number, what: string): Promise<void> {
  if (!limiter) return
  const { success } = await limiter.limit({ key })
  if (!success) {
    throw new Problem(429, `Too many ${what}; retry after ${periodSeconds} s.`, { headers: { 'Retry-After': String(periodSeconds) } })
  }
}

/** The caller's address as Cloudflare saw it (one shared key when there is none, as in local runs). */
export const clientAddress = (header: string | undefined) => header ?? 'unknown'

/** Limits the token endpoints per client address, before authentication, so guessing costs a budget too. */
export const tokenEndpointLimit = createMiddleware<AppEnv>(async function tokenEndpointLimit(c, next) {
  const key = `tokens:${clientAddress(c.req.header('CF-Connecting-IP'))}`
  await enforceRateLimit(c.env.TOKEN_LIMITER, key, TOKEN_LIMIT_PERIOD_SECONDS, 'token requests from this address')
  await next()
})

export const rateLimitedResponse = problem('Too many requests; wait the seconds in Retry-After')
