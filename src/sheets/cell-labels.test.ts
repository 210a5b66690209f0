import { describe, expect, it } from 'vitest'
import { lineLists } from '../budgets/config'
import { cellLabeller, optionsOf, parseLineCell } from './cell-labels'

describe('cell labels', () => {
  it('labels department, category and the computed enums of each tab in the reader’s language', () => {
    const expense = { expenseId: 'X1', department: 'sales', category: 'travel', status: 'region_approved', budgetAction: 'warn', amount: 10 }
    expect(cellLabeller({}, 'expenses', 'zh-CN')(expense)).toEqual({ ...expense, department: '销售', category: '差旅', status: '区域已审核', budgetAction: '预警' })
    expect(cellLabeller({}, 'expenses', 'en')(expense)).toEqual({ ...expense, department: 'Sales', category: 'Travel', status: 'approved by region', budgetAction: 'warning' })
    expect(cellLabeller({}, 'stock-limits', 'zh-CN')({ alert: ['overstock', 'slow_mover'] })).toEqual({ alert: '超储、滞销' })
    expect(cellLabeller({}, 'stock-limits', 'en')({ alert: ['restock'] })).toEqual({ alert: 'restock' })
    expect(cellLabeller({}, 'targets-store', 'zh-CN')({ pace: 'on_track', name: 'behind' })).toEqual({ pace: '持平', name: 'behind' })
    expect(cellLabeller({}, 'targets-region', 'zh-CN')({ status: 'draft' })).toEqual({ status: '草稿' })
    expect(cellLabeller({}, 'budgets', 'zh-CN')({ department: 'nowhere', category: 'rent', total: 5 })).toEqual({ department: 'nowhere', category: '房租', total: 5 })
  })

  it('leaves blanks blank and values without a label as they are', () => {
    expect(cellLabeller({}, 'expenses', 'zh-CN')({ status: null, budgetAction: 'someday' })).toEqual({ status: null, budgetAction: 'someday' })
    expect(cellLabeller({}, 'stock-limits', 'zh-CN')({ alert: null })).toEqual({ alert: null })
  })

  it('offers the names in the dropdown and reads a cell by name or key', () => {
    const { categories } = lineLists({})
    expect(optionsOf(categories, 'zh-CN')).toEqual(['房租', '差旅', '市场推广', '人工', '办公', '物流'])
    expect(parseLineCell(' 差旅 ', categories)).toEqual({ ok: true, value: 'travel' })
    expect(parseLineCell('Rent', categories)).toEqual({ ok: true, value: 'rent' })
    expect(parseLineCell('派对', categories)).toEqual({ ok: true, value: '派对' })
    expect(parseLineCell('', categories)).toEqual({ ok: false, message: 'is required' })
  })
})
