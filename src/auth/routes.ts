// Token administration (HQ only): issue a token once, list tokens, revoke at once.
import { z } from '@hono/zod-openapi'
import { codeSchema, nameSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { rateLimitedResponse, tokenEndpointLimit } from '../lib/rate-limit'
import { issueApiToken, listApiTokens, revokeApiToken } from './api-tokens'
import { ROLES } from './principal'

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

const issueToken = defineRoute('admin', {
  method: 'post',
  path: '/v1/admin/tokens',
  tags: ['Tokens'],
  summary: 'Issue an API token',
  description:
    'Issues a token for a person or a system: `admin` for HQ (every region), `manager` to edit and `viewer` to read its ' +
    '`regionCodes` (at least one; an admin token takes none). The token (`rgo_…`, 256 random bits) is in this response only; the ' +
    'server keeps its SHA-256 hash, so a lost token is revoked and issued again. Calls of `/v1/admin/tokens…` are rate limited per ' +
    'client address before authentication (429 with `Retry-After`).',
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
  description:
    'Every token issued, revoked ones included, with its role, regions, when it was created and last used and when it was revoked: ' +
    'for HQ to find tokens nobody uses any more. The tokens themselves cannot be shown; only their hashes are kept. Rate limited like ' +
    'every `/v1/admin/tokens…` call (429).',
  responses: { 200: { description: 'Tokens', content: { 'application/json': { schema: z.object({ tokens: z.array(TokenInfo) }) } } }, 429: rateLimitedResponse },
})

const revokeToken = defineRoute('admin', {
  method: 'delete',
  path: '/v1/admin/tokens/{id}',
  tags: ['Tokens'],
  summary: 'Revoke a token at once',
  description:
    'The token is refused (401) from the next request on, on every isolate. Revoking a revoked token answers it as it is; an ' +
    'unknown id is 404. The bootstrap `ADMIN_TOKEN` secret is not a stored token: change the secret to replace it.',
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
  .openapi(issueToken, async (c) => c.json(await issueApiToken(c, c.req.valid('json')), 201))
  .openapi(listTokens, async (c) => c.json({ tokens: await listApiTokens(c) }, 200))
  .openapi(revokeToken, async (c) => c.json(await revokeApiToken(c, c.req.valid('param').id), 200))
