// Who is calling. A request carries a bearer token; it resolves to a principal with a role and the
// regions it covers. The ADMIN_TOKEN secret bootstraps the first admin.
import { and, eq, isNull } from 'drizzle-orm'
import type { Env } from '../env'
import { database } from '../db/client'
import { apiTokens } from '../db/schema'
import { secretsEqual, sha256Hex } from '../lib/tokens'

export const ROLES = ['admin', 'manager', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export interface Principal {
  /** Token id, recorded as the actor in the audit log. */
  id: string
  role: Role
  /** Regions a manager or viewer covers; ignored for admins. */
  regionCodes: string[]
}

export const BOOTSTRAP_ACTOR = 'admin-token'

/** How often lastUsedAt is refreshed: a write on every request would cost more than it tells. */
const LAST_USED_RESOLUTION_MS = 60_000

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1] ?? null
}

export async function resolvePrincipal(env: Env, token: string, now: Date) {
  if (env.ADMIN_TOKEN && (await secretsEqual(token, env.ADMIN_TOKEN))) {
    return { principal: { id: BOOTSTRAP_ACTOR, role: 'admin', regionCodes: [] } satisfies Principal, touch: null }
  }
  const db = database(env)
  const hash = await sha256Hex(token)
  const row = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .get()
  // Looking up by the SHA-256 of a 256-bit secret reveals nothing about the secret through timing:
  // an attacker cannot steer the hash towards a stored one byte by byte.
  if (!row) return null
  const stale = !row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS
  const touch = stale
    ? db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.id)).run()
    : null
  const principal: Principal = { id: row.id, role: row.role, regionCodes: JSON.parse(row.regionCodes) as string[] }
  return { principal, touch }
}
