// POS sources (HQ): register a POS system, rotate its signing secret (the old one keeps verifying
// for 24 hours so no delivery in flight is refused), list them without their secrets.
import { z } from '@hono/zod-openapi'
import { and, eq, gt, isNull, or } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { fromQuery, runBatch, statement } from '../db/bulk'
import { database, type Database } from '../db/client'
import { posSources, posSourceSecrets } from '../db/schema'
import { codeSchema, nameSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, notFound, Problem } from '../lib/problem'
import { newId } from '../lib/tokens'

export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000

const TAG = 'POS sources'
const secretSchema = z.string().min(16, 'must be at least 16 characters').max(256)

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return `whsec_${btoa(binary)}`
}

export interface LiveSource {
  id: string
  vendor: 'standard' | 'shopify'
  secrets: string[]
}

/** A source with the secrets that verify now (current, and rotated-out within their grace). */
export async function liveSource(db: Database, id: string, now: Date): Promise<LiveSource | null> {
  const rows = await db
    .select({ id: posSources.id, vendor: posSources.vendor, secret: posSourceSecrets.secret })
    .from(posSources)
    .leftJoin(
      posSourceSecrets,
      and(eq(posSourceSecrets.sourceId, posSources.id), or(isNull(posSourceSecrets.expiresAt), gt(posSourceSecrets.expiresAt, now.toISOString()))),
    )
    .where(eq(posSources.id, id))
    .all()
  const first = rows[0]
  if (!first) return null
  return { id: first.id, vendor: first.vendor, secrets: rows.flatMap((r) => (r.secret ? [r.secret] : [])) }
}

const SourceInput = z
  .object({
    id: codeSchema,
    name: nameSchema,
    vendor: z.enum(['standard', 'shopify']),
    secret: secretSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.vendor === 'shopify' && !input.secret) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a Shopify source needs the secret Shopify issued to the app' })
    }
  })
  .openapi('PosSourceInput')

const SourceCreated = z.object({ id: z.string(), secret: z.string().openapi({ description: 'Shown once' }) })

const SourceInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    vendor: z.enum(['standard', 'shopify']),
    createdAt: z.string(),
    secrets: z.array(z.object({ id: z.string(), createdAt: z.string(), expiresAt: z.string().nullable() })),
  })
  .openapi('PosSource')

export const posSourceRoutes = createRouter()
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/admin/pos-sources',
      tags: [TAG],
      summary: 'Register a POS system',
      request: { body: { required: true, content: { 'application/json': { schema: SourceInput } } } },
      responses: {
        201: { description: 'Registered; the secret is shown once', content: { 'application/json': { schema: SourceCreated } } },
        409: problem('A source with this id exists'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      if (input.vendor === 'standard' && input.secret && !input.secret.startsWith('whsec_')) {
        throw invalid([{ path: 'secret', message: 'a Standard Webhooks secret starts with whsec_' }])
      }
      const db = database(c.env)
      if (await db.select({ id: posSources.id }).from(posSources).where(eq(posSources.id, input.id)).get()) {
        throw new Problem(409, `POS source ${input.id} already exists; rotate its secret instead.`)
      }
      const secret = input.secret ?? newWebhookSecret()
      const now = new Date().toISOString()
      await runBatch(c.env.DB, [
        fromQuery(db.insert(posSources).values({ id: input.id, name: input.name, vendor: input.vendor, createdAt: now })),
        fromQuery(db.insert(posSourceSecrets).values({ id: newId('sec_'), sourceId: input.id, secret, createdAt: now, expiresAt: null })),
        ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
          { entity: 'pos-source', key: input.id, before: null, after: { name: input.name, vendor: input.vendor } },
        ]),
      ])
      return c.json({ id: input.id, secret }, 201)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/admin/pos-sources/{id}/rotate',
      tags: [TAG],
      summary: 'Add a new secret; the current one keeps verifying for 24 hours',
      request: {
        params: z.object({ id: codeSchema }),
        body: { content: { 'application/json': { schema: z.object({ secret: secretSchema.optional() }) } } },
      },
      responses: {
        200: { description: 'Rotated; the new secret is shown once', content: { 'application/json': { schema: SourceCreated.extend({ previousExpiresAt: z.string() }) } } },
        404: problem('No such source'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json') as { secret?: string }
      const db = database(c.env)
      const source = await db.select().from(posSources).where(eq(posSources.id, id)).get()
      if (!source) throw notFound(`There is no POS source ${id}.`)
      if (source.vendor === 'shopify' && !body.secret) throw invalid([{ path: 'secret', message: 'give the new secret Shopify issued' }])
      if (source.vendor === 'standard' && body.secret && !body.secret.startsWith('whsec_')) {
        throw invalid([{ path: 'secret', message: 'a Standard Webhooks secret starts with whsec_' }])
      }
      const secret = body.secret ?? newWebhookSecret()
      const now = new Date()
      const previousExpiresAt = new Date(now.getTime() + ROTATION_GRACE_MS).toISOString()
      await runBatch(c.env.DB, [
        // Secrets still without an end get one: 24 hours from now.
        statement('UPDATE pos_source_secrets SET expires_at = ? WHERE source_id = ? AND expires_at IS NULL', previousExpiresAt, id),
        fromQuery(db.insert(posSourceSecrets).values({ id: newId('sec_'), sourceId: id, secret, createdAt: now.toISOString(), expiresAt: null })),
        ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now.toISOString() }, [
          { entity: 'pos-source', key: id, before: null, after: { rotated: true, previousExpiresAt } },
        ]),
      ])
      return c.json({ id, secret, previousExpiresAt }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/admin/pos-sources',
      tags: [TAG],
      summary: 'List POS sources (never their secrets)',
      responses: { 200: { description: 'Sources', content: { 'application/json': { schema: z.object({ sources: z.array(SourceInfo) }) } } } },
    }),
    async (c) => {
      const db = database(c.env)
      const [sources, secrets] = await Promise.all([
        db.select().from(posSources).orderBy(posSources.id).all(),
        db.select({ id: posSourceSecrets.id, sourceId: posSourceSecrets.sourceId, createdAt: posSourceSecrets.createdAt, expiresAt: posSourceSecrets.expiresAt }).from(posSourceSecrets).all(),
      ])
      return c.json(
        {
          sources: sources.map((s) => ({
            ...s,
            secrets: secrets.filter((x) => x.sourceId === s.id).map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt })),
          })),
        },
        200,
      )
    },
  )

