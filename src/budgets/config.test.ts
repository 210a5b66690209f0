import { describe, expect, it } from 'vitest'
import { keyedLine, keyedRows, lineLists, unknownLineErrors } from './config'

describe('department and category names', () => {
  const { departments, categories } = lineLists({})

  it('gives the demo’s keys their Chinese and English names', () => {
    expect(departments.keys.map((key) => departments.label(key, 'zh-CN'))).toEqual(['销售', '市场', '运营', '行政'])
    expect(departments.keys.map((key) => departments.label(key, 'en'))).toEqual(['Sales', 'Marketing', 'Operations', 'Admin'])
    expect(categories.keys.map((key) => categories.label(key, 'zh-CN'))).toEqual(['房租', '差旅', '市场推广', '人工', '办公', '物流'])
    expect(categories.label('travel', 'en')).toBe('Travel')
  })

  it('reads the key, either name, any case and full-width text as the key', () => {
    for (const text of ['travel', '差旅', 'Travel', 'TRAVEL', ' travel ', 'Ｔｒａｖｅｌ']) expect(categories.keyOf(text), text).toBe('travel')
    expect(departments.keyOf('销售')).toBe('sales')
    // The same word is a department and a category; each list reads its own.
    expect(departments.keyOf('市场')).toBe('marketing')
    expect(categories.keyOf('市场')).toBeUndefined()
    expect(categories.keyOf('市场推广')).toBe('marketing')
    expect(departments.keyOf('派对')).toBeUndefined()
  })

  it('shows a configured key without a built-in name as itself, and knows only configured keys', () => {
    const custom = lineLists({ BUDGET_DEPARTMENTS: 'sales,hr,east_team', EXPENSE_CATEGORIES: 'rent' })
    expect(custom.departments.keys.map((key) => custom.departments.label(key, 'zh-CN'))).toEqual(['销售', '人力资源', 'east_team'])
    expect(custom.departments.keyOf('east_team')).toBe('east_team')
    expect(custom.departments.keyOf('运营')).toBeUndefined()
    expect(custom.categories.keyOf('差旅')).toBeUndefined()
  })

  it('keys a line and the rows of a bulk write, leaving what names nothing for the check', () => {
    expect(keyedLine({}, { regionCode: 'E', department: '销售', category: 'Travel' })).toEqual({ regionCode: 'E', department: 'sales', category: 'travel' })
    expect(keyedLine({}, { department: '派对' })).toEqual({ department: '派对' })
    expect(keyedLine({}, { department: '', category: undefined })).toEqual({ department: '', category: undefined })
    const body = keyedRows({}, { rows: [{ index: 0, value: { department: '运营', category: '房租' } }], partial: [{ index: 1, value: { category: '差旅' } }], errors: [] })
    expect(body).toEqual({ rows: [{ index: 0, value: { department: 'operations', category: 'rent' } }], partial: [{ index: 1, value: { category: 'travel' } }], errors: [] })
  })

  it('names the choices: on a sheet by name in the reader’s language, in the API by key with its name', () => {
    const line = { department: '派对', category: 'travel' }
    expect(unknownLineErrors({}, line, '', 'zh-CN', 'names')).toEqual([{ path: 'department', message: 'must be one of 销售, 市场, 运营, 行政', code: 'unknown_department' }])
    expect(unknownLineErrors({}, line, '', 'en', 'names')[0]!.message).toBe('must be one of Sales, Marketing, Operations, Admin')
    expect(unknownLineErrors({}, line, 'rows.3.', 'zh-CN')[0]).toMatchObject({ path: 'rows.3.department', message: 'must be one of sales (销售), marketing (市场), operations (运营), admin (行政)' })
    expect(unknownLineErrors({}, line, '', 'en')[0]!.message).toBe('must be one of sales, marketing, operations, admin')
  })
})
