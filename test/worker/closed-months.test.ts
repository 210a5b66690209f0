// Targets of months that have ended: locked for managers (through the API and the sheet), changed
// by HQ only with a reason the audit keeps; and reports say which targets are drafts.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

// A year that has ended whatever day the tests run, and one that has not begun.
const PAST = 2025
const FUTURE = 2031
let manager: string

const months = (amounts: number[]) => Object.fromEntries(amounts.map((amount, i) => [`m${i + 1}`, amount]))
const twelve = (nov: number) => [...Array<number>(10).fill(0), nov, 0]

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'CM-E', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'CM1', name: '一店', regionCode: 'CM-E', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'CM-TEE', name: 'T恤' }] } }))
  manager = (await issueToken('manager', ['CM-E'])).token
  const secret = await posSource('cm-till')
  const sold = await sendWebhook('cm-till', secret, {
    type: 'sale.completed',
    data: { saleId: 'cm-nov', storeCode: 'CM1', occurredAt: `${PAST}-11-10T12:00:00+08:00`, lines: [{ sku: 'CM-TEE', qty: 1, unitPrice: 95_000 }] },
  })
  expect(sold.status).toBe(202)
  await drainSalesQueue()
})

const storeTargets = (rows: { month: number; amount: number }[], extra: Record<string, unknown> = {}, token?: string) =>
  call('PUT', '/v1/targets', { body: { year: PAST, level: 'store', rows: rows.map((r) => ({ code: 'CM1', ...r })), ...extra }, ...(token ? { token } : {}) })

const novemberRate = async () => (await call('GET', `/v1/achievement?year=${PAST}&month=11&level=store&regionCode=CM-E`)).json.rows[0].rate

describe('targets of months that have ended', () => {
  it('HQ sets an ended month only with a reason, and the audit keeps it', async () => {
    const bare = await storeTargets([{ month: 11, amount: 100_000 }])
    expect(bare.status).toBe(422)
    expect(bare.json.errors).toEqual([
      { path: 'rows.0.amount', message: `${PAST}-11 has ended: its target changes only through PUT /v1/targets with a reason, which the audit keeps`, code: 'month_closed' },
    ])
    await expectOk(storeTargets([{ month: 11, amount: 100_000 }], { reason: '历史目标补录' }))
    const audit = await call('GET', `/v1/audit?entity=target&key=sales/${PAST}/store/CM1`)
    expect(audit.json.entries[0].context).toMatchObject({ reason: '历史目标补录' })
    expect(await novemberRate()).toBe(0.95)
  })

  it('a manager cannot lower a closed month to lift its rate from 95.0% to 104.1%, with or without a reason; nothing is written', async () => {
    for (const extra of [{}, { reason: '调整' }]) {
      const lowered = await storeTargets([{ month: 11, amount: 91_250 }, { month: 12, amount: 1 }], extra, manager)
      expect(lowered.status).toBe(422)
      expect(lowered.json.errors).toEqual([
        { path: 'rows.0.amount', message: `${PAST}-11 has ended: its target is locked; HQ may change it with a reason`, code: 'month_closed' },
        { path: 'rows.1.amount', message: `${PAST}-12 has ended: its target is locked; HQ may change it with a reason`, code: 'month_closed' },
      ])
    }
    expect(await novemberRate()).toBe(0.95)
  })

  it('the same amounts sent again change nothing and pass', async () => {
    const again = await storeTargets([{ month: 11, amount: 100_000 }], {}, manager)
    expect(again.status, again.text).toBe(200)
    expect(again.json.updated).toBe(0)
  })

  it('a closed month is named beside the other faults of the edit', async () => {
    const res = await call('PUT', '/v1/targets', {
      token: manager,
      body: { year: PAST, level: 'store', rows: [{ code: 'CM1', month: 11, amount: 1 }, { code: 'NOPE', month: 11, amount: 1 }, { code: 'CM1', month: 13, amount: 1 }] },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => [e.path, e.code])).toEqual([
      ['rows.0.amount', 'month_closed'],
      ['rows.1.code', 'unknown_reference'],
      ['rows.2.month', 'too_big'],
    ])
  })

  it('a sheet push names the closed month’s cell; the unchanged months of the row pass', async () => {
    const push = (amounts: number[]) =>
      call('POST', '/v1/sheets/targets-store/sync', {
        token: manager,
        body: { spreadsheetId: 'cm-sheet', sheetName: '门店目标', params: { year: PAST, regionCode: 'CM-E' }, rows: [{ row: 3, values: { code: 'CM1', ...months(amounts) } }] },
      })
    const lowered = await push(twelve(91_250))
    expect(lowered.status).toBe(422)
    expect(lowered.json.errors).toEqual([expect.objectContaining({ row: 3, column: 'm11', code: 'month_closed' })])
    expect((await push(twelve(100_000))).status).toBe(200)
    expect(await novemberRate()).toBe(0.95)
  })

  it('saving a plan that changes ended months needs HQ’s reason too; nothing is written without one', async () => {
    const plan = { year: PAST, companyAmount: 1_200_000, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal', save: true }
    const res = await call('POST', '/v1/targets/plan', { body: plan })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'reason', code: 'month_closed' })])
    expect(res.json.errors[0].message).toContain(`${PAST}-01, ${PAST}-02`)
    expect(await novemberRate()).toBe(0.95)
  })

  it('months that have not ended stay open to managers', async () => {
    const res = await call('PUT', '/v1/targets', { token: manager, body: { year: FUTURE, level: 'store', rows: [{ code: 'CM1', month: 1, amount: 5000 }] } })
    expect(res.status, res.text).toBe(200)
  })
})

describe('region actions that rewrite months keep ended months too', () => {
  const region = (amount: number) => Array.from({ length: 12 }, (_, m) => ({ code: 'CM-R', month: m + 1, amount }))
  beforeAll(async () => {
    await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'CM-R', name: '华南区' }] } }))
    await expectOk(call('PUT', '/v1/targets', { body: { year: PAST, level: 'region', reason: '历史目标补录', rows: region(10_000) } }))
  })
  const action = (name: string, body: Record<string, unknown>, token?: string) => call('POST', `/v1/targets/${PAST}/regions/CM-R/${name}`, { body, ...(token ? { token } : {}) })
  const regionMonths = async () => (await call('GET', `/v1/targets?year=${PAST}&level=region&regionCode=CM-R`)).json.rows.map((r: any) => r.amount)

  it('a re-spread that changes ended months is refused to a manager and needs HQ’s reason', async () => {
    const manager = (await issueToken('manager', ['CM-R'])).token
    const refused = await action('respread', { throughMonth: 1 }, manager)
    expect(refused.status).toBe(422)
    expect(refused.json.errors).toEqual([expect.objectContaining({ path: 'reason', code: 'month_closed' })])
    expect((await action('respread', { throughMonth: 1, reason: '调整' }, manager)).status).toBe(422)
    expect((await action('respread', { throughMonth: 1 })).status).toBe(422)
    expect(await regionMonths()).toEqual(Array(12).fill(10_000))
  })

  it('accepting a contest rewrites the ended months only with HQ’s reason, which the audit keeps', async () => {
    const manager = (await issueToken('manager', ['CM-R'])).token
    await expectOk(action('contest', { proposedAmount: 60_000, reason: '市场下滑' }, manager))
    const bare = await action('accept-contest', {})
    expect(bare.status).toBe(422)
    expect(bare.json.errors[0]).toMatchObject({ path: 'reason', code: 'month_closed' })
    expect(await regionMonths()).toEqual(Array(12).fill(10_000))
    await expectOk(action('accept-contest', { reason: '总部同意下调' }))
    expect(await regionMonths()).toEqual(Array(12).fill(5000))
    const audit = await call('GET', `/v1/audit?entity=target&key=sales/${PAST}/region/CM-R`)
    expect(audit.json.entries[0].context).toMatchObject({ reason: '总部同意下调' })
  })
})

describe('reports mark draft targets', () => {
  it('the consolidated report says draft until HQ approves, then approved', async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { year: PAST, level: 'region', reason: '历史目标补录', rows: [{ code: 'CM-E', month: 11, amount: 100_000 }] } }))
    const status = async () => (await call('GET', `/v1/reports/consolidated?year=${PAST}&month=11&regionCode=CM-E&format=json`)).json.rows[0].targetStatus
    expect(await status()).toBe('draft')
    const page = async () => (await call('GET', `/v1/reports/consolidated?year=${PAST}&month=11&regionCode=CM-E&format=html`, { lang: null })).text
    expect(await page()).toMatch(/data-note="draft-targets"[^>]*>[^<]*CM-E（草稿）/)
    await expectOk(call('POST', `/v1/targets/${PAST}/regions/CM-E/submit`, { token: manager, body: {} }))
    expect(await status()).toBe('submitted')
    await expectOk(call('POST', `/v1/targets/${PAST}/regions/CM-E/approve`, { body: {} }))
    expect(await status()).toBe('approved')
    expect(await page()).not.toContain('data-note="draft-targets"')
  })
})
