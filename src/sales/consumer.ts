// The queue consumer: queued webhooks become atomic ledger writes of up to a few thousand sales,
// each marking its receipts applied and auditing them in the same transaction. A failed write is
// undone whole and its receipts are tried again one by one, so a bad receipt holds back no other;
// the receipts that still fail are retried with growing delays. Receipts already applied are
// skipped, and the ledger ignores sale ids it already holds, so nothing is counted twice. After
// the last try a receipt goes to the dead-letter queue, whose consumer marks it failed for HQ.
import { auditStatements } from '../audit/audit'
import { chunkByWeight, runBatch, statement, type Statement } from '../db/bulk'
import type { Env, SalesMessage } from '../env'
import { deliverDueAlerts } from '../channel/alerts'
import { newCheckRun } from '../channel/run'
import { toMajorUnits } from '../lib/money'
import { applySales, firstOfEachSale, MAX_SALES_PER_LEDGER_BATCH } from './ledger'
import type { NormalizedSale } from './normalize'
import { salesOfParts } from './receipt-parts'
import { reconcileBatch } from './refund-ledger'

/** Receipts named by a bound JSON array of `[sourceId, webhookId]`. */
export const NAMED_RECEIPTS = `(source_id, webhook_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`

export const receiptKeys = (messages: readonly SalesMessage[]) => JSON.stringify(messages.map((m) => [m.sourceId, m.webhookId]))

interface ReceiptRow {
  source_id: string
  webhook_id: string
  received_at: string
  sales_count: number
  payload: string
  parts: number
}

/** A receipt whose ledger write failed, with the error it failed with. */
export interface ReceiptFailure {
  sourceId: string
  webhookId: string
  error: unknown
}

/** The queued receipts named by the messages, each with all its sales. */
async function queuedReceipts(d1: D1Database, messages: readonly SalesMessage[]): Promise<{ row: ReceiptRow; sales: NormalizedSale[] }[]> {
  const keys = receiptKeys(messages)
  const [receipts, parts] = await d1.batch([
    d1.prepare(`SELECT source_id, webhook_id, received_at, sales_count, payload, parts FROM webhook_receipts WHERE status = 'queued' AND ${NAMED_RECEIPTS}`).bind(keys),
    d1
      .prepare(
        `SELECT source_id, webhook_id, payload FROM webhook_receipt_parts
         WHERE ${NAMED_RECEIPTS} AND (source_id, webhook_id) IN (SELECT source_id, webhook_id FROM webhook_receipts WHERE status = 'queued' AND parts > 1)
         ORDER BY source_id, webhook_id, part`,
      )
      .bind(keys),
  ])
  const rest = new Map<string, string[]>()
  for (const part of parts!.results as { source_id: string; webhook_id: string; payload: string }[]) {
    const key = `${part.source_id}\u001f${part.webhook_id}`
    rest.set(key, [...(rest.get(key) ?? []), part.payload])
  }
  return (receipts!.results as ReceiptRow[]).map((row) => ({
    row,
    sales: salesOfParts<NormalizedSale>([row.payload, ...(rest.get(`${row.source_id}\u001f${row.webhook_id}`) ?? [])]),
  }))
}

/**
 * Applies the queued receipts named by the messages. Receipts go to the ledger in groups; a group
 * that fails is applied again one receipt at a time, so one bad receipt never holds back the
 * others: only the receipts that fail alone are returned as failures.
 */
export async function applyQueuedSales(
  env: Pick<Env, 'DB' | 'LOT_CROSS_REGION_SHARE'>,
  messages: readonly SalesMessage[],
): Promise<{ applied: number; failures: ReceiptFailure[] }> {
  const receipts = await queuedReceipts(env.DB, messages)
  let applied = 0
  const failures: ReceiptFailure[] = []
  for (const group of receiptGroups(receipts)) {
    try {
      applied += await applyReceipts(env, group)
    } catch (error) {
      if (group.length === 1) {
        failures.push({ sourceId: group[0]!.row.source_id, webhookId: group[0]!.row.webhook_id, error })
        continue
      }
      for (const receipt of group) {
        try {
          applied += await applyReceipts(env, [receipt])
        } catch (alone) {
          failures.push({ sourceId: receipt.row.source_id, webhookId: receipt.row.webhook_id, error: alone })
        }
      }
    }
  }
  return { applied, failures }
}

/** One atomic ledger write of the receipts' sales, marking them applied and auditing each. */
async function applyReceipts(env: Pick<Env, 'DB' | 'LOT_CROSS_REGION_SHARE'>, receipts: { row: ReceiptRow; sales: NormalizedSale[] }[]): Promise<number> {
  const batch = firstOfEachSale(
    receipts.flatMap(({ row, sales }) => sales.map((sale) => ({ ...sale, sourceId: row.source_id, webhookId: row.webhook_id }))),
  )
  const reconciled = await reconcileBatch(env.DB, batch)
  const now = new Date().toISOString()
  await runBatch(env.DB, [
    ...reconciled.statements,
    ...applySales(reconciled.sales, newCheckRun(env, 'webhook'), reconciled.released),
    // The sales are in the ledger now: the receipt keeps what it was (who, when, how many), not
    // its sales a second time.
    statement(
      `UPDATE webhook_receipts SET status = 'applied', applied_at = ?, payload = '[]'
       WHERE ${NAMED_RECEIPTS}`,
      now,
      JSON.stringify(receipts.map(({ row }) => [row.source_id, row.webhook_id])),
    ),
    statement(`DELETE FROM webhook_receipt_parts WHERE ${NAMED_RECEIPTS}`, JSON.stringify(receipts.filter(({ row }) => row.parts > 1).map(({ row }) => [row.source_id, row.webhook_id]))),
    ...receiptAudit(receipts, now),
  ])
  return batch.length
}

/** One audit entry per applied receipt: who sent it, and what it brought. */
function receiptAudit(receipts: { row: ReceiptRow; sales: NormalizedSale[] }[], at: string): Statement[] {
  return receipts.flatMap(({ row, sales }) =>
    auditStatements({ actor: `pos-source:${row.source_id}`, via: 'webhook', at }, [
      {
        entity: 'webhook-receipt',
        key: `${row.source_id}/${row.webhook_id}`,
        before: { status: 'queued' },
        after: {
          status: 'applied',
          sales: sales.filter((s) => s.kind === 'sale').length,
          refunds: sales.filter((s) => s.kind === 'refund').length,
          amount: toMajorUnits(sales.reduce((sum, s) => sum + s.lines.reduce((lines, l) => lines + l.amount, 0), 0)),
        },
      },
    ]),
  )
}

/** Receipts in groups of at most MAX_SALES_PER_LEDGER_BATCH sales (a receipt is never split). */
const receiptGroups = <R extends { row: ReceiptRow }>(receipts: R[]): R[][] =>
  chunkByWeight(receipts, MAX_SALES_PER_LEDGER_BATCH, (receipt) => receipt.row.sales_count)

/** The queue wrangler.toml parks a batch in after its last try; this worker consumes it too. */
export const DEAD_LETTER_QUEUE = 'regionops-sales-dlq'
/** The first retry waits this long; each further one twice as long (1, 2, 4, 8, 16 s for five retries). */
const FIRST_RETRY_SECONDS = 1
const MAX_RETRY_SECONDS = 300

/** Counts a failed try on each receipt still waiting, with its own error, so a failure is visible at once. */
async function recordFailures(env: Pick<Env, 'DB'>, failures: readonly ReceiptFailure[]): Promise<void> {
  if (failures.length === 0) return
  const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000)
  await env.DB.prepare(
    `UPDATE webhook_receipts SET failed_attempts = failed_attempts + 1,
       last_error = (SELECT json_extract(e.value, '$[2]') FROM json_each(?1) e
                     WHERE json_extract(e.value, '$[0]') = webhook_receipts.source_id AND json_extract(e.value, '$[1]') = webhook_receipts.webhook_id)
     WHERE status = 'queued' AND (source_id, webhook_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))`,
  )
    .bind(JSON.stringify(failures.map((f) => [f.sourceId, f.webhookId, messageOf(f.error)])))
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
  const retryDelay = (attempts: number) => Math.min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), MAX_RETRY_SECONDS)
  let failures: ReceiptFailure[]
  try {
    ;({ failures } = await applyQueuedSales(env, messages))
  } catch (error) {
    // The receipts could not even be read (D1 unavailable): every message goes again.
    console.error('sales batch failed; retrying', error)
    await recordFailures(env, messages.map((m) => ({ ...m, error }))).catch((again) => console.error('could not record the failure', again))
    batch.retryAll({ delaySeconds: retryDelay(Math.max(...batch.messages.map((m) => m.attempts))) })
    return
  }
  // Nothing of a failed ledger write was kept (one D1 transaction); the receipts that failed go
  // again with growing delays, the rest are done.
  if (failures.length > 0) console.error('sales receipts failed; retrying them', failures.map((f) => `${f.sourceId}/${f.webhookId}: ${String(f.error)}`))
  await recordFailures(env, failures).catch((again) => console.error('could not record the failures', again))
  const failed = new Set(failures.map((f) => `${f.sourceId}\u001f${f.webhookId}`))
  for (const message of batch.messages) {
    if (failed.has(`${message.body.sourceId}\u001f${message.body.webhookId}`)) message.retry({ delaySeconds: retryDelay(message.attempts) })
    else message.ack()
  }
  // Alerts for what the checks raised go out now; the cron retries whatever fails.
  ctx.waitUntil(deliverDueAlerts(env))
}
