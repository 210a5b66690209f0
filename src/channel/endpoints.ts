// HQ's alert endpoints (a signed webhook, or a WeCom, DingTalk or Slack group robot) and the
// deliveries made to them. A `standard` endpoint gets a signing secret, shown once; removing an
// endpoint fails its pending deliveries so they are not retried for nobody.
import { desc, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { fromQuery, runBatch, statement } from '../db/bulk'
import { database } from '../db/client'
import { alertDeliveries, alertEndpoints, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { invalid, notFound } from '../lib/problem'
import { newId } from '../lib/tokens'
import { newWebhookSecret } from '../sales/sources'

export interface AlertEndpointInput {
  regionCode?: string | null
  format: 'standard' | 'wecom' | 'dingtalk' | 'slack'
  url: string
}

export async function addAlertEndpoint(c: Context<AppEnv>, input: AlertEndpointInput) {
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
  return endpoint
}

/** Every endpoint, oldest first, without its secret. */
export async function listAlertEndpoints(c: Context<AppEnv>) {
  const rows = await database(c.env).select().from(alertEndpoints).orderBy(alertEndpoints.createdAt).all()
  return { endpoints: rows.map(({ secret: _secret, ...endpoint }) => endpoint) }
}

export async function removeAlertEndpoint(c: Context<AppEnv>, id: string) {
  const db = database(c.env)
  const endpoint = await db.select().from(alertEndpoints).where(eq(alertEndpoints.id, id)).get()
  if (!endpoint) throw notFound(`There is no alert endpoint ${id}.`)
  const now = new Date().toISOString()
  await runBatch(c.env.DB, [
    fromQuery(db.delete(alertEndpoints).where(eq(alertEndpoints.id, id))),
    statement(`UPDATE alert_deliveries SET status = 'failed', last_error = 'endpoint removed' WHERE endpoint_id = ? AND status = 'pending'`, id),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [{ entity: 'alert-endpoint', key: id, before: { url: endpoint.url }, after: null }]),
  ])
  return { id, removed: true as const }
}

/** The latest 500 deliveries, newest first, of one status or all. */
export async function listDeliveries(c: Context<AppEnv>, status?: 'pending' | 'delivered' | 'failed') {
  const rows = await database(c.env)
    .select()
    .from(alertDeliveries)
    .where(status ? eq(alertDeliveries.status, status) : undefined)
    .orderBy(desc(alertDeliveries.createdAt))
    .limit(500)
    .all()
  return {
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
  }
}
