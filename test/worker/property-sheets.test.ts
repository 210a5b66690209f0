// Property tests of the sheet sync. First with an oracle: month cells are drawn as an amount in
// one of the ways a sheet writes it (1200.5, "1,200.50", "¥1,200.5", " 1200.50 "…) or as a cell
// that is wrong in a known way; a push must then name exactly the wrong cells by row and column
// and apply nothing, or apply every row so that the tab reads back the drawn amounts. Then every
// tab with random cells: never a 5xx, always problem+json, nothing written when refused.
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'
import { garbage, weirdNumber, weirdString } from './fuzz'
import { databaseFingerprint, sized } from './reliability'

const Y = 2027
const STORES = Array.from({ length: 8 }, (_, i) => `SP-E${i + 1}`)
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${i + 1}`)
const ORACLE_RUNS = sized(200, 2000)
const FUZZ_RUNS_PER_TAB = sized(100, 1000)
let manager: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'SP-E', name: '华东区' }, { code: 'SP-W', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [...STORES.map((code) => ({ code, name: code, regionCode: 'SP-E', channel: 'direct' })), { code: 'SP-W1', name: 'w', regionCode: 'SP-W', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'SP-P', name: '商品' }] } }))
  manager = (await issueToken('manager', ['SP-E'])).token
})

const push = (tab: string, body: Record<string, unknown>, token?: string) =>
  call('POST', `/v1/sheets/${tab}/sync`, { direct: true, body: { spreadsheetId: 'prop', sheetName: '表', params: { year: Y }, ...body }, ...(token ? { token } : {}) })

/** An amount in minor units and the ways a sheet may hand it over. */
const goodCell = fc.bigInt({ min: 0n, max: 99_999_999_999n }).chain((big) => {
  const minor = Number(big)
  const major = minor / 100
  const fixed = (minor / 100).toFixed(2)
  const grouped = Number(fixed).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return fc.record({
    minor: fc.constant(minor),
    cell: fc.constantFrom<unknown>(major, fixed, grouped, `¥${grouped}`, `￥${fixed}`, `${grouped}元`, ` ${fixed} `, `\u3000${grouped}`, ...(minor === 0 ? ['', null, '  '] : [])),
  })
})
/** Cells that must be refused, whatever else is in the push. */
const badCell = fc.constantFrom<unknown>('1.005', '12.345', 'abc', '-3', -0.5, '1e3', true, '12%', '1,2,3', '¥', 0.001, 1e21, '--1', '1.2.3')

describe('pushing the store targets tab, against an oracle', () => {
  it('names exactly the bad cells and applies nothing, or applies every row as drawn', async () => {
    const row = fc.record({ store: fc.constantFrom(...STORES), cells: fc.array(goodCell.map((g) => ({ ...g, bad: false })), { minLength: 12, maxLength: 12 }) })
    // Half the pushes are clean; the others have one to three cells spoilt.
    const spoilt = fc.oneof(fc.constant([]), fc.array(fc.record({ at: fc.nat(), cell: badCell }), { minLength: 1, maxLength: 3 }))
    const draw = fc.tuple(fc.uniqueArray(row, { minLength: 1, maxLength: 6, selector: (r) => r.store }), spoilt).map(([rows, spoils]) => {
      for (const { at, cell } of spoils) rows[at % rows.length]!.cells[at % 12] = { cell, minor: 0, bad: true }
      return rows
    })
    const tally = { pushes: 0, applied: 0, refused: 0, cells: 0 }
    await fc.assert(
      fc.asyncProperty(draw, fc.integer({ min: 2, max: 500 }), async (rows, firstRow) => {
        const before = await databaseFingerprint()
        const pushed = rows.map((r, i) => ({ row: firstRow + i, values: { code: r.store, ...Object.fromEntries(r.cells.map((c, m) => [MONTHS[m]!, c.cell])) } }))
        const res = await push('targets-store', { rows: pushed }, manager)
        tally.pushes++
        tally.cells += rows.length * 12
        const expectedBad = rows.flatMap((r, i) => r.cells.flatMap((c, m) => (c.bad ? [[firstRow + i, MONTHS[m]!]] : [])))
        if (expectedBad.length > 0) {
          tally.refused++
          expect(res.status, res.text).toBe(422)
          expect(res.json.errors.map((e: any) => [e.row, e.column])).toEqual(expectedBad)
          expect(await databaseFingerprint()).toBe(before)
          return
        }
        tally.applied++
        expect(res.status, res.text).toBe(200)
        expect(res.json.applied).toBe(rows.length)
        const tab = (await call('GET', `/v1/sheets/targets-store?year=${Y}&regionCode=SP-E`, { token: manager, direct: true })).json
        for (const r of rows) {
          const read = tab.rows.find((x: unknown[]) => x[0] === r.store)
          expect(MONTHS.map((m) => read[tab.columns.indexOf(m)]), r.store).toEqual(r.cells.map((c) => c.minor / 100))
          expect(res.json.computed.find((c: any) => c.row === pushed[rows.indexOf(r)]!.row).values.total).toBe(r.cells.reduce((n, c) => n + c.minor, 0) / 100)
        }
      }),
      { numRuns: ORACLE_RUNS },
    )
    console.log(`targets-store oracle: ${tally.pushes} pushes (${tally.cells} cells), ${tally.applied} applied as drawn, ${tally.refused} refused naming exactly the bad cells`)
  }, 300_000)

  it('a store twice or a store that does not exist is named on its code cell; another region’s store is a 403', async () => {
    const months = Object.fromEntries(MONTHS.map((m) => [m, 1]))
    const twice = await push('targets-store', { rows: [{ row: 2, values: { code: 'SP-E1', ...months } }, { row: 3, values: { code: 'SP-E1', ...months } }, { row: 4, values: { code: 'NOPE', ...months } }] }, manager)
    // The repeated store and the unknown one are named in the same answer.
    expect(twice.json.errors.map((e: any) => [e.row, e.column])).toEqual([[3, 'code'], [4, 'code']])
    const unknown = await push('targets-store', { rows: [{ row: 4, values: { code: 'NOPE', ...months } }] }, manager)
    expect(unknown.json.errors.map((e: any) => [e.row, e.column])).toEqual([[4, 'code']])
    expect((await push('targets-store', { rows: [{ row: 5, values: { code: 'SP-W1', ...months } }] }, manager)).status).toBe(403)
  })
})

describe('every tab with random cells', () => {
  const editable: Record<string, string[]> = {
    'targets-region': ['code', ...MONTHS],
    'targets-store': ['code', ...MONTHS],
    budgets: ['regionCode', 'department', 'category', ...MONTHS],
    expenses: ['expenseId', 'regionCode', 'department', 'category', 'incurredOn', 'amount', 'description'],
    'stock-limits': ['locationCode', 'sku', 'min', 'max'],
  }
  // What a manager would type in each column; now and then something else.
  const typed = (key: string, tab: string): fc.Arbitrary<unknown> => {
    if (/^m\d+$/.test(key) || key === 'amount') return goodCell.map((g) => g.cell)
    if (key === 'code') return tab === 'targets-region' ? fc.constantFrom('SP-E', 'SP-W') : fc.constantFrom(...STORES, 'SP-W1')
    if (key === 'locationCode') return fc.constantFrom(...STORES)
    if (key === 'regionCode') return fc.constantFrom('SP-E', 'SP-W')
    if (key === 'department') return fc.constantFrom('sales', 'marketing')
    if (key === 'category') return fc.constantFrom('travel', 'office')
    if (key === 'expenseId') return fc.uuid()
    if (key === 'incurredOn') return fc.constantFrom<unknown>(46037, '2026-03-01', '2026/1/5')
    if (key === 'sku') return fc.constant('SP-P')
    if (key === 'min' || key === 'max') return fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom('5', ' 20 '))
    return fc.constantFrom('办公用品', 'office supplies')
  }
  const odd = fc.oneof(weirdString, weirdNumber, fc.boolean(), fc.constant(null))
  const cell = (key: string, tab: string) => fc.oneof({ weight: 60, arbitrary: typed(key, tab) }, { weight: 1, arbitrary: odd })
  /** Mostly right, sometimes anything. */
  const often = <T,>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 20, arbitrary: right }, { weight: 1, arbitrary: garbage })
  for (const tab of Object.keys(editable)) {
    it(`${tab}: never a 5xx; refused pushes write nothing and name rows that were pushed`, async () => {
      const keys = editable[tab]!
      const values = fc.oneof(
        { weight: 8, arbitrary: fc.tuple(...keys.map((k) => cell(k, tab))).map((cells) => Object.fromEntries(keys.map((k, i) => [k, cells[i]]))) },
        { weight: 1, arbitrary: fc.dictionary(weirdString, odd, { maxKeys: 4 }) },
        { weight: 1, arbitrary: garbage },
      )
      const rows = fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 5 }).chain((numbers) =>
        fc.tuple(...numbers.map((n) => fc.record({ row: often(fc.constant(n)), values }))),
      )
      const body = fc.record(
        {
          baseRevision: often(fc.option(fc.integer({ min: 0, max: 50 }), { freq: 2, nil: undefined })),
          spreadsheetId: often(fc.constant('prop')),
          sheetName: often(fc.constant('表')),
          params: often(fc.record({ year: often(fc.constantFrom(2026, 2027)), regionCode: often(fc.constantFrom('SP-E', 'SP-W')) }, { requiredKeys: ['year'] })),
          rows: often(rows),
        },
        { requiredKeys: ['spreadsheetId', 'sheetName', 'rows'] },
      )
      const tally = { cases: 0, refused: 0, statuses: {} as Record<number, number> }
      let before = await databaseFingerprint()
      await fc.assert(
        fc.asyncProperty(body, fc.nat(3), async (b, who) => {
          const asManager = who === 0
          const res = await call('POST', `/v1/sheets/${tab}/sync`, { direct: true, body: b, ...(asManager ? { token: manager } : {}) })
          const label = `${tab} ${JSON.stringify(b).slice(0, 400)} → ${res.status} ${res.text.slice(0, 300)}`
          tally.cases++
          tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1
          expect(res.status, label).toBeLessThan(500)
          const after = await databaseFingerprint()
          if (res.status >= 400) {
            tally.refused++
            expect(res.headers.get('content-type'), label).toBe('application/problem+json')
            expect(after, `wrote although refused: ${label}`).toBe(before)
            if (res.status === 422 && Array.isArray(b.rows) && res.json.errors?.[0]?.row !== undefined) {
              const pushedRows = new Set((b.rows as { row: unknown }[]).map((r) => r.row))
              for (const e of res.json.errors) expect(pushedRows.has(e.row), label).toBe(true)
            }
          }
          before = after
        }),
        { numRuns: FUZZ_RUNS_PER_TAB },
      )
      console.log(`sheet sync ${tab}: ${tally.cases} random pushes, ${tally.refused} refused with nothing written, ${tally.cases - tally.refused} applied (${JSON.stringify(tally.statuses)})`)
    }, 300_000)
  }
})
