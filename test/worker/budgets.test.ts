// Budgets and expenses: the grid with revisions and lifecycle, controls at each level, the stop
// race, overrides, the two-level approval with scoping, proposals and variance checked by hand.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

const Y = 2026
let manager: string
let westManager: string
let viewer: string

const months = (amount: number, line: Record<string, string>) => Array.from({ length: 12 }, (_, m) => ({ ...line, month: m + 1, amount }))
let expenseNo = 0
const expense = (over: Record<string, unknown> = {}) => ({
  expenseId: `EXP-${++expenseNo}`,
  regionCode: 'BE',
  department: 'sales',
  category: 'travel',
  incurredOn: `${Y}-03-15`,
  amount: 100,
  description: '上海出差',
  ...over,
})
const submit = (body: Record<string, unknown>, token?: string) => call('POST', '/v1/expenses', { body, ...(token === undefined ? {} : { token }) })
const step = (id: string, name: string, body: Record<string, unknown> = {}, token?: string) =>
  call('POST', `/v1/expenses/${id}/${name}`, { body, ...(token === undefined ? {} : { token }) })

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: ['BE', 'BW', 'BR', 'BP'].map((code) => ({ code, name: `区域${code}` })) } }))
  manager = (await issueToken('manager', ['BE', 'BR', 'BP'])).token
  westManager = (await issueToken('manager', ['BW'])).token
  viewer = (await issueToken('viewer', ['BE'])).token
  await expectOk(
    call('PUT', '/v1/budgets', {
      token: manager,
      body: {
        year: Y,
        rows: [
          ...months(1000, { regionCode: 'BE', department: 'sales', category: 'travel' }),
          ...months(500, { regionCode: 'BE', department: 'sales', category: 'office' }),
          ...months(2000, { regionCode: 'BE', department: 'marketing', category: 'marketing' }),
        ],
      },
    }),
  )
})

describe('the budget grid', () => {
  it('a manager edits its regions with revisions; a stale edit of a changed row is 409', async () => {
    const got = await call('GET', `/v1/budgets?year=${Y}&regionCode=BE`, { token: viewer })
    expect(got.status).toBe(200)
    expect(got.json.rows).toHaveLength(36)
    const base = got.json.revision
    await expectOk(call('PUT', '/v1/budgets', { token: manager, body: { year: Y, baseRevision: base, rows: [{ regionCode: 'BE', department: 'sales', category: 'office', month: 12, amount: 600 }] } }))
    const stale = await call('PUT', '/v1/budgets', { token: manager, body: { year: Y, baseRevision: base, rows: [{ regionCode: 'BE', department: 'sales', category: 'office', month: 12, amount: 700 }] } })
    expect(stale.status).toBe(409)
    expect(stale.json.conflicts[0]).toMatchObject({ yours: 700, theirs: 600 })
  })

  it('names every bad row and writes nothing', async () => {
    const res = await call('PUT', '/v1/budgets', {
      body: {
        year: Y,
        rows: [
          { regionCode: 'NOPE', department: 'sales', category: 'travel', month: 1, amount: 1 },
          { regionCode: 'BE', department: 'catering', category: 'parties', month: 1, amount: 1 },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['rows.0.regionCode', 'rows.1.department', 'rows.1.category'])
    const shape = await call('PUT', '/v1/budgets', { body: { year: 1999, rows: [{ regionCode: 'BE', department: 'sales', category: 'travel', month: 13, amount: -1.001 }] } })
    expect(shape.json.errors.map((e: any) => e.path).sort()).toEqual(['rows.0.amount', 'rows.0.month', 'year'])
    const dup = await call('PUT', '/v1/budgets', { body: { year: Y, rows: [{ regionCode: 'BE', department: 'sales', category: 'travel', month: 1, amount: 1 }, { regionCode: 'BE', department: 'sales', category: 'travel', month: 1, amount: 2 }] } })
    expect(dup.json.errors).toEqual([expect.objectContaining({ path: 'rows.1', code: 'duplicate' })])
  })

  it('managers edit their own regions only; viewers read only', async () => {
    const row = { regionCode: 'BE', department: 'sales', category: 'travel', month: 1, amount: 1 }
    expect((await call('PUT', '/v1/budgets', { token: westManager, body: { year: Y, rows: [row] } })).status).toBe(403)
    expect((await call('PUT', '/v1/budgets', { token: viewer, body: { year: Y, rows: [row] } })).status).toBe(403)
    expect((await call('GET', `/v1/budgets?year=${Y}&regionCode=BE`, { token: westManager })).status).toBe(403)
    expect((await call('GET', `/v1/budgets?year=${Y}`, { token: null })).status).toBe(401)
  })

  it('submit → approve locks; reopen needs a reason and unlocks', async () => {
    const row = { regionCode: 'BR', department: 'admin', category: 'rent', month: 1, amount: 9000 }
    await expectOk(call('PUT', '/v1/budgets', { token: manager, body: { year: Y, rows: [row] } }))
    expect((await call('POST', `/v1/budgets/${Y}/regions/BR/submit`, { token: manager, body: {} })).json.status).toBe('submitted')
    expect((await call('POST', `/v1/budgets/${Y}/regions/BR/approve`, { token: manager, body: {} })).status).toBe(403)
    expect((await call('POST', `/v1/budgets/${Y}/regions/BR/approve`, { body: {} })).json.status).toBe('approved')
    expect((await call('PUT', '/v1/budgets', { token: manager, body: { year: Y, rows: [{ ...row, amount: 1 }] } })).status).toBe(423)
    expect((await call('POST', `/v1/budgets/${Y}/regions/BR/reopen`, { body: {} })).status).toBe(422)
    expect((await call('POST', `/v1/budgets/${Y}/regions/BR/reopen`, { body: { reason: '房租上涨' } })).json.status).toBe('draft')
    expect((await call('PUT', '/v1/budgets', { token: manager, body: { year: Y, rows: [{ ...row, amount: 1 }] } })).status).toBe(200)
    expect((await call('POST', `/v1/budgets/${Y}/regions/BR/approve`, { body: {} })).status).toBe(409)
  })
})

describe('budget controls', () => {
  it('without a control, exceeding warns: the expense is accepted and marked', async () => {
    // sales/office: 500 a month, so March's own 500 and 1,500 through March.
    const res = await submit(expense({ category: 'office', amount: 1600 }), manager)
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({
      status: 'submitted',
      budgetAction: 'warn',
      budgetCheck: { monthBudget: 500, monthSpent: 1600, ytdBudget: 1500, ytdSpent: 1600, annualBudget: 6100, action: 'warn' },
    })
  })

  it('the monthly control reads the month’s own budget, not the year to date', async () => {
    // marketing: 2,000 a month. 3,000 in March exceeds March's 2,000, though 6,000 were budgeted through March.
    const res = await submit(expense({ department: 'marketing', category: 'marketing', amount: 3000 }), manager)
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ budgetAction: 'warn', budgetCheck: { monthBudget: 2000, monthSpent: 3000, ytdBudget: 6000, ytdSpent: 3000, action: 'warn' } })
  })

  it('a category stop refuses with the budget, the spending and the excess', async () => {
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'BE', department: 'sales', category: 'travel', monthly: 'stop', annual: 'stop' }] } }))
    expect((await submit(expense({ amount: 800 }), manager)).status).toBe(201) // 800 of March's 1,000
    const refused = await submit(expense({ amount: 300 }), manager)
    expect(refused.status).toBe(422)
    expect(refused.json.type).toContain('/budget-exceeded')
    expect(refused.json.exceeded).toEqual([{ budget: 'monthly', amount: 1000, spent: 1100, excess: 100 }])
    expect(refused.json.budgetCheck).toMatchObject({ level: { regionCode: 'BE', department: 'sales', category: 'travel' } })
  })

  it('HQ may override a stop with a reason, and it is audited; a manager may not', async () => {
    expect((await submit(expense({ amount: 600, override: { reason: 'x' } }), manager)).status).toBe(403)
    expect((await submit(expense({ amount: 600, override: { reason: '' } }))).status).toBe(422)
    const id = `EXP-OVR`
    const res = await submit(expense({ expenseId: id, amount: 600, override: { reason: '展会临时出差，总部批准' } }))
    expect(res.status).toBe(201)
    expect(res.json.budgetAction).toBe('stop')
    const audit = await call('GET', `/v1/audit?entity=expense&key=${id}`)
    expect(audit.json.entries[0].after).toMatchObject({ overrideReason: '展会临时出差，总部批准', budgetAction: 'stop' })
  })

  it('a department control sums its categories; a region control covers the rest; the most specific wins', async () => {
    await expectOk(
      call('PUT', '/v1/budgets/controls', {
        body: {
          controls: [
            { regionCode: 'BE', department: 'marketing', monthly: 'ignore', annual: 'stop' },
            { regionCode: 'BE', monthly: 'ignore', annual: 'ignore' },
          ],
        },
      }),
    )
    // marketing: 24,000 a year across its categories, 3,000 of it spent above; the monthly limit is ignored.
    expect((await submit(expense({ department: 'marketing', category: 'marketing', amount: 20_000 }), manager)).json.budgetAction).toBe('ok')
    const over = await submit(expense({ department: 'marketing', category: 'marketing', amount: 5000 }), manager)
    expect(over.status).toBe(422)
    expect(over.json.budgetCheck.level).toEqual({ regionCode: 'BE', department: 'marketing', category: null })
    expect(over.json.exceeded).toEqual([{ budget: 'annual', amount: 24000, spent: 28000, excess: 4000 }])
    // The region-wide ignore does not weaken the more specific travel stop.
    expect((await submit(expense({ amount: 10_000 }), manager)).status).toBe(422)
    // And a line with no specific control falls to the region-wide one.
    expect((await submit(expense({ department: 'operations', category: 'staff', amount: 99_999 }), manager)).json.budgetAction).toBe('ok')
  })

  it('two expenses racing a stop budget: at most one passes', async () => {
    await expectOk(call('PUT', '/v1/budgets', { token: manager, body: { year: Y, rows: [{ regionCode: 'BE', department: 'admin', category: 'rent', month: 3, amount: 1000 }] } }))
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'BE', department: 'admin', category: 'rent', monthly: 'stop', annual: 'stop' }] } }))
    const results = await Promise.all([700, 700, 700].map((amount) => submit(expense({ department: 'admin', category: 'rent', amount }), manager)))
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422])
  })

  it('controls are set by HQ and checked', async () => {
    expect((await call('PUT', '/v1/budgets/controls', { token: manager, body: { controls: [{ regionCode: 'BE', monthly: 'stop', annual: 'stop' }] } })).status).toBe(403)
    const bad = await call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'BE', category: 'travel', monthly: 'halt', annual: 'stop' }, { regionCode: 'XX', department: 'nope', monthly: 'warn', annual: 'warn' }] } })
    expect(bad.status).toBe(422)
    const shape = await call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'BE', category: 'travel', monthly: 'warn', annual: 'warn' }, { regionCode: 'XX', department: 'nope', monthly: 'warn', annual: 'warn' }] } })
    // The rule fault of row 0 and the unknown region and department of row 1, in one answer.
    expect(shape.json.errors.map((e: any) => e.path)).toEqual(['controls.0.department', 'controls.1.regionCode', 'controls.1.department'])
    const refs = await call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'XX', department: 'nope', monthly: 'warn', annual: 'warn' }] } })
    expect(refs.json.errors.map((e: any) => e.path)).toEqual(['controls.0.regionCode', 'controls.0.department'])
    expect((await call('GET', '/v1/budgets/controls?regionCode=BE', { token: viewer })).json.controls.length).toBeGreaterThan(0)
  })
})

describe('expenses: submit → region review → HQ approval', () => {
  it('walks both levels, each once, each by its role and region', async () => {
    const id = (await submit(expense({ category: 'office', amount: 10, incurredOn: `${Y}-04-01` }), manager)).json.expenseId
    expect((await step(id, 'approve')).status).toBe(409) // HQ approves after the region review
    expect((await step(id, 'review', {}, westManager)).status).toBe(403)
    expect((await step(id, 'review', {}, viewer)).status).toBe(403)
    expect((await step(id, 'review', {})).status).toBe(403) // the review is the manager's
    expect((await step(id, 'review', { note: '属实' }, manager)).json.status).toBe('region_approved')
    expect((await step(id, 'review', {}, manager)).status).toBe(409)
    expect((await step(id, 'approve', {}, manager)).status).toBe(403)
    expect((await step(id, 'approve')).json.status).toBe('hq_approved')
    expect((await step(id, 'approve')).status).toBe(409)
    const audit = await call('GET', `/v1/audit?entity=expense&key=${id}`)
    expect(audit.json.entries.map((e: any) => e.after.status)).toEqual(['hq_approved', 'region_approved', 'submitted'])
  })

  it('rejects at either step with a note', async () => {
    const a = (await submit(expense({ category: 'office', amount: 10 }), manager)).json.expenseId
    expect((await step(a, 'reject', {}, manager)).status).toBe(422)
    expect((await step(a, 'reject', { note: '重复报销' }, manager)).json.status).toBe('rejected')
    const b = (await submit(expense({ category: 'office', amount: 10 }), manager)).json.expenseId
    await expectOk(step(b, 'review', {}, manager))
    expect((await step(b, 'reject', { note: 'x' }, manager)).status).toBe(403)
    expect((await step(b, 'reject', { note: '发票不合规' })).json.status).toBe('rejected')
    expect((await step('EXP-NONE', 'reject', { note: 'x' })).status).toBe(404)
  })

  it('refuses bad expenses: unknown region and lines, future dates, zero amounts, taken ids, other regions', async () => {
    const bad = await submit(expense({ regionCode: 'NOPE', department: 'party', category: 'cake', incurredOn: '2100-01-01' }))
    expect(bad.json.errors.map((e: any) => e.path)).toEqual(['department', 'category', 'regionCode', 'incurredOn'])
    const shape = await submit(expense({ amount: 0, incurredOn: '2026-02-30', description: '' }))
    expect(shape.json.errors.map((e: any) => e.path).sort()).toEqual(['amount', 'description', 'incurredOn'])
    const taken = expense({ category: 'office', amount: 1 })
    await expectOk(submit(taken, manager))
    expect((await submit(taken, manager)).status).toBe(409)
    expect((await submit(expense({ category: 'office', amount: 1 }), westManager)).status).toBe(403)
    expect((await submit(expense({ category: 'office', amount: 1 }), viewer)).status).toBe(403)
  })
})

describe('variance and proposals', () => {
  it('variance on a fixture checked by hand', async () => {
    await expectOk(call('PUT', '/v1/budgets', { token: manager, body: { year: Y, rows: [{ regionCode: 'BP', department: 'sales', category: 'travel', month: 5, amount: 1000 }] } }))
    for (const amount of [300, 450]) {
      const id = (await submit(expense({ regionCode: 'BP', incurredOn: `${Y}-05-10`, amount }), manager)).json.expenseId
      await expectOk(step(id, 'review', {}, manager))
      await expectOk(step(id, 'approve'))
    }
    await expectOk(submit(expense({ regionCode: 'BP', incurredOn: `${Y}-05-11`, amount: 100 }), manager)) // pending
    const rejected = (await submit(expense({ regionCode: 'BP', incurredOn: `${Y}-05-12`, amount: 5000 }), manager)).json.expenseId
    await expectOk(step(rejected, 'reject', { note: '不合规' }, manager))
    // Approved 750, pending 100: 850 committed, the figure the controls and the dashboard count; the rejected one counts nowhere.
    const res = await call('GET', `/v1/budgets/variance?year=${Y}&month=5&regionCode=BP`, { token: manager })
    expect(res.json.rows).toEqual([
      { period: `${Y}-05`, regionCode: 'BP', department: 'sales', category: 'travel', budget: 1000, approved: 750, pending: 100, committed: 850, actual: 850, variance: 150, rate: 0.85 },
    ])
    const consolidated = await call('GET', `/v1/reports/consolidated?year=${Y}&month=5&regionCode=BP&asOf=${Y}-05-31&format=json`, { token: manager })
    expect(consolidated.json.rows[0]).toMatchObject({ budget: 1000, expenses: 850 })
    expect((await call('GET', `/v1/budgets/variance?year=${Y}&regionCode=BP`, { token: westManager })).status).toBe(403)
  })

  it('proposes next year from this year’s approved expenses with an adjustment per category, and saves drafts', async () => {
    const res = await call('POST', '/v1/budgets/propose', { token: manager, body: { year: Y + 1, regionCode: 'BP', adjustments: { travel: 10 } } })
    expect(res.json).toEqual({ revision: null, rows: [{ regionCode: 'BP', department: 'sales', category: 'travel', month: 5, amount: 825, lastYear: 750 }] })
    const saved = await call('POST', '/v1/budgets/propose', { token: manager, body: { year: Y + 1, regionCode: 'BP', adjustments: { travel: 10 }, save: true } })
    expect(saved.json.revision).toBeGreaterThan(0)
    const grid = await call('GET', `/v1/budgets?year=${Y + 1}&regionCode=BP`, { token: manager })
    expect(grid.json.rows).toEqual([{ regionCode: 'BP', department: 'sales', category: 'travel', month: 5, amount: 825, status: 'draft' }])
    expect((await call('POST', '/v1/budgets/propose', { body: { year: Y + 1, adjustments: { parties: 5 } } })).status).toBe(422)
  })
})
