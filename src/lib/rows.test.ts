import { z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { parseBulk } from './body'
import { assertNoFaults, byRow, duplicateRowErrors, guardedRowErrors, indexed, parseRows, regionGuards } from './rows'

const Row = z.object({ code: z.string().min(1), qty: z.number().int() })

describe('parseRows', () => {
  it('parses each row on its own: a bad row keeps the good ones and names its own fields', () => {
    const { rows, errors } = parseRows('items', Row, [{ code: 'A', qty: 1 }, { code: '', qty: 1.5 }, { code: 'C', qty: 3 }])
    expect(rows).toEqual([
      { index: 0, value: { code: 'A', qty: 1 } },
      { index: 2, value: { code: 'C', qty: 3 } },
    ])
    expect(errors.map((e) => e.path)).toEqual(['items.1.code', 'items.1.qty'])
  })
})

describe('duplicateRowErrors', () => {
  it('names later rows by their place in the request, skipping rows that did not parse', () => {
    const rows = [
      { index: 0, value: 'a' },
      { index: 3, value: 'a' },
      { index: 4, value: 'b' },
    ]
    expect(duplicateRowErrors(rows, (v) => v, (i) => `items.${i}`)).toEqual([{ path: 'items.3', message: 'a already appears in row 0', code: 'duplicate' }])
    expect(duplicateRowErrors(indexed(['x', 'y']), (v) => v, String)).toEqual([])
  })
})

describe('byRow', () => {
  it('orders errors by the row they name, body-level ones first, stable within a row', () => {
    const sorted = byRow([{ path: 'items.2.code', message: '' }, { path: 'items.0.qty', message: '' }, { path: 'level', message: '' }, { path: 'items.0.code', message: '' }])
    expect(sorted.map((e) => e.path)).toEqual(['level', 'items.0.qty', 'items.0.code', 'items.2.code'])
  })
})

describe('parseBulk', () => {
  const spec = { key: 'items', row: Row, maxRows: 3, fields: z.object({ year: z.number().int() }) }

  it('lists faulty fields beside the rows and faulty rows in one list', () => {
    const parsed = parseBulk({ year: 'x', items: [{ code: 'A', qty: 1 }, { code: 'B' }] }, spec)
    expect(parsed.fields).toBeUndefined()
    expect(parsed.rows.map((r) => r.index)).toEqual([0])
    expect(parsed.errors.map((e) => e.path)).toEqual(['year', 'items.1.qty'])
  })

  it('refuses a body that is not an object, rows that are not an array, none or too many', () => {
    expect(parseBulk([], spec).errors.map((e) => e.path)).toEqual(['(body)'])
    expect(parseBulk({ year: 1, items: 'all' }, spec).errors.map((e) => e.path)).toEqual(['items'])
    expect(parseBulk({ year: 1, items: [] }, spec).errors.map((e) => e.message)).toEqual(['must hold at least one row'])
    const tooMany = parseBulk({ year: 1, items: Array(4).fill({ code: 'A', qty: 1 }) }, spec)
    expect([tooMany.errors.map((e) => e.message), tooMany.rows]).toEqual([['at most 3 rows per request'], []])
  })
})

describe('regionGuards and guardedRowErrors', () => {
  const covers = (code: string) => code !== 'FAR'
  const lockedAs = (code: string) => (code === 'DONE' ? 'approved' : undefined)

  it('names a region outside the token before a locked one, and leaves editable regions alone', () => {
    const guards = regionGuards(['OWN', 'FAR', 'DONE', 'OWN'], covers, lockedAs)
    expect([...guards].map(([region, g]) => [region, g.code])).toEqual([
      ['FAR', 'forbidden'],
      ['DONE', 'locked'],
    ])
  })

  it('puts one error on each row of a guarded region, at the path given', () => {
    const rows = indexed([{ region: 'OWN' }, { region: 'DONE' }, { region: 'FAR' }, { region: 'DONE' }])
    const errors = guardedRowErrors(rows, (r) => r.region, regionGuards(['OWN', 'DONE', 'FAR'], covers, lockedAs), (i) => `rows.${i}.regionCode`)
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['rows.1.regionCode', 'locked'],
      ['rows.2.regionCode', 'forbidden'],
      ['rows.3.regionCode', 'locked'],
    ])
  })
})

describe('assertNoFaults', () => {
  it('names guarded rows only beside other faults, and reads them only then', async () => {
    let read = 0
    const guarded = () => {
      read++
      return [{ path: 'rows.0.code', message: 'locked', code: 'locked' }]
    }
    await expect(assertNoFaults([], guarded)).resolves.toBeUndefined()
    expect(read).toBe(0)
    const refused = await assertNoFaults([{ path: 'rows.1.amount', message: 'bad' }], guarded).catch((e) => e)
    expect(refused.status).toBe(422)
    expect(refused.errors.map((e: { path: string }) => e.path)).toEqual(['rows.0.code', 'rows.1.amount'])
  })
})

describe('parseBulk sound fields', () => {
  it('keeps the fields that are sound on their own when another is not', () => {
    const spec = { key: 'items', row: Row, maxRows: 3, fields: z.object({ year: z.number().int().min(2000), level: z.enum(['store', 'region']) }) }
    const body = parseBulk({ year: 1999, level: 'store', items: [{ code: 'A', qty: 1 }] }, spec)
    expect(body.fields).toBeUndefined()
    expect(body.sound).toEqual({ level: 'store' })
  })
})
