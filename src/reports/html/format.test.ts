import { describe, expect, it } from 'vitest'
import { formatMoney, formatMoneyCompact } from './format'
import { pageColumns } from './table'

describe('money as people read it', () => {
  it.each([
    [47_586_408, '¥47,586,408', '¥4,758.6万'],
    [1_234.5, '¥1,234.50', '¥1,234.50'],
    [99_999_600, '¥99,999,600', '¥1亿'],
    [123_456_789, '¥123,456,789', '¥1.23亿'],
    [-250_000, '-¥250,000', '-¥25万'],
  ])('%d is %s, on a card %s', (value, exact, compact) => {
    expect(formatMoney(value)).toBe(exact)
    expect(formatMoneyCompact(value)).toBe(compact)
  })
})

describe('a page’s columns', () => {
  it('puts the rate the page ranks by right after who, then pace and the period’s rate; other rates keep their place', () => {
    const col = (key: string, kind: 'text' | 'money' | 'rate' | 'pace' | 'count') => ({ key, title: key, kind })
    const columns = [col('rank', 'count'), col('storeCode', 'text'), col('target', 'money'), col('rate', 'rate'), col('yoy', 'rate'), col('rateToDate', 'rate'), col('pace', 'pace')]
    expect(pageColumns(columns).map((c) => c.key)).toEqual(['rank', 'storeCode', 'rateToDate', 'pace', 'rate', 'target', 'yoy'])
  })
})
