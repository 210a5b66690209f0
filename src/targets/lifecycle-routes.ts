// A region's targets for a year over HTTP: draft → submitted → approved (locked), with rejection
// and reopening by HQ; a manager may contest the annual figure; the rest of the year can be
// re-spread. The actions are in ./region-actions.ts, their rules in ./lifecycle.ts.
import { z } from '@hono/zod-openapi'
import type { Transition } from '../lib/approval'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { acceptTargetContest, changeTargetStatus, contestTargets, rejectTargetContest, respreadTargets } from './region-actions'
import { ContestBody, ReasonBody, RegionActionParams, RequiredReasonBody, RespreadBody, SumWarning } from './schemas'

const TAG = 'Target approval'

const RegionStateResult = z
  .object({
    year: z.number().int(),
    regionCode: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    contest: z.object({ proposedAmount: z.number(), reason: z.string().nullable(), status: z.string() }).nullable(),
    revision: z.number().int(),
  })
  .openapi('TargetRegionState')

function actionRoute<B extends z.ZodObject>(action: string, access: 'write' | 'admin', summary: string, body: B) {
  return defineRoute(access, {
    method: 'post',
    path: `/v1/targets/{year}/regions/{code}/${action}`,
    tags: [TAG],
    summary,
    request: { params: RegionActionParams, body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: RegionStateResult } } },
      404: problem('No such region'),
      409: problem('Not possible in the current state'),
      423: problem('The targets are approved (locked)'),
    },
  })
}

const transitionRoutes: [Transition, 'write' | 'admin', string, typeof ReasonBody | typeof RequiredReasonBody][] = [
  ['submit', 'write', 'Submit a region’s targets to HQ (store sums must match)', ReasonBody],
  ['approve', 'admin', 'Approve and lock a region’s targets', ReasonBody],
  ['reject', 'admin', 'Send submitted targets back, with a reason', RequiredReasonBody],
  ['reopen', 'admin', 'Unlock submitted or approved targets for editing, with a reason', RequiredReasonBody],
]

export const targetLifecycleRoutes = createRouter()
for (const [action, access, summary, body] of transitionRoutes) {
  targetLifecycleRoutes.openapi(actionRoute(action, access, summary, body), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await changeTargetStatus(c, action, year, code, c.req.valid('json')), 200)
  })
}

targetLifecycleRoutes
  .openapi(actionRoute('contest', 'write', 'Propose a different annual target, with a reason (regional manager)', ContestBody), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await contestTargets(c, year, code, c.req.valid('json')), 200)
  })
  .openapi(actionRoute('accept-contest', 'admin', 'Accept the proposed annual target; months keep their shape', ReasonBody), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await acceptTargetContest(c, year, code, c.req.valid('json')), 200)
  })
  .openapi(actionRoute('reject-contest', 'admin', 'Reject the proposed annual target, with a reason', RequiredReasonBody), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await rejectTargetContest(c, year, code, c.req.valid('json')), 200)
  })
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/targets/{year}/regions/{code}/respread',
      tags: [TAG],
      summary: 'Re-spread what is left of the annual target over the months after throughMonth',
      description:
        'remaining = annual − actual through `throughMonth`; it is split over the later months in the proportions they have now ' +
        '(by seasonality), and each later month of each store keeps its share of the region month.',
      request: { params: RegionActionParams, body: { required: true, content: { 'application/json': { schema: RespreadBody } } } },
      responses: {
        200: {
          description: 'Re-spread',
          content: {
            'application/json': {
              schema: RegionStateResult.extend({
                months: z.array(z.number()).length(12),
                actualThrough: z.number(),
                remaining: z.number(),
                warnings: z.array(SumWarning),
              }),
            },
          },
        },
        404: problem('No such region'),
        423: problem('The targets are submitted or approved'),
      },
    }),
    async (c) => {
      const { year, code } = c.req.valid('param')
      return c.json(await respreadTargets(c, year, code, c.req.valid('json')), 200)
    },
  )
