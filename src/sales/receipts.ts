// Webhook receipts that have not reached the ledger (HQ): the ones waiting in the queue with the
// tries that failed so far, and the ones the queue gave up on, which HQ retries once the cause is
// fixed, with those whose queue message was lost (see requeue.ts). A receipt holds its validated
// sales, so retrying loses nothing and, since the ledger skips sale ids it holds, counts nothing twice.
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { settingsOf } from '../config'
import { runBatch } from '../db/bulk'
import { database } from '../db/client'
import { webhookReceipts } from '../db/schema'
import type { SalesMessage } from '../env'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { Problem } from '../lib/problem'
import { NAMED_RECEIPTS, receiptKeys } from './consumer'
import { claimStaleReceipts, releaseUnsent, sendToSalesQueue } from './requeue'

const TAG = 'POS webhooks'
/** Receipts one retry requeues; call again for more. */
const RETRY_LIMIT = 1000

const Receipt = z
  .object({
    sourceId: z.string(),
    webhookId: z.string(),
    receivedAt: z.string(),
    salesCount: z.number().int(),
    status: z.enum(['queued', 'failed']),
    failedAttempts: z.number().int().openapi({ description: 'Ledger writes of this receipt that failed so far' }),
    lastError: z.string().nullable(),
  })
  .openapi('WebhookReceipt')

export const receiptRoutes = createRouter()
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/sales/receipts',
      tags: [TAG],
      summary: 'Accepted webhooks not yet in the ledger: waiting in the queue, or failed after every try',
      request: { query: z.object({ status: z.enum(['queued', 'failed']).default('failed'), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: { 200: { description: 'Oldest first', content: { 'application/json': { schema: z.object({ receipts: z.array(Receipt) }) } } } },
    }),
    async (c) => {
      const { status, limit } = c.req.valid('query')
      const receipts = await database(c.env)
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
      return c.json({ receipts: receipts as z.infer<typeof Receipt>[] }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/sales/receipts/retry',
      tags: [TAG],
      summary: 'Queue again the failed receipts and those still queued long after they were queued (up to 1,000 a call)',
      description:
        'Takes the receipts the queue gave up on (`failed`) and those still `queued` more than `STALE_RECEIPT_SECONDS` (default 120) after ' +
        'they were last put on the queue, whose message was lost; the worker also requeues the latter itself every five minutes. ' +
        'Of two calls at once, each receipt is queued by one. A receipt queued twice is applied once.',
      responses: {
        200: { description: 'How many were queued again', content: { 'application/json': { schema: z.object({ requeued: z.number().int() }) } } },
        503: problem('The queue refused them; they stay failed or stale'),
      },
    }),
    async (c) => {
      const now = new Date()
      // Claiming by UPDATE … RETURNING: of two retries at once, each receipt goes to one of them.
      const { results: failed } = await c.env.DB.prepare(
        `UPDATE webhook_receipts SET status = 'queued', queued_at = ?
         WHERE rowid IN (SELECT rowid FROM webhook_receipts WHERE status = 'failed' ORDER BY received_at LIMIT ?)
         RETURNING source_id, webhook_id`,
      )
        .bind(now.toISOString(), RETRY_LIMIT)
        .all<{ source_id: string; webhook_id: string }>()
      const failedMessages = failed.map((r) => ({ sourceId: r.source_id, webhookId: r.webhook_id }))
      const stale = await claimStaleReceipts(c.env.DB, now, settingsOf(c.env).staleReceiptSeconds, RETRY_LIMIT - failedMessages.length)
      const { unsent, error } = await sendToSalesQueue(c.env.SALES_QUEUE, [...failedMessages, ...stale])
      const notSent = new Set(unsent)
      const key = (m: SalesMessage) => `${m.sourceId}/${m.webhookId}`
      const at = now.toISOString()
      await runBatch(
        c.env.DB,
        auditStatements({ actor: c.get('principal').id, via: 'api', at }, [
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
          await c.env.DB.prepare(`UPDATE webhook_receipts SET status = 'failed' WHERE status = 'queued' AND ${NAMED_RECEIPTS}`).bind(receiptKeys(unsentFailed)).run()
        }
        await releaseUnsent(c.env.DB, stale.filter((m) => notSent.has(m)), now)
        throw new Problem(503, 'The queue refused the receipts; those not queued stay failed or stale. Try again later.', { headers: { 'Retry-After': '30' } })
      }
      return c.json({ requeued: failedMessages.length + stale.length }, 200)
    },
  )
