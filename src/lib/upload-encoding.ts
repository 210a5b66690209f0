// The bytes of an uploaded CSV as text. Excel's "CSV (逗号分隔)" on a Chinese Windows saves GBK
// without a BOM, WPS and newer Excel save UTF-8 with one, scripts UTF-8 without, and Excel's
// "Unicode 文本" saves UTF-16LE with a BOM (tab-separated; lib/csv.ts reads the tabs). A BOM
// names its encoding; else bytes that are valid UTF-8 are UTF-8 — unless they only look like it
// (below); else they are read as GB18030 (a superset of GBK and GB2312, as the Encoding Standard
// decodes all three). Bytes that are text in none of these are refused, never stored as U+FFFD.
import { invalid } from './problem'

export type UploadEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'

const BOMS: [UploadEncoding, number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
]

/** The bytes read strictly in one encoding, or null where they are not text in it. */
function strictly(encoding: UploadEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return null
  }
}

const nonAscii = (text: string) => [...text].filter((ch) => ch.codePointAt(0)! > 0x7f)

/** Han characters, CJK punctuation and full-width forms: what a Chinese name or note is made of. */
const isCjk = (ch: string) => /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch)

/** Accented letters and combining marks inside a word with plain Latin letters too: "Café", "CAFE\u0301". */
const LATIN_WORD = /^[A-Za-z\u00c0-\u024f\u0300-\u036f]*[A-Za-z][A-Za-z\u00c0-\u024f\u0300-\u036f]*$/

/**
 * Short GBK text can be valid UTF-8 as well: 太原 is CC AB D4 AD, which UTF-8 reads as "̫ԭ" (a
 * combining mark and a Cyrillic letter). Chinese in UTF-8 takes three bytes a character, so UTF-8
 * whose non-ASCII characters all take two (none at U+0800 or above) may be GBK, and is read as
 * GB18030 when that reading is Chinese throughout. Every two-byte UTF-8 sequence is a GBK Han
 * character, so that alone would turn "Café" into "Caf茅": an accented letter inside a Latin word
 * keeps the file UTF-8.
 */
function mayBeGbk(utf8: string): boolean {
  const wide = nonAscii(utf8)
  if (wide.length === 0 || wide.some((ch) => ch.codePointAt(0)! >= 0x800)) return false
  const words = utf8.match(/[\p{L}\p{M}]+/gu) ?? []
  return !words.some((word) => LATIN_WORD.test(word) && nonAscii(word).length > 0)
}

export function decodeUpload(bytes: Uint8Array): { text: string; encoding: UploadEncoding } {
  const bom = BOMS.find(([, mark]) => mark.every((byte, i) => bytes[i] === byte))
  if (bom) {
    const text = strictly(bom[0], bytes.subarray(bom[1].length))
    if (text !== null) return { text, encoding: bom[0] }
  } else {
    const utf8 = strictly('utf-8', bytes)
    if (utf8 !== null && !mayBeGbk(utf8)) return { text: utf8, encoding: 'utf-8' }
    const gb18030 = strictly('gb18030', bytes)
    if (gb18030 !== null && (utf8 === null || nonAscii(gb18030).every(isCjk))) return { text: gb18030, encoding: 'gb18030' }
    if (utf8 !== null) return { text: utf8, encoding: 'utf-8' }
  }
  throw invalid(
    [{ path: '(body)', code: 'encoding', message: 'is not text in UTF-8, GBK/GB18030 or UTF-16; save it as "CSV UTF-8"' }],
    'The CSV could not be read; nothing was written.',
  )
}
