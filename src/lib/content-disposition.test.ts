import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contentDisposition } from './content-disposition'

/** The header's parameters as a recipient splits them: at `;` outside quoted strings (RFC 6266). */
function parameters(header: string): { type: string; params: [string, string][] } {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < header.length; i++) {
    const ch = header[i]!
    if (quoted && ch === '\\') {
      current += ch + (header[++i] ?? '')
      continue
    }
    if (ch === '"') quoted = !quoted
    if (ch === ';' && !quoted) {
      parts.push(current.trim())
      current = ''
    } else current += ch
  }
  parts.push(current.trim())
  const [type, ...rest] = parts
  return { type: type!, params: rest.map((p) => [p.slice(0, p.indexOf('=')).toLowerCase(), p.slice(p.indexOf('=') + 1)]) }
}

/** What the header says the file is called: `filename*` decoded, and the quoted fallback. */
function names(header: string) {
  const { type, params } = parameters(header)
  expect(params.map(([key]) => key)).toEqual(['filename', 'filename*'])
  const fallback = params[0]![1]
  const extended = params[1]![1]
  expect(fallback).toMatch(/^"[^"\\;%]*"$/)
  expect(extended).toMatch(/^UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]*$/)
  return { type, fallback: fallback.slice(1, -1), exact: decodeURIComponent(extended.slice("UTF-8''".length)) }
}

describe('contentDisposition', () => {
  it('keeps a plain name as it is, in both parameters', () => {
    expect(contentDisposition('inline', 'consolidated-2026-3-EAST.csv')).toBe(`inline; filename="consolidated-2026-3-EAST.csv"; filename*=UTF-8''consolidated-2026-3-EAST.csv`)
  })

  it('a hostile code adds no parameter, ends no quoted string and reaches no raw byte or line break', () => {
    const hostile = ['X";foo=bar', 'X;filename=evil.exe', 'a\\"b', '华东', 'EAST\r\nSet-Cookie: a=1', 'x\u0000y', '%41%42', "it's (x)*", '🙂', '\u202Egpj.exe']
    for (const code of hostile) {
      const name = `consolidated-2026-3-${code}.csv`
      const header = contentDisposition('inline', name)
      expect(header, JSON.stringify(code)).toMatch(/^[\x20-\x7E]*$/)
      const { type, fallback, exact } = names(header)
      expect(type).toBe('inline')
      expect(exact).toBe(name)
      expect(fallback.startsWith('consolidated-2026-3-') && fallback.endsWith('.csv')).toBe(true)
      expect(() => new Headers({ 'Content-Disposition': header })).not.toThrow()
    }
    expect(names(contentDisposition('inline', 'r-华东.csv')).fallback).toBe('r-__.csv')
    expect(names(contentDisposition('inline', 'r-X";foo=bar.csv')).fallback).toBe('r-X__foo=bar.csv')
  })

  it('holds for any name: ASCII only, two parameters, the exact name back', () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary-ascii', maxLength: 40 })), (name) => {
        fc.pre(!lone.test(name))
        const header = contentDisposition('attachment', name)
        expect(header).toMatch(/^[\x20-\x7E]*$/)
        expect(names(header)).toMatchObject({ type: 'attachment', exact: name })
      }),
      { numRuns: 1000 },
    )
    // A lone surrogate has no UTF-8 form: it is sent as U+FFFD rather than failing the response.
    expect(names(contentDisposition('inline', 'a\uD800b.csv'))).toEqual({ type: 'inline', fallback: 'a_b.csv', exact: 'a\uFFFDb.csv' })
  })
})
