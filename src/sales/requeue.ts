// Receipts whose queue message was lost (the runtime died between the 202 and the consumer, a
// message dropped by the queue) stay `queued` with nothing on the queue to apply them. A receipt
// still queued well after it was last put on the queue is put on it again, by the cron and at the
// first request after a start. A receipt queued twice is applied once: the consumer only reads
// receipts still queued and the ledger skips sale ids it holds.
import { auditStatements, type Via } from '../audit/audit'
import { settingsOf } from '../config'
import { chunk, runBatch } from '../db/bulk'
import type { Env, SalesMessage } from '../env'
import { NAMED_RECEIPTS, receiptKeys } from './consumer'

/** Receipts one run claims, oldest first; the next run takes the rest. */
export const REQUEUE_LIMIT = 1000
/** Messages per Queue.sendBatch call (the Queues limit). */
const SEND_BATCH = 100
/** The actor of audit entries the worker writes on its own. */
export const SYSTEM_ACTOR = 'system'

const receiptKey = (m: SalesMessage) => `${m.sourceId}/${m.webhookId}`

/**
 * Claims up to `limit` queued receipts last queued before `now - staleSeconds`, oldest first, by
 * moving their `queued_at` to `now` in one UPDATE … RETURNING: D1 runs one statement at a time,
 * so of two claims at once the second no longer sees them as stale.
 */
export async function claimStaleReceipts(db: D1Database, now: Date, staleSeconds: number, limit = REQUEUE_LIMIT): Promise<SalesMessage[]> {
  if (limit <= 0) return []
  const cutoff = new Date(now.getTime() - staleSeconds * 1000).toISOString()
  const { results } = await db
    .prepare(
      `UPDATE webhook_receipts SET queued_at = ?1
       WHERE rowid IN (
         SELECT rowid FROM webhook_receipts
         WHERE status = 'queued' AND coalesce(queued_at, received_at) < ?2
         ORDER BY coalesce(queued_at, received_at), source_id, webhook_id LIMIT ?3)
       RETURNING source_id, webhook_id`,
    )
    .bind(now.toISOString(), cutoff, limit)
    .all<{ source_id: string; webhook_id: string }>()
  return results.map((r) => ({ sourceId: r.source_id, webhookId: r.webhook_id }))
}

/**
 * Sends the messages in batches; on a refusal, returns the ones not sent and the error (the
 * batches before it are on the queue).
 */
export async function sendToSalesQueue(queue: Queue<SalesMessage>, messages: SalesMessage[]): Promise<{ unsent: SalesMessage[]; error?: unknown }> {
  const parts = chunk(messages, SEND_BATCH)
  for (const [i, part] of parts.entries()) {
    try {
      await queue.sendBatch(part.map((body) => ({ body })))
    } catch (error) {
      return { unsent: parts.slice(i).flat(), error }
    }
  }
  return { unsent: [] }
}

/**
 * Makes claimed receipts that did not reach the queue stale again at once (with no queued_at the
 * staleness is taken from received_at, older than any cutoff that claimed them), so the next run
 * takes them. Only those still queued under this claim's time are touched.
 */
export async function releaseUnsent(db: D1Database, unsent: SalesMessage[], claimedAt: Date): Promise<void> {
  if (unsent.length === 0) return
  await db
    .prepare(`UPDATE webhook_receipts SET queued_at = NULL WHERE status = 'queued' AND queued_at = ? AND ${NAMED_RECEIPTS}`)
    .bind(claimedAt.toISOString(), receiptKeys(unsent))
    .run()
}

export interface RequeueRun {
  requeued: number
  /** Claimed but refused by the queue: left stale for the next run. */
  unsent: number
}

/**
 * Puts stale queued receipts on the queue again. One audit entry per run, listing the receipts:
 * a run after an outage may requeue a thousand receipts, and one entry says what the system did
 * and when without burying HQ's own entries; a receipt's key is found in `after.receipts`.
 * A queue refusal is logged, not thrown: the cron must go on with its other work.
 */
export async function requeueStaleReceipts(env: Pick<Env, 'DB' | 'SALES_QUEUE' | 'STALE_RECEIPT_SECONDS'>, now: Date, via: Via, trigger: 'cron' | 'start' = 'cron'): Promise<RequeueRun> {
  const staleSeconds = settingsOf(env).staleReceiptSeconds
  const claimed = await claimStaleReceipts(env.DB, now, staleSeconds)
  if (claimed.length === 0) return { requeued: 0, unsent: 0 }
  const { unsent, error } = await sendToSalesQueue(env.SALES_QUEUE, claimed)
  if (error !== undefined) {
    console.error(`could not requeue ${unsent.length} stale receipts; the next run takes them`, error)
    await releaseUnsent(env.DB, unsent, now)
  }
  const sent = claimed.slice(0, claimed.length - unsent.length)
  if (sent.length > 0) {
    console.warn(`requeued ${sent.length} receipts still queued after ${staleSeconds} s`)
    await runBatch(
      env.DB,
      auditStatements({ actor: SYSTEM_ACTOR, via, at: now.toISOString(), source: { trigger } }, [
        {
          entity: 'webhook-receipts',
          key: 'requeue-stale',
          before: { status: 'queued', staleAfterSeconds: staleSeconds },
          after: { requeued: sent.length, receipts: sent.map(receiptKey) },
        },
      ]),
    )
  }
  return { requeued: sent.length, unsent: unsent.length }
}
