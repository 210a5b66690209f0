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

function actionRoute<B extends z.ZodObject>(action: string, access: 'write' | 'admin', summary: string, body: B, description: string) {
  return defineRoute(access, {
    method: 'post',
    path: `/v1/targets/{year}/regions/{code}/${action}`,
    tags: [TAG],
    summary,
    description: `${description} Audited; \`metric\` picks sales (default) or collection targets. An unknown region is 404.`,
    request: { params: RegionActionParams, body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: RegionStateResult } } },
      404: problem('No such region'),
      409: problem('Not possible in the current state'),
      423: problem('The targets are approved (locked)'),
    },
  })
}

const transitionRoutes: [Transition, 'write' | 'admin', string, typeof ReasonBody | typeof RequiredReasonBody, string][] = [
  [
    'submit',
    'write',
    'Submit a region’s targets to HQ (store sums must match)',
    ReasonBody,
    'The region’s manager hands its draft or rejected targets of `year` to HQ; they cannot be edited while HQ reviews them. A 422 ' +
      'lists each month whose store targets do not add up to the region’s target; 409 when the targets are not a draft or rejected.',
  ],
  [
    'approve',
    'admin',
    'Approve and lock a region’s targets',
    ReasonBody,
    'HQ approves submitted targets: they are locked (edits are 423) until HQ reopens them. 409 unless they are submitted.',
  ],
  [
    'reject',
    'admin',
    'Send submitted targets back, with a reason',
    RequiredReasonBody,
    'HQ sends submitted targets back to the region’s manager, who sees the reason and may edit and submit again. 409 unless submitted.',
  ],
  [
    'reopen',
    'admin',
    'Unlock submitted or approved targets for editing, with a reason',
    RequiredReasonBody,
    'HQ turns submitted or approved targets back into a draft (to correct an approved year, say); the reason is kept. 409 from a draft.',
  ],
]

const CONTEST =
  'The region’s manager proposes another annual figure for its region (`proposedAmount`) with a reason, while the targets are a ' +
  'draft, rejected or under review; HQ then accepts or rejects it. 423 once they are approved.'
const ACCEPT_CONTEST =
  'HQ accepts the pending proposal: it becomes the region’s annual target, split over the months in the shape they have now; the ' +
  'stores are left to be allocated again. 409 when no proposal is pending; 423 once approved; an ended month changes only with a reason.'
const REJECT_CONTEST = 'HQ turns the pending proposal down with a reason the manager sees; the targets stay as they are. 409 when none is pending.'

export const targetLifecycleRoutes = createRouter()
for (const [action, access, summary, body, description] of transitionRoutes) {
  targetLifecycleRoutes.openapi(actionRoute(action, access, summary, body, description), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await changeTargetStatus(c, action, year, code, c.req.valid('json')), 200)
  })
}

targetLifecycleRoutes
  .openapi(actionRoute('contest', 'write', 'Propose a different annual target, with a reason (regional manager)', ContestBody, CONTEST), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await contestTargets(c, year, code, c.req.valid('json')), 200)
  })
  .openapi(actionRoute('accept-contest', 'admin', 'Accept the proposed annual target; months keep their shape', ReasonBody, ACCEPT_CONTEST), async (c) => {
    const { year, code } = c.req.valid('param')
    return c.json(await acceptTargetContest(c, year, code, c.req.valid('json')), 200)
  })
  .openapi(actionRoute('reject-contest', 'admin', 'Reject the proposed annual target, with a reason', RequiredReasonBody, REJECT_CONTEST), async (c) => {
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
        'Rolling adjustment (滚动调整): remaining = annual − actual through `throughMonth`; it is split over the later months in the ' +
        'proportions they have now (by seasonality), and each later month of each store keeps its share of the region month. For a ' +
        'draft or rejected region (423 when submitted or approved); a re-spread that rewrites ended months is HQ’s, with a `reason`. ' +
        'An unknown region is 404.',
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
