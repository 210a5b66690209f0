// Reports as Excel workbooks, opened with a reader (exceljs) as Excel or WPS would: the header row
// is the Chinese and English titles and stays frozen, and cells are typed — money in ¥, rates in
// percent, days as dates — with the same figures as the JSON.
import ExcelJS from 'exceljs/dist/exceljs.min.js'
import { SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const Y = 2034

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'XL-E', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'XL1', name: '南京路店', regionCode: 'XL-E', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'XL-TEE', name: 'T恤' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'region', reason: '测试数据', rows: [{ code: 'XL-E', month: 3, amount: 3100 }] } }))
  const secret = await posSource('xl-till')
  const res = await sendWebhook('xl-till', secret, {
    type: 'sale.completed',
    data: { saleId: 'xl-1', storeCode: 'XL1', occurredAt: `${Y}-03-02T12:00:00+08:00`, lines: [{ sku: 'XL-TEE', qty: 1, unitPrice: 1234.5 }] },
  })
  expect(res.status).toBe(202)
  await drainSalesQueue()
})

async function workbook(path: string) {
  const response = await SELF.fetch(`https://regionops.test${path}`, { headers: { Authorization: 'Bearer test-admin-token' } })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=.*\.xlsx/)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await response.arrayBuffer())
  return book.worksheets[0]!
}

describe('reports as xlsx', () => {
  it('the consolidated report: Chinese titles in a frozen header, money in ¥ and rates in percent as numbers', async () => {
    const query = `year=${Y}&month=3&regionCode=XL-E&asOf=${Y}-03-10`
    const sheet = await workbook(`/v1/reports/consolidated?${query}&format=xlsx`)
    const json = (await call('GET', `/v1/reports/consolidated?${query}&format=json`)).json
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header.slice(0, 6)).toEqual(['区域', '名称', '月份', '目标', '实际', '达成率'])
    expect(header).toHaveLength(json.columns.length)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const col = (key: string) => json.columns.findIndex((c: any) => c.key === key) + 1
    const row = sheet.getRow(2)
    expect(row.getCell(col('regionName')).value).toBe('华东区')
    expect(row.getCell(col('target')).value).toBe(3100)
    expect(row.getCell(col('target')).numFmt).toBe('"¥"#,##0.00')
    expect(row.getCell(col('actual')).value).toBe(1234.5)
    expect(row.getCell(col('rate')).value).toBe(json.rows[0].rate)
    expect(row.getCell(col('rate')).numFmt).toBe('0.0%')
    expect(row.getCell(col('targetToDate')).value).toBe(1000)
    expect(row.getCell(col('pace')).value).toBe('领先')
  })

  it('in English with lang=en', async () => {
    const sheet = await workbook(`/v1/reports/consolidated?year=${Y}&month=3&regionCode=XL-E&asOf=${Y}-03-10&format=xlsx&lang=en`)
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Region', 'Name', 'Month'])
  })

  it('days are dates and flags are TRUE/FALSE (the completeness report)', async () => {
    const sheet = await workbook(`/v1/reports/completeness?year=${Y}&month=3&regionCode=XL-E&asOf=${Y}-03-04&format=xlsx`)
    const json = (await call('GET', `/v1/reports/completeness?year=${Y}&month=3&regionCode=XL-E&asOf=${Y}-03-04&format=json`)).json
    const col = (key: string) => json.columns.findIndex((c: any) => c.key === key) + 1
    expect(sheet.rowCount).toBe(1 + json.rows.length)
    const second = sheet.getRow(3)
    expect(second.getCell(col('day')).value).toEqual(new Date(`${Y}-03-02T00:00:00Z`))
    expect(second.getCell(col('day')).numFmt).toBe('yyyy-mm-dd')
    expect(second.getCell(col('arrived')).value).toBe(true)
  })

  it('a report link can be an xlsx', async () => {
    const link = await call('POST', '/v1/report-links', { body: { report: 'stores', params: { year: Y, month: 3, regionCode: 'XL-E' }, format: 'xlsx' } })
    expect(link.status, link.text).toBe(201)
    const response = await SELF.fetch(link.json.url)
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    expect(book.worksheets[0]!.getRow(2).getCell(2).value).toBe('XL1')
  })
})
