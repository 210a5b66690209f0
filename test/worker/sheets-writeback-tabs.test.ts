// Write-back beyond the target tabs: a spreadsheet with its budgets, expenses and stock-limits
// tabs bound gets spending, review status and stock written beside the rows, in one batchUpdate.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { writeBackBoundSheets } from '../../src/sheets/writeback'
import { call, expectOk, issueToken } from './helpers'

const api = inject('sheetsApiUrl')
const withGoogle = { ...env, SHEETS_API_URL: api, GOOGLE_SERVICE_ACCOUNT_JSON: inject('serviceAccountJson') }
const Y = 2026
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${i + 1}`)
let manager: string

const setSheet = (spreadsheetId: string, sheet: string, values: unknown[][]) => fetch(`${api}/__set`, { method: 'POST', body: JSON.stringify({ spreadsheetId, sheet, values }) })
const getSheet = async (spreadsheetId: string, sheet: string) => (await (await fetch(`${api}/__get?spreadsheetId=${spreadsheetId}&sheet=${encodeURIComponent(sheet)}`)).json()) as unknown[][]
const withTitles = (keys: string[], ...rows: unknown[][]) => [keys, keys.map((k) => k.toUpperCase()), ...rows]

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'WT', name: '华东区' }, { code: 'WU', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'WT1', name: '一店', regionCode: 'WT', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'P', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: Y, rows: [{ regionCode: 'WT', department: 'sales', category: 'travel', month: 3, amount: 5000 }, { regionCode: 'WT', department: 'sales', category: 'travel', month: 4, amount: 1000 }] } }))
  await expectOk(call('POST', '/v1/expenses', { body: { expenseId: 'WT-X1', regionCode: 'WT', department: 'sales', category: 'travel', incurredOn: '2026-03-03', amount: 1500, description: '出差' } }))
  await expectOk(call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'WT1', asOf: '2026-03-01', lines: [{ sku: 'P', onHand: 3 }] } }))
  await expectOk(call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: 'WT1', sku: 'P', min: 5, max: 20 }] } }))
  manager = (await issueToken('manager', ['WT'])).token
})

describe('write-back of the budgets, expenses and stock-limits tabs', () => {
  it('a manager binds them for its region only', async () => {
    const bind = (regionCode: string) => ({
      bindings: [
        { spreadsheetId: 'ss-tabs', sheetName: '预算', tab: 'budgets', regionCode, year: Y },
        { spreadsheetId: 'ss-tabs', sheetName: '费用', tab: 'expenses', regionCode, year: Y },
        { spreadsheetId: 'ss-tabs', sheetName: '库存上下限', tab: 'stock-limits', regionCode, year: Y },
      ],
    })
    expect((await call('PUT', '/v1/sheets/bindings', { token: manager, body: bind('WU') })).status).toBe(403)
    expect((await call('PUT', '/v1/sheets/bindings', { token: manager, body: bind('WT') })).json).toEqual({ bound: 3 })
  })

  it('writes spent and remaining, the review status and stock beside the rows, in one batchUpdate', async () => {
    const budgetKeys = ['regionCode', 'department', 'category', ...MONTHS, 'total', 'spent', 'remaining']
    await setSheet('ss-tabs', '预算', withTitles(budgetKeys, ['WT', 'sales', 'travel'], ['WT', 'sales', 'rent', '', '', '', '', '', '', '', '', '', '', '', '', 'typed by hand']))
    const expenseKeys = ['expenseId', 'regionCode', 'department', 'category', 'incurredOn', 'amount', 'description', 'status', 'budgetAction']
    await setSheet('ss-tabs', '费用', withTitles(expenseKeys, ['WT-X1', 'WT', 'sales', 'travel', '2026-03-03', 1500, '出差', '', '']))
    // Columns in another order than the tab was set up with: the keys row says where each is.
    const stockKeys = ['alert', 'locationCode', 'sku', 'min', 'max', 'onHand', 'turnoverDays']
    await setSheet('ss-tabs', '库存上下限', withTitles(stockKeys, ['', 'WT1', 'P', 5, 20, '', '']))
    const before = ((await (await fetch(`${api}/__log`)).json()) as unknown[]).length

    const result = await writeBackBoundSheets(withGoogle, { backoffMs: 10 })
    expect(result.failed).toEqual([])

    const budgetsGrid = await getSheet('ss-tabs', '预算')
    const at = (keys: string[], row: unknown[] | undefined, key: string) => row![keys.indexOf(key)]
    expect([at(budgetKeys, budgetsGrid[2], 'total'), at(budgetKeys, budgetsGrid[2], 'spent'), at(budgetKeys, budgetsGrid[2], 'remaining')]).toEqual([6000, 1500, 4500])
    // A line regionops has no budget for keeps what the sheet had.
    expect(at(budgetKeys, budgetsGrid[3], 'total')).toBe('typed by hand')
    const expensesGrid = await getSheet('ss-tabs', '费用')
    // The titles here are neither language's: statuses and alerts read in Chinese, the product's default.
    expect([at(expenseKeys, expensesGrid[2], 'status'), at(expenseKeys, expensesGrid[2], 'budgetAction')]).toEqual(['已提交', '正常'])
    const stockGrid = await getSheet('ss-tabs', '库存上下限')
    expect(at(stockKeys, stockGrid[2], 'onHand')).toBe(3)
    // 3 on hand under a minimum of 5, and nothing sold since the count in March.
    expect(at(stockKeys, stockGrid[2], 'alert')).toBe('补货、滞销')
    const posts = ((await (await fetch(`${api}/__log`)).json()) as { method: string }[]).slice(before).filter((c) => c.method === 'POST')
    expect(posts).toHaveLength(1)
  })
})
