// The store P&L and the scorecard through the API, for a small company fixed by hand: a cost that
// changes mid-month, a SKU sold without a known cost, a regional rent allocated by sales share, a
// franchise store, a store that opened mid-quarter. The figures are the pure rules' (src/pnl), read
// from the ledger and the master data as they are stored.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const Y = 2025
let till = ''
let n = 0

async function sell(storeCode: string, day: string, sku: string, qty: number, unitPrice: number) {
  const res = await sendWebhook('pn-till', till, { type: 'sale.completed', data: { saleId: `pn-${++n}`, storeCode, occurredAt: `${day}T12:00:00+08:00`, lines: [{ sku, qty, unitPrice }] } })
  expect(res.status).toBe(202)
}

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'PN-E', name: '华东区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'PN-E1', name: '南京路店', regionCode: 'PN-E', channel: 'direct', managerName: '王芳', openedOn: '2020-01-01' },
          { code: 'PN-E2', name: '徐家汇店', regionCode: 'PN-E', channel: 'direct', managerName: '李强', openedOn: `${Y}-02-16` },
          { code: 'PN-E3', name: '加盟一店', regionCode: 'PN-E', channel: 'franchise', openedOn: '2020-01-01' },
        ],
      },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'PN-TEE', name: 'T恤', listPrice: 100, costPrice: 40, costEffectiveFrom: `${Y}-01-01` }, { sku: 'PN-BAG', name: '托特包', listPrice: 80 }] } }))
  // The cost goes up on the 16th: a sale on the 20th is costed at 45.
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'PN-TEE', name: 'T恤', listPrice: 100, costPrice: 45, costEffectiveFrom: `${Y}-03-16` }] } }))
  till = await posSource('pn-till')
  await sell('PN-E1', `${Y}-03-10`, 'PN-TEE', 2, 100)
  await sell('PN-E1', `${Y}-03-20`, 'PN-TEE', 1, 100)
  await sell('PN-E2', `${Y}-03-05`, 'PN-TEE', 1, 120)
  await sell('PN-E2', `${Y}-03-07`, 'PN-BAG', 1, 50)
  await sell('PN-E3', `${Y}-03-12`, 'PN-TEE', 1, 100)
  await drainSalesQueue()
  const expense = (expenseId: string, storeCode: string | undefined, amount: number) =>
    call('POST', '/v1/expenses', { body: { expenseId, regionCode: 'PN-E', ...(storeCode ? { storeCode } : {}), department: 'operations', category: 'rent', incurredOn: `${Y}-03-01`, amount, description: '三月房租' } })
  await expectOk(expense('PN-RENT-E1', 'PN-E1', 30))
  await expectOk(expense('PN-RENT-REGION', undefined, 100))
  await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'store', reason: '补录历史目标', rows: [{ code: 'PN-E1', month: 3, amount: 250 }, { code: 'PN-E2', month: 3, amount: 200 }] } }))
})

const report = async (path: string) => {
  const res = await call('GET', path)
  expect(res.status, res.text).toBe(200)
  return res.json.rows as Record<string, unknown>[]
}

describe('the store P&L of a month', () => {
  it('costs each sale at its day’s cost, allocates the regional rent by sales share to the fen, and shows unknown as unknown', async () => {
    const rows = await report(`/v1/reports/pnl?year=${Y}&month=3&regionCode=PN-E&asOf=${Y}-04-01`)
    const store = (code: string) => rows.find((r) => r.storeCode === code)!
    // E1: 2 × 40 on the 10th and 1 × 45 on the 20th; its own rent 30 and 300/470 of the region's 100.
    expect(store('PN-E1')).toMatchObject({ netSales: 300, cogs: 125, grossProfit: 175, grossMargin: 0.5833, storeExpenses: 30, allocatedExpenses: 63.83, contribution: 81.17 })
    // E2 sold a bag no cost price was ever entered for: its cost of goods is unknown, not 40.
    expect(store('PN-E2')).toMatchObject({ netSales: 170, cogs: null, grossProfit: null, allocatedExpenses: 36.17, contribution: null, unknownCostSales: 50 })
    // A franchise shows sales and gross profit; its own costs are its owner's.
    expect(store('PN-E3')).toMatchObject({ channel: 'franchise', netSales: 100, grossProfit: 60, storeExpenses: null, allocatedExpenses: null, contribution: null })
    const region = rows.find((r) => r.level === 'region')!
    expect(region).toMatchObject({ netSales: 570, cogs: null, grossProfit: null, contribution: null, unknownCostSales: 50 })
    expect(Number(store('PN-E1').allocatedExpenses) + Number(store('PN-E2').allocatedExpenses)).toBeCloseTo(100, 10)
  })

  it('reads 未知 on the page and in CSV keeps the machine’s empty cell', async () => {
    const page = await call('GET', `/v1/reports/pnl?year=${Y}&month=3&regionCode=PN-E&asOf=${Y}-04-01&format=html`, { lang: null })
    expect(page.text).toContain('未知')
    expect(page.text).toContain('门店损益')
    const csv = await call('GET', `/v1/reports/pnl?year=${Y}&month=3&regionCode=PN-E&asOf=${Y}-04-01&format=csv`)
    expect(csv.text.split('\r\n')[0]).toContain('netSales,cogs,grossProfit,grossMargin,storeExpenses,allocatedExpenses,contribution,contributionMargin')
  })

  it('without allocation the regional rent stays at the region', async () => {
    const rows = await report(`/v1/reports/pnl?year=${Y}&month=3&regionCode=PN-E&asOf=${Y}-04-01&allocation=none`)
    expect(rows.find((r) => r.storeCode === 'PN-E1')).toMatchObject({ allocatedExpenses: 0, contribution: 145 })
  })
})

describe('the quarterly scorecard', () => {
  it('scores and ranks the stores of the quarter, a store opened mid-quarter over its own days', async () => {
    const rows = await report(`/v1/reports/scorecard?year=${Y}&quarter=1&regionCode=PN-E&asOf=${Y}-04-01`)
    const store = (code: string) => rows.find((r) => r.storeCode === code)!
    expect(store('PN-E1')).toMatchObject({ manager: '王芳', salesAchievement: 1.2, grossMargin: 0.5833, regionRank: 1 })
    expect(store('PN-E2')).toMatchObject({ manager: '李强', salesAchievement: 0.85, grossMargin: null })
    // E1 traded all 90 days and sold on 2; E2 from 16 February, 44 days, sold on 2.
    expect([store('PN-E1').daysWithoutPos, store('PN-E2').daysWithoutPos]).toEqual([88, 42])
  })

  it('follows the weights HQ sets, and refuses a set that does not sum to 100', async () => {
    const refused = await call('PUT', '/v1/scorecard/weights', { body: { weights: { sales: 50, collection: 10, grossMargin: 10, violations: 10, stockAlerts: 5, reporting: 5 } } })
    expect(refused.status).toBe(422)
    const before = await report(`/v1/reports/scorecard?year=${Y}&quarter=1&regionCode=PN-E&asOf=${Y}-04-01`)
    await expectOk(call('PUT', '/v1/scorecard/weights', { body: { weights: { sales: 100, collection: 0, grossMargin: 0, violations: 0, stockAlerts: 0, reporting: 0 } } }))
    const after = await report(`/v1/reports/scorecard?year=${Y}&quarter=1&regionCode=PN-E&asOf=${Y}-04-01`)
    const total = (rows: Record<string, unknown>[], code: string) => rows.find((r) => r.storeCode === code)!.total
    expect(total(after, 'PN-E1')).not.toBe(total(before, 'PN-E1'))
    expect(total(after, 'PN-E1')).toBe(after.find((r) => r.storeCode === 'PN-E1')!.salesScore)
  })
})

describe('the year-end review', () => {
  it('ranks the year’s stores by their quarters’ average and nominates the first places as 优秀店长 candidates', async () => {
    // Weights that score every quarter (sales alone would leave the quarters without targets unscored).
    await expectOk(call('PUT', '/v1/scorecard/weights', { body: { weights: { sales: 40, collection: 15, grossMargin: 20, violations: 10, stockAlerts: 5, reporting: 10 } } }))
    const rows = await report(`/v1/reports/scorecard?year=${Y}&regionCode=PN-E&asOf=${Y + 1}-01-10`)
    expect(rows.map((r) => r.rank)).toEqual([...rows.map((r) => r.rank)].sort((a, b) => Number(a) - Number(b)))
    const first = rows[0]!
    expect(first).toMatchObject({ candidate: true, storeCode: 'PN-E1', manager: '王芳' })
    // Its average is over the quarters it was scored in, each shown beside it.
    const quarters = ['q1', 'q2', 'q3', 'q4'].map((q) => first[q]).filter((t) => t !== null) as number[]
    expect(quarters.length).toBe(4)
    expect(first.average).toBeCloseTo(quarters.reduce((a, b) => a + b, 0) / quarters.length, 1)
    const page = await call('GET', `/v1/reports/scorecard?year=${Y}&regionCode=PN-E&asOf=${Y + 1}-01-10&format=html`, { lang: null })
    expect(page.text).toContain('年终评优')
    expect(page.text).toContain('优秀店长候选')
  })
})

describe('what a tester tried', () => {
  it('a running month counts through the as-of day, and so does its scorecard', async () => {
    const rows = await report(`/v1/reports/pnl?year=${Y}&month=3&regionCode=PN-E&asOf=${Y}-03-15`)
    expect(rows.find((r) => r.storeCode === 'PN-E1')).toMatchObject({ netSales: 200, cogs: 80 })
    const card = await report(`/v1/reports/scorecard?year=${Y}&quarter=1&regionCode=PN-E&asOf=${Y}-03-15`)
    // 1 January to 14 March is over (73 days): the 15th is still running and is not a day without data.
    expect(card.find((r) => r.storeCode === 'PN-E1')!.daysWithoutPos).toBe(72)
  })

  it('an expense booked to a store with no row that month stays with its region; an absurd cost price makes cost unknown, not a failed report', async () => {
    await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'PN-W', name: '西南区' }] } }))
    await expectOk(
      call('PUT', '/v1/stores', {
        body: { stores: [{ code: 'PN-W1', name: '春熙路店', regionCode: 'PN-W', channel: 'direct', openedOn: '2020-01-01' }, { code: 'PN-W2', name: '已关店', regionCode: 'PN-W', channel: 'direct', openedOn: '2020-01-01', closedOn: `${Y}-02-28` }] },
      }),
    )
    await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'PN-GOLD', name: '金条', listPrice: 100, costPrice: 9_999_999_999_999, costEffectiveFrom: `${Y}-01-01` }] } }))
    await sell('PN-W1', `${Y}-03-03`, 'PN-GOLD', 1000, 100)
    await drainSalesQueue()
    await expectOk(call('POST', '/v1/expenses', { body: { expenseId: 'PN-W2-RENT', regionCode: 'PN-W', storeCode: 'PN-W2', department: 'operations', category: 'rent', incurredOn: `${Y}-03-02`, amount: 10, description: '关店后房租' } }))
    const rows = await report(`/v1/reports/pnl?year=${Y}&month=3&regionCode=PN-W&asOf=${Y}-04-01`)
    expect(rows.find((r) => r.storeCode === 'PN-W1')).toMatchObject({ netSales: 100_000, cogs: null, allocatedExpenses: 10 })
    expect(rows.find((r) => r.storeCode === 'PN-W2')).toBeUndefined()
  })
})
