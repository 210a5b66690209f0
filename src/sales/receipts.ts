// Webhook receipts that have not reached the ledger (HQ): the ones waiting in the queue with the
// tries that failed so far, and the ones the queue gave up on, which HQ retries once the cause is
// fixed. A receipt holds its validated sales, so retrying loses nothing and, since the ledger skips
// sale ids it holds, counts nothing twice.
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { chunk, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { webhookReceipts } from '../db/schema'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { Problem } from '../lib/problem'
import { NAMED_RECEIPTS, receiptKeys } from './consumer'

const TAG = 'POS webhooks'
/** Receipts one retry requeues; call again for more. */
const RETRY_LIMIT = 1000
/** Messages per Queue.sendBatch call (the Queues limit). */
const SEND_BATCH = 100

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
      summary: 'Queue the failed receipts again (up to 1,000 a call)',
      responses: {
        200: { description: 'How many were queued again', content: { 'application/json': { schema: z.object({ requeued: z.number().int() }) } } },
        503: problem('The queue refused them; they stay failed'),
      },
    }),
    async (c) => {
      // Claiming by UPDATE … RETURNING: of two retries at once, each receipt goes to one of them.
      const { results: claimed } = await c.env.DB.prepare(
        `UPDATE webhook_receipts SET status = 'queued'
         WHERE rowid IN (SELECT rowid FROM webhook_receipts WHERE status = 'failed' ORDER BY received_at LIMIT ?)
         RETURNING source_id, webhook_id`,
      )
        .bind(RETRY_LIMIT)
        .all<{ source_id: string; webhook_id: string }>()
      const messages = claimed.map((r) => ({ body: { sourceId: r.source_id, webhookId: r.webhook_id } }))
      try {
        for (const part of chunk(messages, SEND_BATCH)) await c.env.SALES_QUEUE.sendBatch(part)
      } catch (error) {
        console.error('could not queue failed receipts again', error)
        // Queued twice is harmless (an applied receipt is skipped); left queued without a message is not.
        await c.env.DB.prepare(`UPDATE webhook_receipts SET status = 'failed' WHERE status = 'queued' AND ${NAMED_RECEIPTS}`)
          .bind(receiptKeys(messages.map((m) => m.body)))
          .run()
        throw new Problem(503, 'The queue refused the receipts; they stay failed. Try again later.', { headers: { 'Retry-After': '30' } })
      }
      await runBatch(
        c.env.DB,
        auditStatements(
          { actor: c.get('principal').id, via: 'api', at: new Date().toISOString() },
          claimed.map((r) => ({ entity: 'webhook-receipt', key: `${r.source_id}/${r.webhook_id}`, before: { status: 'failed' }, after: { status: 'queued' } })),
        ),
      )
      return c.json({ requeued: claimed.length }, 200)
    },
  )
