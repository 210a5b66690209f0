// API tokens (HQ only): issuing one (shown once, stored as its SHA-256 hash), listing them and
// revoking one, each change audited.
import { desc, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { database } from '../db/client'
import { fromQuery, inJsonArray, runBatch } from '../db/bulk'
import { apiTokens, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { invalid, notFound } from '../lib/problem'
import { newId, newSecretToken, sha256Hex } from '../lib/tokens'
import type { Role } from './principal'

/** Prefix of API tokens, so a leaked one is recognisable in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'rgo_'

export interface TokenRequest {
  name: string
  role: Role
  regionCodes?: string[]
}

export const tokenInfo = (row: typeof apiTokens.$inferSelect) => ({
  id: row.id,
  name: row.name,
  role: row.role,
  regionCodes: JSON.parse(row.regionCodes) as string[],
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
})

/** Issues a token; the secret is in the answer only. Every unknown region is named at once. */
export async function issueApiToken(c: Context<AppEnv>, input: TokenRequest) {
  const db = database(c.env)
  const regionCodes = [...new Set(input.regionCodes ?? [])]
  if (regionCodes.length > 0) {
    const known = await db.select({ code: regions.code }).from(regions).where(inJsonArray(regions.code, regionCodes)).all()
    const knownCodes = new Set(known.map((r) => r.code))
    const errors = (input.regionCodes ?? []).flatMap((code, index) =>
      knownCodes.has(code) ? [] : [{ path: `regionCodes.${index}`, message: `region ${code} does not exist`, code: 'unknown_reference' }],
    )
    if (errors.length > 0) throw invalid(errors)
  }
  const token = newSecretToken(API_TOKEN_PREFIX)
  const now = new Date().toISOString()
  const row: typeof apiTokens.$inferSelect = {
    id: newId('tok_'),
    name: input.name,
    role: input.role,
    regionCodes: JSON.stringify(regionCodes),
    tokenHash: await sha256Hex(token),
    createdAt: now,
    createdBy: c.get('principal').id,
    lastUsedAt: null,
    revokedAt: null,
  }
  const info = tokenInfo(row)
  await runBatch(c.env.DB, [
    fromQuery(db.insert(apiTokens).values(row)),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [{ entity: 'token', key: row.id, before: null, after: info }]),
  ])
  return { ...info, token }
}

export async function listApiTokens(c: Context<AppEnv>) {
  const rows = await database(c.env).select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).all()
  return rows.map(tokenInfo)
}

/** Revokes at once; revoking a revoked token answers it unchanged. */
export async function revokeApiToken(c: Context<AppEnv>, id: string) {
  const db = database(c.env)
  const row = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()
  if (!row) throw notFound(`There is no token ${id}.`)
  if (row.revokedAt) return tokenInfo(row)
  const now = new Date().toISOString()
  const revoked = { ...row, revokedAt: now }
  await runBatch(c.env.DB, [
    fromQuery(db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id))),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
      { entity: 'token', key: id, before: tokenInfo(row), after: tokenInfo(revoked) },
    ]),
  ])
  return tokenInfo(revoked)
}
