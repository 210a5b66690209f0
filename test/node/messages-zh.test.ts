// Every message the API can give a person has its Chinese: this reads the worker's sources for
// the messages written at each check (field messages, cell messages, problem details, refusals),
// fills their interpolations with a sample, and asserts the zh-CN catalog reads each one in
// Chinese, leaving no English phrase behind. A new message without an entry fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detailZh, fieldMessageZh } from '../../src/lib/messages/zh'
import { englishMessage } from '../../src/lib/messages/zod-en'

const SRC = join(import.meta.dirname, '../../src')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'messages' ? [] : sources(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** The literal starting at `start` (a quote or backtick), its interpolations filled with a sample. */
function literalAt(text: string, start: number): string | undefined {
  const quote = text[start]
  if (quote === "'") return /^'([^'\n]*)'/.exec(text.slice(start))?.[1]
  if (quote !== '`') return undefined
  let out = ''
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '`') return out
    if (text[i] === '$' && text[i + 1] === '{') {
      let depth = 1
      let j = i + 2
      for (; j < text.length && depth > 0; j++) depth += text[j] === '{' ? 1 : text[j] === '}' ? -1 : 0
      const inner = text.slice(i + 2, j - 1)
      // `${n === 1 ? ' was' : 's were'}` reads as its second branch; any other value as a sample.
      const ternary = /\?\s*'([^']*)'\s*:\s*'([^']*)'\s*$/.exec(inner)
      out += ternary ? ternary[2] : '9'
      i = j - 1
    } else out += text[i]
  }
  return undefined
}

function messagesOf(path: string) {
  const text = readFileSync(path, 'utf8')
  const found: { kind: 'field' | 'detail'; text: string }[] = []
  const sites: [RegExp, 'field' | 'detail'][] = [
    [/\bmessage: (?=['`])/g, 'field'],
    [/\bfail\((?=['`])/g, 'field'],
    [/\b(?:forbidden|notFound|unauthorized)\((?=['`])/g, 'detail'],
    [/new Problem\(\d{3}, (?=['`])/g, 'detail'],
    [/\]\s*,\s*(?=['`][A-Z])/g, 'detail'],
    // A schema check's own message: `.min(1, 'a reason is required')`, `.regex(/…/, 'must be …')`.
    [/\.(?:min|max|positive|nonnegative|int|length|gte|lte|gt|lt|email|finite|nonempty)\((?:[^()'`]*?, )?(?=['`])/g, 'field'],
    [/\.regex\(\/(?:\\.|[^/\n])+\/\w*, (?=['`])/g, 'field'],
  ]
  for (const [site, kind] of sites) {
    for (const match of text.matchAll(site)) {
      const literal = literalAt(text, match.index + match[0].length)
      if (literal) found.push({ kind, text: literal })
    }
  }
  if (path.endsWith('calendar.ts')) {
    const block = /CALENDAR_MESSAGES = \{([\s\S]*?)\} as const/.exec(text)?.[1] ?? ''
    for (const m of block.matchAll(/: (?=['`])/g)) found.push({ kind: 'field', text: literalAt(block, m.index + 2)! })
  }
  return found
}

const CJK = /[\u3400-\u9fff]/
/** Two English words in a row: a phrase the catalog left as it was. */
const ENGLISH_PHRASE = /\b[a-z]{2,} [a-z]{2,}\b/

describe('every message has its Chinese', () => {
  const all = sources(SRC).flatMap((path) => messagesOf(path).map((m) => ({ ...m, file: path.slice(SRC.length + 1) })))

  it('finds the messages it reads', () => {
    expect(all.filter((m) => m.kind === 'field').length).toBeGreaterThan(90)
    expect(all.filter((m) => m.kind === 'detail').length).toBeGreaterThan(50)
  })

  it.each([...new Map(all.filter((m) => m.text.trim()).map((m) => [m.text, m])).values()].map((m) => [m.file, m.text, m.kind] as const))('%s: %s', (_file, english, kind) => {
    // A refusal's detail may be a field phrase too (a sheet cell's guard), so both catalogs may answer.
    const zh = kind === 'detail' ? detailZh(english) : fieldMessageZh(english) === english ? detailZh(english) : fieldMessageZh(english)
    expect(zh, english).toMatch(CJK)
    expect(zh, english).not.toMatch(ENGLISH_PHRASE)
  })
})

describe('the English of schema checks', () => {
  const cases = [
    { issue: { code: 'invalid_type', expected: 'string', input: undefined }, en: 'is required', zh: '必填' },
    { issue: { code: 'invalid_type', expected: 'number', input: 'x' }, en: 'must be a number', zh: '应为数字' },
    { issue: { code: 'too_big', origin: 'string', maximum: 64, inclusive: true }, en: 'must be at most 64 characters', zh: '最多 64 个字符' },
    { issue: { code: 'too_small', origin: 'number', minimum: 1, inclusive: true }, en: 'must be at least 1', zh: '不能小于 1' },
    { issue: { code: 'too_small', origin: 'string', minimum: 1, inclusive: true }, en: 'must not be empty', zh: '不能为空' },
    { issue: { code: 'invalid_value', values: ['admin', 'manager', 'viewer'] }, en: 'must be one of admin, manager, viewer', zh: '应为以下之一：admin、manager、viewer' },
    { issue: { code: 'unrecognized_keys', keys: ['colour'] }, en: 'has unknown fields colour', zh: '含有未知字段 colour' },
    { issue: { code: 'invalid_format', format: 'regex' }, en: 'is not in the expected format', zh: '格式不对' },
  ] as const
  it.each(cases)('$en', ({ issue, en, zh }) => {
    const message = englishMessage(issue as never)
    expect(message).toBe(en)
    expect(fieldMessageZh(message!)).toBe(zh)
  })
})
