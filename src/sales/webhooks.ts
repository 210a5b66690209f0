// POS webhooks: verify the signature, validate every sale, keep the validated sales as a receipt
// (a repeated webhook id is found by that insert and answered as a duplicate), queue it, answer 202. The ledger is written by the
// queue consumer; nothing here waits for it.
import { z } from '@hono/zod-openapi'
import { settingsOf } from '../config'
import type { Env } from '../env'
import { posSourceIdSchema } from '../lib/fields'
import { createRouter, defineRoute, fieldErrors, problem } from '../lib/openapi'
import { invalid, unauthorized, type FieldError } from '../lib/problem'
import { enforceRateLimit, rateLimitedResponse, WEBHOOK_LIMIT_PERIOD_SECONDS } from '../lib/rate-limit'
import { verifyShopify, verifyStandardWebhook } from '../lib/webhook-signature'
import { currencyErrors, PosPayloadSchema, salesOfPayload, type NormalizedSale } from './normalize'
import { receiveAndQueue } from './intake'
import { verifiedBySource } from './webhook-gate'
import { parseShopifyJson, saleOfOrder, saleOfRefund, ShopifyOrder, ShopifyRefund } from './shopify'

const TAG = 'POS webhooks'
const webhookIdSchema = z.string().min(1).max(256)


function parseJson(body: string, parse: (text: string) => unknown = JSON.parse): unknown {
  try {
    return parse(body)
  } catch {
    throw invalid([{ path: '(body)', message: 'is not valid JSON' }], 'The webhook body is not JSON; nothing was stored.')
  }
}

/**
 * A source's budget of webhooks, counted only once the signature is verified: someone who knows a
 * source id but not its secret cannot use the budget up and hold back the real sales.
 */
const limitSource = (env: Env, key: string) => enforceRateLimit(env.WEBHOOK_LIMITER, key, WEBHOOK_LIMIT_PERIOD_SECONDS, 'webhooks from this source')

const Accepted = z.object({ received: z.number().int().openapi({ description: 'Sales in the webhook' }) })
const Duplicate = z.object({ duplicate: z.literal(true) })

export const webhookRoutes = createRouter()
  .openapi(
    defineRoute('signature', {
      method: 'post',
      path: '/v1/webhooks/pos/{sourceId}',
      tags: [TAG],
      summary: 'Receive sales and refunds (Standard Webhooks v1)',
      description:
        'Signed with the headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, ' +
        'space-separated). The timestamp must be within 300 s of now. `sales.batch` carries up to 1,000 sales.',
      request: {
        params: z.object({ sourceId: posSourceIdSchema }),
        headers: z.object({ 'webhook-id': z.string().optional(), 'webhook-timestamp': z.string().optional(), 'webhook-signature': z.string().optional() }),
        body: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PosWebhookPayload' } } } },
      },
      responses: {
        202: { description: 'Accepted and queued', content: { 'application/json': { schema: Accepted } } },
        200: { description: 'This webhook id was received before; nothing was re-applied', content: { 'application/json': { schema: Duplicate } } },
        401: problem('Bad or missing signature, or a timestamp too far from now (missing headers and the timestamp are checked before the body is read)'),
        404: problem('Unknown or disabled source (checked before the body is read)'),
        408: problem('The body did not arrive within WEBHOOK_BODY_SECONDS (default 10) of the headers'),
        413: problem('The body is larger than MAX_BODY_BYTES, or a sale larger than a stored sale may be'),
        415: problem('A Content-Encoding other than identity (the signature covers the body as sent)'),
        422: problem('Invalid payload; every bad field is listed and nothing was stored'),
        429: rateLimitedResponse,
      },
    }),
    async (c) => {
      const { sourceId } = c.req.valid('param')
      const body = await c.req.text()
      const webhookId = c.req.header('webhook-id')
      const headers = { id: webhookId, timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature') }
      const verified = await verifiedBySource(c, (secrets) => verifyStandardWebhook(secrets, headers, body, Math.floor(Date.now() / 1000)))
      if (!verified.ok) throw unauthorized(`The webhook signature was not accepted: ${verified.reason}.`)
      await limitSource(c.env, `pos:${sourceId}`)
      if (!webhookIdSchema.safeParse(webhookId).success) throw invalid([{ path: 'webhook-id', message: 'must be 1–256 characters' }])
      // A repeated webhook id is found by the receipt's insert itself: one D1 round trip in all.
      const parsed = PosPayloadSchema.safeParse(parseJson(body))
      if (!parsed.success) throw invalid(fieldErrors(parsed.error), 'The webhook payload is invalid; nothing was stored.')
      const settings = settingsOf(c.env)
      const sales = salesOfPayload(parsed.data, settings.timeZone, settings.currency)
      const badCurrency = currencyErrors(sales, settings.currency, (i) => (parsed.data.type === 'sales.batch' ? `data.sales.${i}.currency` : 'data.currency'))
      if (badCurrency.length > 0) throw invalid(badCurrency)
      if ((await receiveAndQueue(c.env, sourceId, webhookId!, sales)) === 'duplicate') return c.json({ duplicate: true as const }, 200)
      return c.json({ received: sales.length }, 202)
    },
  )
  .openapi(
    defineRoute('signature', {
      method: 'post',
      path: '/v1/webhooks/shopify/{sourceId}',
      tags: [TAG],
      summary: 'Receive Shopify orders/create and refunds/create webhooks',
      description:
        'Verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body), deduplicated by `X-Shopify-Webhook-Id`. ' +
        "The store is the one whose `externalIds.shopify` is the order's `location_id`; other topics are acknowledged and ignored.",
      request: {
        params: z.object({ sourceId: posSourceIdSchema }),
        headers: z.object({
          'x-shopify-hmac-sha256': z.string().optional(),
          'x-shopify-webhook-id': z.string().optional(),
          'x-shopify-topic': z.string().optional(),
        }),
      },
      responses: {
        202: { description: 'Accepted and queued', content: { 'application/json': { schema: Accepted } } },
        200: {
          description: 'A repeated webhook id, or a topic regionops does not use',
          content: { 'application/json': { schema: z.union([Duplicate, z.object({ ignored: z.string() })]) } },
        },
        401: problem('Bad or missing HMAC (a missing one is refused before the body is read)'),
        404: problem('Unknown or disabled source (checked before the body is read)'),
        408: problem('The body did not arrive within WEBHOOK_BODY_SECONDS (default 10) of the headers'),
        413: problem('The body is larger than MAX_BODY_BYTES'),
        415: problem('A Content-Encoding other than identity'),
        422: problem('Invalid payload'),
        429: rateLimitedResponse,
      },
    }),
    async (c) => {
      const { sourceId } = c.req.valid('param')
      const body = await c.req.text()
      const verified = await verifiedBySource(c, (secrets) => verifyShopify(secrets, c.req.header('x-shopify-hmac-sha256'), body))
      if (!verified.ok) throw unauthorized(`The Shopify HMAC was not accepted: ${verified.reason}.`)
      await limitSource(c.env, `shopify:${sourceId}`)
      const webhookId = c.req.header('x-shopify-webhook-id')
      if (!webhookIdSchema.safeParse(webhookId).success) throw invalid([{ path: 'X-Shopify-Webhook-Id', message: 'is required' }])
      const topic = c.req.header('x-shopify-topic') ?? ''
      if (topic !== 'orders/create' && topic !== 'refunds/create') return c.json({ ignored: topic }, 200)
      const json = parseJson(body, parseShopifyJson)
      const settings = settingsOf(c.env)
      let converted: { sale: NormalizedSale; errors: FieldError[] }
      if (topic === 'orders/create') {
        const order = ShopifyOrder.safeParse(json)
        if (!order.success) throw invalid(fieldErrors(order.error))
        converted = saleOfOrder(order.data, settings.timeZone)
      } else {
        const refund = ShopifyRefund.safeParse(json)
        if (!refund.success) throw invalid(fieldErrors(refund.error))
        converted = saleOfRefund(refund.data, settings.timeZone, settings.currency)
      }
      const errors = [...converted.errors, ...currencyErrors([converted.sale], settings.currency, () => 'currency')]
      if (errors.length > 0) throw invalid(errors)
      if ((await receiveAndQueue(c.env, sourceId, webhookId!, [converted.sale])) === 'duplicate') return c.json({ duplicate: true as const }, 200)
      return c.json({ received: 1 }, 202)
    },
  )
