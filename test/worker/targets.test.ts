// Targets: the company target, planning (exact sums, openings, closings, average shares), and the
// grid of region and store targets with revisions, warnings, scoping and audit.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

const YEAR = 2027
let manager: string
let viewer: string
let westManager: string

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'EAST', name: '华东区' }, { code: 'WEST', name: '西南区' }, { code: 'NEW', name: '新区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'E1', name: '南京路店', regionCode: 'EAST', channel: 'direct', tier: 'A' },
          { code: 'E2', name: '徐家汇店', regionCode: 'EAST', channel: 'direct', tier: 'C' },
          { code: 'E3', name: '七月新店', regionCode: 'EAST', channel: 'franchise', tier: 'B', openedOn: `${YEAR}-07-01` },
          { code: 'E4', name: '已关店', regionCode: 'EAST', channel: 'franchise', tier: 'A', closedOn: `${YEAR - 1}-12-31` },
          { code: 'W1', name: '春熙路店', regionCode: 'WEST', channel: 'direct', tier: 'B' },
          { code: 'N1', name: '新区店', regionCode: 'NEW', channel: 'direct' },
        ],
      },
    }),
  )
  manager = (await issueToken('manager', ['EAST'])).token
  viewer = (await issueToken('viewer', ['EAST'])).token
  westManager = (await issueToken('manager', ['WEST'])).token
})

const planBody = (over: Record<string, unknown> = {}) => ({
  year: YEAR,
  companyAmount: 3_600_000.03,
  basis: 'last_year_actual',
  seasonality: 'even',
  storeWeights: 'tier',
  ...over,
})

describe('POST /v1/targets/plan', () => {
  it('plans exact sums without writing anything unless asked', async () => {
    const res = await call('POST', '/v1/targets/plan', { body: planBody() })
    expect(res.status, res.text).toBe(200)
    const { regions, stores, saved, revision } = res.json
    expect(saved).toBe(false)
    expect(revision).toBeNull()
    // No history anywhere: every region takes the same (average) share.
    expect(regions.map((r: any) => [r.code, r.annual, r.fromHistory])).toEqual([
      ['EAST', 1_200_000.01, false],
      ['NEW', 1_200_000.01, false],
      ['WEST', 1_200_000.01, false],
    ])
    expect(sum(regions.map((r: any) => r.annual))).toBe(3_600_000.03)
    for (const region of regions) {
      expect(sum(region.months)).toBe(region.annual)
      for (let m = 0; m < 12; m++) {
        const storeSum = sum(stores.filter((s: any) => s.regionCode === region.code).map((s: any) => s.months[m]))
        expect(storeSum).toBe(region.months[m])
      }
    }
    const e3 = stores.find((s: any) => s.code === 'E3')
    expect(e3.months.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0])
    expect(e3.months[6]).toBeGreaterThan(0)
    expect(stores.find((s: any) => s.code === 'E4').months).toEqual(Array(12).fill(0))
    // Tier A (4) against tier C (2) in the first half: 2 : 1.
    const e1 = stores.find((s: any) => s.code === 'E1').months[0]
    const e2 = stores.find((s: any) => s.code === 'E2').months[0]
    expect(Math.abs(e1 - 2 * e2)).toBeLessThanOrEqual(0.02)
    expect((await call('GET', `/v1/targets?year=${YEAR}`)).json.rows).toEqual([])
  })

  it('follows a 12-percentage profile', async () => {
    const profile = [6, 6, 8, 8, 8, 8, 8, 8, 8, 8, 12, 12]
    const res = await call('POST', '/v1/targets/plan', { body: planBody({ companyAmount: 300, seasonality: profile }) })
    expect(res.json.regions[0].months).toEqual(profile)
  })

  it('names every bad field at once', async () => {
    const res = await call('POST', '/v1/targets/plan', {
      body: { year: 1999, companyAmount: 10.005, basis: 'gut_feeling', seasonality: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10], storeWeights: 'equal' },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(['basis', 'companyAmount', 'seasonality', 'year'])
    const short = await call('POST', '/v1/targets/plan', { body: planBody({ seasonality: [50, 50], companyAmount: -1 }) })
    expect(short.json.errors.map((e: any) => e.path).sort()).toEqual(['companyAmount', 'seasonality'])
  })

  it('saves the plan as drafts with the company target, and shows no gap', async () => {
    const res = await call('POST', '/v1/targets/plan', { body: planBody({ save: true }) })
    expect(res.status).toBe(200)
    expect(res.json.revision).toBeGreaterThan(0)
    const got = await call('GET', `/v1/targets?year=${YEAR}`)
    expect(got.json.revision).toBe(res.json.revision)
    expect(got.json.company).toEqual({ amount: 3_600_000.03, regionSum: 3_600_000.03, gap: 0 })
    expect(got.json.regions.map((r: any) => [r.code, r.status, r.diff])).toEqual([
      ['EAST', 'draft', 0],
      ['NEW', 'draft', 0],
      ['WEST', 'draft', 0],
    ])
    expect(got.json.rows.filter((r: any) => r.level === 'store')).toHaveLength(6 * 12)
    const audit = await call('GET', `/v1/audit?entity=target&key=sales/${YEAR}/store/E1`)
    expect(audit.json.entries[0]).toMatchObject({ before: null, after: res.json.stores.find((s: any) => s.code === 'E1').months })
  })

  it('is for HQ only', async () => {
    for (const token of [manager, viewer]) expect((await call('POST', '/v1/targets/plan', { token, body: planBody() })).status).toBe(403)
    expect((await call('POST', '/v1/targets/plan', { token: null, body: planBody() })).status).toBe(401)
  })
})

describe('PUT /v1/targets/company/{year}', () => {
  it('sets the company target; the gap to the region sum shows in GET /v1/targets', async () => {
    await expectOk(call('POST', '/v1/targets/plan', { body: planBody({ save: true }) }))
    const res = await call('PUT', `/v1/targets/company/${YEAR}`, { body: { amount: '4000000' } })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ year: YEAR, amount: 4_000_000 })
    const got = await call('GET', `/v1/targets?year=${YEAR}`)
    expect(got.json.company).toEqual({ amount: 4_000_000, regionSum: 3_600_000.03, gap: -399_999.97 })
    const audit = await call('GET', `/v1/audit?entity=company-target&key=sales/${YEAR}`)
    expect(audit.json.entries[0]).toMatchObject({ before: 3_600_000.03, after: 4_000_000 })
  })

  it('refuses bad amounts and years, and non-admins', async () => {
    expect((await call('PUT', `/v1/targets/company/${YEAR}`, { body: { amount: 1.001 } })).status).toBe(422)
    expect((await call('PUT', '/v1/targets/company/2101', { body: { amount: 1 } })).json.errors[0].path).toBe('year')
    expect((await call('PUT', `/v1/targets/company/${YEAR}`, { token: manager, body: { amount: 1 } })).status).toBe(403)
  })
})

describe('GET /v1/targets', () => {
  it('shows a manager and a viewer their regions only, without the company view', async () => {
    for (const token of [manager, viewer]) {
      const res = await call('GET', `/v1/targets?year=${YEAR}`, { token })
      expect(res.status).toBe(200)
      expect(res.json.company).toBeNull()
      expect(new Set(res.json.rows.map((r: any) => r.regionCode))).toEqual(new Set(['EAST']))
      expect(res.json.regions.map((r: any) => r.code)).toEqual(['EAST'])
      expect((await call('GET', `/v1/targets?year=${YEAR}&regionCode=WEST`, { token })).status).toBe(403)
    }
  })

  it('filters by level and validates the query', async () => {
    const res = await call('GET', `/v1/targets?year=${YEAR}&level=region&regionCode=EAST`)
    expect(res.json.rows.every((r: any) => r.level === 'region' && r.code === 'EAST')).toBe(true)
    expect(res.json.rows).toHaveLength(12)
    const bad = await call('GET', '/v1/targets?year=abc&level=country')
    expect(bad.status).toBe(422)
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['level', 'year'])
  })
})

describe('PUT /v1/targets', () => {
  it('a manager edits its stores; store sums that miss the region target come back as warnings', async () => {
    await expectOk(call('POST', '/v1/targets/plan', { body: planBody({ save: true }) }))
    const before = await call('GET', `/v1/targets?year=${YEAR}&regionCode=EAST`, { token: manager })
    const e1Jan = before.json.rows.find((r: any) => r.code === 'E1' && r.month === 1).amount
    const res = await call('PUT', '/v1/targets', {
      token: manager,
      body: { year: YEAR, level: 'store', baseRevision: before.json.revision, rows: [{ code: 'E1', month: 1, amount: e1Jan + 100.5 }] },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json.revision).toBe(before.json.revision + 1)
    expect(res.json.updated).toBe(1)
    expect(res.json.warnings).toEqual([{ regionCode: 'EAST', month: 1, storeSum: expect.any(Number), regionTarget: expect.any(Number), diff: 100.5 }])
    const audit = await call('GET', `/v1/audit?entity=target&key=sales/${YEAR}/store/E1`)
    expect(audit.json.entries[0].actor).not.toBe('admin-token')
    expect(audit.json.entries[0].after[0] - audit.json.entries[0].before[0]).toBeCloseTo(100.5, 2)
    // Sending the same values again changes nothing and keeps the revision.
    const again = await call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'store', rows: [{ code: 'E1', month: 1, amount: e1Jan + 100.5 }] } })
    expect(again.json).toMatchObject({ revision: res.json.revision, updated: 0 })
  })

  it('a stale baseRevision is a 409 naming the rows someone else changed, with yours and theirs', async () => {
    const base = (await call('GET', `/v1/targets?year=${YEAR}&regionCode=EAST`)).json.revision
    await expectOk(call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', baseRevision: base, rows: [{ code: 'E2', month: 3, amount: 111 }] } }))
    const stale = await call('PUT', '/v1/targets', {
      token: manager,
      body: { year: YEAR, level: 'store', baseRevision: base, rows: [{ code: 'E1', month: 3, amount: 5 }, { code: 'E2', month: 3, amount: 222 }] },
    })
    expect(stale.status).toBe(409)
    expect(stale.json.conflicts).toEqual([{ path: 'rows.1', code: 'E2', month: 3, yours: 222, theirs: 111, revision: base + 1 }])
    const rows = (await call('GET', `/v1/targets?year=${YEAR}&regionCode=EAST&level=store`)).json.rows
    expect(rows.find((r: any) => r.code === 'E1' && r.month === 3).amount).not.toBe(5)
    // Rows nobody else touched go through on the same stale base.
    const other = await call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'store', baseRevision: base, rows: [{ code: 'E1', month: 3, amount: 5 }] } })
    expect(other.status).toBe(200)
  })

  it('two edits of the same row at once: one lands, the other is a 409', async () => {
    const base = (await call('GET', `/v1/targets?year=${YEAR}`)).json.revision
    const results = await Promise.all(
      [301, 302].map((amount) => call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', baseRevision: base, rows: [{ code: 'W1', month: 5, amount }] } })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = results.find((r) => r.status === 200)!
    const stored = (await call('GET', `/v1/targets?year=${YEAR}&regionCode=WEST&level=store`)).json.rows.find((r: any) => r.month === 5).amount
    expect(stored).toBe(winner === results[0] ? 301 : 302)
  })

  it('names every bad row at once and writes nothing', async () => {
    const revision = (await call('GET', `/v1/targets?year=${YEAR}`)).json.revision
    const res = await call('PUT', '/v1/targets', {
      body: {
        year: YEAR,
        level: 'store',
        rows: [
          { code: 'E1', month: 13, amount: 1 },
          { code: 'E1', month: 2, amount: -5 },
          { code: 'E1', month: 4, amount: 1.234 },
          { code: 'E1', month: 0, amount: 1 },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['rows.0.month', 'rows.1.amount', 'rows.2.amount', 'rows.3.month'])
    const unknown = await call('PUT', '/v1/targets', {
      body: { year: YEAR, level: 'store', rows: [{ code: 'E1', month: 1, amount: 1 }, { code: 'NOPE', month: 1, amount: 1 }, { code: 'GONE', month: 2, amount: 1 }] },
    })
    expect(unknown.status).toBe(422)
    expect(unknown.json.errors.map((e: any) => [e.path, e.message])).toEqual([
      ['rows.1.code', 'store NOPE does not exist'],
      ['rows.2.code', 'store GONE does not exist'],
    ])
    const dup = await call('PUT', '/v1/targets', { body: { year: YEAR, level: 'store', rows: [{ code: 'E1', month: 1, amount: 1 }, { code: 'E1', month: 1, amount: 2 }] } })
    expect(dup.status).toBe(422)
    expect(dup.json.errors).toEqual([expect.objectContaining({ path: 'rows.1', code: 'duplicate' })])
    expect((await call('GET', `/v1/targets?year=${YEAR}`)).json.revision).toBe(revision)
  })

  it('region targets are HQ’s; managers act on their own stores only; viewers read only', async () => {
    const revision = (await call('GET', `/v1/targets?year=${YEAR}`)).json.revision
    const region = await call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'region', rows: [{ code: 'EAST', month: 1, amount: 1 }] } })
    expect(region.status).toBe(403)
    const other = await call('PUT', '/v1/targets', { token: westManager, body: { year: YEAR, level: 'store', rows: [{ code: 'E1', month: 1, amount: 1 }] } })
    expect(other.status).toBe(403)
    expect(other.json.detail).toContain('EAST')
    expect((await call('PUT', '/v1/targets', { token: viewer, body: { year: YEAR, level: 'store', rows: [{ code: 'E1', month: 1, amount: 1 }] } })).status).toBe(403)
    expect((await call('PUT', '/v1/targets', { token: null, body: {} })).status).toBe(401)
    expect((await call('GET', `/v1/targets?year=${YEAR}`)).json.revision).toBe(revision)
    const hq = await call('PUT', '/v1/targets', { body: { year: YEAR, level: 'region', rows: [{ code: 'EAST', month: 1, amount: 1 }] } })
    expect(hq.status).toBe(200)
  })
})

describe('planning at scale', () => {
  it('plans 50 regions × 5,000 stores × 12 months with exact sums, and saves it', async () => {
    const regions = Array.from({ length: 50 }, (_, r) => ({ code: `R${String(r).padStart(2, '0')}`, name: `区域${r}` }))
    await expectOk(call('PUT', '/v1/regions', { body: { regions } }))
    for (let part = 0; part < 2; part++) {
      const stores = Array.from({ length: 2500 }, (_, i) => {
        const n = part * 2500 + i
        return { code: `BIG${String(n).padStart(5, '0')}`, name: `门店${n}`, regionCode: regions[n % 50]!.code, channel: 'direct', tier: ['S', 'A', 'B', 'C', 'D'][n % 5], areaSqm: 40 + (n % 300) }
      })
      await expectOk(call('PUT', '/v1/stores', { body: { stores } }))
    }
    const started = Date.now()
    const res = await call('POST', '/v1/targets/plan', { body: { year: 2028, companyAmount: 987_654_321.09, basis: 'last_year_target', seasonality: 'even', storeWeights: 'area' } })
    const planMs = Date.now() - started
    expect(res.status).toBe(200)
    const savedStarted = Date.now()
    const saved = await call('POST', '/v1/targets/plan', { body: { year: 2028, companyAmount: 987_654_321.09, basis: 'last_year_target', seasonality: 'even', storeWeights: 'area', save: true } })
    const saveMs = Date.now() - savedStarted
    console.log(`plan 53 regions × 5,006 stores: ${planMs} ms; with save: ${saveMs} ms`)
    expect(saved.status).toBe(200)
    const { regions: planned, stores } = res.json
    const toFen = (x: number) => Math.round(x * 100)
    expect(planned.reduce((a: number, r: any) => a + toFen(r.annual), 0)).toBe(98_765_432_109)
    const storeSums = new Map<string, number[]>()
    for (const s of stores) {
      const sums = storeSums.get(s.regionCode) ?? Array(12).fill(0)
      s.months.forEach((v: number, m: number) => (sums[m] += toFen(v)))
      storeSums.set(s.regionCode, sums)
    }
    for (const r of planned) {
      expect(r.months.reduce((a: number, v: number) => a + toFen(v), 0)).toBe(toFen(r.annual))
      if (storeSums.has(r.code)) expect(storeSums.get(r.code)).toEqual(r.months.map(toFen))
    }
    const stored = await env.DB.prepare("SELECT count(*) AS n, sum(amount) AS total FROM targets WHERE year = 2028 AND level = 'store'").first<{ n: number; total: number }>()
    expect(stored!.n).toBe(stores.length * 12)
  })
})
