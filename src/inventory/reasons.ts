// Why a stock alert is on: the cause the rule saw (./stock.ts), kept with the alert, and the words
// it reads in for a person. The API answers in the reader's language and the group robot in
// Chinese; a delivery stored with its cause reads in either, whenever it is sent.
import type { Lang } from '../lib/lang'

export type StockCause =
  | { rule: 'below_min'; onHand: number; min: number }
  | { rule: 'above_max'; onHand: number; max: number }
  | { rule: 'never_sold' }
  | { rule: 'no_sale'; days: number }
  | { rule: 'slow_turnover'; days: number }

export const STOCK_RULES = ['below_min', 'above_max', 'never_sold', 'no_sale', 'slow_turnover'] as const

/**
 * The cause in words. `onHand: false` leaves the quantity out, for a line that shows it beside
 * (the robot's `库存 299｜高于上限 200`).
 */
export function stockReason(cause: StockCause, lang: Lang, { onHand = true } = {}): string {
  const zh = lang === 'zh-CN'
  switch (cause.rule) {
    case 'below_min':
      if (zh) return `${onHand ? `库存 ${cause.onHand}，` : ''}低于下限 ${cause.min}`
      return `${onHand ? `${cause.onHand} on hand, ` : ''}below the minimum of ${cause.min}`
    case 'above_max':
      if (zh) return `${onHand ? `库存 ${cause.onHand}，` : ''}高于上限 ${cause.max}`
      return `${onHand ? `${cause.onHand} on hand, ` : ''}above the maximum of ${cause.max}`
    case 'never_sold':
      return zh ? '从未售出' : 'never sold'
    case 'no_sale':
      return zh ? `${cause.days} 天没有销售` : `no sale for ${cause.days} days`
    case 'slow_turnover':
      return zh ? `周转天数 ${cause.days} 天` : `turnover of ${cause.days} days`
  }
}

/** An alert's reason from its cause; an alert stored before causes were kept says its own English. */
export const stockAlertReason = (alert: { reason: string; cause?: StockCause }, lang: Lang, options?: { onHand?: boolean }) =>
  alert.cause ? stockReason(alert.cause, lang, options) : alert.reason
