// Reports as Excel workbooks, opened with a reader (exceljs) as Excel or WPS would: the sheet is
// named like the page, the header row is the Chinese and English titles and stays frozen, and cells
// are typed — money in ¥, rates in percent, days as dates, instants as Shanghai date-times, enum
// values labelled — with the same figures as the JSON.
import ExcelJS from 'exceljs/dist/exceljs.min.js'
import { SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { sheetName } from '../../src/reports/xlsx'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const Y = 2034

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'XL-E', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'XL1', name: '南京路店', regionCode: 'XL-E', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'XL-TEE', name: 'T恤' }, { sku: 'XL-CAP', name: '帽子', floorPrice: 50 }] } }))
  // Three on hand against a minimum of five: the weekly pack's stock alert is a restock. A week
  // not begun reads today's stock, and a count cannot be dated in the future: yesterday's.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
  await expectOk(call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'XL1', asOf: yesterday, lines: [{ sku: 'XL-TEE', onHand: 3 }] } }))
  await expectOk(call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: 'XL1', sku: 'XL-TEE', min: 5, max: 20 }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'region', reason: '测试数据', rows: [{ code: 'XL-E', month: 3, amount: 3100 }] } }))
  const secret = await posSource('xl-till')
  const res = await sendWebhook('xl-till', secret, {
    type: 'sale.completed',
    data: { saleId: 'xl-1', storeCode: 'XL1', occurredAt: `${Y}-03-02T12:00:00+08:00`, lines: [{ sku: 'XL-TEE', qty: 1, unitPrice: 1234.5 }] },
  })
  expect(res.status).toBe(202)
  // Sold below the floor price in April (March's figures stay as they are): an open violation.
  const cheap = await sendWebhook('xl-till', secret, {
    type: 'sale.completed',
    data: { saleId: 'xl-cheap', storeCode: 'XL1', occurredAt: `${Y}-04-02T12:00:00+08:00`, lines: [{ sku: 'XL-CAP', qty: 1, unitPrice: 10 }] },
  })
  expect(cheap.status).toBe(202)
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

describe('workbooks read as the page does', () => {
  const named = async (path: string) => (await workbook(path)).name

  it('each sheet is named in the reader’s language like its page, whole and within 31 characters', async () => {
    const scope = `regionCode=XL-E&asOf=${Y}-03-10&format=xlsx`
    expect(await named(`/v1/reports/consolidated?year=${Y}&month=3&${scope}`)).toBe(`区域看板 ${Y}年3月`)
    expect(await named(`/v1/reports/stores?year=${Y}&month=3&${scope}`)).toBe(`门店排名 ${Y}年3月`)
    expect(await named(`/v1/reports/stores?year=${Y}&${scope}`)).toBe(`门店排名 ${Y}年（年初至今）`)
    expect(await named(`/v1/reports/violations?year=${Y}&${scope}`)).toBe('渠道违规')
    expect(await named(`/v1/reports/weekly?year=${Y}&week=9&${scope}`)).toBe(`周会周报 ${Y}年第9周`)
    expect(await named(`/v1/reports/completeness?year=${Y}&month=3&${scope}`)).toBe(`日清日报 ${Y}年3月`)
    expect(await named(`/v1/reports/completeness?year=${Y}&${scope}`)).toBe('日清日报 最近 7 天')
    expect(await named(`/v1/reports/weekly?year=${Y}&week=9&${scope}&lang=en`)).toBe(`Weekly pack ${Y}-W09`)
    // "Store ranking 2034, year to date" would be 32 characters.
    expect(await named(`/v1/reports/stores?year=${Y}&${scope}&lang=en`)).toBe(`Store ranking ${Y} YTD`)
  })

  it('a name too long is cut at a space, and what Excel forbids in a name is left out', () => {
    expect(sheetName('Violations: open, and the last 30 days')).toBe('Violations open, and the last')
    expect(sheetName('a/b\\c?d*e[f]g:h')).toBe('a b c d e f g h')
    expect(sheetName("'quoted'")).toBe('quoted')
    expect([...sheetName('华'.repeat(40))]).toHaveLength(31)
  })

  it('the weekly pack’s stock alerts are labelled as on the page', async () => {
    const query = `year=${Y}&week=9&regionCode=XL-E&asOf=${Y}-03-10`
    const json = (await call('GET', `/v1/reports/weekly?${query}&format=json`)).json
    expect(json.rows[0].stockAlerts).toBe('restock XL-TEE')
    const col = json.columns.findIndex((c: any) => c.key === 'stockAlerts') + 1
    expect((await workbook(`/v1/reports/weekly?${query}&format=xlsx`)).getRow(2).getCell(col).value).toBe('补货 XL-TEE')
    expect((await workbook(`/v1/reports/weekly?${query}&format=xlsx&lang=en`)).getRow(2).getCell(col).value).toBe('restock XL-TEE')
  })

  it('when a violation was found is a date-time cell, the wall-clock time in Shanghai', async () => {
    const json = (await call('GET', `/v1/reports/violations?year=${Y}&regionCode=XL-E&format=json`)).json
    const sheet = await workbook(`/v1/reports/violations?year=${Y}&regionCode=XL-E&format=xlsx`)
    const col = (key: string) => json.columns.findIndex((c: any) => c.key === key) + 1
    const row = sheet.getRow(2)
    expect(row.getCell(col('kind')).value).toBe('低于限价')
    const detected = row.getCell(col('detectedAt'))
    expect(detected.numFmt).toBe('yyyy-mm-dd hh:mm')
    expect(detected.value).toBeInstanceOf(Date)
    // Shanghai is UTC+8 all year; the cell holds that time as Excel does, without a zone.
    const shanghai = new Date(Math.floor(Date.parse(json.rows[0].detectedAt) / 1000) * 1000 + 8 * 3600_000)
    expect((detected.value as Date).toISOString()).toBe(shanghai.toISOString())
  })
})
