import { describe, expect, it } from 'vitest'
import { columnTitle, columnTitler } from './column-titles'
import { columnKeys, MONTH_KEYS, TAB_NAMES, tabDefinitions } from './tabs'

const NO_OPTIONS = { regionCodes: [], storeCodes: [], departments: [], categories: [], skus: [], locationCodes: [] }
const HAN = /\p{Script=Han}/u

describe('columnTitle', () => {
  it('names the months as the header does: 3月 in Chinese, Mar in English', () => {
    expect(MONTH_KEYS.map((key) => columnTitle('budgets', key, 'zh-CN'))).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'])
    expect(MONTH_KEYS.map((key) => columnTitle('targets-store', key, 'en'))).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])
  })

  it('gives every column of every tab a Chinese title and an English one, never the key', () => {
    for (const tab of TAB_NAMES) {
      for (const key of columnKeys(tab)) {
        const zh = columnTitle(tab, key, 'zh-CN')
        const en = columnTitle(tab, key, 'en')
        // SKU is SKU in Chinese too.
        if (key !== 'sku') expect(zh, `${tab} ${key}`).toMatch(HAN)
        expect(en, `${tab} ${key}`).not.toMatch(HAN)
        expect(en, `${tab} ${key}`).not.toBe(key)
      }
    }
  })

  it('names a code column by what the tab holds, and the other columns alike on every tab', () => {
    expect(columnTitle('targets-region', 'code', 'zh-CN')).toBe('区域')
    expect(columnTitle('targets-store', 'code', 'zh-CN')).toBe('门店')
    expect(columnTitle('targets-store', 'code', 'en')).toBe('Store')
    expect(['budgets', 'expenses'].map((tab) => columnTitle(tab as 'budgets', 'category', 'zh-CN'))).toEqual(['科目', '科目'])
    const expenses = columnTitler('expenses', 'zh-CN')
    expect(['expenseId', 'incurredOn', 'amount', 'description'].map(expenses)).toEqual(['单号', '发生日期', '金额', '说明'])
    const limits = columnTitler('stock-limits', 'zh-CN')
    expect(['locationCode', 'sku', 'min', 'max'].map(limits)).toEqual(['门店/经销商', 'SKU', '最低', '最高'])
  })

  it('is the title the header row shows for the same language', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const tab of tabDefinitions(NO_OPTIONS, lang)) {
        for (const col of tab.columns) expect(columnTitle(tab.name, col.key, lang)).toBe(col.title)
      }
    }
  })

  it('names a key the tab lacks by its title on another tab, else by the key itself', () => {
    expect(columnTitle('stock-limits', 'regionCode', 'zh-CN')).toBe('区域')
    expect(columnTitle('stock-limits', 'regionCode', 'en')).toBe('Region')
    expect(columnTitle('budgets', 'nonesuch', 'zh-CN')).toBe('nonesuch')
  })
})
