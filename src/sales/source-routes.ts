// POS sources over HTTP (HQ only): register one, rotate its secret, disable it, list them.
import { z } from '@hono/zod-openapi'
import { posSourceIdSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { disableSource, listSources, registerSource, RotationInput, rotateSourceSecret, SourceInput } from './sources'

const TAG = 'POS sources'

const SourceCreated = z.object({ id: z.string(), secret: z.string().openapi({ description: 'Shown once' }) })

const SourceInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    vendor: z.enum(['standard', 'shopify']),
    createdAt: z.string(),
    disabledAt: z.string().nullable().openapi({ description: 'When HQ disabled the source; its webhooks are refused since' }),
    secrets: z.array(z.object({ id: z.string(), createdAt: z.string(), expiresAt: z.string().nullable() })),
  })
  .openapi('PosSource')

export const posSourceRoutes = createRouter()
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/admin/pos-sources',
      tags: [TAG],
      summary: 'Register a POS system',
      description:
        'Registers a till system that sends sales by webhook to `/v1/webhooks/pos/{id}` (`vendor: standard`, Standard Webhooks) or ' +
        '`/v1/webhooks/shopify/{id}`. For `standard` a `whsec_…` secret is generated unless one is given; for `shopify` give the ' +
        'secret Shopify issued to the app (422 without it). The secret is in this response only. 409 when the id is taken.',
      request: { body: { required: true, content: { 'application/json': { schema: SourceInput } } } },
      responses: {
        201: { description: 'Registered; the secret is shown once', content: { 'application/json': { schema: SourceCreated } } },
        409: problem('A source with this id exists'),
      },
    }),
    async (c) => c.json(await registerSource(c, c.req.valid('json')), 201),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/admin/pos-sources/{id}/rotate',
      tags: [TAG],
      summary: 'Add a new secret; the current ones keep verifying for graceSeconds (default 24 hours, 0 revokes them at once)',
      description:
        'A rotation never lengthens the life of a secret already set to expire sooner. With `graceSeconds: 0` the old secrets stop ' +
        'verifying now: the answer to a leaked secret.',
      request: {
        params: z.object({ id: posSourceIdSchema }),
        body: { content: { 'application/json': { schema: RotationInput } } },
      },
      responses: {
        200: { description: 'Rotated; the new secret is shown once', content: { 'application/json': { schema: SourceCreated.extend({ previousExpiresAt: z.string() }) } } },
        404: problem('No such source'),
        409: problem('The source is disabled'),
      },
    }),
    async (c) => c.json(await rotateSourceSecret(c, c.req.valid('param').id, c.req.valid('json') as z.infer<typeof RotationInput>), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'delete',
      path: '/v1/admin/pos-sources/{id}',
      tags: [TAG],
      summary: 'Disable a POS source: its webhooks are refused (404) from now on; the sales it sent stay',
      description: 'Receipts it sent before stay queued and are applied. Disabling twice changes nothing and answers the first time.',
      request: { params: z.object({ id: posSourceIdSchema }) },
      responses: {
        200: { description: 'Disabled', content: { 'application/json': { schema: z.object({ id: z.string(), disabledAt: z.string() }) } } },
        404: problem('No such source'),
      },
    }),
    async (c) => c.json(await disableSource(c, c.req.valid('param').id), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'get',
      path: '/v1/admin/pos-sources',
      tags: [TAG],
      summary: 'List POS sources (never their secrets)',
      description:
        'Every POS source with its vendor, when it was created or disabled, and its secrets by id with their expiry (a rotated-out ' +
        'secret keeps verifying until then). The secrets themselves are never shown again.',
      responses: { 200: { description: 'Sources', content: { 'application/json': { schema: z.object({ sources: z.array(SourceInfo) }) } } } },
    }),
    async (c) => c.json(await listSources(c.env), 200),
  )

