// Achievement and the sales summary on a small fixture whose every figure is worked out by hand.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

let manager: string
let viewer: string

async function sell(saleId: string, storeCode: string, day: string, amount: number) {
  const res = await sendWebhook('ac-till', secret, {
    type: 'sale.completed',
    data: { saleId, storeCode, occurredAt: `${day}T12:00:00+08:00`, lines: [{ sku: 'TEE', qty: 1, unitPrice: amount }] },
  })
  expect(res.status).toBe(202)
}
let secret: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'AC-E', name: '华东区' }, { code: 'AC-W', name: '西南区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'E1', name: '一店', regionCode: 'AC-E', channel: 'direct' },
          { code: 'E2', name: '二店', regionCode: 'AC-E', channel: 'direct' },
          { code: 'W1', name: '西店', regionCode: 'AC-W', channel: 'direct' },
        ],
      },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'TEE', name: 'T恤' }] } }))
  await expectOk(
    call('PUT', '/v1/targets', {
      body: { year: 2027, level: 'store', rows: [{ code: 'E1', month: 3, amount: 3100 }, { code: 'E1', month: 4, amount: 3000 }, { code: 'W1', month: 3, amount: 1000 }] },
    }),
  )
  await expectOk(call('PUT', '/v1/targets', { body: { year: 2027, level: 'region', rows: [{ code: 'AC-E', month: 3, amount: 3100 }] } }))
  secret = await posSource('ac-till')
  await sell('e1-a', 'E1', '2027-03-02', 1000)
  await sell('e1-b', 'E1', '2027-03-05', 500)
  await sell('e1-c', 'E1', '2027-03-30', 350)
  await sell('e1-ly1', 'E1', '2026-03-03', 750)
  await sell('e1-ly2', 'E1', '2026-03-20', 2250)
  await sell('e2-a', 'E2', '2027-03-04', 200)
  await sell('w1-a', 'W1', '2027-03-09', 400)
  await drainSalesQueue()
  manager = (await issueToken('manager', ['AC-E'])).token
  viewer = (await issueToken('viewer', ['AC-E'])).token
})

const rowsOf = async (query: string, token?: string) => {
  const res = await call('GET', `/v1/achievement?${query}`, token === undefined ? {} : { token })
  expect(res.status, res.text).toBe(200)
  return Object.fromEntries(res.json.rows.map((r: any) => [r.code, r]))
}

describe('GET /v1/achievement', () => {
  it('a month as of its 10th, per store', async () => {
    const rows = await rowsOf('year=2027&month=3&level=store&asOf=2027-03-10')
    // E1: 1,500 of 3,100; last year 750 by the 10th of 3,000 in March → forecast 1,500 × 3,000 / 750.
    // Time progress: 10 of 31 days (last year sold on two March days only: too few for a curve), so
    // 1,000 of E1's 3,100 is due: 150% of it, ahead.
    const toDate = { timeProgress: 0.3226, timeProgressBasis: 'days' }
    expect(rows.E1).toEqual({ code: 'E1', regionCode: 'AC-E', target: 3100, actual: 1500, rate: 0.4839, gap: 1600, yoy: 1, forecast: 6000, ...toDate, targetToDate: 1000, rateToDate: 1.5, pace: 'ahead' })
    // E2: no target → rate null; no last year → run rate 200 / 10 days × 31.
    expect(rows.E2).toEqual({ code: 'E2', regionCode: 'AC-E', target: 0, actual: 200, rate: null, gap: -200, yoy: null, forecast: 620, ...toDate, targetToDate: 0, rateToDate: null, pace: null })
    // W1: 1,000 × 10/31 = 322.58 due; 400 is 124%.
    expect(rows.W1).toEqual({ code: 'W1', regionCode: 'AC-W', target: 1000, actual: 400, rate: 0.4, gap: 600, yoy: null, forecast: 1240, ...toDate, targetToDate: 322.58, rateToDate: 1.24, pace: 'ahead' })
  })

  it('a month per region, against the region target', async () => {
    const rows = await rowsOf('year=2027&month=3&level=region&asOf=2027-03-10')
    expect(rows['AC-E']).toEqual({
      code: 'AC-E',
      regionCode: 'AC-E',
      target: 3100,
      actual: 1700,
      rate: 0.5484,
      gap: 1400,
      yoy: 1.2667,
      forecast: 6800,
      targetToDate: 1000,
      rateToDate: 1.7,
      timeProgress: 0.3226,
      timeProgressBasis: 'days',
      pace: 'ahead',
    })
    expect(rows['AC-W']).toMatchObject({ target: 0, actual: 400, rate: null })
  })

  it('an ISO week across two months takes its days of each month’s target', async () => {
    // 2027-W13 is Mon 29 March … Sun 4 April: 3100 × 3/31 + 3000 × 4/30 = 300 + 400.
    const res = await call('GET', '/v1/achievement?year=2027&week=13&level=store&asOf=2027-04-10')
    expect(res.json.period).toEqual({ from: '2027-03-29', to: '2027-04-04', through: '2027-04-04', timeProgress: 1, timeProgressBasis: 'days' })
    const e1 = res.json.rows.find((r: any) => r.code === 'E1')
    expect(e1).toMatchObject({ target: 700, actual: 350, rate: 0.5, gap: 350, forecast: 350, targetToDate: 700, rateToDate: 0.5, timeProgress: 1, pace: 'behind' })
  })

  it('mid-week, the week’s days that have passed are due: Thursday 1 April is March’s three days and one of April’s', async () => {
    // 3,100 × 3/31 + 3,000 × 1/30 = 300 + 100 due; E1 sold 350 on 30 March: 87.5%, behind.
    const res = await call('GET', '/v1/achievement?year=2027&week=13&level=store&asOf=2027-04-01')
    expect(res.json.period).toEqual({ from: '2027-03-29', to: '2027-04-04', through: '2027-04-01', timeProgress: 0.5714, timeProgressBasis: 'days' })
    expect(res.json.rows.find((r: any) => r.code === 'E1')).toMatchObject({ target: 700, actual: 350, rate: 0.5, targetToDate: 400, rateToDate: 0.875, pace: 'behind' })
  })

  it('a month not begun has no rate, nothing due and no pace', async () => {
    const rows = await rowsOf('year=2027&month=4&level=store&asOf=2027-03-10')
    expect(rows.E1).toMatchObject({ target: 3000, actual: 0, rate: null, targetToDate: 0, rateToDate: null, timeProgress: 0, pace: null, forecast: null })
  })

  it('the year to date is measured against the target of the elapsed days', async () => {
    // Through 10 March: January and February have no target, March 3,100 × 10/31 = 1,000.
    const rows = await rowsOf('year=2027&level=store&asOf=2027-03-10')
    expect(rows.E1).toMatchObject({ target: 1000, actual: 1500, rate: 1.5, gap: -500, yoy: 1, targetToDate: 1000, rateToDate: 1.5, timeProgress: 0.189 })
  })

  it('a manager and a viewer see their regions only', async () => {
    for (const token of [manager, viewer]) {
      const rows = await rowsOf('year=2027&month=3&asOf=2027-03-10', token)
      expect(Object.keys(rows)).toEqual(['E1', 'E2'])
      expect((await call('GET', '/v1/achievement?year=2027&month=3&regionCode=AC-W', { token })).status).toBe(403)
    }
    expect((await call('GET', '/v1/achievement?year=2027', { token: null })).status).toBe(401)
  })

  it('refuses a month and a week together, a week the year does not have, and bad values', async () => {
    expect((await call('GET', '/v1/achievement?year=2027&month=3&week=10')).status).toBe(422)
    expect((await call('GET', '/v1/achievement?year=2027&week=53')).json.errors[0].message).toContain('52 ISO weeks')
    const bad = await call('GET', '/v1/achievement?year=20x7&month=13&level=country')
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['level', 'month', 'year'])
  })
})

describe('GET /v1/sales/summary', () => {
  it('groups net sales by store, region, day, month and SKU', async () => {
    const get = async (groupBy: string) => (await call('GET', `/v1/sales/summary?from=2027-03-01&to=2027-03-31&groupBy=${groupBy}`)).json.rows
    expect(await get('store')).toEqual([
      { key: 'E1', amount: 1850, qty: 3, sales: 3 },
      { key: 'E2', amount: 200, qty: 1, sales: 1 },
      { key: 'W1', amount: 400, qty: 1, sales: 1 },
    ])
    expect(await get('region')).toEqual([
      { key: 'AC-E', amount: 2050, qty: 4, sales: 4 },
      { key: 'AC-W', amount: 400, qty: 1, sales: 1 },
    ])
    expect(await get('month')).toEqual([{ key: '2027-03', amount: 2450, qty: 5, sales: 5 }])
    expect(await get('sku')).toEqual([{ key: 'TEE', amount: 2450, qty: 5, sales: 5 }])
    expect((await get('day')).map((r: any) => r.key)).toEqual(['2027-03-02', '2027-03-04', '2027-03-05', '2027-03-09', '2027-03-30'])
  })

  it('is limited to the caller’s regions, including by store', async () => {
    const rows = (await call('GET', '/v1/sales/summary?from=2027-03-01&to=2027-03-31&groupBy=region', { token: manager })).json.rows
    expect(rows.map((r: any) => r.key)).toEqual(['AC-E'])
    expect((await call('GET', '/v1/sales/summary?from=2027-03-01&to=2027-03-31&storeCode=W1', { token: manager })).status).toBe(403)
    expect((await call('GET', '/v1/sales/summary?from=2027-03-01&to=2027-03-31&regionCode=AC-W', { token: viewer })).status).toBe(403)
    expect((await call('GET', '/v1/sales/summary?from=2027-03-01&to=2027-03-31&storeCode=NOPE')).status).toBe(404)
  })

  it('refuses a range that ends before it starts, and bad dates', async () => {
    expect((await call('GET', '/v1/sales/summary?from=2027-03-31&to=2027-03-01')).json.errors[0].path).toBe('to')
    expect((await call('GET', '/v1/sales/summary?from=2027-02-30&to=x&groupBy=week')).json.errors.map((e: any) => e.path).sort()).toEqual(['from', 'groupBy', 'to'])
  })
})
