// Receipts not yet in the ledger, and queueing again the ones the queue gave up on or lost.
import { eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { settingsOf } from '../config'
import { runBatch } from '../db/bulk'
import { database } from '../db/client'
import { webhookReceipts } from '../db/schema'
import type { Env, SalesMessage } from '../env'
import { Problem } from '../lib/problem'
import { NAMED_RECEIPTS, receiptKeys } from './consumer'
import { claimStaleReceipts, releaseUnsent, sendToSalesQueue } from './requeue'

/** Receipts one retry requeues; call again for more. */
const RETRY_LIMIT = 1000

export type ReceiptStatus = 'queued' | 'failed'

/** Receipts of one status, oldest first, with the tries that failed so far. */
export async function receiptsNotInLedger(env: Env, status: ReceiptStatus, limit: number) {
  const receipts = await database(env)
    .select({
      sourceId: webhookReceipts.sourceId,
      webhookId: webhookReceipts.webhookId,
      receivedAt: webhookReceipts.receivedAt,
      salesCount: webhookReceipts.salesCount,
      status: webhookReceipts.status,
      failedAttempts: webhookReceipts.failedAttempts,
      lastError: webhookReceipts.lastError,
    })
    .from(webhookReceipts)
    .where(eq(webhookReceipts.status, status))
    .orderBy(webhookReceipts.receivedAt, webhookReceipts.sourceId, webhookReceipts.webhookId)
    .limit(limit)
    .all()
  // The filter keeps to queued or failed receipts; the column's type also allows applied.
  return receipts as (Omit<(typeof receipts)[number], 'status'> & { status: ReceiptStatus })[]
}

/** Queues again failed receipts and stale queued ones; of two calls at once, each receipt goes to one. */
export async function retryReceipts(env: Env, actor: string) {
  const now = new Date()
  // Claiming by UPDATE … RETURNING: of two retries at once, each receipt goes to one of them.
  const { results: failed } = await env.DB.prepare(
    `UPDATE webhook_receipts SET status = 'queued', queued_at = ?
     WHERE rowid IN (SELECT rowid FROM webhook_receipts WHERE status = 'failed' ORDER BY received_at LIMIT ?)
     RETURNING source_id, webhook_id`,
  )
    .bind(now.toISOString(), RETRY_LIMIT)
    .all<{ source_id: string; webhook_id: string }>()
  const failedMessages = failed.map((r) => ({ sourceId: r.source_id, webhookId: r.webhook_id }))
  const stale = await claimStaleReceipts(env.DB, now, settingsOf(env).staleReceiptSeconds, RETRY_LIMIT - failedMessages.length)
  const { unsent, error } = await sendToSalesQueue(env.SALES_QUEUE, [...failedMessages, ...stale])
  const notSent = new Set(unsent)
  const key = (m: SalesMessage) => `${m.sourceId}/${m.webhookId}`
  const at = now.toISOString()
  await runBatch(
    env.DB,
    auditStatements({ actor: actor, via: 'api', at }, [
      ...failedMessages.filter((m) => !notSent.has(m)).map((m) => ({ entity: 'webhook-receipt', key: key(m), before: { status: 'failed' }, after: { status: 'queued' } })),
      ...stale.filter((m) => !notSent.has(m)).map((m) => ({ entity: 'webhook-receipt', key: key(m), before: { status: 'queued', stale: true }, after: { status: 'queued', queuedAt: at } })),
    ]),
  )
  if (error !== undefined) {
    console.error('could not queue receipts again', error)
    // Queued twice is harmless (an applied receipt is skipped); left queued without a message is
    // not: failed ones go back to failed, stale ones are left stale for the next run.
    const unsentFailed = failedMessages.filter((m) => notSent.has(m))
    if (unsentFailed.length > 0) {
      await env.DB.prepare(`UPDATE webhook_receipts SET status = 'failed' WHERE status = 'queued' AND ${NAMED_RECEIPTS}`).bind(receiptKeys(unsentFailed)).run()
    }
    await releaseUnsent(env.DB, stale.filter((m) => notSent.has(m)), now)
    throw new Problem(503, 'The queue refused the receipts; those not queued stay failed or stale. Try again later.', { headers: { 'Retry-After': '30' } })
  }
  return { requeued: failedMessages.length + stale.length }
}
