import { describe, expect, it } from 'vitest'
import { decodeUpload } from './upload-encoding'

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
})
