// Expenses booked to a store (its rent, staff, utilities) for the store P&L: through the API and the
// expenses tab, the store must exist and belong to the expense's region, and the budget it is checked
// against stays the region's line.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { companyToday } from '../../src/config'
import { call, expectOk, issueToken, seedTwoRegions } from './helpers'

const today = companyToday(env)
const Y = Number(today.slice(0, 4))
const firstOfMonth = `${today.slice(0, 7)}-01`
let east: string
let west: string
let manager: string
let expenseNo = 0

const expense = (over: Record<string, unknown> = {}) => ({
  expenseId: `SX-${++expenseNo}`,
  regionCode: east,
  department: 'operations',
  category: 'rent',
  incurredOn: firstOfMonth,
  amount: 12000,
  description: '门店房租',
  ...over,
})
const submit = (body: Record<string, unknown>, options: { token?: string; lang?: null } = {}) => call('POST', '/v1/expenses', { body, ...options })
const storedStore = async (id: string) => (await env.DB.prepare('SELECT store_code FROM expenses WHERE expense_id = ?').bind(id).first<{ store_code: string | null }>())?.store_code

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('SX'))
  manager = (await issueToken('manager', [east])).token
})

describe('POST /v1/expenses with a storeCode', () => {
  it('books the expense to a store of its region, shown in the answer and the audit; the budget line stays the region’s', async () => {
    const body = expense({ storeCode: `${east}-S1` })
    const res = await submit(body, { token: manager })
    expect(res.status, res.text).toBe(201)
    expect(res.json).toMatchObject({ expenseId: body.expenseId, storeCode: `${east}-S1`, status: 'submitted' })
    expect(res.json.budgetCheck.level).toEqual({ regionCode: east, department: 'operations', category: 'rent' })
    expect(await storedStore(body.expenseId)).toBe(`${east}-S1`)
    const audit = await call('GET', `/v1/audit?entity=expense&key=${body.expenseId}`)
    expect(audit.json.entries[0].after).toMatchObject({ storeCode: `${east}-S1`, regionCode: east })
  })

  it('without one is the region’s own expense', async () => {
    const body = expense()
    const res = await submit(body)
    expect(res.status).toBe(201)
    expect(res.json.storeCode).toBeNull()
    expect(await storedStore(body.expenseId)).toBeNull()
  })

  it('refuses a store that does not exist, or is in another region, naming storeCode; nothing is stored', async () => {
    const unknown = await submit(expense({ storeCode: 'SX-NOPE' }))
    expect(unknown.status).toBe(422)
    expect(unknown.json.errors).toEqual([{ path: 'storeCode', message: 'store SX-NOPE does not exist', code: 'unknown_reference' }])
    const other = await submit(expense({ storeCode: `${west}-S1` }))
    expect(other.json.errors).toEqual([{ path: 'storeCode', message: `store ${west}-S1 is in region ${west}, not ${east}`, code: 'other_region' }])
    const zh = await submit(expense({ storeCode: `${west}-S1` }), { lang: null })
    expect(zh.json.errors[0].message).toBe(`门店 ${west}-S1 属于区域 ${west}，不是 ${east}`)
    // Named beside the other faults of the body, in one answer.
    const many = await submit(expense({ storeCode: 'SX-NOPE', amount: 0, category: 'cake' }))
    expect(many.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amount', 'category', 'storeCode'])
    expect((await env.DB.prepare("SELECT count(*) AS n FROM expenses WHERE store_code = 'SX-NOPE' OR store_code = ?").bind(`${west}-S1`).first<{ n: number }>())!.n).toBe(0)
  })

  it('does not tell a manager the region of a store outside its own', async () => {
    const res = await submit(expense({ storeCode: `${west}-S1` }), { token: manager })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'storeCode', message: `store ${west}-S1 does not exist` })])
  })
})

describe('the expenses tab with its store column', () => {
  const push = (rows: { row: number; values: Record<string, unknown> }[]) =>
    call('POST', '/v1/sheets/expenses/sync', { token: manager, body: { spreadsheetId: 'sx-sheet', sheetName: '费用', params: { year: Y }, rows } })
  const row = (n: number, expenseId: string, over: Record<string, unknown> = {}) => ({
    row: n,
    values: { expenseId, regionCode: east, storeCode: `${east}-S1`, department: 'operations', category: 'rent', incurredOn: firstOfMonth, amount: 8000, description: '房租', ...over },
  })

  it('offers the region’s stores in a 门店 / Store column after the region', async () => {
    for (const [lang, title] of [['en', 'Store'], ['zh-CN', '门店']] as const) {
      const tabs = (await call('GET', '/v1/sheets/tabs', { token: manager, lang })).json.tabs
      const columns = tabs.find((t: { name: string }) => t.name === 'expenses').columns
      expect(columns.map((c: { key: string }) => c.key).slice(0, 3)).toEqual(['expenseId', 'regionCode', 'storeCode'])
      expect(columns[2]).toEqual({ key: 'storeCode', title, type: 'code', editable: true, options: [`${east}-S1`, `${east}-S2`] })
    }
  })

  it('stores each row’s store (blank: the region’s own) and pulls it back', async () => {
    const res = await push([row(2, 'SX-T1'), row(3, 'SX-T2', { storeCode: '' })])
    expect(res.status, res.text).toBe(200)
    expect([await storedStore('SX-T1'), await storedStore('SX-T2')]).toEqual([`${east}-S1`, null])
    const tab = await call('GET', `/v1/sheets/expenses?year=${Y}`, { token: manager })
    const pulled = tab.json.rows.filter((r: unknown[]) => r[0] === 'SX-T1' || r[0] === 'SX-T2').map((r: unknown[]) => [r[0], r[2]])
    expect(pulled).toEqual([['SX-T1', `${east}-S1`], ['SX-T2', null]])
    // Pushed again as pulled, nothing changes; moving a submitted expense to another store is refused.
    expect((await push([row(2, 'SX-T1')])).json.applied).toBe(0)
    const moved = await push([row(2, 'SX-T1', { storeCode: `${east}-S2` })])
    expect(moved.json.errors).toEqual([expect.objectContaining({ row: 2, column: 'storeCode' })])
  })

  it('names a store cell that does not exist or is another region’s, with the other faults', async () => {
    const res = await push([row(2, 'SX-T3', { storeCode: 'SX-NOPE' }), row(3, 'SX-T4', { storeCode: `${west}-S1`, amount: 'lots' })])
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message])).toEqual([
      [2, 'storeCode', 'store SX-NOPE does not exist'],
      [3, 'amount', 'is not an amount'],
      // The manager's own view: a store of a region it cannot see is not named with its region.
      [3, 'storeCode', `store ${west}-S1 does not exist`],
    ])
    expect(await storedStore('SX-T3')).toBeUndefined()
  })

  it('takes a push from a sheet set up before the store column: its rows are the region’s own', async () => {
    const { storeCode: _left, ...values } = row(2, 'SX-T5').values
    const res = await push([{ row: 2, values }])
    expect(res.status, res.text).toBe(200)
    expect(await storedStore('SX-T5')).toBeNull()
    // Nor does such a push move an expense booked to a store.
    const { storeCode: _none, ...old } = row(2, 'SX-T1').values
    expect((await push([{ row: 2, values: old }])).json.applied).toBe(0)
  })
})

describe('a store’s expense and the budget', () => {
  it('counts in the region’s budget line like any other: a stop control refuses it', async () => {
    await expectOk(call('PUT', '/v1/budgets', { body: { year: Y, rows: [{ regionCode: west, department: 'operations', category: 'rent', month: Number(today.slice(5, 7)), amount: 1000 }] } }))
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: west, department: 'operations', category: 'rent', monthly: 'stop', annual: 'warn' }] } }))
    const res = await submit(expense({ regionCode: west, storeCode: `${west}-S1`, amount: 1500 }))
    expect(res.status).toBe(422)
    expect(res.json.type).toMatch(/budget-exceeded$/)
  })
})
