// The audit trail for HQ: newest first, filtered by entity and key, paged by id.
import { z } from '@hono/zod-openapi'
import { and, desc, eq, lt } from 'drizzle-orm'
import { database } from '../db/client'
import { auditLog } from '../db/schema'
import { createRouter, defineRoute } from '../lib/openapi'

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

const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

export const auditRoutes = createRouter().openapi(listAudit, async (c) => {
  const { entity, key, before, limit } = c.req.valid('query')
  const rows = await database(c.env)
    .select()
    .from(auditLog)
    .where(
      and(
        entity === undefined ? undefined : eq(auditLog.entity, entity),
        key === undefined ? undefined : eq(auditLog.entityKey, key),
        before === undefined ? undefined : lt(auditLog.id, before),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
  const entries = rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    via: row.via,
    entity: row.entity,
    key: row.entityKey,
    before: parsed(row.before),
    after: parsed(row.after),
    context: parsed(row.context),
  }))
  return c.json({ entries, nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null }, 200)
})
