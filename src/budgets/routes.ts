// Expense budgets over HTTP: the monthly grid by region × department × category with revisions
// and the approval lifecycle, budget controls, next year's proposal from last year's expenses,
// variance. The services are in ./grid.ts, ./controls.ts, ./proposal.ts and ./variance.ts.
import { z } from '@hono/zod-openapi'
import { CONTROL_ACTIONS } from '../db/schema'
import { TRANSITIONS, type Transition } from '../lib/approval'
import { codeSchema } from '../lib/fields'
import { moneySchema } from '../lib/money'
import { readBulkBody } from '../lib/body'
import { bulkJsonContent, conflictProblem, createRouter, defineRoute, problem } from '../lib/openapi'
import { listControls, saveControls } from './controls'
import { changeBudgetStatus, editBudgets, readBudgetGrid } from './grid'
import { proposeBudgets } from './proposal'
import { budgetVariance } from './variance'

const TAG = 'Budgets'
const yearSchema = z.coerce.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier')

const BudgetRowInput = z.object({
  regionCode: codeSchema,
  department: z.string().min(1).max(64),
  category: z.string().min(1).max(64),
  month: z.number().int().min(1, 'must be 1..12').max(12, 'must be 1..12'),
  amount: moneySchema(),
})

const ControlInput = z.object({
  regionCode: codeSchema,
  department: z.string().min(1).max(64).optional(),
  category: z.string().min(1).max(64).optional(),
  monthly: z.enum(CONTROL_ACTIONS),
  annual: z.enum(CONTROL_ACTIONS),
})

const BudgetEditFields = z.object({ year: yearSchema, baseRevision: z.number().int().min(0).optional() })
const BUDGET_EDIT = { key: 'rows', fields: BudgetEditFields, row: BudgetRowInput, maxRows: 50_000 }
const CONTROLS = { key: 'controls', row: ControlInput, maxRows: 5000 }

const router = createRouter()

const BudgetConflict = BudgetRowInput.omit({ amount: true }).extend({
  path: z.string().openapi({ description: 'The row of the request (`rows.0`)' }),
  yours: z.number().openapi({ description: 'The amount this request sent' }),
  theirs: z.number().openapi({ description: 'The amount stored since baseRevision' }),
  revision: z.number().int().openapi({ description: 'The revision that wrote theirs' }),
})

const lifecycleActions: [Transition, 'write' | 'admin', string, string][] = [
  ['submit', 'write', 'Submit a region’s budgets to HQ', 'The region’s manager hands its draft or rejected budgets of `year` to HQ; they cannot be edited while HQ reviews them.'],
  ['approve', 'admin', 'Approve and lock a region’s budgets', 'HQ approves submitted budgets: they are locked (edits are 423) until HQ reopens them.'],
  ['reject', 'admin', 'Send submitted budgets back, with a reason', 'HQ sends submitted budgets back to the region’s manager with a reason, to edit and submit again.'],
  ['reopen', 'admin', 'Unlock budgets for editing, with a reason', 'HQ turns submitted or approved budgets back into a draft; the reason is kept.'],
]

export const budgetRoutes = router
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/budgets',
      tags: [TAG],
      summary: 'Read the budget grid',
      description:
        'The expense budgets of `year` by region × department × category × month, for the token’s regions or one of them ' +
        '(`regionCode`; another region is 403), with each region’s status (draft, submitted, approved, rejected) and the ' +
        '`revision` to send back as `baseRevision` with an edit.',
      request: { query: z.object({ year: yearSchema, regionCode: codeSchema.optional() }) },
      responses: {
        200: {
          description: 'Budgets with the revision to send back with edits',
          content: {
            'application/json': {
              schema: z.object({
                year: z.number().int(),
                revision: z.number().int(),
                regions: z.array(z.object({ code: z.string(), status: z.string(), reason: z.string().nullable() })),
                rows: z.array(BudgetRowInput.extend({ amount: z.number(), status: z.string() })),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { year, regionCode } = c.req.valid('query')
      return c.json(await readBudgetGrid(c, year, regionCode), 200)
    },
  )
  .openapi(
    defineRoute('write', {
      method: 'put',
      path: '/v1/budgets',
      tags: [TAG],
      summary: 'Edit budgets of the caller’s regions',
      description:
        'Writes budget rows, atomically: every bad row (an unknown department or category, another region’s row) is listed in one ' +
        '422 and nothing is written. Departments and categories are those of `BUDGET_DEPARTMENTS` and `EXPENSE_CATEGORIES`, given by ' +
        'key or by their Chinese or English name (`销售`, `Travel`); the key is stored and answered. Rows of ' +
        'a submitted or approved region are a 423; with `baseRevision`, a row someone else changed since is a 409 listing `conflicts`.',
      request: {
        body: {
          required: true,
          content: { 'application/json': bulkJsonContent(router, 'BudgetsInput', BudgetEditFields.extend({ rows: z.array(BudgetRowInput).min(1).max(BUDGET_EDIT.maxRows) })) },
        },
      },
      responses: {
        200: { description: 'Applied', content: { 'application/json': { schema: z.object({ revision: z.number().int(), updated: z.number().int() }) } } },
        409: conflictProblem('A row was changed since baseRevision; `conflicts` lists them and nothing was written', BudgetConflict, [
          { path: 'rows.0', regionCode: 'EAST', department: 'marketing', category: 'travel', month: 3, yours: 12_000, theirs: 15_000, revision: 18 },
        ]),
        423: problem('A region’s budgets are submitted or approved'),
      },
    }),
    async (c) => c.json(await editBudgets(c, await readBulkBody(c, BUDGET_EDIT)), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'put',
      path: '/v1/budgets/controls',
      tags: [TAG],
      summary: 'Set what exceeding a budget does (stop, warn or ignore), per region, department or category',
      description:
        'For each region, region × department or region × department × category, what an expense over the month’s budget ' +
        '(`monthly`) and over the year’s (`annual`) does: `stop` refuses it (422 `…/budget-exceeded`, unless HQ overrides with a ' +
        'reason), `warn` lets it through with a warning, `ignore` says nothing. The most specific control wins; without one, both warn.',
      request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'BudgetControlsInput', z.object({ controls: z.array(ControlInput).min(1).max(CONTROLS.maxRows) })) } } },
      responses: { 200: { description: 'Stored', content: { 'application/json': { schema: z.object({ upserted: z.number().int() }) } } } },
    }),
    async (c) => c.json(await saveControls(c, await readBulkBody(c, CONTROLS)), 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/budgets/controls',
      tags: [TAG],
      summary: 'Budget controls of the caller’s regions',
      description: 'The controls set for the token’s regions, or for one of them with `regionCode` (another region is 403).',
      request: { query: z.object({ regionCode: codeSchema.optional() }) },
      responses: { 200: { description: 'Controls', content: { 'application/json': { schema: z.object({ controls: z.array(ControlInput) }) } } } },
    }),
    async (c) => c.json(await listControls(c, c.req.valid('query').regionCode), 200),
  )
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/budgets/propose',
      tags: [TAG],
      summary: 'Propose a year’s budgets from last year’s approved expenses, adjusted per category',
      description:
        'Next year’s budget from this one’s spending: each line is last year’s HQ-approved expenses of its month, adjusted by the ' +
        'percentage given for its category (`{ "travel": -10 }`; an unknown category is 422), rounded to the fen. With `save: true` ' +
        'the proposed lines are written as the year’s budgets, an edit like `PUT /v1/budgets` (423 when a region is submitted or ' +
        'approved); otherwise nothing is written.',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                year: yearSchema,
                regionCode: codeSchema.optional(),
                adjustments: z.record(z.string(), z.number().min(-100).max(1000)).default({}).openapi({ description: 'Percent per category, e.g. { "travel": -10 }', example: { travel: -10, marketing: 5 } }),
                save: z.boolean().default(false),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The proposal (saved as drafts when asked)',
          content: { 'application/json': { schema: z.object({ revision: z.number().int().nullable(), rows: z.array(BudgetRowInput.extend({ amount: z.number(), lastYear: z.number() })) }) } },
        },
      },
    }),
    async (c) => c.json(await proposeBudgets(c, c.req.valid('json')), 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/budgets/variance',
      tags: [TAG],
      summary: 'Budget against spending (approved, pending, committed) per month, region, department and category',
      description:
        'Variance of `year`, or of one `month`, for the token’s regions or one of them: budget, approved, pending and committed ' +
        'spending, variance and rate per line, the figures the budget controls and the consolidated report use.',
      request: { query: z.object({ year: yearSchema, month: z.coerce.number().int().min(1).max(12).optional(), regionCode: codeSchema.optional() }) },
      responses: {
        200: {
          description:
            'approved: HQ-approved expenses; pending: submitted or reviewed, not yet approved; committed = approved + pending, the spending budget ' +
            'controls and the consolidated report count. actual = committed; variance = budget − committed; rate = committed ÷ budget (null without a budget)',
          content: {
            'application/json': {
              schema: z.object({
                rows: z.array(
                  z.object({
                    period: z.string(),
                    regionCode: z.string(),
                    department: z.string(),
                    category: z.string(),
                    budget: z.number(),
                    approved: z.number(),
                    pending: z.number(),
                    committed: z.number(),
                    actual: z.number(),
                    variance: z.number(),
                    rate: z.number().nullable(),
                  }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json(await budgetVariance(c, c.req.valid('query')), 200),
  )

for (const [action, access, summary, description] of lifecycleActions) {
  const rule = TRANSITIONS[action]
  budgetRoutes.openapi(
    defineRoute(access, {
      method: 'post',
      path: `/v1/budgets/{year}/regions/{code}/${action}`,
      tags: [TAG],
      summary,
      description: `${description} Audited. An unknown region is 404; 409 when the budgets are not in a status this step starts from.`,
      request: {
        params: z.object({ year: yearSchema, code: codeSchema }),
        body: { required: true, content: { 'application/json': { schema: z.object({ reason: (rule.needsReason ? z.string().trim().min(1, 'a reason is required') : z.string().trim().optional()) as z.ZodType<string | undefined> }) } } },
      },
      responses: {
        200: { description: 'Done', content: { 'application/json': { schema: z.object({ year: z.number().int(), regionCode: z.string(), status: z.string(), revision: z.number().int() }) } } },
        404: problem('No such region'),
        409: problem('Not possible in the current state'),
      },
    }),
    async (c) => {
      const { year, code } = c.req.valid('param')
      const { reason } = c.req.valid('json') as { reason?: string }
      return c.json(await changeBudgetStatus(c, action, year, code, reason), 200)
    },
  )
}
