// The same property as property-one-answer.test.ts for the other bulk writes and tabs: budgets,
// stock limits, and the budgets, expenses and stock-limits tabs. Each row carries at most one drawn
// fault — of shape, reference, duplicate, or a row the caller may not change (another region's,
// a locked one's). Any fault of the first kinds makes one 422 naming exactly the faulty fields or
// cells, the guarded rows among them, and nothing written; guarded rows alone are a 403 or a 423.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'
import { sized } from './reliability'

const YEAR = 2035
const STORES = Array.from({ length: 9 }, (_, i) => `PG-S${i + 1}`)
const DEPARTMENTS = ['sales', 'marketing', 'operations', 'admin']
const RUNS = sized(60, 1000)
const GUARDS = ['far', 'lock'] as const
let manager: string
let run = 0

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: ['PG', 'PG-FAR', 'PG-LCK'].map((code) => ({ code, name: code })) } }))
  await expectOk(
    call('PUT', '/v1/stores', { body: { stores: [...STORES, ...STORES.map((_, i) => `PG-FAR-S${i}`)].map((code) => ({ code, name: code, regionCode: code.startsWith('PG-FAR') ? 'PG-FAR' : 'PG', channel: 'direct' })) } }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'PG-SKU', name: '商品' }] } }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: YEAR, rows: [{ regionCode: 'PG-LCK', department: 'sales', category: 'rent', month: 1, amount: 1 }] } }))
  await expectOk(call('POST', `/v1/budgets/${YEAR}/regions/PG-LCK/submit`, { body: {} }))
  await expectOk(call('POST', `/v1/budgets/${YEAR}/regions/PG-LCK/approve`, { body: {} }))
  manager = (await issueToken('manager', ['PG', 'PG-LCK'])).token
})

const state = async (sql: string, ...params: unknown[]) => JSON.stringify(await env.DB.prepare(sql).bind(...params).first())

/**
 * The answer a write must get when its rows carry `faults` (one per row, `null` for none): `where`
 * names the field or cell of a fault, `alone` the status of guarded rows without other faults.
 */
function expectedAnswer<F extends string>(faults: F[], where: (fault: F, i: number) => string | null, alone: (guards: F[]) => number) {
  const isGuard = (f: F) => (GUARDS as readonly string[]).includes(f)
  const named = faults.flatMap((f, i) => (where(f, i) === null ? [] : [{ f, at: where(f, i)! }]))
  if (named.some(({ f }) => !isGuard(f))) return { status: 422, at: named.map((n) => n.at) }
  const guards = named.map((n) => n.f)
  return { status: guards.length > 0 ? alone(guards) : 200, at: [] }
}
const budgetAlone = (guards: string[]) => (guards.includes('far') ? 403 : 423)

describe('PUT /v1/budgets with faults of every kind at once', () => {
  const FAULTS = ['none', 'none', 'month', 'decimals', 'unknown', 'duplicate', 'far', 'lock'] as const
  type Fault = (typeof FAULTS)[number]
  const field: Record<Fault, string | null> = { none: null, month: 'month', decimals: 'amount', unknown: 'regionCode', duplicate: '', far: 'regionCode', lock: 'regionCode' }

  it('names exactly the faulty fields, the guarded rows among them, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FAULTS), { maxLength: 8 }), fc.integer({ min: 1, max: 900 }), async (drawn, amount) => {
        const all: Fault[] = ['none', ...drawn]
        const rows = all.map((f, i) => ({
          regionCode: f === 'unknown' ? 'PG-NOWHERE' : f === 'far' ? 'PG-FAR' : f === 'lock' ? 'PG-LCK' : 'PG',
          department: DEPARTMENTS[i % 4],
          category: 'travel',
          month: f === 'month' ? 13 : f === 'duplicate' ? 1 : i + 1,
          amount: f === 'decimals' ? amount + 0.125 : amount,
        }))
        rows.forEach((r, i) => all[i] === 'duplicate' && (r.department = 'sales'))
        const expected = expectedAnswer(all, (f, i) => (field[f] === null ? null : field[f] ? `rows.${i}.${field[f]}` : `rows.${i}`), budgetAlone)
        const before = await state('SELECT count(*) AS n, sum(amount) AS total FROM budgets WHERE year = ?', YEAR)
        const res = await call('PUT', '/v1/budgets', { token: manager, body: { year: YEAR, rows }, direct: true })
        expect(res.status, res.text).toBe(expected.status)
        if (res.status === 422) expect(res.json.errors.map((e: any) => e.path)).toEqual(expected.at)
        if (res.status !== 200) expect(await state('SELECT count(*) AS n, sum(amount) AS total FROM budgets WHERE year = ?', YEAR)).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('PUT /v1/budgets with several faults on one row', () => {
  const FAULTS = ['month', 'decimals', 'region', 'department', 'category'] as const
  const field: Record<(typeof FAULTS)[number], string> = { month: 'month', decimals: 'amount', region: 'regionCode', department: 'department', category: 'category' }

  it('names every faulty field of every row, shape and reference alike', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.subarray([...FAULTS]), { minLength: 1, maxLength: 6 }), async (drawn) => {
        const rows = drawn.map((faults, i) => ({
          regionCode: faults.includes('region') ? `PG-NOWHERE-${i}` : 'PG',
          department: faults.includes('department') ? 'no-such-department' : DEPARTMENTS[i % 4],
          category: faults.includes('category') ? 'no-such-category' : i < 4 ? 'staff' : 'logistics',
          month: faults.includes('month') ? 13 : i + 1,
          amount: faults.includes('decimals') ? 1.125 : 1,
        }))
        const expected = drawn.flatMap((faults, i) => faults.map((f) => `rows.${i}.${field[f]}`)).sort()
        const before = await state('SELECT count(*) AS n, sum(amount) AS total FROM budgets WHERE year = ?', YEAR)
        const res = await call('PUT', '/v1/budgets', { token: manager, body: { year: YEAR, rows }, direct: true })
        expect(res.status, res.text).toBe(expected.length === 0 ? 200 : 422)
        if (res.status === 200) return
        expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(expected)
        expect(await state('SELECT count(*) AS n, sum(amount) AS total FROM budgets WHERE year = ?', YEAR)).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('PUT /v1/inventory/limits with faults of every kind at once', () => {
  const FAULTS = ['none', 'none', 'location', 'sku', 'range', 'duplicate', 'far'] as const
  type Fault = (typeof FAULTS)[number]
  const field: Record<Fault, string | null> = { none: null, location: 'locationCode', sku: 'sku', range: 'min', duplicate: '', far: 'locationCode' }

  it('names exactly the faulty fields, another region’s locations among them, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FAULTS), { maxLength: 8 }), async (drawn) => {
        const all: Fault[] = ['none', ...drawn]
        const max = ++run
        const limits = all.map((f, i) => ({
          locationCode: f === 'location' ? `PG-NOWHERE-${i}` : f === 'far' ? `PG-FAR-S${i}` : f === 'duplicate' ? STORES[0] : STORES[i],
          sku: f === 'sku' ? 'PG-NOSKU' : 'PG-SKU',
          min: f === 'range' ? max + 1 : 0,
          max,
        }))
        const expected = expectedAnswer(all, (f, i) => (field[f] === null ? null : field[f] ? `limits.${i}.${field[f]}` : `limits.${i}`), () => 403)
        const before = await state(`SELECT count(*) AS n, sum(max) AS total FROM inventory_limits WHERE sku = 'PG-SKU'`)
        const res = await call('PUT', '/v1/inventory/limits', { token: manager, body: { limits }, direct: true })
        expect(res.status, res.text).toBe(expected.status)
        if (res.status === 422) expect(res.json.errors.map((e: any) => e.path)).toEqual(expected.at)
        if (res.status !== 200) expect(await state(`SELECT count(*) AS n, sum(max) AS total FROM inventory_limits WHERE sku = 'PG-SKU'`)).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})

const push = (tab: string, params: Record<string, unknown>, rows: { row: number; values: Record<string, unknown> }[]) =>
  call('POST', `/v1/sheets/${tab}/sync`, { token: manager, body: { spreadsheetId: 'prop-guards', sheetName: tab, params, rows }, direct: true })
const cellsOf = (res: { json: any }) => res.json.errors.map((e: any) => `${e.row}:${e.column}`)
const months = (amount: number) => Object.fromEntries(Array.from({ length: 12 }, (_, m) => [`m${m + 1}`, amount]))

describe('sheet tabs with faults of every kind at once', () => {
  it('budgets: names exactly the faulty cells, the guarded rows among them, and writes nothing', async () => {
    const FAULTS = ['none', 'none', 'cell', 'unknown', 'duplicate', 'far', 'lock'] as const
    type Fault = (typeof FAULTS)[number]
    const column: Record<Fault, string | null> = { none: null, cell: 'm4', unknown: 'regionCode', duplicate: 'category', far: 'regionCode', lock: 'regionCode' }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FAULTS), { maxLength: 7 }), fc.integer({ min: 1, max: 900 }), async (drawn, amount) => {
        const all: Fault[] = ['none', ...drawn]
        const rows = all.map((f, i) => ({
          row: i + 2,
          values: {
            regionCode: f === 'unknown' ? 'PG-NOWHERE' : f === 'far' ? 'PG-FAR' : f === 'lock' ? 'PG-LCK' : 'PG',
            department: f === 'duplicate' ? DEPARTMENTS[0] : DEPARTMENTS[i % 4],
            category: f === 'duplicate' || i < 4 ? 'travel' : 'office',
            ...months(amount),
            ...(f === 'cell' ? { m4: '1.2.3' } : {}),
          },
        }))
        const expected = expectedAnswer(all, (f, i) => (column[f] ? `${i + 2}:${column[f]}` : null), budgetAlone)
        const before = await state('SELECT count(*) AS n, sum(amount) AS total FROM budgets WHERE year = ?', YEAR)
        const res = await push('budgets', { year: YEAR }, rows)
        expect(res.status, res.text).toBe(expected.status)
        if (res.status === 422) expect(cellsOf(res)).toEqual(expected.at)
        if (res.status !== 200) expect(await state('SELECT count(*) AS n, sum(amount) AS total FROM budgets WHERE year = ?', YEAR)).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })

  it('stock-limits: names exactly the faulty cells, another region’s locations among them, and writes nothing', async () => {
    const FAULTS = ['none', 'none', 'cell', 'location', 'range', 'duplicate', 'far'] as const
    type Fault = (typeof FAULTS)[number]
    const column: Record<Fault, string | null> = { none: null, cell: 'min', location: 'locationCode', range: 'min', duplicate: 'sku', far: 'locationCode' }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FAULTS), { maxLength: 7 }), async (drawn) => {
        const all: Fault[] = ['none', ...drawn]
        const max = ++run
        const rows = all.map((f, i) => ({
          row: i + 2,
          values: {
            locationCode: f === 'location' ? `PG-NOWHERE-${i}` : f === 'far' ? `PG-FAR-S${i}` : f === 'duplicate' ? STORES[0] : STORES[i],
            sku: 'PG-SKU',
            min: f === 'cell' ? '1.5' : f === 'range' ? max + 1 : 0,
            max,
          },
        }))
        const expected = expectedAnswer(all, (f, i) => (column[f] ? `${i + 2}:${column[f]}` : null), () => 403)
        const before = await state(`SELECT count(*) AS n, sum(max) AS total FROM inventory_limits WHERE sku = 'PG-SKU'`)
        const res = await push('stock-limits', {}, rows)
        expect(res.status, res.text).toBe(expected.status)
        if (res.status === 422) expect(cellsOf(res)).toEqual(expected.at)
        if (res.status !== 200) expect(await state(`SELECT count(*) AS n, sum(max) AS total FROM inventory_limits WHERE sku = 'PG-SKU'`)).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })

  it('expenses: names exactly the faulty cells, another region’s expenses among them, and writes nothing', async () => {
    const FAULTS = ['none', 'none', 'cell', 'unknown', 'duplicate', 'future', 'far'] as const
    type Fault = (typeof FAULTS)[number]
    const column: Record<Fault, string | null> = { none: null, cell: 'amount', unknown: 'regionCode', duplicate: 'expenseId', future: 'incurredOn', far: 'regionCode' }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FAULTS), { maxLength: 7 }), async (drawn) => {
        const all: Fault[] = ['none', ...drawn]
        const prefix = `PG-E${++run}`
        const rows = all.map((f, i) => ({
          row: i + 2,
          values: {
            expenseId: f === 'duplicate' ? `${prefix}-0` : `${prefix}-${i}`,
            regionCode: f === 'unknown' ? 'PG-NOWHERE' : f === 'far' ? 'PG-FAR' : 'PG',
            department: 'sales',
            category: 'travel',
            incurredOn: f === 'future' ? '2099-01-01' : '2026-01-15',
            amount: f === 'cell' ? '12..5' : 1,
            description: '差旅',
          },
        }))
        const expected = expectedAnswer(all, (f, i) => (column[f] ? `${i + 2}:${column[f]}` : null), () => 403)
        const res = await push('expenses', { year: 2026 }, rows)
        expect(res.status, res.text).toBe(expected.status)
        if (res.status === 422) expect(cellsOf(res)).toEqual(expected.at)
        const stored = (await env.DB.prepare('SELECT count(*) AS n FROM expenses WHERE expense_id LIKE ?').bind(`${prefix}-%`).first<{ n: number }>())!.n
        expect(stored).toBe(res.status === 200 ? rows.length : 0)
      }),
      { numRuns: RUNS },
    )
  })
})
