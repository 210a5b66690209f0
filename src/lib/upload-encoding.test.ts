import { describe, expect, it } from 'vitest'
import { decodeUpload } from './upload-encoding'
import { Problem } from './problem'

// "code,name\nS1,华东区南京路店" as GBK (Python's 'gbk' codec), UTF-8 and UTF-8 with a BOM.
const GBK = Uint8Array.from([0x63, 0x6f, 0x64, 0x65, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x53, 0x31, 0x2c, 0xbb, 0xaa, 0xb6, 0xab, 0xc7, 0xf8, 0xc4, 0xcf, 0xbe, 0xa9, 0xc2, 0xb7, 0xb5, 0xea])
const TEXT = 'code,name\nS1,华东区南京路店'

describe('uploaded CSV bytes', () => {
  it('reads GBK without a BOM, as Excel saves it on a Chinese PC', () => {
    expect(decodeUpload(GBK)).toEqual({ text: TEXT, encoding: 'gb18030' })
  })

  it('reads UTF-8 with and without a BOM, the BOM dropped', () => {
    const utf8 = new TextEncoder().encode(TEXT)
    expect(decodeUpload(utf8)).toEqual({ text: TEXT, encoding: 'utf-8' })
    expect(decodeUpload(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: TEXT, encoding: 'utf-8' })
  })

  it('a GB18030 four-byte character comes through', () => {
    // U+20000 𠀀 is 0x95 0x32 0x82 0x36 in GB18030.
    expect(decodeUpload(Uint8Array.from([0x95, 0x32, 0x82, 0x36])).text).toBe('\u{20000}')
  })

  it('a UTF-16 BOM means UTF-16, little- or big-endian, as Excel saves "Unicode 文本"', () => {
    const units = [...'code\tname\r\nS1\t南京路店\r\n'].map((ch) => ch.charCodeAt(0))
    const le = Uint8Array.from([0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8])])
    const be = Uint8Array.from([0xfe, 0xff, ...units.flatMap((u) => [u >> 8, u & 0xff])])
    expect(decodeUpload(le)).toEqual({ text: 'code\tname\r\nS1\t南京路店\r\n', encoding: 'utf-16le' })
    expect(decodeUpload(be)).toEqual({ text: 'code\tname\r\nS1\t南京路店\r\n', encoding: 'utf-16be' })
  })

  it('short GBK that is also valid UTF-8 is GBK: 太原 (CC AB D4 AD) is not "̫ԭ"', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('code,name\nTYUAN,'), 0xcc, 0xab, 0xd4, 0xad])
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe('code,name\nTYUAN,\u032b\u052d')
    expect(decodeUpload(bytes)).toEqual({ text: 'code,name\nTYUAN,太原', encoding: 'gb18030' })
  })

  it('UTF-8 with accented Latin letters stays UTF-8, though GB18030 reads é as 茅', () => {
    // Every two-byte UTF-8 sequence is a GBK Han character, so the letters inside a Latin word decide.
    for (const text of ['code,name\nPARIS,Café de Flore', 'code,name\nLK-CAFE\u0301,Crème']) {
      const bytes = new TextEncoder().encode(text)
      expect(new TextDecoder('gb18030', { fatal: true, ignoreBOM: true }).decode(bytes)).toMatch(/[\u3400-\u9fff]/)
      expect(decodeUpload(bytes)).toEqual({ text, encoding: 'utf-8' })
    }
    // Chinese in UTF-8 takes three bytes a character: never read as GB18030.
    expect(decodeUpload(new TextEncoder().encode('TYUAN,太原,é')).encoding).toBe('utf-8')
  })

  it('bytes that are text in no candidate encoding are refused, not stored as U+FFFD', () => {
    // 0xFF is neither UTF-8 nor GB18030; an odd byte after a UTF-16 BOM is half a character.
    for (const bytes of [Uint8Array.from([0x61, 0x2c, 0xff, 0x0a]), Uint8Array.from([0xff, 0xfe, 0x80]), Uint8Array.from([0xef, 0xbb, 0xbf, 0xc3])]) {
      let thrown: unknown
      try {
        decodeUpload(bytes)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(Problem)
      expect((thrown as Problem).status).toBe(422)
      expect((thrown as Problem).errors).toEqual([{ path: '(body)', code: 'encoding', message: 'is not text in UTF-8, GBK/GB18030 or UTF-16; save it as "CSV UTF-8"' }])
    }
  })
})
