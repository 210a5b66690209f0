// Rows the caller may not change — another region's, a region whose targets or budgets are locked —
// are a 403 or a 423 when they are the only fault. Beside other faults they are named in the same
// 422, so a manager fixing a sheet or an upload sees every row to change in one pass; and a bad
// envelope (a year out of range) is named beside every bad cell, not instead of them.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken, seedTwoRegions } from './helpers'

const YEAR = 2034
let east: string
let west: string
let locked: string
let manager: string
const paths = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => `${e.path}${e.code === 'locked' || e.code === 'forbidden' ? `:${e.code}` : ''}`).sort()
const cells = (res: { json: any }) => (res.json?.errors ?? []).map((e: any) => (e.row ? `${e.row}:${e.column}${e.code === 'locked' || e.code === 'forbidden' ? `:${e.code}` : ''}` : e.path)).sort()
const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n
const push = (tab: string, params: Record<string, unknown>, rows: { row: number; values: Record<string, unknown> }[]) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, body: { spreadsheetId: 'guards', sheetName: tab, params, rows } })
const months = (amount: number) => Object.fromEntries(Array.from({ length: 12 }, (_, m) => [`m${m + 1}`, amount]))

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('GD'))
  locked = 'GD-L'
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: locked, name: '锁定区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: `${locked}-S1`, name: '锁定店', regionCode: locked, channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'GD-SKU', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'region', rows: [{ code: locked, month: 1, amount: 100 }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code: `${locked}-S1`, month: 1, amount: 100 }] } }))
  await expectOk(call('POST', `/v1/targets/${YEAR}/regions/${locked}/submit`, { body: {} }))
  await expectOk(call('POST', `/v1/targets/${YEAR}/regions/${locked}/approve`, { body: {} }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: YEAR, rows: [{ regionCode: locked, department: 'sales', category: 'rent', month: 1, amount: 100 }] } }))
  await expectOk(call('POST', `/v1/budgets/${YEAR}/regions/${locked}/submit`, { body: {} }))
  await expectOk(call('POST', `/v1/budgets/${YEAR}/regions/${locked}/approve`, { body: {} }))
  manager = (await issueToken('manager', [east, locked])).token
})

describe('PUT /v1/targets', () => {
  const put = (rows: unknown[]) => call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'store', rows } })

  it('names a locked row and another region’s row beside an unknown store, and writes nothing', async () => {
    const res = await put([
      { code: `${east}-S1`, month: 1, amount: 10 },
      { code: `${locked}-S1`, month: 2, amount: 10 },
      { code: 'GD-NOWHERE', month: 1, amount: 10 },
      { code: `${west}-S1`, month: 1, amount: 10 },
    ])
    expect(res.status, res.text).toBe(422)
    expect(paths(res)).toEqual(['rows.1.code:locked', 'rows.2.code', 'rows.3.code:forbidden'])
    expect(await count('SELECT count(*) AS n FROM targets WHERE year = ? AND code = ?', YEAR, `${east}-S1`)).toBe(0)
  })

  it('names an unknown store beside a year out of range', async () => {
    const res = await call('PUT', '/v1/targets', { token: manager, body: { year: 1999, level: 'store', rows: [{ code: 'GD-NOWHERE', month: 1, amount: 10 }] } })
    expect(res.status, res.text).toBe(422)
    expect(paths(res)).toEqual(['rows.0.code', 'year'])
  })

  it('is still a 423 when the lock is the only fault, and a 403 when another region is', async () => {
    expect((await put([{ code: `${locked}-S1`, month: 2, amount: 10 }])).status).toBe(423)
    expect((await put([{ code: `${west}-S1`, month: 2, amount: 10 }])).status).toBe(403)
  })
})

describe('PUT /v1/budgets', () => {
  const put = (rows: unknown[]) => call('PUT', '/v1/budgets', { token: manager, body: { year: YEAR, rows } })
  const line = { department: 'sales', category: 'travel', month: 1 }

  it('names another region’s row and a locked one beside a bad amount', async () => {
    const res = await put([
      { ...line, regionCode: east, amount: 1.005 },
      { ...line, regionCode: west, amount: 10 },
      { ...line, regionCode: locked, amount: 10 },
      { ...line, regionCode: 'GD-NOWHERE', amount: 10 },
    ])
    expect(res.status, res.text).toBe(422)
    expect(paths(res)).toEqual(['rows.0.amount', 'rows.1.regionCode:forbidden', 'rows.2.regionCode:locked', 'rows.3.regionCode'])
    expect(await count('SELECT count(*) AS n FROM budgets WHERE year = ? AND region_code = ?', YEAR, east)).toBe(0)
  })

  it('is still a 403 when another region is the only fault', async () => {
    expect((await put([{ ...line, regionCode: west, amount: 10 }])).status).toBe(403)
  })
})

describe('PUT /v1/inventory/limits', () => {
  it('names another region’s location beside min above max', async () => {
    const res = await call('PUT', '/v1/inventory/limits', {
      token: manager,
      body: { limits: [{ locationCode: `${east}-S1`, sku: 'GD-SKU', min: 9, max: 1 }, { locationCode: `${west}-S1`, sku: 'GD-SKU', min: 1, max: 9 }] },
    })
    expect(res.status, res.text).toBe(422)
    expect(paths(res)).toEqual(['limits.0.min', 'limits.1.locationCode:forbidden'])
    expect(await count(`SELECT count(*) AS n FROM inventory_limits WHERE sku = 'GD-SKU'`)).toBe(0)
  })
})

describe('sheet pushes', () => {
  it('targets-store: names a locked store and another region’s store beside a bad cell', async () => {
    const res = await push('targets-store', { year: YEAR }, [
      { row: 2, values: { code: `${east}-S1`, ...months(10), m3: '1.2.3' } },
      { row: 3, values: { code: `${locked}-S1`, ...months(10) } },
      { row: 4, values: { code: `${west}-S1`, ...months(10) } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:m3', '3:code:locked', '4:code:forbidden'])
  })

  it('targets-store: a year out of range is named beside the bad cells', async () => {
    const res = await push('targets-store', { year: 1999 }, [{ row: 2, values: { code: `${east}-S1`, ...months(10), m3: 'abc' } }])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:m3', 'params.year'])
  })

  it('expenses: a missing year is named beside a bad date', async () => {
    const res = await push('expenses', {}, [
      { row: 2, values: { expenseId: 'GD-E1', regionCode: east, department: 'sales', category: 'travel', incurredOn: '2026-02-30', amount: 10, description: '差旅' } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:incurredOn', 'params.year'])
  })

  it('budgets: names another region’s line and a locked one beside a bad cell; 403 for another region alone', async () => {
    const line = { department: 'sales', category: 'travel' }
    const res = await push('budgets', { year: YEAR }, [
      { row: 2, values: { regionCode: east, ...line, ...months(10), m2: '-' } },
      { row: 3, values: { regionCode: west, ...line, ...months(10) } },
      { row: 4, values: { regionCode: locked, ...line, ...months(10) } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:m2', '3:regionCode:forbidden', '4:regionCode:locked'])
    expect((await push('budgets', { year: YEAR }, [{ row: 3, values: { regionCode: west, ...line, ...months(10) } }])).status).toBe(403)
  })

  it('stock-limits: names another region’s location beside a bad count; 403 for it alone', async () => {
    const res = await push('stock-limits', {}, [
      { row: 2, values: { locationCode: `${east}-S1`, sku: 'GD-SKU', min: 'x', max: 9 } },
      { row: 3, values: { locationCode: `${west}-S1`, sku: 'GD-SKU', min: 1, max: 9 } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:min', '3:locationCode:forbidden'])
    expect((await push('stock-limits', {}, [{ row: 3, values: { locationCode: `${west}-S1`, sku: 'GD-SKU', min: 1, max: 9 } }])).status).toBe(403)
  })

  it('expenses: names another region’s expense beside a bad amount; 403 for it alone', async () => {
    const base = { department: 'sales', category: 'travel', incurredOn: '2026-02-01', description: '差旅' }
    const res = await push('expenses', { year: 2026 }, [
      { row: 2, values: { ...base, expenseId: 'GD-E2', regionCode: east, amount: 'x' } },
      { row: 3, values: { ...base, expenseId: 'GD-E3', regionCode: west, amount: 10 } },
    ])
    expect(res.status, res.text).toBe(422)
    expect(cells(res)).toEqual(['2:amount', '3:regionCode:forbidden'])
    expect((await push('expenses', { year: 2026 }, [{ row: 3, values: { ...base, expenseId: 'GD-E3', regionCode: west, amount: 10 } }])).status).toBe(403)
    expect(await count(`SELECT count(*) AS n FROM expenses WHERE expense_id LIKE 'GD-E%'`)).toBe(0)
  })
})
