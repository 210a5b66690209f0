// One rule for every code a person or a system types: region, store, dealer and location codes,
// SKUs, and the unit or lot codes of shipments and sales lines. Codes are compared as text, so two
// spellings that look the same must become the same code or be refused; otherwise `CAFÉ` typed on
// a Mac (NFD, E + U+0301) is a second store beside `CAFÉ` from the ERP (NFC), and a code padded with
// a Hangul filler looks like a blank cell that is not blank.
//
// The decision on full-width ASCII (U+FF01–U+FF5E): it is FOLDED to ASCII, not refused. A Chinese IME
// left in full-width mode types `ＥA００１` for EA001; nobody means a different code by it, and the
// width is invisible in most sheet fonts. The fold is NFKC applied to those characters only: the rest
// of NFKC would also turn ①, ㎡, ﬁ or ² into other text, which is a change of meaning, not of width.
// The ideographic space U+3000 is not folded to a space and kept: spaces are refused in any width.
// After the fold the whole code is NFC-normalised, so a full-width Ｅ followed by U+0301 becomes É.

export type CodeVerdict = { ok: true; value: string } | { ok: false; message: string }

/** Codes of master data are 1–64 characters (code points, counted after normalising). */
export const CODE_MAX_LENGTH = 64
/** Unit and lot codes come from printers and ERPs and may be longer. */
export const UNIT_CODE_MAX_LENGTH = 128

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g

/** NFKC for the full-width forms of ASCII only (each maps to its ASCII letter, digit or sign). */
export function foldFullWidthAscii(text: string): string {
  return text.replace(FULL_WIDTH_ASCII, (ch) => ch.normalize('NFKC'))
}

const SPACE = /[\s\p{Z}]/u
const CONTROL = /\p{Cc}/u
/**
 * Characters that show as nothing: format characters (zero-width spaces and joiners, direction
 * marks, the BOM, soft hyphen, tags), the other default-ignorable ones (Hangul fillers U+115F,
 * U+1160, U+3164, U+FFA0, variation selectors, U+180E), and the braille blank U+2800, a visible
 * character in the standard that every font draws as blank.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u
/** Private-use, unassigned code points and lone surrogates: nothing a keyboard or a printer makes. */
const NOT_PRINTABLE = /\p{C}/u
const MARK = /^\p{M}/u

/** Names of the characters people actually paste, so the message says what to look for. */
const NAMES: Record<number, string> = {
  0x0020: 'SPACE',
  0x00a0: 'NO-BREAK SPACE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0x0301: 'COMBINING ACUTE ACCENT',
}

/** `U+3164 HANGUL FILLER`, or just `U+E000` when the name is not in the table. */
export function describeCharacter(ch: string): string {
  const point = ch.codePointAt(0)!
  const hex = `U+${point.toString(16).toUpperCase().padStart(4, '0')}`
  return NAMES[point] ? `${hex} ${NAMES[point]}` : hex
}

/**
 * The code as stored and compared (full-width ASCII folded, then NFC), or why it cannot be a code.
 * `maxLength` is checked on the normalised code, in characters (code points).
 */
export function normalizeCode(text: string, maxLength = CODE_MAX_LENGTH): CodeVerdict {
  const tooLong: CodeVerdict = { ok: false, message: `must be 1–${maxLength} characters` }
  // A cheap bound before normalising: NFC never shortens a code by more than a few marks a letter.
  if (text.length === 0 || text.length > maxLength * 8) return tooLong
  const value = foldFullWidthAscii(text).normalize('NFC')
  const characters = [...value]
  for (const [index, ch] of characters.entries()) {
    const where = characters.length > 1 ? ` (character ${index + 1})` : ''
    // Invisible first: U+FEFF is also JavaScript whitespace, but "invisible" is what the reader needs.
    if (INVISIBLE.test(ch)) return { ok: false, message: `contains the invisible character ${describeCharacter(ch)}${where}; delete it` }
    if (CONTROL.test(ch)) return { ok: false, message: `contains the control character ${describeCharacter(ch)}${where}` }
    if (SPACE.test(ch)) return { ok: false, message: `contains the space ${describeCharacter(ch)}${where}; codes have no spaces` }
    if (NOT_PRINTABLE.test(ch)) return { ok: false, message: `contains ${describeCharacter(ch)}${where}, which is not a printable character` }
  }
  // Marks after a letter compose into it (NFC above) or stay on it; one in front sits on nothing.
  if (MARK.test(value)) return { ok: false, message: `starts with the combining mark ${describeCharacter(characters[0]!)}, which has no letter before it` }
  if (characters.length > maxLength) return tooLong
  // `.` and `..` are path segments: a URL naming such a code (/v1/sales/archive/../2025-03) would
  // be resolved away before it reached the worker.
  if (value === '.' || value === '..') return { ok: false, message: `cannot be "${value}", which a URL reads as a path step` }
  return { ok: true, value }
}
