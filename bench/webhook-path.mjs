// The single-sale webhook's path taken apart at concurrency 16, each step added to the one before
// it, all through the same `wrangler dev` and measured in the same run as `GET /health`:
//   1. a signed webhook whose sale is refused (422): the source (cached in the isolate), the
//      signature's HMAC, the rate limiter, parsing and validating the sale; no D1, no queue;
//   2. a signed repeat of a webhook id already received (200 duplicate): 1 and the receipt's
//      insert into D1, which finds the id;
//   3. an accepted webhook (202), from scenario 1 of the bench: 2 and the queue send.
// The difference between two steps is what that step costs the path.
import { closedLoop } from './load.mjs'

const CONCURRENCY = 16

export async function webhookPath({ total, postWebhook, saleOf, accepted }) {
  const refused = await closedLoop(total, CONCURRENCY, 422, () => postWebhook(`refused-${Math.random()}`, { type: 'sale.completed', data: { ...saleOf(), lines: [] } }))
  const repeated = { type: 'sale.completed', data: saleOf() }
  const first = await postWebhook('repeated-webhook', repeated)
  if (first.status !== 202) throw new Error(`first delivery answered ${first.status}`)
  const duplicate = await closedLoop(total, CONCURRENCY, 200, () => postWebhook('repeated-webhook', repeated))
  return [
    { step: 'signed, sale refused (source, HMAC, rate limit, parse)', ...refused },
    { step: '+ receipt insert (a duplicate id)', ...duplicate },
    { step: '+ queue send (accepted)', ...accepted },
  ]
}
