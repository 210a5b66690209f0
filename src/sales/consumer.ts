// The queue consumer: queued webhooks become atomic ledger writes of up to a few thousand sales,
// each marking its receipts applied in the same transaction. A failure leaves that write undone
// and the batch is retried with growing delays; receipts already applied are skipped, and the
// ledger ignores sale ids it already holds, so nothing is counted twice. After the last try the
// batch goes to the dead-letter queue, whose consumer marks its receipts failed for HQ to retry.
import { runBatch, statement } from '../db/bulk'
import type { Env, SalesMessage } from '../env'
import { deliverDueAlerts } from '../channel/alerts'
import { newCheckRun } from '../channel/run'
import { applySales, MAX_SALES_PER_LEDGER_BATCH, type LedgerSale } from './ledger'
import type { NormalizedSale } from './normalize'

/** Receipts named by a bound JSON array of `[sourceId, webhookId]`. */
export const NAMED_RECEIPTS = `(source_id, webhook_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`

export const receiptKeys = (messages: readonly SalesMessage[]) => JSON.stringify(messages.map((m) => [m.sourceId, m.webhookId]))

interface ReceiptRow {
  source_id: string
  webhook_id: string
  received_at: string
  sales_count: number
  payload: string
}

export async function applyQueuedSales(env: Pick<Env, 'DB' | 'LOT_CROSS_REGION_SHARE'>, messages: readonly SalesMessage[]): Promise<number> {
  const receipts = await env.DB.prepare(
    `SELECT source_id, webhook_id, received_at, sales_count, payload FROM webhook_receipts
     WHERE status = 'queued' AND ${NAMED_RECEIPTS}`,
  )
    .bind(receiptKeys(messages))
    .all<ReceiptRow>()
  let applied = 0
  for (const group of receiptGroups(receipts.results)) {
    const batch: LedgerSale[] = group.flatMap((r) =>
      (JSON.parse(r.payload) as NormalizedSale[]).map((sale) => ({ ...sale, sourceId: r.source_id, webhookId: r.webhook_id, receivedAt: r.received_at })),
    )
    await runBatch(env.DB, [
      ...applySales(batch, newCheckRun(env)),
      statement(
        `UPDATE webhook_receipts SET status = 'applied', applied_at = ?
         WHERE ${NAMED_RECEIPTS}`,
        new Date().toISOString(),
        JSON.stringify(group.map((r) => [r.source_id, r.webhook_id])),
      ),
    ])
    applied += batch.length
  }
  return applied
}

/** Receipts in groups of at most MAX_SALES_PER_LEDGER_BATCH sales (a receipt is never split). */
function receiptGroups(receipts: ReceiptRow[]): ReceiptRow[][] {
  const groups: ReceiptRow[][] = []
  let current: ReceiptRow[] = []
  let size = 0
  for (const receipt of receipts) {
    const count = receipt.sales_count
    if (current.length > 0 && size + count > MAX_SALES_PER_LEDGER_BATCH) {
      groups.push(current)
      current = []
      size = 0
    }
    current.push(receipt)
    size += count
  }
  if (current.length > 0) groups.push(current)
  return groups
}

/** The queue wrangler.toml parks a batch in after its last try; this worker consumes it too. */
export const DEAD_LETTER_QUEUE = 'regionops-sales-dlq'
/** The first retry waits this long; each further one twice as long (1, 2, 4, 8, 16 s for five retries). */
const FIRST_RETRY_SECONDS = 1
const MAX_RETRY_SECONDS = 300

/** Counts a failed try on the receipts still waiting, with the error, so a failure is visible at once. */
async function recordFailure(env: Pick<Env, 'DB'>, messages: readonly SalesMessage[], error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error)
  await env.DB.prepare(
    `UPDATE webhook_receipts SET failed_attempts = failed_attempts + 1, last_error = ?
     WHERE status = 'queued' AND ${NAMED_RECEIPTS}`,
  )
    .bind(message.slice(0, 1000), receiptKeys(messages))
    .run()
}

/** After the last try: the receipts (their sales are kept whole) are marked failed for HQ to see and retry. */
async function markFailed(env: Pick<Env, 'DB'>, messages: readonly SalesMessage[]): Promise<void> {
  await env.DB.prepare(
    `UPDATE webhook_receipts SET status = 'failed'
     WHERE status = 'queued' AND ${NAMED_RECEIPTS}`,
  )
    .bind(receiptKeys(messages))
    .run()
}

export async function salesQueueConsumer(batch: MessageBatch<SalesMessage>, env: Env, ctx: ExecutionContext): Promise<void> {
  const messages = batch.messages.map((m) => m.body)
  if (batch.queue === DEAD_LETTER_QUEUE) {
    // Throws if D1 is still down: the dead-letter queue then retries this batch in turn.
    await markFailed(env, messages)
    batch.ackAll()
    return
  }
  try {
    await applyQueuedSales(env, messages)
    batch.ackAll()
    // Alerts for what the checks raised go out now; the cron retries whatever fails.
    ctx.waitUntil(deliverDueAlerts(env))
  } catch (error) {
    // Nothing of the failed ledger write was kept (one D1 transaction); receipts written before it
    // are marked applied and are skipped when the batch comes again.
    console.error('sales batch failed; retrying', error)
    await recordFailure(env, messages, error).catch((again) => console.error('could not record the failure', again))
    const tries = Math.max(...batch.messages.map((m) => m.attempts))
    batch.retryAll({ delaySeconds: Math.min(FIRST_RETRY_SECONDS * 2 ** (tries - 1), MAX_RETRY_SECONDS) })
  }
}
