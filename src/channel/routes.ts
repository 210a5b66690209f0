// Channel integrity over HTTP: violations for people to work (open → confirmed | dismissed, with
// a note), the on-demand sell-out check, and HQ's alert endpoints and failed deliveries. The
// services are in ./violations.ts, ./sellout.ts, ./endpoints.ts and ./alerts.ts.
import { z } from '@hono/zod-openapi'
import { VIOLATION_KINDS } from '../db/schema'
import { codeSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { deliverDueAlerts } from './alerts'
import { addAlertEndpoint, listAlertEndpoints, listDeliveries, removeAlertEndpoint } from './endpoints'
import { checkSellout } from './sellout'
import { decideViolation, listViolations } from './violations'

const TAG = 'Channel integrity'

const Violation = z
  .object({
    id: z.number().int(),
    kind: z.enum(VIOLATION_KINDS),
    status: z.enum(['open', 'confirmed', 'dismissed']),
    storeCode: z.string().nullable(),
    regionCode: z.string(),
    expectedRegionCode: z.string().nullable(),
    dealerCode: z.string().nullable(),
    sku: z.string().nullable(),
    code: z.string().nullable(),
    saleId: z.string().nullable(),
    unitPrice: z.number().nullable(),
    floorPrice: z.number().nullable(),
    detectedAt: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    note: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('Violation')

const NoteBody = z.object({ note: z.string().trim().min(1, 'a note is required').max(2000) })

function decisionRoute(action: 'confirm' | 'dismiss') {
  return defineRoute('write', {
    method: 'post',
    path: `/v1/violations/{id}/${action}`,
    tags: [TAG],
    summary: action === 'confirm' ? 'Confirm a violation, with a note' : 'Dismiss a violation, with a note',
    description:
      (action === 'confirm'
        ? 'Marks an open violation as real (窜货 found, a price breach admitted) after looking into it; '
        : 'Closes an open violation as no breach (a sanctioned transfer, a scanning mistake); ') +
      'the note says why and is kept with who decided and when, in the violation and the audit. A manager decides its own regions’ ' +
      'violations. An unknown id is 404; one already decided, or decided by someone else a moment before, is 409.',
    request: { params: z.object({ id: z.coerce.number().int().positive() }), body: { required: true, content: { 'application/json': { schema: NoteBody } } } },
    responses: {
      200: { description: 'Decided', content: { 'application/json': { schema: Violation } } },
      404: problem('No such violation'),
      409: problem('Already decided'),
    },
  })
}

const AlertEndpointInput = z
  .object({
    regionCode: codeSchema.nullable().optional().openapi({ description: 'Only this region’s violations; leave out for all' }),
    format: z.enum(['standard', 'wecom', 'dingtalk', 'slack']),
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  })
  .openapi('AlertEndpointInput')

const AlertEndpoint = z.object({ id: z.string(), regionCode: z.string().nullable(), format: z.string(), url: z.string(), createdAt: z.string() })

export const channelRoutes = createRouter()
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/violations',
      tags: [TAG],
      summary: 'List violations of the caller’s regions',
      description:
        'Channel violations found in POS sales and shipments: `cross_region` (a unit or lot shipped to one region sold in another, ' +
        '窜货), `unknown_code`, `duplicate_code`, `below_floor_price` and `sellout_exceeds_sellin`, each with its store, SKU, code, ' +
        'sale and evidence. Filter by `status`, `kind` and `regionCode` (a region the token does not cover is 403).',
      request: {
        query: z.object({
          status: z.enum(['open', 'confirmed', 'dismissed']).optional(),
          kind: z.enum(VIOLATION_KINDS).optional(),
          regionCode: codeSchema.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
      responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ violations: z.array(Violation) }) } } } },
    }),
    async (c) => c.json(await listViolations(c, c.req.valid('query')), 200),
  )
  .openapi(decisionRoute('confirm'), async (c) => c.json(await decideViolation(c, c.req.valid('param').id, 'confirmed', c.req.valid('json').note), 200))
  .openapi(decisionRoute('dismiss'), async (c) => c.json(await decideViolation(c, c.req.valid('param').id, 'dismissed', c.req.valid('json').note), 200))
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/violations/check-sellout',
      tags: [TAG],
      summary: 'Check sell-out against sell-in per dealer and SKU through a month (also run nightly)',
      description:
        'Raises `sellout_exceeds_sellin` where a dealer’s stores sold more of a SKU through the end of `month` than was ever shipped ' +
        'to the dealer and its stores by then: diversion suspected even where no code was scanned. Checking a month again flags ' +
        'no dealer and SKU twice; new violations are sent to the alert endpoints at once.',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM') }) } } } },
      responses: { 200: { description: 'Checked', content: { 'application/json': { schema: z.object({ month: z.string(), violationsRaised: z.number().int() }) } } } },
    }),
    async (c) => {
      const { month } = c.req.valid('json')
      const raised = await checkSellout(c.env, Number(month.slice(0, 4)), Number(month.slice(5, 7)))
      if (raised > 0) c.executionCtx.waitUntil(deliverDueAlerts(c.env))
      return c.json({ month, violationsRaised: raised }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/endpoints',
      tags: ['Alerts'],
      summary: 'Send new violations to a webhook or a WeCom, DingTalk or Slack group robot',
      description:
        'Adds where alerts go: `standard` is a JSON webhook signed like Standard Webhooks (its secret is in this response only); ' +
        '`wecom`, `dingtalk` and `slack` post a text message to a group robot’s URL. `regionCode` limits it to one region’s ' +
        'violations (an unknown region is 422); left out, it gets every region’s.',
      request: { body: { required: true, content: { 'application/json': { schema: AlertEndpointInput } } } },
      responses: {
        201: { description: 'Added; a `standard` endpoint gets its signing secret once', content: { 'application/json': { schema: AlertEndpoint.extend({ secret: z.string().nullable() }) } } },
      },
    }),
    async (c) => c.json(await addAlertEndpoint(c, c.req.valid('json')), 201),
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/alerts/endpoints',
      tags: ['Alerts'],
      summary: 'List alert endpoints',
      description: 'Every alert endpoint with its format, URL and region, oldest first; signing secrets are never shown again.',
      responses: { 200: { description: 'Endpoints', content: { 'application/json': { schema: z.object({ endpoints: z.array(AlertEndpoint) }) } } } },
    }),
    async (c) => c.json(await listAlertEndpoints(c), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/v1/alerts/endpoints/{id}',
      tags: ['Alerts'],
      summary: 'Stop sending alerts to an endpoint',
      description: 'Removes the endpoint; its pending deliveries are marked failed so they are not retried for nobody. An unknown id is 404.',
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 200: { description: 'Removed', content: { 'application/json': { schema: z.object({ id: z.string(), removed: z.literal(true) }) } } }, 404: problem('No such endpoint') },
    }),
    async (c) => c.json(await removeAlertEndpoint(c, c.req.valid('param').id), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/alerts/deliveries',
      tags: ['Alerts'],
      summary: 'Alert deliveries, e.g. the failed ones',
      description:
        'Each delivery of alerts to an endpoint with its status, tries, next try and last error: `status=failed` shows the ones given ' +
        'up after every retry (a robot URL that changed, say), `pending` the ones still being retried with backoff.',
      request: { query: z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional() }) },
      responses: {
        200: {
          description: 'Newest first',
          content: {
            'application/json': {
              schema: z.object({
                deliveries: z.array(
                  z.object({
                    id: z.string(),
                    endpointId: z.string(),
                    status: z.string(),
                    attempts: z.number().int(),
                    nextAttemptAt: z.string(),
                    lastError: z.string().nullable(),
                    violationIds: z.array(z.number().int()),
                    createdAt: z.string(),
                    deliveredAt: z.string().nullable(),
                  }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json(await listDeliveries(c, c.req.valid('query').status), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/deliver',
      tags: ['Alerts'],
      summary: 'Send the alert deliveries that are due now (the cron does this every five minutes)',
      description:
        'Sends now what the five-minute cron would: deliveries whose next try is due. Each is leased before it is sent, so a cron run ' +
        'at the same moment never sends it twice; a failure is retried later with backoff and counted in `retrying` or `failed`.',
      responses: {
        200: { description: 'What happened', content: { 'application/json': { schema: z.object({ delivered: z.number().int(), retrying: z.number().int(), failed: z.number().int() }) } } },
      },
    }),
    async (c) => c.json(await deliverDueAlerts(c.env), 200),
  )
