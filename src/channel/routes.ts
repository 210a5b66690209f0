// Violations for people to work (open → confirmed | dismissed, with a note), the on-demand
// sell-out check, and HQ's alert endpoints and failed deliveries.
import { z } from '@hono/zod-openapi'
import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { fromQuery, runBatch, statement } from '../db/bulk'
import { database } from '../db/client'
import { alertDeliveries, alertEndpoints, regions, VIOLATION_KINDS, violations } from '../db/schema'
import type { AppEnv } from '../env'
import { codeSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, notFound, Problem } from '../lib/problem'
import { toMajorUnits } from '../lib/money'
import { newId } from '../lib/tokens'
import { newWebhookSecret } from '../sales/sources'
import { deliverDueAlerts } from './alerts'
import { auditSystemDecisions } from './checks'
import { newCheckRun } from './run'
import { selloutChecks } from './sellout'

const TAG = 'Channel integrity'

const Violation = z
  .object({
    id: z.number().int(),
    kind: z.enum(VIOLATION_KINDS),
    status: z.enum(['open', 'confirmed', 'dismissed']),
    storeCode: z.string().nullable(),
    regionCode: z.string(),
    expectedRegionCode: z.string().nullable(),
    dealerCode: z.string().nullable(),
    sku: z.string().nullable(),
    code: z.string().nullable(),
    saleId: z.string().nullable(),
    unitPrice: z.number().nullable(),
    floorPrice: z.number().nullable(),
    detectedAt: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    note: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('Violation')

type ViolationRow = typeof violations.$inferSelect

export const violationView = (v: ViolationRow): z.infer<typeof Violation> => ({
  id: v.id,
  kind: v.kind,
  status: v.status,
  storeCode: v.storeCode,
  regionCode: v.regionCode,
  expectedRegionCode: v.expectedRegionCode,
  dealerCode: v.dealerCode,
  sku: v.sku,
  code: v.code,
  saleId: v.saleId,
  unitPrice: v.unitPrice === null ? null : toMajorUnits(v.unitPrice),
  floorPrice: v.floorPrice === null ? null : toMajorUnits(v.floorPrice),
  detectedAt: v.detectedAt,
  evidence: JSON.parse(v.evidence) as Record<string, unknown>,
  note: v.note,
  decidedBy: v.decidedBy,
  decidedAt: v.decidedAt,
})

async function decide(c: Context<AppEnv>, id: number, status: 'confirmed' | 'dismissed', note: string) {
  const db = database(c.env)
  const violation = await db.select().from(violations).where(eq(violations.id, id)).get()
  if (!violation) throw notFound(`There is no violation ${id}.`)
  c.get('scope').assertWrite(violation.regionCode)
  if (violation.status !== 'open') throw new Problem(409, `Violation ${id} is already ${violation.status}.`, { type: 'invalid-state' })
  const now = new Date().toISOString()
  const actor = c.get('principal').id
  const [updated] = await runBatch(c.env.DB, [
    // Guarded on `open`, so two people deciding at once cannot both succeed.
    statement(`UPDATE violations SET status = ?, note = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'open'`, status, note, actor, now, id),
    statement(
      `INSERT INTO audit_log (at, actor, via, entity, entity_key, before, after, context)
       SELECT ?, ?, 'api', 'violation', ?, ?, ?, NULL WHERE changes() = 1`,
      now,
      actor,
      String(id),
      JSON.stringify({ status: 'open' }),
      JSON.stringify({ status, note }),
    ),
  ])
  if (updated!.meta.changes !== 1) throw new Problem(409, `Violation ${id} was decided by someone else just now.`, { type: 'invalid-state' })
  return violationView({ ...violation, status, note, decidedBy: actor, decidedAt: now })
}

const NoteBody = z.object({ note: z.string().trim().min(1, 'a note is required').max(2000) })

function decisionRoute(action: 'confirm' | 'dismiss') {
  return defineRoute('write', {
    method: 'post',
    path: `/v1/violations/{id}/${action}`,
    tags: [TAG],
    summary: action === 'confirm' ? 'Confirm a violation, with a note' : 'Dismiss a violation, with a note',
    request: { params: z.object({ id: z.coerce.number().int().positive() }), body: { required: true, content: { 'application/json': { schema: NoteBody } } } },
    responses: {
      200: { description: 'Decided', content: { 'application/json': { schema: Violation } } },
      404: problem('No such violation'),
      409: problem('Already decided'),
    },
  })
}

const AlertEndpointInput = z
  .object({
    regionCode: codeSchema.nullable().optional().openapi({ description: 'Only this region’s violations; leave out for all' }),
    format: z.enum(['standard', 'wecom', 'dingtalk', 'slack']),
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  })
  .openapi('AlertEndpointInput')

const AlertEndpoint = z.object({ id: z.string(), regionCode: z.string().nullable(), format: z.string(), url: z.string(), createdAt: z.string() })

export const channelRoutes = createRouter()
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/violations',
      tags: [TAG],
      summary: 'List violations of the caller’s regions',
      request: {
        query: z.object({
          status: z.enum(['open', 'confirmed', 'dismissed']).optional(),
          kind: z.enum(VIOLATION_KINDS).optional(),
          regionCode: codeSchema.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
      responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ violations: z.array(Violation) }) } } } },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const conditions: (SQL | undefined)[] = [
        c.get('scope').where(violations.regionCode, q.regionCode),
        q.status ? eq(violations.status, q.status) : undefined,
        q.kind ? eq(violations.kind, q.kind) : undefined,
      ]
      const rows = await database(c.env).select().from(violations).where(and(...conditions)).orderBy(desc(violations.id)).limit(q.limit).all()
      return c.json({ violations: rows.map(violationView) }, 200)
    },
  )
  .openapi(decisionRoute('confirm'), async (c) => c.json(await decide(c, c.req.valid('param').id, 'confirmed', c.req.valid('json').note), 200))
  .openapi(decisionRoute('dismiss'), async (c) => c.json(await decide(c, c.req.valid('param').id, 'dismissed', c.req.valid('json').note), 200))
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/violations/check-sellout',
      tags: [TAG],
      summary: 'Check sell-out against sell-in per dealer and SKU through a month (also run nightly)',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM') }) } } } },
      responses: { 200: { description: 'Checked', content: { 'application/json': { schema: z.object({ month: z.string(), violationsRaised: z.number().int() }) } } } },
    }),
    async (c) => {
      const { month } = c.req.valid('json')
      const raised = await checkSellout(c.env, Number(month.slice(0, 4)), Number(month.slice(5, 7)))
      if (raised > 0) c.executionCtx.waitUntil(deliverDueAlerts(c.env))
      return c.json({ month, violationsRaised: raised }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/endpoints',
      tags: ['Alerts'],
      summary: 'Send new violations to a webhook or a WeCom, DingTalk or Slack group robot',
      request: { body: { required: true, content: { 'application/json': { schema: AlertEndpointInput } } } },
      responses: {
        201: { description: 'Added; a `standard` endpoint gets its signing secret once', content: { 'application/json': { schema: AlertEndpoint.extend({ secret: z.string().nullable() }) } } },
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      const db = database(c.env)
      if (input.regionCode && !(await db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode)).get())) {
        throw invalid([{ path: 'regionCode', message: `region ${input.regionCode} does not exist` }])
      }
      const endpoint = {
        id: newId('ae_'),
        regionCode: input.regionCode ?? null,
        format: input.format,
        url: input.url,
        secret: input.format === 'standard' ? newWebhookSecret() : null,
        createdAt: new Date().toISOString(),
      }
      await runBatch(c.env.DB, [
        fromQuery(db.insert(alertEndpoints).values(endpoint)),
        ...auditStatements({ actor: c.get('principal').id, via: 'api', at: endpoint.createdAt }, [
          { entity: 'alert-endpoint', key: endpoint.id, before: null, after: { regionCode: endpoint.regionCode, format: endpoint.format, url: endpoint.url } },
        ]),
      ])
      return c.json(endpoint, 201)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/alerts/endpoints',
      tags: ['Alerts'],
      summary: 'List alert endpoints',
      responses: { 200: { description: 'Endpoints', content: { 'application/json': { schema: z.object({ endpoints: z.array(AlertEndpoint) }) } } } },
    }),
    async (c) => {
      const rows = await database(c.env).select().from(alertEndpoints).orderBy(alertEndpoints.createdAt).all()
      return c.json({ endpoints: rows.map(({ secret: _secret, ...endpoint }) => endpoint) }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/v1/alerts/endpoints/{id}',
      tags: ['Alerts'],
      summary: 'Stop sending alerts to an endpoint',
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 200: { description: 'Removed', content: { 'application/json': { schema: z.object({ id: z.string(), removed: z.literal(true) }) } } }, 404: problem('No such endpoint') },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const db = database(c.env)
      const endpoint = await db.select().from(alertEndpoints).where(eq(alertEndpoints.id, id)).get()
      if (!endpoint) throw notFound(`There is no alert endpoint ${id}.`)
      const now = new Date().toISOString()
      await runBatch(c.env.DB, [
        fromQuery(db.delete(alertEndpoints).where(eq(alertEndpoints.id, id))),
        statement(`UPDATE alert_deliveries SET status = 'failed', last_error = 'endpoint removed' WHERE endpoint_id = ? AND status = 'pending'`, id),
        ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [{ entity: 'alert-endpoint', key: id, before: { url: endpoint.url }, after: null }]),
      ])
      return c.json({ id, removed: true as const }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/alerts/deliveries',
      tags: ['Alerts'],
      summary: 'Alert deliveries, e.g. the failed ones',
      request: { query: z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional() }) },
      responses: {
        200: {
          description: 'Newest first',
          content: {
            'application/json': {
              schema: z.object({
                deliveries: z.array(
                  z.object({
                    id: z.string(),
                    endpointId: z.string(),
                    status: z.string(),
                    attempts: z.number().int(),
                    nextAttemptAt: z.string(),
                    lastError: z.string().nullable(),
                    violationIds: z.array(z.number().int()),
                    createdAt: z.string(),
                    deliveredAt: z.string().nullable(),
                  }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { status } = c.req.valid('query')
      const rows = await database(c.env)
        .select()
        .from(alertDeliveries)
        .where(status ? eq(alertDeliveries.status, status) : undefined)
        .orderBy(desc(alertDeliveries.createdAt))
        .limit(500)
        .all()
      return c.json(
        {
          deliveries: rows.map((d) => ({
            id: d.id,
            endpointId: d.endpointId,
            status: d.status,
            attempts: d.attempts,
            nextAttemptAt: d.nextAttemptAt,
            lastError: d.lastError,
            violationIds: JSON.parse(d.violationIds) as number[],
            createdAt: d.createdAt,
            deliveredAt: d.deliveredAt,
          })),
        },
        200,
      )
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/deliver',
      tags: ['Alerts'],
      summary: 'Send the alert deliveries that are due now (the cron does this every five minutes)',
      responses: {
        200: { description: 'What happened', content: { 'application/json': { schema: z.object({ delivered: z.number().int(), retrying: z.number().int(), failed: z.number().int() }) } } },
      },
    }),
    async (c) => c.json(await deliverDueAlerts(c.env), 200),
  )

export async function checkSellout(env: AppEnv['Bindings'], year: number, month: number): Promise<number> {
  const run = newCheckRun(env, 'cron')
  await runBatch(env.DB, [...selloutChecks(year, month, run), auditSystemDecisions(run)])
  const raised = await env.DB.prepare('SELECT count(*) AS n FROM violations WHERE run_id = ?').bind(run.runId).first<{ n: number }>()
  return raised!.n
}
