// Webhook receipts that have not reached the ledger (HQ): the ones waiting in the queue with the
// tries that failed so far, and the ones the queue gave up on, which HQ retries once the cause is
// fixed, with those whose queue message was lost (see requeue.ts). A receipt holds its validated
// sales, so retrying loses nothing and, since the ledger skips sale ids it holds, counts nothing twice.
import { z } from '@hono/zod-openapi'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { receiptsNotInLedger, retryReceipts } from './receipt-retry'

const TAG = 'POS webhooks'

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
      description:
        'For HQ when sales seem to be missing: `status=queued` lists receipts still waiting for the queue consumer, with the ledger ' +
        'writes that failed so far and the last error; `status=failed` (default) those the queue gave up on after its retries. Their ' +
        'sales are kept in D1; `POST /v1/sales/receipts/retry` queues them again once the cause is fixed.',
      request: { query: z.object({ status: z.enum(['queued', 'failed']).default('failed'), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: { 200: { description: 'Oldest first', content: { 'application/json': { schema: z.object({ receipts: z.array(Receipt) }) } } } },
    }),
    async (c) => {
      const { status, limit } = c.req.valid('query')
      return c.json({ receipts: await receiptsNotInLedger(c.env, status, limit) }, 200)
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
    async (c) => c.json(await retryReceipts(c.env, c.get('principal').id), 200),
  )
