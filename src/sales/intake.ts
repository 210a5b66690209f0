// Taking in a verified webhook: keeping its validated sales as a receipt on its way to the ledger
// (the insert also finds a webhook id received before), so nothing is acknowledged that is not
// stored and queued.
import type { Env } from '../env'
import { Problem } from '../lib/problem'
import type { NormalizedSale } from './normalize'
import { MAX_SALE_BYTES, oversizedSales, receiptParts } from './receipt-parts'

/**
 * Keeps the validated sales as a receipt (insert-or-ignore on the webhook id, so a concurrent
 * duplicate loses here) and queues it. If queueing fails, the receipt goes again and the sender
 * is told to retry, so a webhook is never acknowledged without being on its way.
 */
export async function receiveAndQueue(env: Env, sourceId: string, webhookId: string, sales: NormalizedSale[]): Promise<'queued' | 'duplicate'> {
  const tooLarge = oversizedSales(sales)
  if (tooLarge.length > 0) {
    throw new Problem(413, `A sale may take at most ${MAX_SALE_BYTES} bytes once stored; nothing was stored. Send its lines as several sales.`, {
      errors: tooLarge.map((sale) => ({ path: `sales.${sale.index}`, message: `sale ${sale.saleId} takes ${sale.bytes} bytes`, code: 'too_big' })),
    })
  }
  const now = new Date().toISOString()
  const [first, ...rest] = receiptParts(sales)
  const reserve = env.DB.prepare(
    `INSERT INTO webhook_receipts (source_id, webhook_id, received_at, queued_at, payload, parts, sales_count, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'queued') ON CONFLICT (source_id, webhook_id) DO NOTHING`,
  ).bind(sourceId, webhookId, now, now, first, rest.length + 1, sales.length)
  // The parts go in only with a receipt this request reserved: a racing duplicate writes nothing.
  const parts = rest.map((payload, i) =>
    env.DB.prepare(
      `INSERT INTO webhook_receipt_parts (source_id, webhook_id, part, payload)
       SELECT ?, ?, ?, ? WHERE (SELECT received_at FROM webhook_receipts WHERE source_id = ? AND webhook_id = ?) = ?`,
    ).bind(sourceId, webhookId, i + 1, payload, sourceId, webhookId, now),
  )
  const [reserved] = parts.length === 0 ? [await reserve.run()] : await env.DB.batch([reserve, ...parts])
  if (reserved!.meta.changes === 0) return 'duplicate'
  try {
    await env.SALES_QUEUE.send({ sourceId, webhookId })
  } catch (error) {
    console.error('could not queue webhook', sourceId, webhookId, error)
    await env.DB.batch([
      env.DB.prepare('DELETE FROM webhook_receipt_parts WHERE source_id = ? AND webhook_id = ?').bind(sourceId, webhookId),
      env.DB.prepare('DELETE FROM webhook_receipts WHERE source_id = ? AND webhook_id = ?').bind(sourceId, webhookId),
    ])
    throw new Problem(503, 'The webhook could not be queued; nothing was stored. Please retry.', { headers: { 'Retry-After': '5' } })
  }
  return 'queued'
}

