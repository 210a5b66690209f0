// With no Accept-Language a person reads every error in Chinese: the messages a tester found still
// English (locked months, sheet pushes and cells, submit and re-spread, a budget stop, a CSV the
// parser refused, an unknown invoice, a numeric tier, a decided violation, a GET's 422), and the
// stock alerts' reasons. English stays English for a reader who asks for it.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

// A year that has ended whatever day the tests run, and one that has not begun.
const PAST = 2025
const FUTURE = 2031
let manager: string

const zh = { lang: null } as const
const months = (amount: number | string, over: Record<string, number | string> = {}) => ({ ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i + 1}`, amount])), ...over })

/** Chinese, with no English phrase left (codes, amounts and ids may stay). */
function expectChinese(text: string) {
  expect(text).toMatch(/[\u3400-\u9fff]/)
  expect(text).not.toMatch(/\b[a-z]{2,} [a-z]{2,}\b/)
}

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'ZD-E', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'ZD-D', name: '上海经销商', regionCode: 'ZD-E' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'ZD1', name: '一店', regionCode: 'ZD-E', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'ZD-TEE', name: 'T恤', floorPrice: 50 }] } }))
  manager = (await issueToken('manager', ['ZD-E'])).token
})

describe('targets', () => {
  it('a locked month, through the API and in a sheet cell', async () => {
    const res = await call('PUT', '/v1/targets', { token: manager, body: { year: PAST, level: 'store', rows: [{ code: 'ZD1', month: 3, amount: 1 }] }, ...zh })
    expect(res.status).toBe(422)
    expect(res.headers.get('content-language')).toBe('zh-CN')
    expect(res.json.detail).toBe('1 处输入有误，未写入任何数据。')
    expect(res.json.errors[0].message).toBe(`${PAST}-03 已结束，目标已锁定；总部可填写原因后修改`)
    const pushed = await call('POST', '/v1/sheets/targets-store/sync', {
      token: manager,
      body: { spreadsheetId: 'zd-sheet', sheetName: '门店目标', params: { year: PAST, regionCode: 'ZD-E' }, rows: [{ row: 3, values: { code: 'ZD1', ...months(0, { m3: 1 }) } }] },
      ...zh,
    })
    expect(pushed.status).toBe(422)
    expect(pushed.json.detail).toBe('有 1 个单元格无法使用，未执行任何更改。')
    expect(pushed.json.errors[0]).toMatchObject({ column: 'm3', message: `${PAST}-03 已结束，目标已锁定；总部可填写原因后修改` })
  })

  it('bad cells, a row twice and a push’s own faults', async () => {
    const push = (rows: unknown[]) =>
      call('POST', '/v1/sheets/targets-store/sync', { token: manager, body: { spreadsheetId: 'zd-sheet', sheetName: '门店目标', params: { year: FUTURE, regionCode: 'ZD-E' }, rows }, ...zh })
    const cells = await push([
      { row: 3, values: { code: 'ZD1', ...months(0, { m1: '1.005' }) } },
      { row: 4, values: { code: 'ZD1', ...months(0) } },
    ])
    expect(cells.status).toBe(422)
    expect(cells.json.detail).toBe('有 2 个单元格无法使用，未执行任何更改。')
    expect(cells.json.errors.map((e: any) => e.message)).toEqual(['超过两位小数', 'ZD1 已在第 3 行'])
    const faults = await push([{ row: 3, values: 5 }, { row: 4, values: { code: 'ZD1', ...months(0, { m1: '1.005' }) } }])
    expect(faults.status).toBe(422)
    expect(faults.json.detail).toBe('此次推送有 2 处问题，未执行任何更改。')
    expect(faults.json.errors.map((e: any) => e.message)).toEqual(['应为 JSON 对象', '超过两位小数'])
  })

  it('submitting store targets that do not add up', async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { year: FUTURE, level: 'region', rows: [{ code: 'ZD-E', month: 1, amount: 1000 }] } }))
    const res = await call('POST', `/v1/targets/${FUTURE}/regions/ZD-E/submit`, { token: manager, body: {}, ...zh })
    expect(res.status).toBe(422)
    expect(res.json.detail).toBe('提交前，每个月的门店目标合计须等于区域目标。')
    expect(res.json.errors[0].message).toBe('门店目标合计 0，区域目标为 1000（差额 -1000）')
  })

  it('a re-spread that changes ended months', async () => {
    const region = Array.from({ length: 12 }, (_, m) => ({ code: 'ZD-E', month: m + 1, amount: 10_000 }))
    await expectOk(call('PUT', '/v1/targets', { body: { year: PAST, level: 'region', reason: '历史目标补录', rows: region } }))
    const res = await call('POST', `/v1/targets/${PAST}/regions/ZD-E/respread`, { token: manager, body: { throughMonth: 1 }, ...zh })
    expect(res.status).toBe(422)
    // Through January the months stay; February to December are spread again, and have ended.
    const ended = Array.from({ length: 11 }, (_, i) => `${PAST}-${String(i + 2).padStart(2, '0')}`).join('、')
    expect(res.json.errors[0].message).toBe(`此操作会修改已结束月份（${ended}）的目标，这些月份已锁定；总部可填写原因后修改`)
  })
})

describe('budgets, uploads, collections, master data, violations', () => {
  it('a budget stop names each budget in ¥', async () => {
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    const year = Number(day.slice(0, 4))
    const line = { regionCode: 'ZD-E', department: 'sales', category: 'travel' }
    await expectOk(call('PUT', '/v1/budgets', { body: { year, rows: Array.from({ length: 12 }, (_, m) => ({ ...line, month: m + 1, amount: 150_000 })) } }))
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ ...line, monthly: 'stop', annual: 'stop' }] } }))
    const res = await call('POST', '/v1/expenses', { token: manager, body: { expenseId: 'ZD-EXP-1', ...line, incurredOn: day, amount: 9_999_999, description: '展会' }, ...zh })
    expect(res.status).toBe(422)
    expect(res.json.title).toBe('超出预算')
    expect(res.json.detail).toBe('月度预算 ¥150,000 将被超出 ¥9,849,999（计入本笔已用 ¥9,999,999）；年度预算 ¥1,800,000 将被超出 ¥8,199,999（计入本笔已用 ¥9,999,999）。总部可填写原因越过预算控制。')
  })

  it('a CSV the parser cannot read', async () => {
    const res = await call('PUT', '/v1/stores', { csv: 'code,name,regionCode,channel\nZD9,"x"y,ZD-E,direct\n', ...zh })
    expect(res.status).toBe(400)
    expect(res.json.detail).toBe('CSV 无法读取，未写入任何数据。')
    expect(res.json.errors.length).toBeGreaterThan(0)
    for (const e of res.json.errors) expectChinese(e.message)
  })

  it('a payment naming an invoice that does not exist', async () => {
    const res = await call('POST', '/v1/payments', { body: { payments: [{ paymentId: 'ZD-P1', dealerCode: 'ZD-D', receivedOn: '2026-02-10', amount: 100, invoiceId: 'NOPE-INV' }] }, ...zh })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'payments.0.invoiceId', message: '发票 NOPE-INV 不存在' })])
  })

  it('a numeric tier the planner cannot weigh by', async () => {
    const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: 'ZD3', name: '三店', regionCode: 'ZD-E', channel: 'direct', tier: '0' }] }, ...zh })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'stores.0.tier', message: '数字等级是规划权重，应为 1 到 1,000,000 的整数' })])
  })

  it('a violation decided already', async () => {
    const secret = await posSource('zd-till')
    const sold = await sendWebhook('zd-till', secret, {
      type: 'sale.completed',
      data: { saleId: 'zd-cheap', storeCode: 'ZD1', occurredAt: `${FUTURE}-03-02T12:00:00+08:00`, lines: [{ sku: 'ZD-TEE', qty: 1, unitPrice: 10 }] },
    })
    expect(sold.status).toBe(202)
    await drainSalesQueue()
    const [violation] = (await call('GET', '/v1/violations?regionCode=ZD-E')).json.violations
    await expectOk(call('POST', `/v1/violations/${violation.id}/confirm`, { body: { note: '已核实' } }))
    const again = await call('POST', `/v1/violations/${violation.id}/confirm`, { body: { note: '已核实' }, ...zh })
    expect(again.status).toBe(409)
    expect(again.json.detail).toBe(`违规记录 ${violation.id} 已处理（已确认）。`)
  })
})

describe('a read answered with a 422 wrote nothing, and says so', () => {
  it('in Chinese and in English', async () => {
    const path = '/v1/reports/violations?year=abc&format=json'
    const chinese = await call('GET', path, zh)
    expect(chinese.status).toBe(422)
    expect(chinese.json.detail).toBe('1 处输入有误，未读取任何数据。')
    expect((await call('GET', path)).json.detail).toBe('1 invalid field; nothing was read.')
  })
})

describe('stock alerts', () => {
  it('give the reason in the reader’s language, the cause for machines', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    await expectOk(call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'ZD1', asOf: yesterday, lines: [{ sku: 'ZD-TEE', onHand: 299 }] } }))
    await expectOk(call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: 'ZD1', sku: 'ZD-TEE', min: 10, max: 200 }] } }))
    const overstock = async (lang: 'en' | null) => (await call('GET', '/v1/inventory/alerts?regionCode=ZD-E', { lang })).json.alerts.find((a: any) => a.kind === 'overstock')
    expect(await overstock(null)).toMatchObject({ cause: { rule: 'above_max', onHand: 299, max: 200 }, reason: '库存 299，高于上限 200' })
    expect(await overstock('en')).toMatchObject({ cause: { rule: 'above_max', onHand: 299, max: 200 }, reason: '299 on hand, above the maximum of 200' })
  })
})
