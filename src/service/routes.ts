// Unauthenticated service routes: health for probes and the API reference.
import { z } from '@hono/zod-openapi'
import { createRouter, defineRoute } from '../lib/openapi'
import { VERSION } from '../version'
import { docsAsset, docsPage } from './docs'

const health = defineRoute('public', {
  method: 'get',
  path: '/health',
  tags: ['Service'],
  summary: 'Liveness and version',
  description:
    'For uptime probes and for checking which version is deployed: answers `{ ok: true, version }` while the worker is up. The ' +
    'interactive reference (`/docs`) and the OpenAPI document (`/openapi.json`) are served beside it, without a token too.',
  responses: {
    200: {
      description: 'The worker is up',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true), version: z.string() }) } },
    },
  },
})

export const serviceRoutes = createRouter()
  .openapi(health, (c) => c.json({ ok: true as const, version: VERSION }, 200))
  .get('/docs', docsPage)
  .get('/docs/:asset', docsAsset)
