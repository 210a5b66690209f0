// Delivering alerts from the outbox: a signed JSON webhook (Standard Webhooks) or a message to a
// DingTalk, Feishu, WeCom or Slack group robot, each through its vendor's adapter (./robots). A
// delivery is leased before it is sent so two runners never send it twice. Only the vendor's
// verdict counts: an HTTP 200 that carries an error code is a failed try, kept as lastError.
// Sends to one robot are paced under its per-minute limit; a rate-limit answer silences the
// robot for as long as its vendor says, and other deliveries to it wait without using a try.
import type { Env } from '../env'
import { violationMessage, stockMessage, type AlertViolation, type StockAlertMessage } from './alert-messages'
import { dingtalk } from './robots/dingtalk'
import { feishu } from './robots/feishu'
import { nextSlot, withSend } from './robots/pacing'
import { robotKey, type RobotAdapter, type RobotLimits, type RobotMessage, type Verdict } from './robots/robot'
import { slack } from './robots/slack'
import { STANDARD_LIMITS, standardRequest, standardVerdict } from './robots/standard'
import { wecom } from './robots/wecom'

export const MAX_ATTEMPTS = 5
const FIRST_RETRY_SECONDS = 30
const LEASE_SECONDS = 120
const SEND_TIMEOUT_MS = 10_000

export const ALERT_FORMATS = ['standard', 'wecom', 'dingtalk', 'feishu', 'slack'] as const
export type AlertFormat = (typeof ALERT_FORMATS)[number]
const ROBOTS: Record<Exclude<AlertFormat, 'standard'>, RobotAdapter> = { dingtalk, feishu, wecom, slack }

export const limitsOf = (format: AlertFormat): RobotLimits => (format === 'standard' ? STANDARD_LIMITS : ROBOTS[format].limits)

export interface AlertTarget {
  id: string
  format: AlertFormat
  url: string
  secret: string | null
}

/** What one send carries: the robots' message and the Standard Webhooks payload. */
export interface AlertContent {
  id: string
  message: RobotMessage
  payload: unknown
}

/** One send to an endpoint, read the vendor's way. A network failure is a try to repeat. */
export async function sendAlert(target: AlertTarget, content: AlertContent, now: Date): Promise<Verdict> {
  try {
    const request =
      target.format === 'standard' ? await standardRequest(target.url, target.secret, content.id, content.payload, now) : await ROBOTS[target.format].request(target, content.message, now)
    const response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
    const body = await response.text()
    return target.format === 'standard' ? standardVerdict(response.status, response.headers, body) : ROBOTS[target.format].verdict(response.status, response.headers, body)
  } catch (caught) {
    return { ok: false, code: 'network', message: caught instanceof Error ? caught.message : String(caught), retry: true }
  }
}

/** A delivery's lastError: the vendor's code and its message. */
export const errorText = (verdict: Verdict) => (verdict.ok ? null : `${verdict.code} ${verdict.message}`.trim().slice(0, 500))

const iso = (ms: number) => new Date(ms).toISOString()

interface Pace {
  raw: string | null
  recent: number[]
  pausedUntil: number
}

async function paceOf(d1: D1Database, robot: string): Promise<Pace> {
  const row = await d1.prepare('SELECT recent_sends, paused_until FROM robot_windows WHERE robot = ?').bind(robot).first<{ recent_sends: string; paused_until: string | null }>()
  return row ? { raw: row.recent_sends, recent: JSON.parse(row.recent_sends) as number[], pausedUntil: row.paused_until ? Date.parse(row.paused_until) : 0 } : { raw: null, recent: [], pausedUntil: 0 }
}

/**
 * Takes the next slot of a robot's minute for a send at `at`, shared by every endpoint posting to
 * the robot: compare-and-set on its window, so two runners never both take the last slot. Answers
 * the slot taken (`at`) or the moment to try again.
 */
export async function takeSlot(d1: D1Database, url: string, format: AlertFormat, at: number): Promise<number> {
  const robot = await robotKey(url)
  const pace = await paceOf(d1, robot)
  const limits = limitsOf(format)
  const slot = Math.max(nextSlot(pace.recent, at, limits), pace.pausedUntil)
  if (slot > at) return slot
  const window = JSON.stringify(withSend(pace.recent, at, limits))
  const taken =
    pace.raw === null
      ? await d1.prepare('INSERT INTO robot_windows (robot, recent_sends) VALUES (?, ?) ON CONFLICT DO NOTHING').bind(robot, window).run()
      : await d1.prepare('UPDATE robot_windows SET recent_sends = ? WHERE robot = ? AND recent_sends = ?').bind(window, robot, pace.raw).run()
  return taken.meta.changes === 1 ? at : at + 1_000
}

/** After a rate-limit answer, nothing goes to the robot until its vendor's silence is over. */
export async function pauseRobot(d1: D1Database, url: string, until: number): Promise<void> {
  await d1
    .prepare(`INSERT INTO robot_windows (robot, paused_until) VALUES (?1, ?2) ON CONFLICT (robot) DO UPDATE SET paused_until = max(coalesce(paused_until, ''), ?2)`)
    .bind(await robotKey(url), iso(until))
    .run()
}

/** When a robot listens again after a rate-limit answer; null when it is not silenced. */
export async function robotPausedUntil(d1: D1Database, url: string): Promise<string | null> {
  const { pausedUntil } = await paceOf(d1, await robotKey(url))
  return pausedUntil > Date.now() ? iso(pausedUntil) : null
}

interface DueDelivery {
  id: string
  endpoint_id: string
  attempts: number
  next_attempt_at: string
  violation_ids: string
  stock_alerts: string | null
  format: AlertFormat
  url: string
  secret: string | null
  report_url: string | null
}

async function loadViolations(d1: D1Database, ids: number[]): Promise<AlertViolation[]> {
  const { results } = await d1
    .prepare(
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

async function contentOf(d1: D1Database, delivery: DueDelivery, now: Date): Promise<AlertContent> {
  const link = delivery.report_url ?? undefined
  if (delivery.stock_alerts) {
    const alerts = JSON.parse(delivery.stock_alerts) as StockAlertMessage[]
    return { id: delivery.id, message: stockMessage(alerts, link), payload: { type: 'stock_alerts.raised', timestamp: now.toISOString(), data: { alerts } } }
  }
  const violations = await loadViolations(d1, JSON.parse(delivery.violation_ids) as number[])
  return { id: delivery.id, message: violationMessage(violations, link), payload: { type: 'violations.opened', timestamp: now.toISOString(), data: { violations } } }
}

/** Sends every due delivery once, paced per robot. Counts what was delivered, will be retried, failed for good, or waits its turn. */
export async function deliverDueAlerts(env: Pick<Env, 'DB'>, now = new Date()) {
  const d1 = env.DB
  const { results: due } = await d1
    .prepare(
      `SELECT d.id, d.endpoint_id, d.attempts, d.next_attempt_at, d.violation_ids, d.stock_alerts, e.format, e.url, e.secret, e.report_url
       FROM alert_deliveries d JOIN alert_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT 20`,
    )
    .bind(now.toISOString())
    .all<DueDelivery>()
  const outcome = { delivered: 0, retrying: 0, failed: 0, waiting: 0 }
  // The run's clock: `now`, moved on as time really passes (a slow robot, a per-second wait), so
  // each lease, signature and recorded send is of the moment it is made.
  const started = Date.now()
  const clockNow = () => now.getTime() + (Date.now() - started)
  for (const delivery of due) {
    let clock = clockNow()
    const claimed = await d1
      .prepare(`UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?`)
      .bind(iso(clock + LEASE_SECONDS * 1000), delivery.id, delivery.next_attempt_at)
      .run()
    if (claimed.meta.changes !== 1) continue // another runner has it
    let slot = await takeSlot(d1, delivery.url, delivery.format, clock)
    if (slot > clock && slot - clock <= limitsOf(delivery.format).minIntervalMs) {
      await new Promise((resolve) => setTimeout(resolve, slot - clock))
      clock = clockNow()
      slot = await takeSlot(d1, delivery.url, delivery.format, clock)
    }
    if (slot > clock) {
      // Its robot's minute is full or it is silenced: the delivery waits its turn, no try used.
      await d1.prepare(`UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ?`).bind(iso(slot), delivery.id).run()
      outcome.waiting++
      continue
    }
    const verdict = await sendAlert({ id: delivery.endpoint_id, format: delivery.format, url: delivery.url, secret: delivery.secret }, await contentOf(d1, delivery, new Date(clock)), new Date(clock))
    const attempts = delivery.attempts + 1
    if (verdict.ok) {
      await d1.prepare(`UPDATE alert_deliveries SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?`).bind(attempts, iso(clock), delivery.id).run()
      outcome.delivered++
      continue
    }
    const pausedUntil = verdict.pauseSeconds ? clock + verdict.pauseSeconds * 1000 : 0
    if (pausedUntil) await pauseRobot(d1, delivery.url, pausedUntil)
    if (!verdict.retry || attempts >= MAX_ATTEMPTS) {
      await d1.prepare(`UPDATE alert_deliveries SET status = 'failed', attempts = ?, last_error = ? WHERE id = ?`).bind(attempts, errorText(verdict), delivery.id).run()
      outcome.failed++
    } else {
      // A rate-limited try is spent no sooner than the robot listens again.
      const retryAt = Math.max(clock + FIRST_RETRY_SECONDS * 1000 * 2 ** (attempts - 1), pausedUntil)
      await d1.prepare(`UPDATE alert_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`).bind(attempts, iso(retryAt), errorText(verdict), delivery.id).run()
      outcome.retrying++
    }
  }
  return outcome
}
