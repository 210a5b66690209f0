// The language a person reads: zh-CN unless `lang=en` (or a report link's stored language) or an
// Accept-Language that prefers English asks otherwise. Machine fields never change with it.
import type { Context } from 'hono'

export type Lang = 'zh-CN' | 'en'

export const LANGS = ['zh-CN', 'en'] as const

export function langOf(c: Context, linked?: string): Lang {
  const asked = c.req.query('lang') ?? linked ?? (c.get('linkLang') as string | undefined)
  if (asked === 'en' || asked === 'zh-CN') return asked
  return acceptedLang(c.req.header('Accept-Language'))
}

/**
 * The language an Accept-Language prefers between Chinese and English, by its q-values
 * (`en;q=0.1, zh-CN;q=0.9` is Chinese); Chinese when it names neither.
 */
export function acceptedLang(header: string | undefined): Lang {
  let best: { lang: Lang; q: number } | undefined
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [tag = '', ...options] = part.trim().split(';')
    const q = Number(options.map((o) => o.trim()).find((o) => o.startsWith('q='))?.slice(2) ?? 1)
    const lang = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : undefined
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q }
  }
  return best?.lang ?? 'zh-CN'
}
