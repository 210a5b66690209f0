// The language a person reads a report in: zh-CN unless `lang=en` or an Accept-Language that
// prefers English asks otherwise. Titles are written "English 中文" once and read in either
// language; the values machines read (JSON, CSV: `cross_region`, `open`) get labels here.
import type { Context } from 'hono'

export type Lang = 'zh-CN' | 'en'

export function langOf(c: Context, linked?: string): Lang {
  const asked = c.req.query('lang') ?? linked
  if (asked === 'en' || asked === 'zh-CN') return asked
  const accept = (c.req.header('Accept-Language') ?? '').toLowerCase()
  const first = accept.split(',')[0]?.trim() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}

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
    sellout_exceeds_sellin: ['销大于进', 'sell-out above sell-in'],
  },
  violationStatus: { open: ['待处理', 'open'], confirmed: ['已确认', 'confirmed'], dismissed: ['已驳回', 'dismissed'] },
  stockAlert: { restock: ['补货', 'restock'], overstock: ['超储', 'overstock'], slow_mover: ['滞销', 'slow mover'] },
  pace: { ahead: ['领先', 'ahead'], on_track: ['持平', 'on track'], behind: ['落后', 'behind'] },
  targetStatus: { draft: ['草稿', 'draft'], submitted: ['已提交', 'submitted'], approved: ['已批准', 'approved'], rejected: ['已退回', 'rejected'] },
  flag: { true: ['是', 'yes'], false: ['否', 'no'] },
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
