// Every message the API can give a person has its Chinese: this reads the worker's sources for
// the messages written at each check (field messages, cell messages, problem details, refusals),
// followed through ternaries, constants, functions and callbacks to the parser's own words
// (./message-sites.ts), fills their interpolations with a sample, and asserts the zh-CN catalog
// reads each one in Chinese, leaving no English phrase behind; so do the phrases of schema checks
// for a value of the wrong type. A new message without an entry fails here.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { detailZh, fieldMessageZh } from '../../src/lib/messages/zh'
import { englishMessage } from '../../src/lib/messages/zod-en'
import { allMessages, papaparseMessages } from './message-sites'

const CJK = /[\u3400-\u9fff]/
/** Two English words in a row: a phrase the catalog left as it was. */
const ENGLISH_PHRASE = /\b[a-z]{2,} [a-z]{2,}\b/

describe('every message has its Chinese', () => {
  const all = allMessages()

  it('finds the messages it reads', () => {
    expect(all.filter((m) => m.kind === 'field').length).toBeGreaterThan(90)
    expect(all.filter((m) => m.kind === 'detail').length).toBeGreaterThan(50)
    // One of each construction that once slipped past: a function's return, a helper's callback, a
    // template over several lines, a constant, a ternary's branch, a parser's message.
    const texts = all.map((m) => m.text)
    for (const made of [
      '9 has ended: its target is locked; HQ may change it with a reason',
      'this budget line is already in row 9',
      'The 9 budget of 9 would be exceeded by 9 (spent 9). HQ may override with a reason.',
      'a numeric tier is a planning weight: a whole number from 1 to 9',
      'invoice 9 does not exist',
      'Quoted field unterminated',
    ]) {
      expect(texts).toContain(made)
    }
  })

  it.each([...new Map(all.filter((m) => m.text.trim()).map((m) => [m.text, m])).values()].map((m) => [m.file, m.text, m.kind] as const))('%s: %s', (_file, english, kind) => {
    // A refusal's detail may be a field phrase too (a sheet cell's guard), so both catalogs may answer.
    const zh = kind === 'detail' ? detailZh(english) : fieldMessageZh(english) === english ? detailZh(english) : fieldMessageZh(english)
    expect(zh, english).toMatch(CJK)
    expect(zh, english).not.toMatch(ENGLISH_PHRASE)
  })
})

describe('what a schema check says of a value of the wrong type', () => {
  // Every type a JSON body or a sheet push can be checked against; zod names some by its own
  // words (`record`, `tuple`), which must still read as a person's phrase in both languages.
  const schemas = {
    string: z.string(),
    number: z.number(),
    int: z.int(),
    boolean: z.boolean(),
    array: z.array(z.string()),
    object: z.object({}),
    record: z.record(z.string(), z.string()),
    tuple: z.tuple([z.string()]),
    null: z.null(),
    literal: z.literal('a'),
    enum: z.enum(['a', 'b']),
    union: z.union([z.number(), z.boolean()]),
    strict: z.strictObject({ a: z.string() }),
  }
  it.each(Object.entries(schemas))('%s', (name, schema) => {
    const result = schema.safeParse(name === 'string' ? 5 : name === 'strict' ? { a: 'x', b: 1 } : 'x')
    const message = result.error!.issues[0]!.message
    expect(message).toMatch(/^(?:must|is|has) /)
    expect(fieldMessageZh(message), message).toMatch(CJK)
    expect(fieldMessageZh(message), message).not.toMatch(ENGLISH_PHRASE)
  })
})

describe('the parser messages a CSV upload passes through', () => {
  it('finds them in papaparse', () => expect(papaparseMessages().length).toBeGreaterThanOrEqual(5))
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
