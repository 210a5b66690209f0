// A region's targets through submit, approve (lock), reject, reopen, contest and re-spread.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

const YEAR = 2027
let manager: string
let viewer: string
let westManager: string

const action = (name: string, body: Record<string, unknown> = {}, token?: string, region = 'EAST') =>
  call('POST', `/v1/targets/${YEAR}/regions/${region}/${name}`, { body, ...(token === undefined ? {} : { token }) })

const status = async (region = 'EAST') =>
  (await call('GET', `/v1/targets?year=${YEAR}&regionCode=${region}`)).json.regions.find((r: any) => r.code === region)

const editStore = (code: string, month: number, amount: number, token?: string) =>
  call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code, month, amount }] }, ...(token === undefined ? {} : { token }) })

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'EAST', name: '华东区' }, { code: 'WEST', name: '西南区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'E1', name: '一店', regionCode: 'EAST', channel: 'direct' },
          { code: 'E2', name: '二店', regionCode: 'EAST', channel: 'direct' },
          { code: 'W1', name: '西店', regionCode: 'WEST', channel: 'direct' },
        ],
      },
    }),
  )
  manager = (await issueToken('manager', ['EAST'])).token
  viewer = (await issueToken('viewer', ['EAST'])).token
  westManager = (await issueToken('manager', ['WEST'])).token
})

beforeEach(async () => {
  // Every test starts from a fresh plan: 2,400 over two regions, 100 a month each, 50 a store.
  for (const region of ['EAST', 'WEST']) {
    const state = await status(region)
    if (state && state.status !== 'draft' && state.status !== 'rejected') await expectOk(action('reopen', { reason: 'test reset' }, undefined, region))
  }
  await expectOk(call('POST', '/v1/targets/plan', { body: { year: YEAR, companyAmount: 2400, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal', save: true } }))
})

describe('submit, approve, lock, reopen, reject', () => {
  it('walks the whole lifecycle with audit', async () => {
    const submitted = await action('submit', {}, manager)
    expect(submitted.status, submitted.text).toBe(200)
    expect(submitted.json).toMatchObject({ regionCode: 'EAST', status: 'submitted' })
    expect((await editStore('E1', 1, 1, manager)).status).toBe(423)

    expect((await action('approve', {}, manager)).status).toBe(403)
    const approved = await action('approve')
    expect(approved.json.status).toBe('approved')
    const locked = await editStore('E1', 1, 1)
    expect(locked.status).toBe(423)
    expect(locked.json.detail).toContain('EAST (approved)')
    expect((await call('PUT', '/v1/targets', { body: { year: YEAR, level: 'region', rows: [{ code: 'EAST', month: 1, amount: 1 }] } })).status).toBe(423)

    const noReason = await action('reopen', {})
    expect(noReason.status).toBe(422)
    expect(noReason.json.errors[0].path).toBe('reason')
    expect((await action('reopen', { reason: '门店调整' })).json).toMatchObject({ status: 'draft', reason: '门店调整' })
    expect((await editStore('E1', 1, 60, manager)).status).toBe(200)

    const audit = await call('GET', `/v1/audit?entity=target-region&key=sales/${YEAR}/EAST`)
    expect(audit.json.entries.map((e: any) => e.after.status).slice(0, 3)).toEqual(['draft', 'approved', 'submitted'])
  })

  it('refuses to submit while store sums miss the region target, naming each month', async () => {
    await expectOk(editStore('E1', 2, 70))
    await expectOk(editStore('E2', 5, 10))
    const res = await action('submit', {}, manager)
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => [e.path, e.code])).toEqual([
      ['months.2', 'store_sum_mismatch'],
      ['months.5', 'store_sum_mismatch'],
    ])
    expect(res.json.errors[0].message).toContain('difference 20')
    expect((await status()).status).toBe('draft')
  })

  it('a rejected draft goes back to draft when edited, and can be submitted again', async () => {
    await expectOk(action('submit', {}, manager))
    expect((await action('reject', {})).status).toBe(422)
    expect((await action('reject', { reason: '华东区目标偏低' })).json).toMatchObject({ status: 'rejected', reason: '华东区目标偏低' })
    expect(await status()).toMatchObject({ status: 'rejected', reason: '华东区目标偏低' })
    await expectOk(editStore('E1', 1, 50, manager))
    await expectOk(editStore('E1', 1, 50.01, manager))
    await expectOk(editStore('E2', 1, 49.99, manager))
    expect((await status()).status).toBe('draft')
    expect((await action('submit', {}, manager)).json.status).toBe('submitted')
  })

  it('refuses transitions the state does not allow', async () => {
    const res = await action('approve')
    expect(res.status).toBe(409)
    expect(res.json.detail).toContain('draft')
    expect((await action('reject', { reason: 'x' })).status).toBe(409)
  })

  it('checks roles and regions, and unknown regions', async () => {
    expect((await action('submit', {}, westManager)).status).toBe(403)
    expect((await action('submit', {}, viewer)).status).toBe(403)
    expect((await action('submit', {}, null as unknown as string)).status).toBe(401)
    for (const name of ['approve', 'reject', 'reopen', 'accept-contest', 'reject-contest']) {
      expect((await action(name, { reason: 'x' }, manager)).status, name).toBe(403)
    }
    expect((await action('submit', {}, undefined, 'NOWHERE')).status).toBe(404)
    expect((await call('POST', '/v1/targets/1999/regions/EAST/submit', { body: {} })).status).toBe(422)
    expect((await status()).status).toBe('draft')
  })
})

describe('contest', () => {
  it('a manager proposes, HQ accepts: the months keep their shape at the new annual', async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'region', rows: [{ code: 'EAST', month: 12, amount: 300 }] } }))
    // EAST: 11 × 100 + 300 = 1,400. The manager asks for 700: half of every month.
    const contest = await action('contest', { proposedAmount: 700, reason: '新店延期开业' }, manager)
    expect(contest.status, contest.text).toBe(200)
    expect(contest.json.contest).toEqual({ proposedAmount: 700, reason: '新店延期开业', status: 'pending' })
    expect((await status()).contest).toMatchObject({ proposedAmount: 700, status: 'pending' })

    const accepted = await action('accept-contest', { reason: '同意' })
    expect(accepted.json.contest.status).toBe('accepted')
    const rows = (await call('GET', `/v1/targets?year=${YEAR}&regionCode=EAST&level=region`)).json.rows
    expect(rows.map((r: any) => r.amount)).toEqual([50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 150])
    const company = (await call('GET', `/v1/targets?year=${YEAR}`)).json.company
    expect(company).toEqual({ amount: 2400, regionSum: 1900, gap: -500 })
    expect((await action('accept-contest', {})).status).toBe(409)
  })

  it('HQ rejects with a reason; the target stays', async () => {
    await expectOk(action('contest', { proposedAmount: 1, reason: '太高' }, manager))
    expect((await action('reject-contest', {})).status).toBe(422)
    const res = await action('reject-contest', { reason: '全年目标不变' })
    expect(res.json.contest.status).toBe('rejected')
    expect((await status()).annual).toBe(1200)
  })

  it('needs an amount and a reason, the manager of the region, and an unlocked region', async () => {
    const bad = await action('contest', { proposedAmount: -1 }, manager)
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['proposedAmount', 'reason'])
    expect((await action('contest', { proposedAmount: 1, reason: 'x' }, westManager)).status).toBe(403)
    expect((await action('contest', { proposedAmount: 1, reason: 'x' }, viewer)).status).toBe(403)
    await expectOk(action('submit', {}, manager))
    await expectOk(action('approve'))
    expect((await action('contest', { proposedAmount: 1, reason: 'x' }, manager)).status).toBe(423)
  })
})

describe('re-spread', () => {
  it('spreads the remaining annual over the later months in their proportions; stores keep their share', async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'region', rows: [{ code: 'EAST', month: 12, amount: 400 }] } }))
    await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code: 'E1', month: 12, amount: 300 }, { code: 'E2', month: 12, amount: 100 }] } }))
    // Annual 1,500 and no sales yet: annual − actual = 1,500 goes over Jul–Dec by their shares
    // 1:1:1:1:1:4. Every remainder ties, so the larger weight (Dec), then the earlier months, get the fen.
    const res = await action('respread', { throughMonth: 6 }, manager)
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ actualThrough: 0, remaining: 1500 })
    expect(res.json.months).toEqual([100, 100, 100, 100, 100, 100, 166.67, 166.67, 166.67, 166.66, 166.66, 666.67])
    const stores = (await call('GET', `/v1/targets?year=${YEAR}&regionCode=EAST&level=store`)).json.rows
    const dec = stores.filter((r: any) => r.month === 12).map((r: any) => r.amount)
    expect(dec).toEqual([500, 166.67]) // 3 : 1 of 666.67
    expect(res.json.warnings).toEqual([])
  })

  it('refuses a month outside 1..11, locked targets and other regions', async () => {
    expect((await action('respread', { throughMonth: 12 }, manager)).status).toBe(422)
    expect((await action('respread', { throughMonth: 3 }, westManager)).status).toBe(403)
    await expectOk(action('submit', {}, manager))
    expect((await action('respread', { throughMonth: 3 }, manager)).status).toBe(423)
  })
})
