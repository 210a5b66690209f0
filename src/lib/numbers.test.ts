import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldNumberText, wholeNumberOf } from './numbers'

/** The full-width spelling an IME types for printable ASCII, and U+3000 for a space. */
const widen = (text: string) => text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000')

/** Characters NFKC turns into digits, signs or separators, and digits of other scripts. */
const LOOK_ALIKES = ['①', '²', '₂', '¹', '𝟏', '⒈', '⑴', '½', '㎡', '﹪', '﹐', '﹒', '١', '۱', '१', '⓵', 'Ⅰ', '−', '。', '、']

describe('foldNumberText', () => {
  it('folds what a full-width IME types, and nothing else', () => {
    const typed = ['１２，３４５', '１２．５', '１２％', '￥１，２００', '－５', '\u3000１２\u3000', '３５００元']
    expect(typed.map(foldNumberText)).toEqual(['12,345', '12.5', '12%', '¥1,200', '-5', ' 12 ', '3500元'])
    for (const ch of LOOK_ALIKES) expect(foldNumberText(`1${ch}2`), ch).toBe(`1${ch}2`)
  })

  it('is the inverse of the full-width spelling of any ASCII text, and changes no other character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 30 }), (text) => {
        expect(foldNumberText(widen(text))).toBe(foldNumberText(text))
      }))
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const folded = [...foldNumberText(text)]
        ;[...text].forEach((ch, i) => {
          const point = ch.codePointAt(0)!
          const foldable = (point >= 0xff01 && point <= 0xff5e) || point === 0x3000 || point === 0xffe5
          expect(folded[i]).toBe(foldable ? ch.normalize('NFKC') : ch)
        })
      }),
    )
  })
})

describe('wholeNumberOf', () => {
  it('reads digits in either width, and nothing that would have to be rounded or guessed', () => {
    expect(wholeNumberOf('12')).toBe(12)
    expect(wholeNumberOf(' １２ ')).toBe(12)
    expect(wholeNumberOf('007')).toBe(7)
    expect(wholeNumberOf('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER)
    for (const bad of ['', '1.0', '1.5', '-1', '+1', '1e3', '0x10', '1,000', 'Infinity', '9007199254740993', '①', '1²', '١٢']) {
      expect(wholeNumberOf(bad), bad).toBeNull()
    }
  })
})
