// HQ's alert endpoints (a signed webhook, or a DingTalk, Feishu, WeCom or Slack group robot) and
// the deliveries made to them. A secret signs Standard Webhooks (generated and shown once when
// none is given), DingTalk 加签 and Feishu bots; it is kept like a POS source's, never returned.
// Each endpoint gets a link to its violations page, which a cut message points to. Removing an
// endpoint fails its pending deliveries so they are not retried for nobody, and ends its link.
import { desc, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { fromQuery, runBatch, statement } from '../db/bulk'
import { database } from '../db/client'
import { alertDeliveries, alertEndpoints, regions } from '../db/schema'
import type { AppEnv } from '../env'
import { langOf } from '../lib/lang'
import { fieldMessageZh } from '../lib/messages/zh'
import { invalid, notFound } from '../lib/problem'
import { newId } from '../lib/tokens'
import { createReportLink } from '../reports/link-store'
import { newWebhookSecret } from '../sales/sources'
import { pauseRobot, robotPausedUntil, sendAlert, takeSlot, type AlertFormat } from './alerts'
import { maskedUrl } from './robots/robot'
import { testMessage } from './alert-messages'

export interface AlertEndpointInput {
  regionCode?: string | null
  format: AlertFormat
  url: string
  secret?: string
}

/** Secrets each format signs with; WeCom and Slack put their key in the URL and sign nothing. */
function secretErrors(input: AlertEndpointInput) {
  if (!input.secret) return []
  if (input.format === 'wecom' || input.format === 'slack') return [{ path: 'secret', message: `a ${input.format} robot signs nothing: its key is in the URL; leave secret out` }]
  if (input.format === 'standard' && !input.secret.startsWith('whsec_')) return [{ path: 'secret', message: 'a Standard Webhooks secret starts with whsec_' }]
  if (input.format === 'dingtalk' && !input.secret.startsWith('SEC')) return [{ path: 'secret', message: 'a DingTalk 加签 secret starts with SEC' }]
  return []
}

export async function addAlertEndpoint(c: Context<AppEnv>, input: AlertEndpointInput) {
  const db = database(c.env)
  const errors = secretErrors(input)
  if (input.regionCode && !(await db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode)).get())) {
    errors.push({ path: 'regionCode', message: `region ${input.regionCode} does not exist` })
  }
  if (errors.length > 0) throw invalid(errors)
  const id = newId('ae_')
  // The page a cut message links to: this endpoint's violations, made in its name so it lives as long as the endpoint.
  const link = await createReportLink(c, { report: 'violations', params: { period: 'this-month', ...(input.regionCode ? { regionCode: input.regionCode } : {}) }, format: 'html' }, { createdBy: id })
  const generated = input.format === 'standard' && !input.secret ? newWebhookSecret() : null
  const endpoint = {
    id,
    regionCode: input.regionCode ?? null,
    format: input.format,
    url: input.url,
    secret: input.secret ?? generated,
    reportUrl: link.url,
    createdAt: new Date().toISOString(),
  }
  await runBatch(c.env.DB, [
    fromQuery(db.insert(alertEndpoints).values(endpoint)),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: endpoint.createdAt }, [
      { entity: 'alert-endpoint', key: endpoint.id, before: null, after: { regionCode: endpoint.regionCode, format: endpoint.format, url: maskedUrl(endpoint.url), signed: Boolean(endpoint.secret) } },
    ]),
  ])
  // A secret regionops made is shown this once; one HQ gave is never shown back.
  return { id, regionCode: endpoint.regionCode, format: endpoint.format, url: maskedUrl(endpoint.url), createdAt: endpoint.createdAt, secret: generated }
}

/** Every endpoint, oldest first, without its secret. */
export async function listAlertEndpoints(c: Context<AppEnv>) {
  const rows = await database(c.env).select().from(alertEndpoints).orderBy(alertEndpoints.createdAt).all()
  const endpoints = []
  for (const e of rows) {
    endpoints.push({ id: e.id, regionCode: e.regionCode, format: e.format, url: maskedUrl(e.url), signed: Boolean(e.secret), pausedUntil: await robotPausedUntil(c.env.DB, e.url), createdAt: e.createdAt })
  }
  return { endpoints }
}

/**
 * Sends a test message now and answers with the receiver's verdict, so HQ knows at set-up time that
 * the robot works (a wrong 加签 secret answers `310000`). It counts against the robot's minute like
 * any send; a robot whose minute is full or that is silenced is not sent to.
 */
export async function testAlertEndpoint(c: Context<AppEnv>, id: string) {
  const endpoint = await database(c.env).select().from(alertEndpoints).where(eq(alertEndpoints.id, id)).get()
  if (!endpoint) throw notFound(`There is no alert endpoint ${id}.`)
  const now = Date.now()
  const slot = await takeSlot(c.env.DB, endpoint.url, endpoint.format, now)
  if (slot > now) {
    const at = new Date(slot).toISOString()
    const message = `the robot takes the next message at ${at}`
    return { ok: false, vendorCode: 'paced', message: langOf(c) === 'en' ? message : fieldMessageZh(message) }
  }
  const payload = { type: 'endpoint.test', timestamp: new Date(now).toISOString(), data: {} }
  const verdict = await sendAlert(endpoint, { id: `test_${now}`, message: testMessage(endpoint.reportUrl ?? undefined), payload }, new Date(now))
  if (verdict.ok) return { ok: true }
  if (verdict.pauseSeconds) await pauseRobot(c.env.DB, endpoint.url, now + verdict.pauseSeconds * 1000)
  return { ok: false, vendorCode: verdict.code, message: verdict.message }
}

export async function removeAlertEndpoint(c: Context<AppEnv>, id: string) {
  const db = database(c.env)
  const endpoint = await db.select().from(alertEndpoints).where(eq(alertEndpoints.id, id)).get()
  if (!endpoint) throw notFound(`There is no alert endpoint ${id}.`)
  const now = new Date().toISOString()
  await runBatch(c.env.DB, [
    fromQuery(db.delete(alertEndpoints).where(eq(alertEndpoints.id, id))),
    statement(`UPDATE alert_deliveries SET status = 'failed', last_error = 'endpoint removed' WHERE endpoint_id = ? AND status = 'pending'`, id),
    statement(`UPDATE report_links SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL`, now, id),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [{ entity: 'alert-endpoint', key: id, before: { url: maskedUrl(endpoint.url) }, after: null }]),
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
