// Settings typed in the sidebar, the params a tab is read with, and the note that shows them.
import { describe, expect, it } from 'vitest'
import { checkedRegion, checkedUrl, checkedYear, headerNote, parseSheetState, tabParams, type SheetState } from '../src/state'
import { pushSummary, warningLine } from '../src/summary'

const storeTab: SheetState = { tab: 'targets-store', title: '门店目标 Store targets', params: ['year', 'regionCode'] }

describe('settings and params', () => {
  it('takes an https address without its trailing slash and refuses anything else', () => {
    expect(checkedUrl(' https://regionops.example.workers.dev/ ')).toBe('https://regionops.example.workers.dev')
    expect(checkedUrl('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787')
    for (const bad of ['', 'regionops.dev', 'ftp://x', 'https://a b']) expect(() => checkedUrl(bad)).toThrow('must start with https://')
  })

  it('takes a year and a region code, blank meaning this year and all regions', () => {
    expect(checkedYear(' 2031 ')).toBe(2031)
    expect(checkedYear('')).toBeUndefined()
    expect(() => checkedYear('1999')).toThrow('not a year')
    expect(checkedRegion(' EAST ')).toBe('EAST')
    expect(checkedRegion('')).toBeUndefined()
  })

  it('asks only for the params a tab takes, with this year by default', () => {
    expect(tabParams(storeTab, 2030)).toEqual({ year: 2030 })
    expect(tabParams({ ...storeTab, year: 2031, regionCode: 'EAST' }, 2030)).toEqual({ year: 2031, regionCode: 'EAST' })
    expect(tabParams({ tab: 'stock-limits', title: '库存限额', params: ['regionCode'], year: 2031 }, 2030)).toEqual({})
  })

  it('shows the tab, its params and its revision in the header note', () => {
    expect(headerNote({ ...storeTab, regionCode: 'EAST', revision: 12, pulledAt: '2031-04-01 09:30' }, 2031)).toBe(
      'regionops tab targets-store: 门店目标 Store targets\nyear 2031 · region EAST\npulled at revision 12, 2031-04-01 09:30',
    )
    expect(parseSheetState('{"tab":"budgets"}')).toBeNull()
    expect(parseSheetState('not json')).toBeNull()
    expect(parseSheetState(JSON.stringify(storeTab))).toEqual(storeTab)
  })
})

describe('summaries', () => {
  it('says store sums that miss the region target in words', () => {
    expect(warningLine({ regionCode: 'EAST', month: 3, storeSum: 1200, regionTarget: 1000, diff: 200 })).toBe('EAST, month 3: stores add up to 1,200.00, the region target is 1,000.00')
    expect(pushSummary({ kind: 'applied', revision: 9, applied: 1, computed: [], warnings: [] }, []).message).toBe('Pushed 1 row; now at revision 9.')
  })

  it('lists at most fifty details', () => {
    const cells = Array.from({ length: 60 }, (_, i) => ({ row: i + 3, column: 'm1', message: 'is not an amount' }))
    const summary = pushSummary({ kind: 'invalid', detail: '', cells, others: [] }, [])
    expect(summary.details).toHaveLength(51)
    expect(summary.details.at(-1)).toBe('… and 10 more')
  })
})
