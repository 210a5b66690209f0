// The audit trail over HTTP: admin only, filtered by entity and key, newest first, paged.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, issueToken } from './helpers'

beforeAll(async () => {
  for (const name of ['一', '二', '三']) {
    await call('PUT', '/v1/regions', { body: { regions: [{ code: 'AUD-R', name: `区域${name}` }] } })
  }
})

describe('GET /v1/audit', () => {
  it('filters by entity and key, newest first, with before and after', async () => {
    const res = await call('GET', '/v1/audit?entity=region&key=AUD-R')
    expect(res.status).toBe(200)
    expect(res.json.entries.map((e: any) => e.after.name)).toEqual(['区域三', '区域二', '区域一'])
    expect(res.json.entries[0]).toMatchObject({
      entity: 'region',
      key: 'AUD-R',
      via: 'api',
      actor: 'admin-token',
      before: { code: 'AUD-R', name: '区域二', managerEmail: null },
      after: { code: 'AUD-R', name: '区域三', managerEmail: null },
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    })
  })

  it('pages with limit and nextBefore', async () => {
    const first = await call('GET', '/v1/audit?entity=region&key=AUD-R&limit=2')
    expect(first.json.entries).toHaveLength(2)
    expect(first.json.nextBefore).toBe(first.json.entries[1].id)
    const second = await call('GET', `/v1/audit?entity=region&key=AUD-R&limit=2&before=${first.json.nextBefore}`)
    expect(second.json.entries.map((e: any) => e.after.name)).toEqual(['区域一'])
    expect(second.json.nextBefore).toBeNull()
  })

  it('refuses a bad limit with 422', async () => {
    const res = await call('GET', '/v1/audit?limit=0')
    expect(res.status).toBe(422)
    expect(res.json.errors[0].path).toBe('limit')
  })

  it('is for HQ only', async () => {
    const manager = await issueToken('manager', ['AUD-R'])
    const viewer = await issueToken('viewer', ['AUD-R'])
    expect((await call('GET', '/v1/audit', { token: manager.token })).status).toBe(403)
    expect((await call('GET', '/v1/audit', { token: viewer.token })).status).toBe(403)
    expect((await call('GET', '/v1/audit', { token: null })).status).toBe(401)
  })
})

describe('an update audits what it replaced, never `before: null`', () => {
  it('a budget control set twice, and a plan saved twice', async () => {
    await call('PUT', '/v1/regions', { body: { regions: [{ code: 'AUD-B', name: '华东区' }] } })
    await call('PUT', '/v1/stores', { body: { stores: [{ code: 'AUD-B-1', name: '一店', regionCode: 'AUD-B', channel: 'direct', tier: 'A' }] } })
    const control = (monthly: string) => call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'AUD-B', monthly, annual: 'warn' }] } })
    expect((await control('stop')).status).toBe(200)
    expect((await control('ignore')).status).toBe(200)
    const controls = (await call('GET', '/v1/audit?entity=budget-control&key=AUD-B//')).json.entries
    expect(controls.map((e: any) => [e.before, e.after])).toEqual([
      [{ monthly: 'stop', annual: 'warn' }, { monthly: 'ignore', annual: 'warn' }],
      [null, { monthly: 'stop', annual: 'warn' }],
    ])

    const plan = (companyAmount: number) =>
      call('POST', '/v1/targets/plan', { body: { year: 2031, companyAmount, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'tier', save: true } })
    expect((await plan(1200)).status).toBe(200)
    expect((await plan(2400)).status).toBe(200)
    const company = (await call('GET', '/v1/audit?entity=company-target&key=sales/2031')).json.entries
    expect(company.map((e: any) => [e.before, e.after])).toEqual([
      [1200, 2400],
      [null, 1200],
    ])
  })
})
