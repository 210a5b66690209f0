// Every route declares who may call it; this middleware is the only gate. Token routes are
// authenticated here and get the request's RegionScope, through which all region data is read.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { forbidden, unauthorized } from '../lib/problem'
import { bearerToken, resolvePrincipal } from './principal'
import { RegionScope } from './scope'

/**
 * `public`: anyone (health, docs). `signature`: POS webhooks, verified by their signature.
 * `read`: any role, limited to its regions. `write`: admins and managers, limited to their
 * regions. `admin`: HQ only.
 */
export type Access = 'public' | 'signature' | 'read' | 'write' | 'admin'

export const TOKEN_ACCESS: readonly Access[] = ['read', 'write', 'admin']

export function requireAccess(access: Access) {
  return createMiddleware<AppEnv>(async function requireAccess(c, next) {
    if (TOKEN_ACCESS.includes(access)) {
      const token = bearerToken(c.req.header('Authorization'))
      if (!token) throw unauthorized()
      const resolved = await resolvePrincipal(c.env, token, new Date())
      if (!resolved) throw unauthorized('The bearer token is unknown or revoked.')
      if (resolved.touch) await resolved.touch
      const { principal } = resolved
      if (access === 'admin' && principal.role !== 'admin') throw forbidden('Only HQ (admin) tokens may do this.')
      if (access === 'write' && principal.role === 'viewer') throw forbidden('Viewer tokens are read-only.')
      c.set('principal', principal)
      c.set('scope', new RegionScope(principal))
    }
    await next()
  })
}
