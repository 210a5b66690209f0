// One reading of numbers written as text, for every parser of amounts, counts, percentages and
// numeric fields: sheet cells, the API's money strings, numeric strings of CSV uploads, store tiers.
//
// A Chinese IME left in full-width mode types `１２，３４５`, `１２．５`, `１２％`, `￥` and the
// ideographic space U+3000; they are the same number as their half-width spelling. They are folded
// by NFKC, applied to those characters only: full-width ASCII U+FF01–U+FF5E (the same fold as
// codes, see ./codes), U+FFE5 FULLWIDTH YEN SIGN (to ¥) and U+3000 (to a space). NFKC of the whole
// text would also make digits of ① ² ₂ 𝟏 ⒈ ¹ and `2` of ㎡, so a cell of `①` would become 1
// silently; those are left as they are, and every parser refuses them as it refuses any other
// character. Digits of other scripts (٣, ३) are not digits to any parser either. Nothing is rounded
// here: folding only changes how a character is spelled, never which number it is.
import { foldFullWidthAscii } from './codes'

const FULL_WIDTH_SIGNS = /[\u3000\uFFE5]/g

/** The half-width spelling of number text: full-width ASCII, ￥ and U+3000 folded; the rest kept. */
export function foldNumberText(text: string): string {
  return foldFullWidthAscii(text).replace(FULL_WIDTH_SIGNS, (ch) => ch.normalize('NFKC'))
}

/** A plain decimal in half-width digits: `-12`, `12.50`; no sign `+`, exponent, separator or bare point. */
export const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/

/** A whole number 0 or more in digits only (after folding and trimming); null otherwise or past 2^53. */
export function wholeNumberOf(text: string): number | null {
  const digits = foldNumberText(text).trim()
  if (!/^\d+$/.test(digits)) return null
  const value = Number(digits)
  // Past Number.MAX_SAFE_INTEGER a double can no longer hold every whole number: it would be rounded.
  return Number.isSafeInteger(value) ? value : null
}
