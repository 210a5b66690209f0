// The queue consumer: queued webhooks become atomic ledger writes of up to a few thousand sales,
// each marking its receipts applied in the same transaction. A failure leaves that write undone
// and the batch is retried; receipts already applied are skipped, and the ledger ignores sale ids
// it already holds, so nothing is counted twice.
import { runBatch, statement } from '../db/bulk'
import type { Env, SalesMessage } from '../env'
import { deliverDueAlerts } from '../channel/alerts'
import { newCheckRun } from '../channel/run'
import { applySales, MAX_SALES_PER_LEDGER_BATCH, type LedgerSale } from './ledger'
import type { NormalizedSale } from './normalize'

interface ReceiptRow {
  source_id: string
  webhook_id: string
  received_at: string
  sales_count: number
  payload: string
}

export async function applyQueuedSales(env: Pick<Env, 'DB' | 'LOT_CROSS_REGION_SHARE'>, messages: readonly SalesMessage[]): Promise<number> {
  const refs = JSON.stringify(messages.map((m) => [m.sourceId, m.webhookId]))
  const receipts = await env.DB.prepare(
    `SELECT source_id, webhook_id, received_at, sales_count, payload FROM webhook_receipts
     WHERE status = 'queued' AND (source_id, webhook_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
  )
    .bind(refs)
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
         WHERE (source_id, webhook_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
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

export async function salesQueueConsumer(batch: MessageBatch<SalesMessage>, env: Env, ctx: ExecutionContext): Promise<void> {
  try {
    await applyQueuedSales(env, batch.messages.map((m) => m.body))
    batch.ackAll()
    // Alerts for what the checks raised go out now; the cron retries whatever fails.
    ctx.waitUntil(deliverDueAlerts(env))
  } catch (error) {
    // Nothing of the batch was written (one D1 transaction); try it again a little later.
    console.error('sales batch failed; retrying', error)
    batch.retryAll({ delaySeconds: 2 })
  }
}
