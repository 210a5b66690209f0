// HQ's alert endpoints over HTTP: where new violations and stock alerts go (a signed webhook or a
// DingTalk, Feishu, WeCom or Slack group robot), a test message with the robot's verdict, the
// deliveries and their errors, and sending what is due. The services are in ./endpoints.ts and
// ./alerts.ts, the vendors' adapters in ./robots.
import { z } from '@hono/zod-openapi'
import { codeSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { ALERT_FORMATS, deliverDueAlerts } from './alerts'
import { addAlertEndpoint, listAlertEndpoints, listDeliveries, removeAlertEndpoint, testAlertEndpoint } from './endpoints'

const TAG = 'Alerts'

const AlertEndpointInput = z
  .object({
    regionCode: codeSchema.nullable().optional().openapi({ description: 'Only this region’s violations; leave out for all' }),
    format: z.enum(ALERT_FORMATS),
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
    secret: z.string().trim().min(8).max(256).optional().openapi({
      description: 'Standard Webhooks: a whsec_ secret (one is made when left out). DingTalk: the 加签 secret (SEC…). Feishu: the signature secret. Never returned.',
    }),
  })
  .openapi('AlertEndpointInput')

const AlertEndpoint = z.object({
  id: z.string(),
  regionCode: z.string().nullable(),
  format: z.enum(ALERT_FORMATS),
  url: z.string(),
  signed: z.boolean().openapi({ description: 'Whether regionops signs what it sends (the secret itself is never shown)' }),
  pausedUntil: z.string().nullable().openapi({ description: 'After a rate-limit answer: nothing is sent to the robot before this' }),
  createdAt: z.string(),
})

const Delivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable().openapi({ description: 'The vendor’s code and message of the last failed try (`310000 sign not match`, `HTTP 503`)' }),
  violationIds: z.array(z.number().int()),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
})

const idParam = z.object({ id: z.string().min(1).max(64) })

export const alertRoutes = createRouter()
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/endpoints',
      tags: [TAG],
      summary: 'Send new violations to a webhook or a DingTalk, Feishu, WeCom or Slack group robot',
      description:
        'Adds where alerts go: `standard` is a JSON webhook signed like Standard Webhooks (a secret made here is in this response only); ' +
        '`dingtalk` (with its 加签 `secret`), `feishu` (with its signature `secret`), `wecom` and `slack` post a markdown message to a ' +
        'group robot’s URL, paced under the vendor’s per-minute limit and cut to its size with a link to the violations page. ' +
        '`regionCode` limits it to one region’s violations (an unknown region is 422); left out, it gets every region’s.',
      request: { body: { required: true, content: { 'application/json': { schema: AlertEndpointInput } } } },
      responses: {
        201: { description: 'Added; a Standard Webhooks secret made here is shown this once', content: { 'application/json': { schema: AlertEndpoint.omit({ signed: true, pausedUntil: true }).extend({ secret: z.string().nullable() }) } } },
      },
    }),
    async (c) => c.json(await addAlertEndpoint(c, c.req.valid('json')), 201),
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/alerts/endpoints',
      tags: [TAG],
      summary: 'List alert endpoints',
      description: 'Every alert endpoint with its format, URL, region and whether a robot is silenced after a rate-limit answer, oldest first; secrets are never shown.',
      responses: { 200: { description: 'Endpoints', content: { 'application/json': { schema: z.object({ endpoints: z.array(AlertEndpoint) }) } } } },
    }),
    async (c) => c.json(await listAlertEndpoints(c), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/endpoints/{id}/test',
      tags: [TAG],
      summary: 'Send a test message and answer with the receiver’s verdict',
      description:
        'Sends one test message now, signed and formatted as real alerts are, and answers what the receiver said: `ok`, or the ' +
        'vendor’s code and message (`310000` for a DingTalk 加签 secret that does not match, `19021` for Feishu’s, `93000` for a ' +
        'removed WeCom robot). It counts against the robot’s minute; a robot that is silenced or has no room this minute answers `paced`.',
      request: { params: idParam },
      responses: {
        200: { description: 'The receiver’s verdict', content: { 'application/json': { schema: z.object({ ok: z.boolean(), vendorCode: z.string().optional(), message: z.string().optional() }) } } },
        404: problem('No such endpoint'),
      },
    }),
    async (c) => c.json(await testAlertEndpoint(c, c.req.valid('param').id), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/v1/alerts/endpoints/{id}',
      tags: [TAG],
      summary: 'Stop sending alerts to an endpoint',
      description: 'Removes the endpoint; its pending deliveries are marked failed so they are not retried for nobody, and its violations link stops. An unknown id is 404.',
      request: { params: idParam },
      responses: { 200: { description: 'Removed', content: { 'application/json': { schema: z.object({ id: z.string(), removed: z.literal(true) }) } } }, 404: problem('No such endpoint') },
    }),
    async (c) => c.json(await removeAlertEndpoint(c, c.req.valid('param').id), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/alerts/deliveries',
      tags: [TAG],
      summary: 'Alert deliveries, e.g. the failed ones',
      description:
        'Each delivery of alerts to an endpoint with its status, tries, next try and last error (the vendor’s code and message): ' +
        '`status=failed` shows the ones given up after every retry or refused for good (a removed robot), `pending` those still to send.',
      request: { query: z.object({ status: z.enum(['pending', 'delivered', 'failed']).optional() }) },
      responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ deliveries: z.array(Delivery) }) } } } },
    }),
    async (c) => c.json(await listDeliveries(c, c.req.valid('query').status), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/alerts/deliver',
      tags: [TAG],
      summary: 'Send the alert deliveries that are due now (the cron does this every five minutes)',
      description:
        'Sends now what the five-minute cron would: deliveries whose next try is due. Each is leased before it is sent, so a cron run ' +
        'at the same moment never sends it twice; a failed try is retried later with backoff (`retrying`) or given up (`failed`), and ' +
        'a delivery whose robot has no room this minute or is silenced waits its turn without using a try (`waiting`).',
      responses: {
        200: {
          description: 'What happened',
          content: { 'application/json': { schema: z.object({ delivered: z.number().int(), retrying: z.number().int(), failed: z.number().int(), waiting: z.number().int() }) } },
        },
      },
    }),
    async (c) => c.json(await deliverDueAlerts(c.env), 200),
  )
