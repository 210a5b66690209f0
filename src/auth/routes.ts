// Token administration (HQ only): issue a token once, list tokens, revoke at once.
import { z } from '@hono/zod-openapi'
import { desc, eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { database } from '../db/client'
import { fromQuery, inJsonArray, runBatch } from '../db/bulk'
import { apiTokens, regions } from '../db/schema'
import { codeSchema, nameSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, notFound } from '../lib/problem'
import { rateLimitedResponse, tokenEndpointLimit } from '../lib/rate-limit'
import { newId, newSecretToken, sha256Hex } from '../lib/tokens'
import { ROLES } from './principal'

/** Prefix of API tokens, so a leaked one is recognisable in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'rgo_'

const TokenInput = z
  .object({
    name: nameSchema,
    role: z.enum(ROLES),
    regionCodes: z.array(codeSchema).max(100).optional(),
  })
  .superRefine((input, ctx) => {
    const codes = input.regionCodes ?? []
    if (input.role !== 'admin' && codes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['regionCodes'], message: `a ${input.role} token needs at least one region` })
    }
    if (input.role === 'admin' && codes.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['regionCodes'], message: 'an admin token covers every region; leave regionCodes out' })
    }
  })
  .openapi('TokenInput')

const TokenInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    regionCodes: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Token')

const tokenInfo = (row: typeof apiTokens.$inferSelect): z.infer<typeof TokenInfo> => ({
  id: row.id,
  name: row.name,
  role: row.role,
  regionCodes: JSON.parse(row.regionCodes) as string[],
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
})

const issueToken = defineRoute('admin', {
  method: 'post',
  path: '/v1/admin/tokens',
  tags: ['Tokens'],
  summary: 'Issue an API token',
  description: 'The token is in this response only; the server keeps its SHA-256 hash.',
  request: { body: { required: true, content: { 'application/json': { schema: TokenInput } } } },
  responses: {
    201: {
      description: 'Issued',
      content: { 'application/json': { schema: TokenInfo.extend({ token: z.string() }) } },
    },
    429: rateLimitedResponse,
  },
})

const listTokens = defineRoute('admin', {
  method: 'get',
  path: '/v1/admin/tokens',
  tags: ['Tokens'],
  summary: 'List API tokens (never the tokens themselves)',
  responses: { 200: { description: 'Tokens', content: { 'application/json': { schema: z.object({ tokens: z.array(TokenInfo) }) } } }, 429: rateLimitedResponse },
})

const revokeToken = defineRoute('admin', {
  method: 'delete',
  path: '/v1/admin/tokens/{id}',
  tags: ['Tokens'],
  summary: 'Revoke a token at once',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'Revoked (again, if it already was)', content: { 'application/json': { schema: TokenInfo } } },
    404: problem('No such token'),
    429: rateLimitedResponse,
  },
})

const router = createRouter()
// Before authentication: a client trying tokens uses up its budget as well. (The pattern also
// matches /v1/admin/tokens itself.)
router.use('/v1/admin/tokens/*', tokenEndpointLimit)

export const tokenRoutes = router
  .openapi(issueToken, async (c) => {
    const input = c.req.valid('json')
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
      ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
        { entity: 'token', key: row.id, before: null, after: info },
      ]),
    ])
    return c.json({ ...info, token }, 201)
  })
  .openapi(listTokens, async (c) => {
    const rows = await database(c.env).select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).all()
    return c.json({ tokens: rows.map(tokenInfo) }, 200)
  })
  .openapi(revokeToken, async (c) => {
    const { id } = c.req.valid('param')
    const db = database(c.env)
    const row = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).get()
    if (!row) throw notFound(`There is no token ${id}.`)
    if (row.revokedAt) return c.json(tokenInfo(row), 200)
    const now = new Date().toISOString()
    const revoked = { ...row, revokedAt: now }
    await runBatch(c.env.DB, [
      fromQuery(db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id))),
      ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
        { entity: 'token', key: id, before: tokenInfo(row), after: tokenInfo(revoked) },
      ]),
    ])
    return c.json(tokenInfo(revoked), 200)
  })
