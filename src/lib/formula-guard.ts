// The one rule for text that a spreadsheet would evaluate: the CSV reports (=IMPORTDATA) and the
// Sheets add-on (setValues) both hand such text over behind a `'`, which a sheet takes as "this is
// text" and does not show, so a person still reads the same text. Pure, so the add-on's bundle
// imports it as it is.
//
// Sheets, Excel and LibreOffice open a formula at `=`, `+`, `-` or `@`. A hostile sender hides the
// sign behind characters a person cannot see or a sheet may trim — spaces of any width (NBSP,
// U+3000), tabs and line breaks, zero-width characters, bidi embeddings, overrides and isolates,
// a BOM — or writes a compatibility form of it (full-width ＝＋－＠, small ﹦﹢﹣﹫), which Chinese and
// Japanese input methods produce and which folds to the ASCII sign.

/**
 * Whatever may come before the first visible character: it shows nothing (format characters,
 * default-ignorables such as Hangul fillers, the braille blank U+2800 that fonts draw empty), or a
 * sheet may drop it (spaces and control characters).
 */
const UNSEEN_LEAD = /^[\p{White_Space}\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]+/u

/** The signs, and the typographic minus U+2212 (⁻ folds to it; some sheets read it as a minus). */
const FORMULA_SIGN = /^[=+\-@\u2212]/

/**
 * A cell opening with a tab or a carriage return is always neutralised (OWASP's CSV injection
 * list): a sheet may drop the control character and read what follows as a formula.
 */
const CONTROL_OPENING = /^[\t\r]/

/** Whether a sheet could read this text as a formula. */
export function startsFormula(text: string): boolean {
  if (CONTROL_OPENING.test(text)) return true
  const first = text.replace(UNSEEN_LEAD, '').codePointAt(0)
  if (first === undefined) return false
  // NFKC folds ＝, ﹦, ⁼ and the like (and ⩵, which folds to `==`) to what a sheet may read them as.
  return FORMULA_SIGN.test(String.fromCodePoint(first).normalize('NFKC'))
}

/** Text as a sheet must receive it to show it as written: prefixed with `'` when it could start a formula. */
export function neutraliseFormula(text: string): string {
  return startsFormula(text) ? `'${text}` : text
}
