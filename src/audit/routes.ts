// The audit trail for HQ: newest first, filtered by entity and key, paged by id.
import { z } from '@hono/zod-openapi'
import { createRouter, defineRoute } from '../lib/openapi'
import { readAuditTrail } from './audit'

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    via: z.enum(['api', 'sheet', 'webhook', 'cron']),
    entity: z.string(),
    key: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    context: z.unknown().nullable(),
  })
  .openapi('AuditEntry')

const listAudit = defineRoute('admin', {
  method: 'get',
  path: '/v1/audit',
  tags: ['Audit'],
  summary: 'Read the audit trail',
  description:
    'Every change, newest first: who (token id, `admin-token` for the bootstrap secret, `system` for the cron), when, by which way ' +
    '(`api`, `sheet`, `webhook`, `cron`), what (`entity` and `key`) and the values before and after. Filter by `entity` and `key`; ' +
    'page back with `before` set to the answer’s `nextBefore`.',
  request: {
    query: z.object({
      entity: z.string().max(64).optional(),
      key: z.string().max(200).optional(),
      before: z.coerce.number().int().positive().optional().openapi({ description: 'Only entries with a smaller id (paging)' }),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Entries, newest first',
      content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() }) } },
    },
  },
})

export const auditRoutes = createRouter().openapi(listAudit, async (c) => c.json(await readAuditTrail(c.env, c.req.valid('query')), 200))
