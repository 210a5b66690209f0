import { describe, expect, it } from 'vitest'
import { stockMessage } from '../channel/alert-messages'
import { stockAlertReason, stockReason } from './reasons'

describe('a stock alert’s reason', () => {
  it('reads in Chinese and in English from the same cause', () => {
    expect(stockReason({ rule: 'above_max', onHand: 299, max: 200 }, 'zh-CN')).toBe('库存 299，高于上限 200')
    expect(stockReason({ rule: 'above_max', onHand: 299, max: 200 }, 'en')).toBe('299 on hand, above the maximum of 200')
    expect(stockReason({ rule: 'below_min', onHand: 1, min: 20 }, 'zh-CN')).toBe('库存 1，低于下限 20')
    expect(stockReason({ rule: 'below_min', onHand: 1, min: 20 }, 'en')).toBe('1 on hand, below the minimum of 20')
    expect(stockReason({ rule: 'never_sold' }, 'zh-CN')).toBe('从未售出')
    expect(stockReason({ rule: 'never_sold' }, 'en')).toBe('never sold')
    expect(stockReason({ rule: 'no_sale', days: 30 }, 'zh-CN')).toBe('30 天没有销售')
    expect(stockReason({ rule: 'no_sale', days: 30 }, 'en')).toBe('no sale for 30 days')
    expect(stockReason({ rule: 'slow_turnover', days: 120.5 }, 'zh-CN')).toBe('周转天数 120.5 天')
    expect(stockReason({ rule: 'slow_turnover', days: 120.5 }, 'en')).toBe('turnover of 120.5 days')
  })

  it('leaves the quantity out for a line that shows it beside', () => {
    expect(stockReason({ rule: 'above_max', onHand: 299, max: 200 }, 'zh-CN', { onHand: false })).toBe('高于上限 200')
    expect(stockReason({ rule: 'below_min', onHand: 1, min: 20 }, 'en', { onHand: false })).toBe('below the minimum of 20')
  })

  it('an alert stored before causes were kept says its own words', () => {
    expect(stockAlertReason({ reason: 'never sold' }, 'zh-CN')).toBe('never sold')
    expect(stockAlertReason({ reason: 'never sold', cause: { rule: 'never_sold' } }, 'zh-CN')).toBe('从未售出')
  })

  it('the group robot says it in Chinese, the quantity once', () => {
    const alert = { kind: 'overstock', locationCode: 'EA001', regionCode: 'EAST', sku: 'TEE', onHand: 299, reason: '299 on hand, above the maximum of 200' }
    expect(stockMessage([{ ...alert, cause: { rule: 'above_max', onHand: 299, max: 200 } } as typeof alert]).lines).toEqual(['超储｜区域 EAST｜EA001｜SKU TEE｜库存 299｜高于上限 200'])
    expect(stockMessage([{ ...alert, kind: 'slow_mover', reason: 'never sold', cause: { rule: 'never_sold' } } as typeof alert]).lines).toEqual(['滞销｜区域 EAST｜EA001｜SKU TEE｜库存 299｜从未售出'])
  })
})
