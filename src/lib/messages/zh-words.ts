// Words the catalog's entries share (./zh-fields.ts, ./zh-details.ts): statuses, actions and
// kinds of things by their English key, and how a list, a subject or an amount reads in Chinese.

export type Entry = [RegExp, string | ((...groups: string[]) => string)]

export const STATUS: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  approved: '已批准',
  rejected: '已退回',
  region_approved: '区域已审核',
  hq_approved: '总部已批准',
  open: '待处理',
  confirmed: '已确认',
  dismissed: '已驳回',
}
export const ACTION: Record<string, string> = { submit: '提交', approve: '批准', reject: '退回', reopen: '重新打开', 'region approved': '区域审核', 'hq approved': '总部批准', rejected: '退回' }
export const THING: Record<string, string> = { targets: '目标', budgets: '预算' }
export const KIND: Record<string, string> = { region: '区域', product: '商品', dealer: '经销商', store: '门店', invoice: '发票' }
/** The budgets a `stop` control reads (budgets/control.ts). */
export const BUDGET: Record<string, string> = { monthly: '月度', annual: '年度' }

export const status = (s: string) => STATUS[s] ?? s
export const list = (s: string) => s.split(', ').join('、')
export const subjectZh = (s: string) => s.replace(/^the (\d{4}) (targets|budgets) of (\S+)$/, (_, y, t, r) => `${r} 的 ${y} 年${THING[t] ?? t}`)

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** An amount the English gives in plain yuan (`150000`, `1234.5`) as a page shows money: ¥150,000, ¥1,234.50. */
export function yuan(amount: string): string {
  const value = Number(amount)
  if (!Number.isFinite(value)) return amount
  const abs = Math.abs(value)
  return `${value < 0 ? '-' : ''}¥${Number.isInteger(abs) ? whole.format(abs) : cents.format(abs)}`
}
