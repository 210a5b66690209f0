// The ERP's shipments: one idempotent write per shipment.
import { z } from '@hono/zod-openapi'
import { readJsonBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { recordShipmentFromBody, ShipmentBody } from './shipments'

const router = createRouter()

export const shipmentRoutes = router.openapi(
  defineRoute('admin', {
    method: 'post',
    path: '/v1/shipments',
    tags: ['Channel integrity'],
    summary: 'Record a shipment from the ERP (idempotent by shipmentId)',
    description:
      'Each unit or lot code becomes authorised for the region of the receiving dealer or store. A code already shipped to another ' +
      'region is refused unless the shipment is a `transfer`. Sales of these codes that arrived earlier are re-evaluated at once.',
    request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'ShipmentInput', ShipmentBody) } } },
    responses: {
      201: {
        description: 'Recorded',
        content: { 'application/json': { schema: z.object({ shipmentId: z.string(), regionCode: z.string(), codes: z.number().int(), violationsRaised: z.number().int() }) } },
      },
      200: { description: 'Already recorded; nothing changed', content: { 'application/json': { schema: z.object({ shipmentId: z.string(), duplicate: z.literal(true) }) } } },
      422: problem('Invalid; every bad field is listed'),
    },
  }),
  async (c) => {
    const recorded = await recordShipmentFromBody(c, await readJsonBody(c))
    if (recorded.duplicate) return c.json({ shipmentId: recorded.shipmentId, duplicate: true as const }, 200)
    const { shipmentId, regionCode, codes, violationsRaised } = recorded
    return c.json({ shipmentId, regionCode, codes, violationsRaised }, 201)
  },
)
