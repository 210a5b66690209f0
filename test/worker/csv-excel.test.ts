// CSV as Excel and WPS on a Chinese PC read and write it: an upload saved as GBK without a BOM
// ("CSV (逗号分隔)") or as UTF-16 ("Unicode 文本") keeps its Chinese names, bytes that are no text
// are refused, and a report downloaded for Excel carries a UTF-8
// BOM while the CSV that IMPORTDATA pulls stays without one.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk } from './helpers'

// "code,name,regionCode,channel\r\nGB1,南京路店,GB-E,direct\r\nGB2,"新街口店，二楼",GB-E,franchise\r\n"
// as written by Python's 'gbk' codec: the bytes such a file holds.
const STORES_GBK = Uint8Array.from([
  0x63, 0x6f, 0x64, 0x65, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x2c, 0x72, 0x65, 0x67, 0x69, 0x6f, 0x6e, 0x43, 0x6f, 0x64, 0x65, 0x2c, 0x63, 0x68, 0x61, 0x6e, 0x6e, 0x65, 0x6c, 0x0d, 0x0a,
  0x47, 0x42, 0x31, 0x2c, 0xc4, 0xcf, 0xbe, 0xa9, 0xc2, 0xb7, 0xb5, 0xea, 0x2c, 0x47, 0x42, 0x2d, 0x45, 0x2c, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x0d, 0x0a,
  0x47, 0x42, 0x32, 0x2c, 0x22, 0xd0, 0xc2, 0xbd, 0xd6, 0xbf, 0xda, 0xb5, 0xea, 0xa3, 0xac, 0xb6, 0xfe, 0xc2, 0xa5, 0x22, 0x2c, 0x47, 0x42, 0x2d, 0x45, 0x2c,
  0x66, 0x72, 0x61, 0x6e, 0x63, 0x68, 0x69, 0x73, 0x65, 0x0d, 0x0a,
])

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'GB-E', name: '华东区' }] } }))
})

describe('CSV from and for Excel', () => {
  it('a GBK upload round-trips its Chinese names, a quoted full-width comma included', async () => {
    const res = await call('PUT', '/v1/stores', { csv: STORES_GBK })
    expect(res.status, res.text).toBe(200)
    const stores = (await call('GET', '/v1/stores?regionCode=GB-E')).json.stores
    expect(stores.map((s: any) => [s.code, s.name, s.channel])).toEqual([
      ['GB1', '南京路店', 'direct'],
      ['GB2', '新街口店，二楼', 'franchise'],
    ])
  })

  it('UTF-8 with a BOM, as WPS saves it, reads the same', async () => {
    const utf8 = new TextEncoder().encode('code,name,regionCode,channel\r\nGB3,五角场店,GB-E,direct\r\n')
    expect((await call('PUT', '/v1/stores', { csv: Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]) })).status).toBe(200)
    const stores = (await call('GET', '/v1/stores?regionCode=GB-E')).json.stores
    expect(stores.find((s: any) => s.code === 'GB3')?.name).toBe('五角场店')
  })

  it('Excel’s "Unicode 文本" (UTF-16LE with a BOM, tab-separated) round-trips its Chinese names', async () => {
    // A comma inside a cell is text in a tab-separated file, not a cell break.
    const text = 'code\tname\tregionCode\tchannel\r\nGB4\t陆家嘴店,二楼\tGB-E\tdirect\r\nGB5\t徐家汇店\tGB-E\tfranchise\r\n'
    const res = await call('PUT', '/v1/stores', { csv: utf16le(text) })
    expect(res.status, res.text).toBe(200)
    const stores = (await call('GET', '/v1/stores?regionCode=GB-E')).json.stores
    expect(stores.filter((s: any) => ['GB4', 'GB5'].includes(s.code)).map((s: any) => [s.code, s.name, s.channel])).toEqual([
      ['GB4', '陆家嘴店,二楼', 'direct'],
      ['GB5', '徐家汇店', 'franchise'],
    ])
  })

  it('short GBK whose bytes are valid UTF-8 too is read as GBK: 太原, not "̫ԭ"', async () => {
    // "code,name\r\nTYUAN,太原\r\n" in GBK: 太原 is CC AB D4 AD.
    const bytes = Uint8Array.from([...new TextEncoder().encode('code,name\r\nTYUAN,'), 0xcc, 0xab, 0xd4, 0xad, 0x0d, 0x0a])
    const res = await call('PUT', '/v1/regions', { csv: bytes })
    expect(res.status, res.text).toBe(200)
    const regions = (await call('GET', '/v1/regions')).json.regions
    expect(regions.find((r: any) => r.code === 'TYUAN')?.name).toBe('太原')
  })

  it('a file that is text in no encoding it could be is refused, nothing stored with U+FFFD', async () => {
    // After a UTF-16LE BOM, an odd byte is half a character; 0xFF is neither UTF-8 nor GBK.
    for (const csv of [Uint8Array.from([0xff, 0xfe, ...utf16le('code\tname\r\nBAD1\t坏').subarray(2), 0x80]), Uint8Array.from([...new TextEncoder().encode('code,name\r\nBAD2,'), 0xff, 0x0d, 0x0a])]) {
      const res = await call('PUT', '/v1/regions', { csv })
      expect(res.status, res.text).toBe(422)
      expect(res.json.errors).toEqual([expect.objectContaining({ path: '(body)', code: 'encoding', message: 'is not text in UTF-8, GBK/GB18030 or UTF-16; save it as "CSV UTF-8"' })])
    }
    const zh = await call('PUT', '/v1/regions', { csv: Uint8Array.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xff]), lang: 'zh-CN' })
    expect(zh.json.errors[0].message).toMatch(/另存为“CSV UTF-8”/)
    const codes = (await call('GET', '/v1/regions')).json.regions.map((r: any) => r.code)
    expect(codes).not.toContain('BAD1')
    expect(codes).not.toContain('BAD2')
  })

  it('a report downloaded for Excel has a UTF-8 BOM and comes as an attachment; the IMPORTDATA CSV has none', async () => {
    const plain = await call('GET', '/v1/reports/consolidated?year=2026&month=1&regionCode=GB-E&format=csv')
    expect(plain.text.startsWith('regionCode,')).toBe(true)
    expect(plain.headers.get('content-disposition')).toMatch(/^inline/)
    const res = await fetchBytes('/v1/reports/consolidated?year=2026&month=1&regionCode=GB-E&format=csv&download=1')
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(res.bytes)).toContain('GB-E,华东区,2026-01')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/)
  })
})

async function fetchBytes(path: string) {
  const { SELF } = await import('cloudflare:test')
  const response = await SELF.fetch(`https://regionops.test${path}`, { headers: { Authorization: 'Bearer test-admin-token' } })
  return { headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) }
}

/** Text as Excel's "Unicode 文本" saves it: UTF-16LE after the BOM FF FE. */
function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2)
  bytes.set([0xff, 0xfe])
  for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true)
  return bytes
}
