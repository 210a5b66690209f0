import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldFullWidthAscii, normalizeCode, UNIT_CODE_MAX_LENGTH } from './codes'

const verdict = (text: string, max?: number) => {
  const result = normalizeCode(text, max)
  return result.ok ? result.value : `error: ${result.message}`
}

describe('one code rule for every code field', () => {
  it('keeps ordinary codes as they are, case-sensitive, in any script', () => {
    for (const code of ['EA001', 'ea001', 'SH-001', 'SKU_12.5/B', '南京路店', '𠮷野家', 'Ωmega', 'a'.repeat(64), '...', '.a']) expect(verdict(code)).toBe(code)
  })

  it('refuses a code a URL would read as a path step', () => {
    for (const code of ['.', '..', '．．']) expect(verdict(code)).toMatch(/^error: cannot be "\.+", which a URL reads as a path step$/)
  })

  it('NFC: the decomposed and the composed spelling are one code', () => {
    expect(verdict('CAFE\u0301')).toBe('CAF\u00c9')
    expect(verdict('CAF\u00c9')).toBe('CAF\u00c9')
    // A mark after a letter that has no composed form stays on it (still one code, in NFC order).
    expect(verdict('q\u0323\u0307')).toBe('q\u0323\u0307')
    expect(verdict('q\u0307\u0323')).toBe('q\u0323\u0307')
    // Hangul syllables typed as jamo compose.
    expect(verdict('\u1100\u1161')).toBe('\uac00')
  })

  it('full-width ASCII is folded to ASCII (NFKC for U+FF01–U+FF5E only)', () => {
    expect(verdict('\uff25A001')).toBe('EA001')
    expect(verdict('ＥＡ００１')).toBe('EA001')
    expect(verdict('ＳＨ－００１')).toBe('SH-001')
    expect(verdict('\uff25\u0301')).toBe('\u00c9') // folded first, then composed
    for (let point = 0xff01; point <= 0xff5e; point++) expect(foldFullWidthAscii(String.fromCharCode(point))).toBe(String.fromCharCode(point - 0xfee0))
    // The rest of NFKC would change meaning, not width: kept as typed.
    for (const kept of ['①', '㎡', 'ﬁ', 'x²', 'ｱ']) expect(verdict(kept)).toBe(kept)
  })

  it('refuses invisible and format characters, naming the character', () => {
    expect(verdict('\u3164')).toBe('error: contains the invisible character U+3164 HANGUL FILLER; delete it')
    expect(verdict('EA001\u3164')).toBe('error: contains the invisible character U+3164 HANGUL FILLER (character 6); delete it')
    for (const invisible of ['\u115f', '\u1160', '\uffa0', '\u2800', '\u180e', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u061c', '\ufe0f', '\u034f', '\u{e0041}']) {
      expect(verdict(`EA${invisible}001`), `U+${invisible.codePointAt(0)!.toString(16)}`).toMatch(/^error: contains the invisible character U\+[0-9A-F]{4,5}\b.*\(character 3\); delete it$/)
    }
  })

  it('refuses whitespace of any width and control characters', () => {
    expect(verdict('EA 001')).toBe('error: contains the space U+0020 SPACE (character 3); codes have no spaces')
    expect(verdict('EA\u3000001')).toBe('error: contains the space U+3000 IDEOGRAPHIC SPACE (character 3); codes have no spaces')
    for (const space of ['\u00a0', '\u2003', '\u202f', '\u205f', '\u2028', '\u1680', ' EA', 'EA ']) expect(verdict(`EA${space}1`)).toMatch(/^error: contains the space /)
    expect(verdict('EA\t1')).toBe('error: contains the control character U+0009 (character 3)')
    expect(verdict('EA\u0000')).toBe('error: contains the control character U+0000 (character 3)')
    expect(verdict('EA\u0085')).toMatch(/^error: contains the control character U\+0085/)
  })

  it('refuses private-use, unassigned and lone surrogate code points', () => {
    expect(verdict('EA\ue000')).toBe('error: contains U+E000 (character 3), which is not a printable character')
    expect(verdict('EA\ud800')).toMatch(/^error: contains U\+D800 .*not a printable character$/)
    expect(verdict('EA\u{10ffff}')).toMatch(/not a printable character$/)
  })

  it('refuses a combining mark with no letter before it', () => {
    expect(verdict('\u0301')).toBe('error: starts with the combining mark U+0301 COMBINING ACUTE ACCENT, which has no letter before it')
    expect(verdict('\u0301EA001')).toMatch(/^error: starts with the combining mark U\+0301/)
    expect(verdict('\u20dd')).toMatch(/^error: starts with the combining mark U\+20DD/)
    expect(verdict('\u093e')).toMatch(/^error: starts with the combining mark U\+093E/) // a spacing mark (Mc) too
  })

  it('counts 1–64 characters after normalising; unit codes may have 128', () => {
    expect(verdict('')).toBe('error: must be 1–64 characters')
    expect(verdict('a'.repeat(65))).toBe('error: must be 1–64 characters')
    expect(verdict('𠮷'.repeat(64))).toBe('𠮷'.repeat(64)) // code points, not UTF-16 units
    expect(verdict('E\u0301'.repeat(64))).toBe('\u00c9'.repeat(64)) // 128 typed, 64 once composed
    expect(verdict('Ｅ'.repeat(64))).toBe('E'.repeat(64))
    expect(verdict('x'.repeat(100_000))).toBe('error: must be 1–64 characters')
    expect(verdict('a'.repeat(128), UNIT_CODE_MAX_LENGTH)).toBe('a'.repeat(128))
    expect(verdict('a'.repeat(129), UNIT_CODE_MAX_LENGTH)).toBe('error: must be 1–128 characters')
  })

  it('is idempotent: a normalised code normalises to itself', () => {
    for (const text of ['CAFE\u0301', 'ＥA００１', 'q\u0307\u0323', '\u1100\u1161\u11a8', 'Å', '\u212b']) {
      const once = normalizeCode(text)
      expect(once.ok).toBe(true)
      if (once.ok) expect(normalizeCode(once.value)).toEqual(once)
    }
    expect(verdict('\u212b')).toBe('\u00c5') // ANGSTROM SIGN is canonically Å
  })

  it('property: any text is refused or becomes one NFC code, the same for its NFC, NFD and full-width spellings', () => {
    // Letters with marks, full-width forms, Hangul, fillers, spaces and format characters mixed in.
    const pieces = fc.constantFrom('E', 'e', '\u0301', '\u0323', '\u0307', 'Ｅ', '１', '－', '\u1100', '\u1161', '\u11a8', '가', '店', '𠮷', '-', '_', '\u3164', '\u200b', '\u2800', ' ', '\u3000', '\u00a0', '\t', '\ufeff')
    const text = fc.oneof(fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }))
    fc.assert(
      fc.property(text, (t) => {
        const result = normalizeCode(t)
        for (const spelling of [t.normalize('NFC'), t.normalize('NFD'), foldFullWidthAscii(t)]) expect(normalizeCode(spelling)).toEqual(result)
        if (!result.ok) return
        expect(result.value).toBe(result.value.normalize('NFC'))
        expect(normalizeCode(result.value)).toEqual(result)
        expect(result.value).not.toMatch(/[\s\p{Z}\p{C}\p{Default_Ignorable_Code_Point}\u2800\uff01-\uff5e]|^\p{M}/u)
        expect([...result.value].length).toBeLessThanOrEqual(64)
      }),
      { numRuns: 5000 },
    )
  })
})
