// The language a person reads: zh-CN unless `lang=en` (or a report link's stored language) or an
// Accept-Language that prefers English asks otherwise. Machine fields never change with it.
import type { Context } from 'hono'

export type Lang = 'zh-CN' | 'en'

export const LANGS = ['zh-CN', 'en'] as const

export function langOf(c: Context, linked?: string): Lang {
  const asked = c.req.query('lang') ?? linked
  if (asked === 'en' || asked === 'zh-CN') return asked
  const accept = (c.req.header('Accept-Language') ?? '').toLowerCase()
  const first = accept.split(',')[0]?.trim() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}
