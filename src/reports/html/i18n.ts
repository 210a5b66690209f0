// Report text in the reader's language (lib/lang.ts). Titles are written "English 中文" once and read in either
// language; the values machines read (JSON, CSV: `cross_region`, `open`) get labels here.
import type { Lang } from '../../lib/lang'

export type { Lang }

/** "Target to date 进度目标" read in one language: the English before the first Chinese character, the Chinese after. */
export function titleIn(title: string, lang: Lang): string {
  const cjk = title.search(/[\u3400-\u9fff]/)
  if (cjk <= 0) return title
  return lang === 'en' ? title.slice(0, cjk).trim() : title.slice(cjk).trim()
}

/** zh-CN and English labels of the enum values reports carry. */
export const LABELS = {
  violationKind: {
    cross_region: ['窜货', 'cross-region'],
    unknown_code: ['未知码', 'unknown code'],
    duplicate_code: ['重码', 'duplicate code'],
    below_floor_price: ['低于限价', 'below floor price'],
    sellout_exceeds_sellin: ['销大于进', 'sell-out > sell-in'],
  },
  violationStatus: { open: ['待处理', 'open'], confirmed: ['已确认', 'confirmed'], dismissed: ['已驳回', 'dismissed'] },
  stockAlert: { restock: ['补货', 'restock'], overstock: ['超储', 'overstock'], slow_mover: ['滞销', 'slow mover'] },
  pace: { ahead: ['领先', 'ahead'], on_track: ['持平', 'on track'], behind: ['落后', 'behind'] },
  targetStatus: { draft: ['草稿', 'draft'], submitted: ['已提交', 'submitted'], approved: ['已批准', 'approved'], rejected: ['已退回', 'rejected'] },
  // The sheet tabs' computed columns read these too (src/sheets/cell-labels.ts).
  expenseStatus: { submitted: ['已提交', 'submitted'], region_approved: ['区域已审核', 'approved by region'], hq_approved: ['总部已批准', 'approved by HQ'], rejected: ['已退回', 'rejected'] },
  budgetAction: { ok: ['正常', 'within budget'], warn: ['预警', 'warning'], stop: ['超支拦截', 'stopped'] },
  flag: { true: ['是', 'yes'], false: ['否', 'no'] },
  pnlLevel: { store: ['门店', 'store'], region: ['区域合计', 'region total'], company: ['公司合计', 'company total'] },
  channel: { direct: ['直营', 'own store'], franchise: ['加盟', 'franchise'], dealer: ['经销', 'dealer'] },
} as const satisfies Record<string, Record<string, readonly [string, string]>>

export type LabelGroup = keyof typeof LABELS

export function labelOf(group: LabelGroup, value: string, lang: Lang): string {
  const label = (LABELS[group] as Record<string, readonly [string, string]>)[value]
  return label ? label[lang === 'en' ? 1 : 0] : value
}

/** A line of stock alerts as the weekly pack stores it ("restock TEE; overstock CAP"), labelled. */
export const stockAlertsIn = (text: string, lang: Lang) =>
  text
    .split('; ')
    .map((alert) => alert.replace(/^(\w+)/, (kind) => labelOf('stockAlert', kind, lang)))
    .join('; ')

/** Each report's name on its page and in the nav bar. */
export const REPORT_NAMES = {
  consolidated: ['区域看板', 'Dashboard'],
  stores: ['门店排名', 'Store ranking'],
  weekly: ['周会周报', 'Weekly pack'],
  violations: ['渠道违规', 'Violations'],
  completeness: ['日清日报', 'POS data by day'],
  pnl: ['门店损益', 'Store P&L'],
  scorecard: ['门店考核', 'Store scorecard'],
} as const satisfies Record<string, readonly [string, string]>

/** The period a page shows: 2026年12月, 2026年第49周, 2026年（年初至今）; 日清日报 without one reads the last 7 days. */
export function periodLabel(params: { year: number; month?: number; week?: number; quarter?: number }, lang: Lang, report?: string): string {
  if (params.quarter !== undefined) return lang === 'en' ? `${params.year} Q${params.quarter}` : `${params.year}年第${params.quarter}季度`
  if (report === 'scorecard') return lang === 'en' ? `${params.year} year-end review` : `${params.year}年 年终评优`
  if (report === 'completeness' && params.week === undefined && params.month === undefined) return lang === 'en' ? 'last 7 days' : '最近 7 天'
  if (params.week !== undefined) return lang === 'en' ? `${params.year}-W${String(params.week).padStart(2, '0')}` : `${params.year}年第${params.week}周`
  if (params.month !== undefined) return lang === 'en' ? `${params.year}-${String(params.month).padStart(2, '0')}` : `${params.year}年${params.month}月`
  return lang === 'en' ? `${params.year}, year to date` : `${params.year}年（年初至今）`
}

export const PERIOD_NAMES = {
  'this-week': ['本周', 'This week'],
  'last-week': ['上周', 'Last week'],
  'this-month': ['本月', 'This month'],
  'last-month': ['上月', 'Last month'],
  ytd: ['年初至今', 'Year to date'],
} as const satisfies Record<string, readonly [string, string]>
