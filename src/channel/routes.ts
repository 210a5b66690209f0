// Channel integrity over HTTP: violations for people to work (open → confirmed | dismissed, with
// a note) and the on-demand sell-out check. The services are in ./violations.ts and ./sellout.ts;
// HQ's alert endpoints are in ./alert-routes.ts.
import { z } from '@hono/zod-openapi'
import { VIOLATION_KINDS } from '../db/schema'
import { codeSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { deliverDueAlerts } from './alerts'
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
