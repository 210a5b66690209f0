// Reports by URL on a small fixture whose every figure is worked out by hand: consolidated,
// stores, violations, the weekly pack and completeness; report links with scoping, expiry and
// revocation; CSV neutralisation and HTML escaping.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

let secret: string
let manager: { id: string; token: string }
let viewer: string
let westManager: string

async function sell(saleId: string, storeCode: string, day: string, unitPrice: number) {
  const res = await sendWebhook('rp-till', secret, {
    type: 'sale.completed',
    data: { saleId, storeCode, occurredAt: `${day}T12:00:00+08:00`, lines: [{ sku: 'TEE', qty: 1, unitPrice }] },
  })
  expect(res.status, res.text).toBe(202)
}

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'RP-E', name: '华东区' }, { code: 'RP-W', name: '=HYPERLINK("http://evil.example","西南")' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'RP-D1', name: '上海恒通', regionCode: 'RP-E' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'E1', name: '南京路店', regionCode: 'RP-E', channel: 'direct' },
          { code: 'E2', name: '<script>alert(1)</script>', regionCode: 'RP-E', channel: 'direct' },
          { code: 'E3', name: '新街口店', regionCode: 'RP-E', channel: 'direct', openedOn: '2026-03-07' },
          { code: 'W1', name: '春熙路店', regionCode: 'RP-W', channel: 'direct' },
        ],
      },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'TEE', name: 'T恤', floorPrice: 50 }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: 2026, level: 'region', rows: [{ code: 'RP-E', month: 2, amount: 1000 }, { code: 'RP-E', month: 3, amount: 3100 }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: 2026, level: 'region', metric: 'collection', rows: [{ code: 'RP-E', month: 3, amount: 2000 }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: 2026, level: 'store', rows: [{ code: 'E1', month: 3, amount: 2000 }, { code: 'E2', month: 3, amount: 1000 }] } }))
  await expectOk(call('POST', '/v1/payments', { body: { payments: [{ paymentId: 'RP-P1', dealerCode: 'RP-D1', receivedOn: '2026-03-05', amount: 1200 }, { paymentId: 'RP-P2', dealerCode: 'RP-D1', receivedOn: '2026-03-11', amount: 500 }] } }))
  await expectOk(call('PUT', '/v1/budgets', { body: { year: 2026, rows: [{ regionCode: 'RP-E', department: 'sales', category: 'travel', month: 3, amount: 5000 }] } }))
  await expectOk(call('POST', '/v1/expenses', { body: { expenseId: 'RP-X1', regionCode: 'RP-E', department: 'sales', category: 'travel', incurredOn: '2026-03-03', amount: 1500, description: '出差' } }))
  await expectOk(call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'E1', asOf: '2026-03-01', lines: [{ sku: 'TEE', onHand: 3 }] } }))
  await expectOk(call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: 'E1', sku: 'TEE', min: 5, max: 20 }] } }))
  secret = await posSource('rp-till')
  await sell('e1-feb', 'E1', '2026-02-10', 800)
  await sell('e1-a', 'E1', '2026-03-02', 1000)
  await sell('e1-b', 'E1', '2026-03-05', 500)
  await sell('e1-after', 'E1', '2026-03-12', 300)
  await sell('e1-ly-feb', 'E1', '2025-02-15', 400)
  await sell('e1-ly1', 'E1', '2025-03-03', 750)
  await sell('e1-ly2', 'E1', '2025-03-20', 2250)
  await sell('e2-a', 'E2', '2026-03-04', 200)
  await sell('e2-cheap', 'E2', '2026-03-06', 10)
  await sell('w1-a', 'W1', '2026-03-09', 400)
  await drainSalesQueue()
  manager = await issueToken('manager', ['RP-E'])
  viewer = (await issueToken('viewer', ['RP-E'])).token
  westManager = (await issueToken('manager', ['RP-W'])).token
})

const report = async (name: string, query: string, token?: string) => {
  const res = await call('GET', `/v1/reports/${name}?${query}`, token === undefined ? {} : { token })
  expect(res.status, res.text).toBe(200)
  return res.json as { columns: { key: string }[]; rows: Record<string, unknown>[] }
}

describe('consolidated', () => {
  it('region × month, the running month to the as-of day', async () => {
    const { rows } = await report('consolidated', 'year=2026&asOf=2026-03-10')
    expect(rows).toHaveLength(24)
    const east = Object.fromEntries(rows.filter((r) => r.regionCode === 'RP-E').map((r) => [r.month, r]))
    const empty = { collectionTarget: 0, collected: 0, budget: 0, expenses: 0, openViolations: 0 }
    const ended = { timeProgress: 1, targetStatus: 'draft' }
    expect(east['2026-01']).toEqual({
      regionCode: 'RP-E',
      regionName: '华东区',
      month: '2026-01',
      target: 0,
      actual: 0,
      rate: null,
      gap: 0,
      yoy: null,
      forecast: 0,
      ...empty,
      ...ended,
      targetToDate: 0,
      rateToDate: null,
      pace: null,
    })
    // February is over: 800 of 1,000, all of it due; last February 400 → YoY +100%; the forecast is the actual.
    expect(east['2026-02']).toMatchObject({ target: 1000, actual: 800, rate: 0.8, gap: 200, yoy: 1, forecast: 800, ...empty, ...ended, targetToDate: 1000, rateToDate: 0.8, pace: 'behind' })
    // March through the 10th: 1,000 + 500 (E1) + 200 + 10 (E2) = 1,710; the sale of the 12th is not yet counted.
    // Last March 750 by the 10th of 3,000 → YoY 1,710 / 750 − 1 = 1.28, forecast 1,710 × 3,000 / 750 = 6,840.
    // Collected 1,200 (the payment of the 11th comes later), expenses 1,500 of a 5,000 budget, one sale below the floor.
    expect(east['2026-03']).toEqual({
      regionCode: 'RP-E',
      regionName: '华东区',
      month: '2026-03',
      target: 3100,
      actual: 1710,
      rate: 0.5516,
      gap: 1390,
      yoy: 1.28,
      forecast: 6840,
      collectionTarget: 2000,
      collected: 1200,
      budget: 5000,
      expenses: 1500,
      openViolations: 1,
      // 10 of 31 days have passed: 1,000 of the 3,100 is due, and 1,710 is 171% of it.
      targetToDate: 1000,
      rateToDate: 1.71,
      timeProgress: 0.3226,
      pace: 'ahead',
      targetStatus: 'draft',
    })
    // April has not begun: no rate, YoY or forecast yet, and nothing due.
    expect(east['2026-04']).toMatchObject({ actual: 0, rate: null, yoy: null, forecast: null, targetToDate: 0, rateToDate: null, timeProgress: 0, pace: null })
    const ahead = await report('consolidated', 'year=2026&month=2&asOf=2026-01-15')
    expect(ahead.rows.find((r) => r.regionCode === 'RP-E')).toMatchObject({ target: 1000, actual: 0, rate: null, gap: 1000 })
    // The west has no target: a run rate forecast of 400 / 10 days × 31.
    expect(rows.find((r) => r.regionCode === 'RP-W' && r.month === '2026-03')).toMatchObject({ target: 0, actual: 400, rate: null, forecast: 1240 })
  })

  it('after the month: the whole month from the monthly rollup', async () => {
    const { rows } = await report('consolidated', 'year=2026&month=3&asOf=2026-04-02')
    expect(rows.find((r) => r.regionCode === 'RP-E')).toMatchObject({ month: '2026-03', actual: 2010, yoy: -0.33, forecast: 2010, collected: 1700 })
  })

  it('a manager sees its regions only; another region is 403; no token is 401', async () => {
    const { rows } = await report('consolidated', 'year=2026&month=3&asOf=2026-03-10', manager.token)
    expect(rows.map((r) => r.regionCode)).toEqual(['RP-E'])
    expect((await call('GET', '/v1/reports/consolidated?year=2026&regionCode=RP-W', { token: manager.token })).status).toBe(403)
    expect((await call('GET', '/v1/reports/consolidated?year=2026', { token: null })).status).toBe(401)
    expect((await call('GET', '/v1/reports/consolidated?year=2026', { token: 'rgo_not-a-token' })).status).toBe(401)
  })

  it('bad params are a 422 naming each field', async () => {
    const res = await call('GET', '/v1/reports/consolidated?year=1999&month=13')
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['month', 'year'])
    const both = await call('GET', '/v1/reports/stores?year=2026&month=3&week=10')
    expect(both.json.errors).toEqual([expect.objectContaining({ path: 'week' })])
    expect((await call('GET', '/v1/reports/weekly?year=2026')).json.errors).toEqual([expect.objectContaining({ path: 'week' })])
    expect((await call('GET', '/v1/reports/nonsense?year=2026')).status).toBe(422)
  })
})

describe('stores, violations, weekly and completeness', () => {
  it('stores are ranked by achievement, those without a target last, unopened stores left out', async () => {
    const { rows } = await report('stores', 'year=2026&month=3&asOf=2026-03-10')
    expect(rows.map((r) => [r.rank, r.storeCode, r.rate])).toEqual([
      [1, 'E1', 0.75],
      [2, 'E2', 0.21],
      [3, 'W1', null],
      [4, 'E3', null],
    ])
    expect(rows[0]).toMatchObject({ storeName: '南京路店', regionCode: 'RP-E', target: 2000, actual: 1500, gap: 500, yoy: 1 })
    const feb = await report('stores', 'year=2026&month=2&asOf=2026-03-10')
    expect(feb.rows.map((r) => r.storeCode)).not.toContain('E3')
  })

  it('violations carry a one-line evidence summary', async () => {
    const { rows } = await report('violations', 'year=2026')
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'below_floor_price', status: 'open', regionCode: 'RP-E', storeCode: 'E2', sku: 'TEE', evidence: 'TEE at 10.00 below floor 50.00, E2 on 2026-03-06' }),
    ])
    expect((await report('violations', 'year=2026', westManager)).rows).toEqual([])
  })

  it('the weekly pack: week target, rank in region, gap to the month, violations, stock alerts, days without POS data', async () => {
    // 2026-W10 is Mon 2 March … Sun 8 March.
    const { rows } = await report('weekly', 'year=2026&week=10&regionCode=RP-E&asOf=2026-03-10', manager.token)
    const byStore = Object.fromEntries(rows.map((r) => [r.storeCode, r]))
    // E1: 2,000 × 7/31 = 451.61; sold 1,500 in the week (rate 150,000 ÷ 45,161 fen); March gap 2,000 − 1,500.
    expect(byStore.E1).toEqual({
      regionCode: 'RP-E',
      rank: 1,
      storeCode: 'E1',
      storeName: '南京路店',
      weekTarget: 451.61,
      actual: 1500,
      rate: 3.3214,
      targetToDate: 451.61,
      rateToDate: 3.3214,
      timeProgress: 1,
      pace: 'ahead',
      monthGap: 500,
      openViolations: 0,
      stockAlerts: 'restock TEE',
      missingDays: '2026-03-03 2026-03-04 2026-03-06 2026-03-07 2026-03-08',
    })
    // E2: 1,000 × 7/31 = 225.81; 210 sold; one sale below the floor.
    expect(byStore.E2).toMatchObject({ rank: 2, weekTarget: 225.81, actual: 210, rate: 0.93, monthGap: 790, openViolations: 1, stockAlerts: '', missingDays: '2026-03-02 2026-03-03 2026-03-05 2026-03-07 2026-03-08' })
    // E3 opened on Saturday: only its two open days count.
    expect(byStore.E3).toMatchObject({ rank: 3, weekTarget: 0, missingDays: '2026-03-07 2026-03-08' })
    expect(rows.map((r) => r.regionCode)).toEqual(['RP-E', 'RP-E', 'RP-E'])
  })

  it('the weekly pack mid-week reads the days that have passed: Thursday is 4 of 7', async () => {
    const { rows } = await report('weekly', 'year=2026&week=10&regionCode=RP-E&asOf=2026-03-05', manager.token)
    const byStore = Object.fromEntries(rows.map((r) => [r.storeCode, r]))
    // E1: 2,000 × 4/31 = 258.06 due by Thursday; 1,500 sold is 581%. E2: 129.03 due, 200 sold: 155%.
    expect(byStore.E1).toMatchObject({ rank: 1, weekTarget: 451.61, actual: 1500, targetToDate: 258.06, rateToDate: 5.8126, timeProgress: 0.5714, pace: 'ahead' })
    expect(byStore.E2).toMatchObject({ rank: 2, weekTarget: 225.81, actual: 200, targetToDate: 129.03, rateToDate: 1.55, timeProgress: 0.5714, pace: 'ahead' })
    // E3 opens on Saturday: none of its trading days has passed, nothing is due, no pace.
    expect(byStore.E3).toMatchObject({ rank: 3, targetToDate: 0, rateToDate: null, timeProgress: 0, pace: null })
  })

  it('completeness flags open stores without sales on each day that is over', async () => {
    const { rows } = await report('completeness', 'year=2026&month=3&asOf=2026-03-10')
    // 1–9 March (the 10th is still running): E1, E2, W1 every day, E3 from the 7th.
    expect(rows).toHaveLength(9 * 3 + 3)
    expect(rows.filter((r) => r.missing).length).toBe(7 + 7 + 8 + 3)
    expect(rows.find((r) => r.storeCode === 'E1' && r.day === '2026-03-02')).toEqual({
      day: '2026-03-02',
      storeCode: 'E1',
      storeName: '南京路店',
      regionCode: 'RP-E',
      arrived: true,
      sales: 1,
      amount: 1000,
      missing: false,
    })
    expect(rows.find((r) => r.storeCode === 'E3' && r.day === '2026-03-06')).toBeUndefined()
    // Without a month or week: the last 7 days before the as-of day.
    const rolling = await report('completeness', 'year=2026&asOf=2026-03-10', manager.token)
    expect(new Set(rolling.rows.map((r) => r.day))).toEqual(new Set(['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']))
    expect(rolling.rows.every((r) => r.regionCode === 'RP-E')).toBe(true)
  })
})

describe('formats', () => {
  it('CSV is RFC 4180 with a header row, and text that a sheet would evaluate is neutralised', async () => {
    const res = await call('GET', '/v1/reports/consolidated?year=2026&month=3&asOf=2026-03-10&format=csv')
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const lines = res.text.split('\r\n')
    // The first fourteen columns stay where HQ's IMPORTDATA ranges expect them; the to-date ones follow.
    expect(lines[0]).toBe(
      'regionCode,regionName,month,target,actual,rate,gap,yoy,forecast,collectionTarget,collected,budget,expenses,openViolations,targetToDate,rateToDate,timeProgress,pace,targetStatus',
    )
    expect(lines[1]).toBe('RP-E,华东区,2026-03,3100,1710,0.5516,1390,1.28,6840,2000,1200,5000,1500,1,1000,1.71,0.3226,ahead,draft')
    expect(lines[2]).toBe(`RP-W,"'=HYPERLINK(""http://evil.example"",""西南"")",2026-03,0,400,,-400,,1240,0,0,0,0,0,0,,0.3226,,draft`)
    expect(res.text.endsWith('\r\n')).toBe(true)
  })

  it('HTML escapes every text from data and allows no script', async () => {
    const res = await call('GET', '/v1/reports/stores?year=2026&month=3&asOf=2026-03-10&format=html')
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.text).not.toContain('<script>')
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    const dashboard = await call('GET', '/v1/reports/consolidated?year=2026&asOf=2026-03-10&format=html')
    expect(dashboard.text).not.toContain('<script>')
    expect(dashboard.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(dashboard.text).toContain('=HYPERLINK(&quot;http://evil.example&quot;')
    // One bar per region and per store open in the period, one column per violation kind.
    expect(dashboard.text.match(/<svg data-chart="region-achievement"[\s\S]*?<\/svg>/)![0].match(/<rect class="bar /g)).toHaveLength(2)
    expect(dashboard.text.match(/<svg data-chart="store-achievement"[\s\S]*?<\/svg>/)![0].match(/<rect class="bar /g)).toHaveLength(4)
    expect(dashboard.text.match(/<svg data-chart="violations-by-kind"[\s\S]*?<\/svg>/)![0].match(/<rect class="bar /g)).toHaveLength(5)
  })
})

describe('report links', () => {
  const create = (body: unknown, token?: string) => call('POST', '/v1/report-links', { body, ...(token === undefined ? {} : { token }) })

  it('a link answers its report with no other credentials, and only its hash is stored', async () => {
    const res = await create({ report: 'consolidated', params: { year: 2026, month: 3, asOf: '2026-03-10' }, format: 'csv' })
    expect(res.status, res.text).toBe(201)
    const url = new URL(res.json.url)
    const token = url.pathname.split('/').pop()!
    // 32 random bytes, base64url, behind the prefix.
    expect(token).toMatch(/^rpt_[A-Za-z0-9_-]{43}$/)
    const pulled = await call('GET', url.pathname, { token: null })
    expect(pulled.status).toBe(200)
    expect(pulled.text.split('\r\n')[1]).toBe('RP-E,华东区,2026-03,3100,1710,0.5516,1390,1.28,6840,2000,1200,5000,1500,1,1000,1.71,0.3226,ahead,draft')
    expect(pulled.headers.get('referrer-policy')).toBe('no-referrer')
    const stored = await env.DB.prepare('SELECT * FROM report_links WHERE id = ?').bind(res.json.id).first<Record<string, unknown>>()
    expect(JSON.stringify(stored)).not.toContain(token)
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(stored!.last_access_at).not.toBeNull()
    // The same URL keeps answering, as a sheet refreshing it every hour needs.
    expect((await call('GET', url.pathname, { token: null })).status).toBe(200)
  })

  it('a manager links only its regions: all of them by default, another one is 403; viewers cannot link', async () => {
    const res = await create({ report: 'stores', params: { year: 2026, month: 3, asOf: '2026-03-10' }, format: 'json' }, manager.token)
    expect(res.status, res.text).toBe(201)
    expect(res.json.regionCodes).toEqual(['RP-E'])
    const pulled = await call('GET', new URL(res.json.url).pathname, { token: null })
    expect(pulled.json.rows.map((r: { storeCode: string }) => r.storeCode)).toEqual(['E1', 'E2', 'E3'])
    expect((await create({ report: 'stores', params: { year: 2026, regionCode: 'RP-W' } }, manager.token)).status).toBe(403)
    expect((await create({ report: 'stores', params: { year: 2026 } }, viewer)).status).toBe(403)
    expect((await create({ report: 'stores', params: { year: 2026 } }, null as unknown as string)).status).toBe(401)
  })

  it('bad links are a 422 naming each field', async () => {
    const res = await create({ report: 'weekly', params: { year: 2026, regionCode: 'NOPE' }, format: 'xml', expiresAt: '2020-01-01T00:00:00Z' })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['format'])
    const noWeek = await create({ report: 'weekly', params: { year: 2026 } })
    expect(noWeek.json.errors).toEqual([expect.objectContaining({ path: 'params.week' })])
    const past = await create({ report: 'stores', params: { year: 2026 }, expiresAt: '2020-01-01T00:00:00Z' })
    expect(past.json.errors).toEqual([expect.objectContaining({ path: 'expiresAt' })])
    const unknown = await create({ report: 'stores', params: { year: 2026, regionCode: 'NOPE' } })
    expect(unknown.json.errors).toEqual([expect.objectContaining({ path: 'params.regionCode' })])
  })

  it('revoked at once, expired, or made by a revoked token: the URL answers 404', async () => {
    const link = (await create({ report: 'violations', params: { year: 2026 }, format: 'json' }, manager.token)).json
    const path = new URL(link.url).pathname
    expect((await call('GET', path, { token: null })).status).toBe(200)
    // Another manager cannot revoke it, nor learn that it exists.
    expect((await call('DELETE', `/v1/report-links/${link.id}`, { token: westManager })).status).toBe(404)
    const revoked = await call('DELETE', `/v1/report-links/${link.id}`, { token: manager.token })
    expect(revoked.status).toBe(200)
    expect(revoked.json.revokedAt).not.toBeNull()
    const gone = await call('GET', path, { token: null })
    expect(gone.status).toBe(404)
    expect(gone.headers.get('content-type')).toContain('application/problem+json')

    const expiring = (await create({ report: 'violations', params: { year: 2026 }, expiresAt: new Date(Date.now() + 60_000).toISOString() })).json
    expect((await call('GET', new URL(expiring.url).pathname, { token: null })).status).toBe(200)
    await env.DB.prepare('UPDATE report_links SET expires_at = ? WHERE id = ?').bind(new Date(Date.now() - 1000).toISOString(), expiring.id).run()
    expect((await call('GET', new URL(expiring.url).pathname, { token: null })).status).toBe(404)

    const shortLived = await issueToken('manager', ['RP-E'])
    const orphan = (await create({ report: 'violations', params: { year: 2026 } }, shortLived.token)).json
    expect((await call('GET', new URL(orphan.url).pathname, { token: null })).status).toBe(200)
    await expectOk(call('DELETE', `/v1/admin/tokens/${shortLived.id}`))
    expect((await call('GET', new URL(orphan.url).pathname, { token: null })).status).toBe(404)

    expect((await call('GET', '/r/rpt_unknown', { token: null })).status).toBe(404)
  })

  it('admins list every link, a manager its own; never a URL', async () => {
    const all = await call('GET', '/v1/report-links')
    const own = await call('GET', '/v1/report-links', { token: manager.token })
    expect(all.json.links.length).toBeGreaterThan(own.json.links.length)
    expect(own.json.links.every((l: { createdBy: string }) => l.createdBy === manager.id)).toBe(true)
    expect(JSON.stringify(all.json)).not.toContain('/r/')
    expect((await call('GET', '/v1/report-links', { token: viewer })).status).toBe(403)
  })
})
