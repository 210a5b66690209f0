// Expenses over HTTP: submission with its budget check, the region review, HQ's approval and
// rejection. The rules and the flow are in ./expenses.ts.
import { z } from '@hono/zod-openapi'
import { codeSchema, dateSchema, storeCodeSchema } from '../lib/fields'
import { moneySchema } from '../lib/money'
import { readJsonBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { parseObject } from '../lib/rows'
import { approveExpense, rejectExpense, reviewExpense, submitExpense } from './expenses'

const TAG = 'Expenses'

const ExpenseBody = z
  .object({
    expenseId: z.string().min(1).max(64),
    regionCode: codeSchema,
    storeCode: storeCodeSchema
      .optional()
      .nullable()
      .openapi({ description: 'The store of the region the cost is booked to (rent, staff, utilities), for its P&L; left out for the region’s own' }),
    department: z.string().min(1).max(64),
    category: z.string().min(1).max(64),
    incurredOn: dateSchema,
    amount: moneySchema().refine((minor) => minor > 0, 'must be more than 0'),
    description: z.string().trim().min(1, 'must not be blank').max(500),
    override: z.object({ reason: z.string().trim().min(1, 'an override needs a reason').max(2000) }).optional(),
  })

const BudgetCheckView = z
  .object({
    level: z.object({ regionCode: z.string(), department: z.string().nullable(), category: z.string().nullable() }),
    monthBudget: z.number().openapi({ description: 'The budget of the expense’s own month (the monthly control reads it)' }),
    monthSpent: z.number().openapi({ description: 'Committed (approved + pending) in that month, this expense included' }),
    ytdBudget: z.number().openapi({ description: 'The budget of January through the expense’s month' }),
    ytdSpent: z.number().openapi({ description: 'Committed January through the month, this expense included' }),
    annualBudget: z.number(),
    annualSpent: z.number(),
    action: z.enum(['ok', 'warn', 'stop']),
  })
  .openapi('BudgetCheck')

const ExpenseResult = z.object({
  expenseId: z.string(),
  storeCode: z.string().nullable(),
  status: z.string(),
  budgetAction: z.enum(['ok', 'warn', 'stop']),
  budgetCheck: BudgetCheckView,
})

const DecisionBody = z.object({
  note: z.string().trim().max(2000).optional(),
  override: z.object({ reason: z.string().trim().min(1, 'an override needs a reason').max(2000) }).optional(),
})
const RequiredNote = z.object({ note: z.string().trim().min(1, 'a note is required').max(2000) })

function stepRoute<B extends z.ZodObject>(step: string, access: 'write' | 'admin', summary: string, body: B, description: string) {
  return defineRoute(access, {
    method: 'post',
    path: `/v1/expenses/{id}/${step}`,
    tags: [TAG],
    summary,
    description: `${description} Audited with the note. An unknown id is 404; an expense not at this step, or changed by someone else a moment before, is 409.`,
    request: { params: z.object({ id: z.string().min(1).max(64) }), body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: z.object({ expenseId: z.string(), status: z.string() }) } } },
      404: problem('No such expense'),
      409: problem('Not possible in its current status'),
      422: problem('Invalid, or a stop budget is exceeded (type …/budget-exceeded)'),
    },
  })
}

const REVIEW =
  'The first level: the region’s manager passes a submitted expense on to HQ, checked against the budget again (a `stop` over ' +
  'budget is 422 `…/budget-exceeded`). Only a manager reviews (HQ is 403 here; it approves after the review).'
const APPROVE =
  'The second level: HQ approves an expense the region has reviewed (409 before that); it then counts as approved spending. Over a ' +
  '`stop` budget HQ approves only with `override.reason`, which the audit keeps.'
const REJECT =
  'Rejects with a note: the region’s manager at the review, HQ at either level (after the review only HQ may, 403 for a manager). ' +
  'A rejected expense no longer counts against the budget.'

const router = createRouter()

export const expenseRoutes = router
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/expenses',
      tags: [TAG],
      summary: 'Submit an expense (checked against the budget)',
      description:
        'Records an expense of a region (and store) for the two-level approval: the region’s manager reviews it, then HQ approves. ' +
        'Its department and category may be given by key or by their Chinese or English name (`销售`, `差旅`); the key is stored. ' +
        'It is checked against the budget of its line at once: the answer gives the month’s, year-to-date and annual budget and ' +
        'committed spending. Under a `stop` control an expense over budget is a 422 of type `…/budget-exceeded` with those figures, ' +
        'unless HQ submits it with `override.reason` (audited; a manager’s override is 403); under `warn` it is accepted and marked. ' +
        'Idempotent by `expenseId`: the same id again is 409. A `storeCode` books it to a store of its region for the store P&L (a ' +
        'store of another region, or none, is 422); the budget it is checked against is the region’s all the same.',
      request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'ExpenseInput', ExpenseBody) } } },
      responses: {
        201: { description: 'Submitted', content: { 'application/json': { schema: ExpenseResult } } },
        409: problem('An expense with this id exists'),
        422: problem('Invalid, or a stop budget is exceeded (type …/budget-exceeded)'),
      },
    }),
    async (c) => c.json(await submitExpense(c, parseObject(ExpenseBody, await readJsonBody(c))), 201),
  )
  .openapi(stepRoute('review', 'write', 'Region review by the region’s manager', DecisionBody, REVIEW), async (c) =>
    c.json(await reviewExpense(c, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(stepRoute('approve', 'admin', 'HQ approval after the region review (override a stop with a reason)', DecisionBody, APPROVE), async (c) =>
    c.json(await approveExpense(c, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(stepRoute('reject', 'write', 'Reject at the region review (manager) or at HQ approval (admin), with a note', RequiredNote, REJECT), async (c) =>
    c.json(await rejectExpense(c, c.req.valid('param').id, c.req.valid('json').note), 200),
  )
