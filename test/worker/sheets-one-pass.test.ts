// A sheet push answers every bad cell in one pass, whichever tab: a bad cell does not hide the other
// faults of its row, a bad amount is named once and rightly, and a push naming one sheet row twice
// is refused rather than applied with answers that cannot be placed.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken, seedTwoRegions } from './helpers'

let east: string
let manager: string
const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n
const cells = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => `${e.row}:${e.column}`).sort()
const push = (tab: string, params: Record<string, unknown>, rows: { row: number; values: Record<string, unknown> }[]) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, body: { spreadsheetId: 'one-pass', sheetName: tab, params, rows } })

beforeAll(async () => {
  ;({ east } = await seedTwoRegions('OP'))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'OP-SKU', name: '商品' }, { sku: 'OP-SKU2', name: '商品2' }] } }))
  manager = (await issueToken('manager', [east])).token
})

describe('stock-limits tab', () => {
  it('names an unknown location and an unknown SKU beside a bad count on the same row', async () => {
    const res = await push('stock-limits', {}, [
      { row: 3, values: { locationCode: 'OP-GHOST', sku: 'OP-SKU', min: 'x', max: 1 } },
      { row: 4, values: { locationCode: `${east}-S1`, sku: 'OP-NOSKU', min: '１.５', max: 10 } },
      { row: 5, values: { locationCode: `${east}-S1`, sku: 'OP-SKU2', min: 11, max: 10 } },
      { row: 6, values: { locationCode: `${east}-S1`, sku: 'OP-SKU2', min: 'y', max: 'z' } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['3:locationCode', '3:min', '4:min', '4:sku', '5:min', '6:max', '6:min', '6:sku'].sort())
    expect(await count(`SELECT count(*) AS n FROM inventory_limits WHERE sku LIKE 'OP-%'`)).toBe(0)
  })

  it('refuses a push that names the same sheet row twice', async () => {
    const res = await push('stock-limits', {}, [
      { row: 3, values: { locationCode: `${east}-S1`, sku: 'OP-SKU', min: 1, max: 10 } },
      { row: 3, values: { locationCode: `${east}-S2`, sku: 'OP-SKU', min: 1, max: 10 } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['rows.1.row'])
    expect(await count(`SELECT count(*) AS n FROM inventory_limits WHERE sku LIKE 'OP-%'`)).toBe(0)
  })
})

describe('expenses tab', () => {
  it('names a bad amount once, for what is wrong with it', async () => {
    const base = { expenseId: 'OP-E1', regionCode: east, department: 'sales', category: 'travel', incurredOn: '2026-03-01', amount: 10, description: 'x' }
    const res = await push('expenses', { year: 2026 }, [
      { row: 3, values: base },
      { row: 4, values: { ...base, expenseId: 'OP-E2', amount: '1.005' } },
      { row: 5, values: { ...base, expenseId: 'OP-E3', amount: 0 } },
    ])
    expect(res.status, res.text).toBe(422)
    const errors = res.json.errors as { row: number; column: string; message: string }[]
    expect(cells(res)).toEqual(['4:amount', '5:amount'])
    expect(errors.find((e) => e.row === 4)!.message).not.toMatch(/more than 0/)
    expect(await count(`SELECT count(*) AS n FROM expenses WHERE expense_id LIKE 'OP-E%'`)).toBe(0)
  })
})
