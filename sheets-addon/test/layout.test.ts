// Where a tab's columns go, the header rows, formats and the dropdown lists.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tabDefinitions } from '../../src/sheets/tabs'
import { FIRST_DATA_ROW, headerRows, keyColumns, listsGrid, numberFormatOf, optionLists, placeColumns, widthOf } from '../src/layout'

const tabs = tabDefinitions({ regionCodes: ['EAST', 'WEST'], storeCodes: ['EA001'], departments: ['sales'], categories: ['rent', 'travel'], skus: [], locationCodes: [] })
const stockLimits = tabs.find((t) => t.name === 'stock-limits')!

describe('layout', () => {
  it('keeps the row the worker’s write-back reads data from', () => {
    const writeback = readFileSync(new URL('../../src/sheets/writeback.ts', import.meta.url), 'utf8')
    expect(writeback).toContain(`export const FIRST_DATA_ROW = ${FIRST_DATA_ROW}`)
  })

  it('places a fresh tab from column 1, and keeps keys the manager moved', () => {
    expect(placeColumns(stockLimits, []).map((p) => [p.def.key, p.column])).toEqual([['locationCode', 1], ['sku', 2], ['min', 3], ['max', 4], ['onHand', 5], ['turnoverDays', 6], ['alert', 7]])
    const moved = placeColumns(stockLimits, ['sku', 'my own', 'locationCode', '', 'max', ' min '])
    expect(moved.map((p) => [p.def.key, p.column])).toEqual([['locationCode', 3], ['sku', 1], ['min', 6], ['max', 5], ['onHand', 7], ['turnoverDays', 8], ['alert', 9]])
    expect(widthOf(moved)).toBe(9)
    expect(keyColumns(['a', 'b', 'a']).get('a')).toBe(1)
  })

  it('writes keys and titles where placed and leaves the manager’s own header cells', () => {
    const placements = placeColumns(stockLimits, ['', 'sku'])
    const [keys, titles] = headerRows(placements, ['', 'sku'], ['备注', 'old title'], widthOf(placements))
    expect(keys).toEqual(['', 'sku', 'locationCode', 'min', 'max', 'onHand', 'turnoverDays', 'alert'])
    expect(titles.slice(0, 3)).toEqual(['备注', 'SKU', '门店/经销商'])
  })

  it('formats codes as plain text, money with separators, dates as days', () => {
    const expenses = tabs.find((t) => t.name === 'expenses')!
    const format = (key: string) => numberFormatOf(expenses.columns.find((c) => c.key === key)!)
    expect([format('regionCode'), format('amount'), format('incurredOn'), format('status')]).toEqual(['@', '#,##0.00', 'yyyy-mm-dd', '@'])
  })

  it('makes one list column per editable column with options', () => {
    const lists = optionLists(tabs)
    expect(lists.map((l) => `${l.tab} ${l.key}`)).toEqual([
      'targets-region code',
      'targets-store code',
      'budgets regionCode',
      'budgets department',
      'budgets category',
      'expenses regionCode',
      'expenses storeCode',
      'expenses department',
      'expenses category',
    ])
    expect(lists.map((l) => l.column)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const grid = listsGrid(lists.slice(0, 2))
    expect(grid).toEqual([['targets-region code', 'targets-store code'], ['EAST', 'EA001'], ['WEST', '']])
  })
})
