// People read departments, categories and the tabs' statuses by name, in their language: a pull
// with no Accept-Language shows 销售, 差旅, 已提交, 补货、滞销; an English reader sees Sales,
// Travel, submitted, restock, slow mover. A push (and the API) takes the name in either language or
// the key and stores the key, which the JSON answers keep.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { writeBackBoundSheets } from '../../src/sheets/writeback'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const Y = 2026
const R = 'LBE'
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${i + 1}`)
let manager: string

type Lang = 'zh-CN' | 'en' | null
const pull = async (tab: string, lang: Lang, query = `year=${Y}&regionCode=${R}`) => {
  const res = await call('GET', `/v1/sheets/${tab}?${query}`, { token: manager, lang })
  expect(res.status, res.text).toBe(200)
  return (res.json.rows as unknown[][]).map((row) => Object.fromEntries((res.json.columns as string[]).map((key, i) => [key, row[i]])))
}
const push = (tab: string, rows: { row: number; values: Record<string, unknown> }[], lang: Lang, baseRevision?: number) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, lang, body: { baseRevision, spreadsheetId: 'ss-labels', sheetName: tab, params: { year: Y, regionCode: R }, rows } })
/** The budget rows of the region with an amount, as `department/category/month/amount`. */
const budgetLines = async () =>
  (await call('GET', `/v1/budgets?year=${Y}&regionCode=${R}`)).json.rows.filter((r: any) => r.amount > 0).map((r: any) => `${r.department}/${r.category}/${r.month}/${r.amount}`)
const expenseLine = async (id: string) => env.DB.prepare('SELECT department, category FROM expenses WHERE expense_id = ?').bind(id).first()

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: R, name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: `${R}-1`, name: '一店', regionCode: R, channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'LB-P', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: Y, level: 'store', rows: [{ code: `${R}-1`, month: 1, amount: 1000 }] } }))
  // The API takes a Chinese or an English name as well as the key, and stores the key.
  await expectOk(call('PUT', '/v1/budgets', { lang: null, body: { year: Y, rows: [{ regionCode: R, department: '销售', category: '差旅', month: 3, amount: 5000 }, { regionCode: R, department: 'Operations', category: 'rent', month: 3, amount: 100 }] } }))
  await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: R, department: '运营', category: '房租', monthly: 'warn', annual: 'warn' }] } }))
  const expense = { regionCode: R, incurredOn: '2026-03-03', description: '出差' }
  await expectOk(call('POST', '/v1/expenses', { lang: null, body: { ...expense, expenseId: 'LB-X1', department: '销售', category: '差旅', amount: 100 } }))
  await expectOk(call('POST', '/v1/expenses', { body: { ...expense, expenseId: 'LB-X2', department: 'operations', category: 'Rent', amount: 150 } }))
  await expectOk(call('POST', '/v1/inventory/snapshots', { body: { locationCode: `${R}-1`, asOf: '2026-03-01', lines: [{ sku: 'LB-P', onHand: 3 }] } }))
  await expectOk(call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: `${R}-1`, sku: 'LB-P', min: 5, max: 20 }] } }))
  const secret = await posSource('lb-till')
  await sendWebhook('lb-till', secret, { type: 'sale.completed', data: { saleId: 'lb-1', storeCode: `${R}-1`, occurredAt: `${Y}-01-10T12:00:00+08:00`, lines: [{ sku: 'LB-P', qty: 1, unitPrice: 500 }] } })
  await drainSalesQueue()
  manager = (await issueToken('manager', [R])).token
})

describe('the API', () => {
  it('stores names as keys and answers keys', async () => {
    expect(await budgetLines()).toEqual(['operations/rent/3/100', 'sales/travel/3/5000'])
    expect(await expenseLine('LB-X1')).toEqual({ department: 'sales', category: 'travel' })
    expect(await expenseLine('LB-X2')).toEqual({ department: 'operations', category: 'rent' })
    const controls = (await call('GET', `/v1/budgets/controls?regionCode=${R}`)).json.controls
    expect(controls).toEqual([expect.objectContaining({ department: 'operations', category: 'rent' })])
    const variance = (await call('GET', `/v1/budgets/variance?year=${Y}&regionCode=${R}`)).json.rows
    expect(variance.map((r: any) => `${r.department}/${r.category}`).sort()).toEqual(['operations/rent', 'sales/travel'])
    // A proposal's adjustments may name their categories too.
    const propose = (adjustments: Record<string, number>) => call('POST', '/v1/budgets/propose', { lang: null, body: { year: Y + 1, regionCode: R, adjustments } })
    expect((await propose({ 差旅: -10, Rent: 5 })).status).toBe(200)
    expect((await propose({ 派对: 5 })).json.errors).toEqual([expect.objectContaining({ path: 'adjustments.派对.category', code: 'unknown_category' })])
  })

  it('names the choices of an unknown department with their names, and keys in every language', async () => {
    const bad = { expenseId: 'LB-BAD', regionCode: R, department: '派对', category: '差旅', incurredOn: '2026-03-03', amount: 1, description: 'x' }
    const zh = await call('POST', '/v1/expenses', { lang: null, body: bad })
    expect(zh.status).toBe(422)
    expect(zh.json.errors).toEqual([expect.objectContaining({ path: 'department', message: '应为以下之一：sales (销售)、marketing (市场)、operations (运营)、admin (行政)' })])
    const en = await call('POST', '/v1/expenses', { body: bad })
    expect(en.json.errors).toEqual([expect.objectContaining({ path: 'department', message: 'must be one of sales, marketing, operations, admin' })])
  })
})

describe('pulling the tabs', () => {
  it('offers departments and categories by name in the dropdowns', async () => {
    const options = async (lang: Lang) => {
      const budgets = (await call('GET', '/v1/sheets/tabs', { token: manager, lang })).json.tabs.find((t: any) => t.name === 'budgets')
      return ['department', 'category'].map((key) => budgets.columns.find((c: any) => c.key === key).options)
    }
    expect(await options(null)).toEqual([['销售', '市场', '运营', '行政'], ['房租', '差旅', '市场推广', '人工', '办公', '物流', '水电']])
    expect(await options('en')).toEqual([['Sales', 'Marketing', 'Operations', 'Admin'], ['Rent', 'Travel', 'Marketing', 'Staff', 'Office', 'Logistics', 'Utilities']])
  })

  it('shows names and statuses in Chinese to a reader without Accept-Language', async () => {
    expect((await pull('budgets', null)).map((r) => [r.department, r.category])).toEqual([['运营', '房租'], ['销售', '差旅']])
    expect((await pull('expenses', null)).map((r) => [r.expenseId, r.department, r.category, r.status, r.budgetAction])).toEqual([
      ['LB-X1', '销售', '差旅', '已提交', '正常'],
      ['LB-X2', '运营', '房租', '已提交', '预警'],
    ])
    expect((await pull('stock-limits', null, `regionCode=${R}`)).map((r) => r.alert)).toEqual(['补货、滞销'])
    expect((await pull('targets-store', null)).map((r) => r.pace)).toEqual(['落后'])
    expect((await pull('targets-region', null, `year=${Y}`)).find((r) => r.code === R)!.status).toBe('草稿')
  })

  it('shows them in English to an English reader', async () => {
    expect((await pull('budgets', 'en')).map((r) => [r.department, r.category])).toEqual([['Operations', 'Rent'], ['Sales', 'Travel']])
    expect((await pull('expenses', 'en')).map((r) => [r.department, r.category, r.status, r.budgetAction])).toEqual([
      ['Sales', 'Travel', 'submitted', 'within budget'],
      ['Operations', 'Rent', 'submitted', 'warning'],
    ])
    expect((await pull('stock-limits', 'en', `regionCode=${R}`)).map((r) => r.alert)).toEqual(['restock, slow mover'])
    expect((await pull('targets-store', 'en')).map((r) => r.pace)).toEqual(['behind'])
    expect((await pull('targets-region', 'en', `year=${Y}`)).find((r) => r.code === R)!.status).toBe('draft')
  })
})

describe('pushing the tabs', () => {
  it('takes a budget line by Chinese name, English name or key and stores the key', async () => {
    const revision = (await call('GET', `/v1/budgets?year=${Y}`)).json.revision
    const line = (row: number, department: string, category: string, month: number, amount: number) => ({
      row,
      values: { regionCode: R, department, category, ...Object.fromEntries(MONTHS.map((m, i) => [m, i + 1 === month ? amount : 0])) },
    })
    const res = await push('budgets', [line(3, '销售', '差旅', 3, 5000), line(4, 'Marketing', '市场推广', 4, 700), line(5, 'admin', 'Office', 4, 800)], null, revision)
    expect(res.status, res.text).toBe(200)
    expect(await budgetLines()).toEqual(['admin/office/4/800', 'marketing/marketing/4/700', 'operations/rent/3/100', 'sales/travel/3/5000'])
    // The same line twice, once by name and once by key, is one line.
    const twice = await push('budgets', [line(3, '销售', '差旅', 3, 5000), line(4, 'sales', 'travel', 3, 5000)], null)
    expect(twice.json.errors).toEqual([expect.objectContaining({ row: 4, column: 'category' })])
  })

  it('submits an expense row by name, answers its status by label, and takes a pulled row back unchanged', async () => {
    const row = { expenseId: 'LB-X3', regionCode: R, department: '销售', category: '差旅', incurredOn: '2026-03-04', amount: 50, description: '出差' }
    const res = await push('expenses', [{ row: 3, values: row }], null)
    expect(res.status, res.text).toBe(200)
    expect(res.json.computed).toEqual([{ row: 3, values: { status: '已提交', budgetAction: '正常' } }])
    expect(await expenseLine('LB-X3')).toEqual({ department: 'sales', category: 'travel' })
    // A pulled tab pushed as it is (names, labels in its computed cells) changes nothing and is no fault.
    const pulled = await pull('expenses', 'en')
    const again = await push('expenses', pulled.map((values, i) => ({ row: 3 + i, values })), 'en')
    expect(again.status, again.text).toBe(200)
    expect(again.json.applied).toBe(0)
  })

  it('names the choices of a bad cell by name, in the reader’s language', async () => {
    const row = (department: string) => [{ row: 7, values: { regionCode: R, department, category: '差旅', ...Object.fromEntries(MONTHS.map((m) => [m, 0])) } }]
    const zh = await push('budgets', row('派对'), null)
    expect(zh.json.errors).toEqual([expect.objectContaining({ row: 7, column: 'department', title: '部门', message: '应为以下之一：销售、市场、运营、行政' })])
    const en = await push('budgets', row('party'), 'en')
    expect(en.json.errors).toEqual([expect.objectContaining({ row: 7, column: 'department', message: 'must be one of Sales, Marketing, Operations, Admin' })])
  })
})

describe('the write-back', () => {
  const api = inject('sheetsApiUrl')
  const withGoogle = { ...env, SHEETS_API_URL: api, GOOGLE_SERVICE_ACCOUNT_JSON: inject('serviceAccountJson') }
  const setSheet = (sheet: string, values: unknown[][]) => fetch(`${api}/__set`, { method: 'POST', body: JSON.stringify({ spreadsheetId: 'ss-labels', sheet, values }) })
  const getSheet = async (sheet: string) => (await (await fetch(`${api}/__get?spreadsheetId=ss-labels&sheet=${encodeURIComponent(sheet)}`)).json()) as unknown[][]
  const budgetKeys = ['regionCode', 'department', 'category', ...MONTHS, 'total', 'spent', 'remaining']
  const expenseKeys = ['expenseId', 'regionCode', 'department', 'category', 'incurredOn', 'amount', 'description', 'status', 'budgetAction']

  it('finds budget lines by name and labels statuses in the language of the sheet’s titles', async () => {
    const bindings = ['预算', 'Budgets', '费用', 'Expenses'].map((sheetName) => ({ spreadsheetId: 'ss-labels', sheetName, tab: /预算|Budgets/.test(sheetName) ? 'budgets' : 'expenses', regionCode: R, year: Y }))
    expect((await call('PUT', '/v1/sheets/bindings', { token: manager, body: { bindings } })).json).toEqual({ bound: 4 })
    const zhTitles = ['区域', '部门', '科目', ...MONTHS.map((_, i) => `${i + 1}月`), '全年', '已用', '剩余']
    const enTitles = ['Region', 'Department', 'Category', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Total', 'Spent', 'Remaining']
    await setSheet('预算', [budgetKeys, zhTitles, [R, '销售', '差旅'], [R, 'Operations', 'rent']])
    await setSheet('Budgets', [budgetKeys, enTitles, [R, 'Sales', 'Travel']])
    const expenseRow = ['LB-X1', R, '销售', '差旅', '2026-03-03', 100, '出差', '', '']
    await setSheet('费用', [expenseKeys, ['单号', '区域', '部门', '科目', '发生日期', '金额', '说明', '状态', '预算检查'], expenseRow])
    await setSheet('Expenses', [expenseKeys, ['Expense id', 'Region', 'Department', 'Category', 'Incurred on', 'Amount', 'Description', 'Status', 'Budget check'], expenseRow])
    expect((await writeBackBoundSheets(withGoogle, { backoffMs: 10 })).failed).toEqual([])

    const at = (keys: string[], row: unknown[] | undefined, ...wanted: string[]) => wanted.map((key) => row![keys.indexOf(key)])
    const zhBudgets = await getSheet('预算')
    expect(at(budgetKeys, zhBudgets[2], 'total', 'spent')).toEqual([5000, 150])
    expect(at(budgetKeys, zhBudgets[3], 'total', 'spent')).toEqual([100, 150])
    expect(at(budgetKeys, (await getSheet('Budgets'))[2], 'total', 'spent')).toEqual([5000, 150])
    expect(at(expenseKeys, (await getSheet('费用'))[2], 'status', 'budgetAction')).toEqual(['已提交', '正常'])
    expect(at(expenseKeys, (await getSheet('Expenses'))[2], 'status', 'budgetAction')).toEqual(['submitted', 'within budget'])
  })
})
