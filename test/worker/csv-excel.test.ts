// CSV as Excel and WPS on a Chinese PC read and write it: an upload saved as GBK without a BOM
// ("CSV (逗号分隔)") keeps its Chinese names, and a report downloaded for Excel carries a UTF-8
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
