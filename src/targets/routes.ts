// Targets over HTTP: the company target, planning, and the target grid of regions and stores
// with revisions, locks and store-sum warnings.
import { z } from '@hono/zod-openapi'
import { bulkJsonContent, conflictProblem, createRouter, defineRoute, problem } from '../lib/openapi'
import { planYear, setCompanyTarget } from './company'
import { editTargetsFromBody } from './edit'
import { readTargetGrid } from './grid'
import { CompanyTargetBody, PlanBody, PlanResult, TargetsBody, TargetsQuery, TargetsResult, TargetsWriteResult, yearSchema } from './schemas'

const TAG = 'Targets'

const TargetConflict = z.object({
  path: z.string().openapi({ description: 'The row of the request (`rows.1`)' }),
  code: z.string(),
  month: z.number().int(),
  yours: z.number().openapi({ description: 'The amount this request sent' }),
  theirs: z.number().openapi({ description: 'The amount stored since baseRevision' }),
  revision: z.number().int().openapi({ description: 'The revision that wrote theirs' }),
})

const router = createRouter()

const putCompany = defineRoute('admin', {
  method: 'put',
  path: '/v1/targets/company/{year}',
  tags: [TAG],
  summary: "Set the company's annual target",
  description:
    'Sets the company’s annual sales target for `year`, audited with its previous amount. It is HQ’s figure of record; targets ' +
    'already planned stay as they are until a plan (`POST /v1/targets/plan` with `save: true`) splits it again.',
  request: {
    params: z.object({ year: yearSchema }),
    body: { required: true, content: { 'application/json': { schema: CompanyTargetBody } } },
  },
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: z.object({ year: z.number().int(), amount: z.number() }) } } },
  },
})

const plan = defineRoute('admin', {
  method: 'post',
  path: '/v1/targets/plan',
  tags: [TAG],
  summary: 'Plan region, month and store targets from the company target',
  description:
    'Regions share the company target by last year (actual, or target × achievement rate; no history → the average share), ' +
    'each region annual is split by month (last year rhythm, even, or 12 percentages) and each month allocated to the stores ' +
    'open in it (by last year actual, tier, area or equally). All sums are exact to the fen. `save: true` replaces the ' +
    "year's targets with the plan as drafts (423 when a region is submitted or approved).",
  request: { body: { required: true, content: { 'application/json': { schema: PlanBody } } } },
  responses: {
    200: { description: 'The plan', content: { 'application/json': { schema: PlanResult } } },
    423: problem('A region of the year is submitted or approved'),
  },
})

const getTargets = defineRoute('read', {
  method: 'get',
  path: '/v1/targets',
  tags: [TAG],
  summary: 'Read targets of regions and stores',
  description:
    'The monthly targets of `year` (sales by default, or `metric=collection`), for regions, stores or both (`level`), within the ' +
    'token’s regions or one of them (`regionCode`; another region is 403), with each row’s status (draft, submitted, approved). ' +
    'Keep `revision` and send it as `baseRevision` with an edit, so a row someone else changed since is a 409, not overwritten.',
  request: { query: TargetsQuery },
  responses: { 200: { description: 'Targets with the revision to send back with edits', content: { 'application/json': { schema: TargetsResult } } } },
})

const putTargets = defineRoute('write', {
  method: 'put',
  path: '/v1/targets',
  tags: [TAG],
  summary: 'Edit monthly targets of regions (HQ) or stores (HQ and the region manager)',
  description:
    'Writes `rows` of `{ code, month, amount }` at one `level`, atomically: every bad row is listed in one 422 and nothing is ' +
    'written. Region targets are HQ’s (a manager contests them instead, 403); a manager edits its own regions’ stores. Rows of a ' +
    'submitted or approved region are a 423 (beside other faults they are listed in the 422 as `locked`, another region’s as ' +
    '`forbidden`). A month that has ended changes only by HQ with a `reason`. With `baseRevision`, a row someone else changed since ' +
    'is a 409 listing `conflicts`. Store sums that miss their region’s target in a month are warnings, not errors.',
  request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'TargetsInput', TargetsBody) } } },
  responses: {
    200: { description: 'Applied; store sums that miss the region target come back as warnings', content: { 'application/json': { schema: TargetsWriteResult } } },
    409: conflictProblem('A row was changed by someone else since baseRevision; `conflicts` lists them and nothing was written', TargetConflict, [
      { path: 'rows.1', code: 'EA001', month: 2, yours: 98_000, theirs: 105_000, revision: 43 },
    ]),
    423: problem('A region is submitted or approved'),
  },
})

export const targetRoutes = router
  .openapi(putCompany, async (c) => c.json(await setCompanyTarget(c, c.req.valid('param').year, c.req.valid('json').amount), 200))
  .openapi(plan, async (c) => c.json(await planYear(c, c.req.valid('json')), 200))
  .openapi(getTargets, async (c) => c.json(await readTargetGrid(c, c.req.valid('query')), 200))
  .openapi(putTargets, async (c) => c.json(await editTargetsFromBody(c), 200))
