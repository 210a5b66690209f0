import { describe, expect, it } from 'vitest'
import { acceptedLang } from './lang'

describe('the language an Accept-Language prefers', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN;q=0.1,en;q=0.9', 'en'],
    ['en;q=0.1, zh-CN;q=0.9', 'zh-CN'],
    ['fr-FR,de;q=0.8', 'zh-CN'],
    ['fr-FR,en-GB;q=0.5', 'en'],
    ['en;q=0, zh', 'zh-CN'],
  ])('%s reads %s', (header, lang) => {
    expect(acceptedLang(header)).toBe(lang)
  })
})
