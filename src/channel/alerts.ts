// Delivering violation alerts from the outbox: a signed JSON webhook (Standard Webhooks) or the
// text message a WeCom, DingTalk or Slack group robot expects. A delivery is leased before it is
// sent so two runners never send it twice, retried with exponential backoff, and given up as
// `failed` (listed for HQ) after MAX_ATTEMPTS tries.
import type { Env } from '../env'
import { toMajorUnits } from '../lib/money'
import { signStandardWebhook } from '../lib/webhook-signature'

export const MAX_ATTEMPTS = 5
const FIRST_RETRY_SECONDS = 30
const LEASE_SECONDS = 120
const SEND_TIMEOUT_MS = 10_000

export const KIND_TITLES: Record<string, string> = {
  cross_region: '窜货 cross-region',
  unknown_code: '未知码（疑似假货）unknown code',
  duplicate_code: '重复码 duplicate code',
  below_floor_price: '低于限价 below floor price',
  sellout_exceeds_sellin: '销大于进 sell-out exceeds sell-in',
}

interface DueDelivery {
  id: string
  attempts: number
  next_attempt_at: string
  violation_ids: string
  stock_alerts: string | null
  format: 'standard' | 'wecom' | 'dingtalk' | 'slack'
  url: string
  secret: string | null
}

export interface AlertViolation {
  id: number
  kind: string
  regionCode: string
  storeCode: string | null
  dealerCode: string | null
  sku: string | null
  code: string | null
  expectedRegionCode: string | null
  unitPrice: number | null
  floorPrice: number | null
  detectedAt: string
  evidence: unknown
}

/** The plain-text message of an alert, for group robots. */
export function alertText(violations: AlertViolation[]): string {
  const lines = violations.slice(0, 20).map((v) => {
    const parts = [KIND_TITLES[v.kind] ?? v.kind, `区域 ${v.regionCode}`]
    if (v.storeCode) parts.push(`门店 ${v.storeCode}`)
    if (v.dealerCode) parts.push(`经销商 ${v.dealerCode}`)
    if (v.sku) parts.push(`SKU ${v.sku}`)
    if (v.code) parts.push(`码 ${v.code}`)
    if (v.expectedRegionCode) parts.push(`应在 ${v.expectedRegionCode}`)
    if (v.unitPrice !== null && v.floorPrice !== null) parts.push(`售价 ${toMajorUnits(v.unitPrice)} < 限价 ${toMajorUnits(v.floorPrice)}`)
    return `• #${v.id} ${parts.join('｜')}`
  })
  const more = violations.length > 20 ? `\n… 另有 ${violations.length - 20} 项` : ''
  return `regionops：${violations.length} 项新的渠道违规 / new channel violations\n${lines.join('\n')}${more}`
}

export const STOCK_TITLES: Record<string, string> = { restock: '需备货 restock', overstock: '超储 overstock', slow_mover: '滞销 slow mover' }

interface StockAlertMessage {
  kind: string
  locationCode: string
  regionCode: string
  sku: string
  onHand: number
  reason: string
}

/** The plain-text message of new stock alerts, for group robots. */
export function stockAlertText(alerts: StockAlertMessage[]): string {
  const lines = alerts.slice(0, 20).map((a) => `• ${STOCK_TITLES[a.kind] ?? a.kind}｜区域 ${a.regionCode}｜${a.locationCode}｜SKU ${a.sku}｜库存 ${a.onHand}｜${a.reason}`)
  const more = alerts.length > 20 ? `\n… 另有 ${alerts.length - 20} 项` : ''
  return `regionops：${alerts.length} 项新的库存预警 / new stock alerts\n${lines.join('\n')}${more}`
}

async function requestFor(delivery: DueDelivery, violations: AlertViolation[]): Promise<RequestInit> {
  const stock = delivery.stock_alerts ? (JSON.parse(delivery.stock_alerts) as StockAlertMessage[]) : null
  const text = stock ? stockAlertText(stock) : alertText(violations)
  if (delivery.format === 'standard') {
    const body = JSON.stringify(
      stock
        ? { type: 'stock_alerts.raised', timestamp: new Date().toISOString(), data: { alerts: stock } }
        : { type: 'violations.opened', timestamp: new Date().toISOString(), data: { violations } },
    )
    const timestamp = Math.floor(Date.now() / 1000)
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'webhook-id': delivery.id, 'webhook-timestamp': String(timestamp) }
    if (delivery.secret) headers['webhook-signature'] = await signStandardWebhook(delivery.secret, delivery.id, timestamp, body)
    return { method: 'POST', headers, body }
  }
  const body = delivery.format === 'slack' ? { text } : { msgtype: 'text', text: { content: text } }
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
}

async function loadViolations(env: Pick<Env, 'DB'>, ids: number[]): Promise<AlertViolation[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, kind, region_code, store_code, dealer_code, sku, code, expected_region_code, unit_price, floor_price, detected_at, evidence
     FROM violations WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  )
    .bind(JSON.stringify(ids))
    .all<Record<string, string | number | null>>()
  return results.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind),
    regionCode: String(r.region_code),
    storeCode: r.store_code as string | null,
    dealerCode: r.dealer_code as string | null,
    sku: r.sku as string | null,
    code: r.code as string | null,
    expectedRegionCode: r.expected_region_code as string | null,
    unitPrice: r.unit_price as number | null,
    floorPrice: r.floor_price as number | null,
    detectedAt: String(r.detected_at),
    evidence: JSON.parse(String(r.evidence)),
  }))
}

/** Sends every due delivery once. Returns how many were delivered and how many failed for good. */
export async function deliverDueAlerts(env: Pick<Env, 'DB'>, now = new Date()): Promise<{ delivered: number; retrying: number; failed: number }> {
  const { results: due } = await env.DB.prepare(
    `SELECT d.id, d.attempts, d.next_attempt_at, d.violation_ids, d.stock_alerts, e.format, e.url, e.secret
     FROM alert_deliveries d JOIN alert_endpoints e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT 20`,
  )
    .bind(now.toISOString())
    .all<DueDelivery>()
  const outcome = { delivered: 0, retrying: 0, failed: 0 }
  for (const delivery of due) {
    const lease = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString()
    const claimed = await env.DB.prepare(`UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?`)
      .bind(lease, delivery.id, delivery.next_attempt_at)
      .run()
    if (claimed.meta.changes !== 1) continue // another runner has it
    let error: string | null = null
    try {
      const violations = await loadViolations(env, JSON.parse(delivery.violation_ids) as number[])
      const response = await fetch(delivery.url, { ...(await requestFor(delivery, violations)), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      await response.arrayBuffer()
      if (!response.ok) error = `HTTP ${response.status}`
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
    }
    const attempts = delivery.attempts + 1
    if (error === null) {
      await env.DB.prepare(`UPDATE alert_deliveries SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?`)
        .bind(attempts, new Date().toISOString(), delivery.id)
        .run()
      outcome.delivered++
    } else if (attempts >= MAX_ATTEMPTS) {
      await env.DB.prepare(`UPDATE alert_deliveries SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?`).bind(attempts, error, delivery.id).run()
      outcome.failed++
    } else {
      const retryAt = new Date(now.getTime() + FIRST_RETRY_SECONDS * 1000 * 2 ** (attempts - 1)).toISOString()
      await env.DB.prepare(`UPDATE alert_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`).bind(attempts, retryAt, error, delivery.id).run()
      outcome.retrying++
    }
  }
  return outcome
}
