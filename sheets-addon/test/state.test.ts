// Settings typed in the sidebar, the params a tab is read with, and the note that shows them.
import { describe, expect, it } from 'vitest'
import { textOf } from '../src/i18n'
import { checkedRegion, checkedUrl, checkedYear, headerNote, parseSheetState, tabParams, type SheetState } from '../src/state'
import { pushSummary, warningLine } from '../src/summary'

const en = textOf('en')
const zh = textOf('zh-CN')

const storeTab: SheetState = { tab: 'targets-store', title: '门店目标 Store targets', params: ['year', 'regionCode'] }

describe('settings and params', () => {
  it('takes an https address without its trailing slash and refuses anything else', () => {
    expect(checkedUrl(' https://regionops.example.workers.dev/ ', en)).toBe('https://regionops.example.workers.dev')
    expect(checkedUrl('http://127.0.0.1:8787', en)).toBe('http://127.0.0.1:8787')
    for (const bad of ['', 'regionops.dev', 'ftp://x', 'https://a b']) expect(() => checkedUrl(bad, en)).toThrow('must start with https://')
    expect(() => checkedUrl('regionops.dev', zh)).toThrow('regionops 地址必须以 https:// 开头')
  })

  it('takes a year and a region code, blank meaning this year and all regions', () => {
    expect(checkedYear(' 2031 ', en)).toBe(2031)
    expect(checkedYear('', en)).toBeUndefined()
    expect(() => checkedYear('1999', en)).toThrow('not a year')
    expect(() => checkedYear('1999', zh)).toThrow('1999 不是 2000 到 2100 之间的年份')
    expect(checkedRegion(' EAST ', en)).toBe('EAST')
    expect(checkedRegion('', en)).toBeUndefined()
    expect(() => checkedRegion('X'.repeat(65), zh)).toThrow('区域代码最多 64 个字符')
  })

  it('asks only for the params a tab takes, with this year by default', () => {
    expect(tabParams(storeTab, 2030)).toEqual({ year: 2030 })
    expect(tabParams({ ...storeTab, year: 2031, regionCode: 'EAST' }, 2030)).toEqual({ year: 2031, regionCode: 'EAST' })
    expect(tabParams({ tab: 'stock-limits', title: '库存限额', params: ['regionCode'], year: 2031 }, 2030)).toEqual({})
  })

  it('shows the tab, its params and its revision in the header note', () => {
    expect(headerNote({ ...storeTab, regionCode: 'EAST', revision: 12, pulledAt: '2031-04-01 09:30' }, 2031, en)).toBe(
      'regionops tab targets-store: 门店目标 Store targets\nyear 2031 · region EAST\npulled at revision 12, 2031-04-01 09:30',
    )
    expect(headerNote({ ...storeTab, revision: 12, pulledAt: '2031-04-01 09:30' }, 2031, zh)).toBe('regionops 工作表 targets-store：门店目标 Store targets\n2031 年 · 你的全部区域\n已拉取，版本 12，2031-04-01 09:30')
    expect(headerNote(storeTab, 2031, zh)).toContain('尚未拉取')
    expect(parseSheetState('{"tab":"budgets"}')).toBeNull()
    expect(parseSheetState('not json')).toBeNull()
    expect(parseSheetState(JSON.stringify(storeTab))).toEqual(storeTab)
  })
})

describe('summaries', () => {
  it('says store sums that miss the region target in words', () => {
    const warning = { regionCode: 'EAST', month: 3, storeSum: 1200, regionTarget: 1000, diff: 200 }
    expect(warningLine(warning, en)).toBe('EAST, month 3: stores add up to 1,200.00, the region target is 1,000.00')
    expect(warningLine(warning, zh)).toBe('EAST 3月：门店合计 1,200.00，区域目标为 1,000.00')
    expect(pushSummary({ kind: 'applied', revision: 9, applied: 1, computed: [], warnings: [] }, [], en).message).toBe('Pushed 1 row; now at revision 9.')
    expect(pushSummary({ kind: 'applied', revision: 9, applied: 1, computed: [], warnings: [] }, [], zh).message).toBe('已推送 1 行，当前版本 9。')
  })

  it('lists at most fifty details', () => {
    const cells = Array.from({ length: 60 }, (_, i) => ({ row: i + 3, column: 'm1', message: 'is not an amount' }))
    const lines = cells.map((c) => `Jan (D${c.row}): ${c.message}`)
    const summary = pushSummary({ kind: 'invalid', detail: '', cells, others: [] }, lines, en)
    expect(summary.details).toHaveLength(51)
    expect(summary.details[0]).toBe('Jan (D3): is not an amount')
    expect(summary.details.at(-1)).toBe('… and 10 more')
    expect(pushSummary({ kind: 'invalid', detail: '', cells, others: [] }, lines, zh).details.at(-1)).toBe('……另有 10 条')
  })
})
