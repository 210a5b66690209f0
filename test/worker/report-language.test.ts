// Report pages read in Chinese by default and in English on request (`lang=en`, or a browser that
// prefers English): enum values by their labels, times where the company is, money in ¥.
import ExcelJS from 'exceljs/dist/exceljs.min.js'
import { SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const Y = 2035

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'LG-E', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'LG1', name: '南京路店', regionCode: 'LG-E', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'LG-TEE', name: 'T恤', floorPrice: 50 }] } }))
  const secret = await posSource('lg-till')
  // Sold below the floor price at 23:30 in Shanghai: 15:30 UTC.
  const res = await sendWebhook('lg-till', secret, {
    type: 'sale.completed',
    data: { saleId: 'lg-cheap', storeCode: 'LG1', occurredAt: `${Y}-03-02T23:30:00+08:00`, lines: [{ sku: 'LG-TEE', qty: 1, unitPrice: 10 }] },
  })
  expect(res.status).toBe(202)
  await drainSalesQueue()
})

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await call('GET', path, { headers, lang: null })
  expect(res.status, res.text).toBe(200)
  return res.text
}
const cells = (html: string) => [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!)

describe('report pages in the reader’s language', () => {
  it('the violations page in Chinese: 低于限价 and 待处理, the time in Shanghai, no raw value', async () => {
    const html = await page(`/v1/reports/violations?year=${Y}&regionCode=LG-E&format=html`)
    expect(html).toContain('<html lang="zh-CN">')
    const row = cells(html)
    expect(row).toContain('低于限价')
    expect(row).toContain('待处理')
    expect(row).not.toContain('below_floor_price')
    expect(row).not.toContain('open')
    const json = (await call('GET', `/v1/reports/violations?year=${Y}&regionCode=LG-E&format=json`)).json
    const detectedAt = json.rows[0].detectedAt as string
    expect(detectedAt).toMatch(/Z$/) // machines keep the instant
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    expect(row).toContain(shanghai.format(new Date(detectedAt)).replace(', ', ' '))
    expect(html).toContain('<th data-key="kind">类型</th>')
  })

  it('in English with lang=en, or for a browser that prefers English', async () => {
    for (const html of [await page(`/v1/reports/violations?year=${Y}&regionCode=LG-E&format=html&lang=en`), await page(`/v1/reports/violations?year=${Y}&regionCode=LG-E&format=html`, { 'Accept-Language': 'en-US,en;q=0.9' })]) {
      expect(html).toContain('<html lang="en">')
      expect(cells(html)).toContain('below floor price')
      expect(html).toContain('<th data-key="kind">Kind</th>')
    }
    const chinese = await page(`/v1/reports/violations?year=${Y}&regionCode=LG-E&format=html`, { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' })
    expect(chinese).toContain('<th data-key="kind">类型</th>')
  })

  it('a violation’s evidence in the reader’s language on the page and in the workbook; the CSV keeps its English line', async () => {
    const query = `year=${Y}&regionCode=LG-E`
    expect(cells(await page(`/v1/reports/violations?${query}&format=html`))).toContain(`LG-TEE 售价 ¥10，低于限价 ¥50；${Y}-03-02 在 LG1`)
    expect(cells(await page(`/v1/reports/violations?${query}&format=html&lang=en`))).toContain(`LG-TEE at ¥10 below floor ¥50, LG1 on ${Y}-03-02`)
    const english = `LG-TEE at 10.00 below floor 50.00, LG1 on ${Y}-03-02`
    expect((await call('GET', `/v1/reports/violations?${query}&format=csv`, { lang: null })).text).toContain(english)
    expect((await call('GET', `/v1/reports/violations?${query}&format=json`, { lang: null })).json.rows[0].evidence).toBe(english)
    const response = await SELF.fetch(`https://regionops.test/v1/reports/violations?${query}&format=xlsx`, { headers: { Authorization: 'Bearer test-admin-token' } })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    const sheet = book.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(sheet.getRow(2).getCell(header.indexOf('证据') + 1).value).toBe(`LG-TEE 售价 ¥10，低于限价 ¥50；${Y}-03-02 在 LG1`)
  })

  it('money in ¥, whole amounts without .00; flags as 是/否', async () => {
    expect(cells(await page(`/v1/reports/stores?year=${Y}&month=3&regionCode=LG-E&asOf=${Y}-03-04&format=html`))).toContain('¥10')
    const row = cells(await page(`/v1/reports/completeness?year=${Y}&month=3&regionCode=LG-E&asOf=${Y}-03-04&format=html`))
    expect(row).toContain('否')
    expect(row.some((c) => /^(true|false|yes|no)$/.test(c))).toBe(false)
  })
})
