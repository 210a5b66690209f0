// The scorecard weights HQ sets: validated as a whole (every bad weight and the sum in one 422),
// kept as a new set each time with who and when, audited, read by every token; the defaults apply
// until HQ sets any. Tests in this file run in order against one database.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SCORECARD_WEIGHTS } from '../../src/pnl/default-weights'
import { latestWeights } from '../../src/pnl/weight-store'
import { call, issueToken, seedTwoRegions } from './helpers'

let manager: string
let viewer: string
const put = (weights: unknown, token?: string) => call('PUT', '/v1/scorecard/weights', { body: weights === undefined ? {} : { weights }, ...(token === undefined ? {} : { token }) })
const sets = async () => (await env.DB.prepare('SELECT count(*) AS n FROM scorecard_weights').first<{ n: number }>())!.n

beforeAll(async () => {
  const { east } = await seedTwoRegions('SW')
  manager = (await issueToken('manager', [east])).token
  viewer = (await issueToken('viewer', [east])).token
})

describe('the scorecard weights', () => {
  it('are the defaults until HQ sets any, summing to 100', async () => {
    const res = await call('GET', '/v1/scorecard/weights', { token: viewer })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ weights: { sales: 40, collection: 15, grossMargin: 20, violations: 10, stockAlerts: 5, reporting: 10 }, setBy: null, setAt: null })
    expect(Object.values(DEFAULT_SCORECARD_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100)
    expect(await latestWeights(env)).toEqual(DEFAULT_SCORECARD_WEIGHTS)
  })

  it('are set by HQ as a new set with who and when; a measure left out weighs 0', async () => {
    const res = await put({ sales: 50, collection: 20, grossMargin: 20, violations: 10 })
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ weights: { sales: 50, collection: 20, grossMargin: 20, violations: 10, stockAlerts: 0, reporting: 0 }, setBy: 'admin-token' })
    const read = await call('GET', '/v1/scorecard/weights', { token: manager })
    expect(read.json).toEqual(res.json)
    expect(await latestWeights(env)).toEqual(res.json.weights)
    const audit = (await call('GET', '/v1/audit?entity=scorecard-weights')).json.entries[0]
    expect(audit).toMatchObject({ actor: 'admin-token', via: 'api', before: { weights: DEFAULT_SCORECARD_WEIGHTS, setBy: null }, after: res.json })
  })

  it('keep every set; the latest applies, and the same set again writes nothing', async () => {
    const before = await sets()
    const next = await put({ sales: 33.33, collection: 33.33, grossMargin: 33.34 })
    expect(next.status, next.text).toBe(200)
    expect(await sets()).toBe(before + 1)
    expect((await call('GET', '/v1/scorecard/weights')).json.weights).toMatchObject({ sales: 33.33, grossMargin: 33.34, violations: 0 })
    const again = await put({ grossMargin: 33.34, sales: 33.33, collection: 33.33 })
    expect(again.json).toEqual(next.json)
    expect(await sets()).toBe(before + 1)
  })

  it('refuse a set that does not sum to 100, naming each bad weight and the sum; nothing is kept', async () => {
    const before = await sets()
    const res = await put({ sales: 120, collection: -5, margin: 10, grossMargin: 'x', violations: 1.234 })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
      ['weights.sales', 'must be at most 100'],
      ['weights.collection', 'must not be negative'],
      ['weights.margin', 'is not a scorecard measure (one of sales, collection, grossMargin, violations, stockAlerts, reporting)'],
      ['weights.grossMargin', 'must be a number'],
      ['weights.violations', 'must have at most 2 decimals'],
      ['weights', 'weights must sum to 100 (they sum to 116.23)'],
    ])
    const short = await call('PUT', '/v1/scorecard/weights', { body: { weights: { sales: 60, collection: 30 } }, lang: null })
    expect(short.json.errors).toEqual([expect.objectContaining({ path: 'weights', message: '权重合计应为 100（现为 90）' })])
    expect((await put(undefined)).json.errors).toEqual([expect.objectContaining({ path: 'weights', message: 'is required' })])
    expect((await put([40, 60])).json.errors).toEqual([expect.objectContaining({ path: 'weights' })])
    expect(await sets()).toBe(before)
  })

  it('are set by HQ only; any token reads them', async () => {
    for (const token of [manager, viewer]) expect((await put({ sales: 100 }, token)).status).toBe(403)
    expect((await call('GET', '/v1/scorecard/weights', { token: null })).status).toBe(401)
  })
})
