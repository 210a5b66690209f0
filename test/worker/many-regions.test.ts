// A manager's token may hold 100 regions (the most a token may hold) while D1 binds at most 100
// parameters a statement: every region filter binds the regions as one JSON array. Here such a
// token reads every read route of the served OpenAPI document (a new route is walked too), each
// enum of a path or query parameter in turn, and sees the data of its hundredth region.
import { env } from 'cloudflare:workers'
import { archiveDueMonths } from '../../src/sales/archive'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

const REGIONS = Array.from({ length: 100 }, (_, i) => `MR-${String(i).padStart(3, '0')}`)
const LAST = REGIONS.at(-1)!
const Y = 2027

/** Values for the required query parameters of the read routes; a new one must be added here. */
const REQUIRED: Record<string, string> = { year: String(Y), from: `${Y}-01-01`, to: `${Y}-12-31` }
/** Parameters optional in the schema that some values of a path need (a tab's year, the weekly pack's week). */
const NEEDED = (path: string, query: URLSearchParams) => {
  // A report takes a year or a relative period; the year is the one the data is in.
  if (query.has('year') || path.startsWith('/v1/sheets/') || path.startsWith('/v1/reports/')) query.set('year', String(Y))
  if (path === '/v1/reports/weekly') query.set('week', '10')
  if (path === '/v1/reports/pnl') query.set('month', '3')
  return query
}
/** Path parameters that are no enum, and the value to read them with (an archived store-month). */
const PATH_VALUES: Record<string, string> = { storeCode: `${LAST}-S`, month: '2025-02', sku: 'MR-P' }

/** Optional parameters worth walking through each of their values. */
const WALKED = new Set(['level', 'groupBy', 'format', 'metric'])

interface Parameter {
  in: 'path' | 'query'
  name: string
  required?: boolean
  schema?: { enum?: string[] }
}

let token: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: REGIONS.map((code, i) => ({ code, name: `区域${i}` })) } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: REGIONS.map((code) => ({ code: `${code}-S`, name: `${code} 店`, regionCode: code, channel: 'direct' })) } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'MR-P', name: '衬衫' }] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'store', rows: [{ code: `${LAST}-S`, month: 3, amount: 1000 }] } }))
  const secret = await posSource('mr-till')
  const sale = { saleId: 'mr-1', storeCode: `${LAST}-S`, occurredAt: `${Y}-03-05T10:00:00+08:00`, lines: [{ sku: 'MR-P', qty: 2, unitPrice: 150 }] }
  expect((await sendWebhook('mr-till', secret, { type: 'sale.completed', data: sale })).status).toBe(202)
  const old = { ...sale, saleId: 'mr-old', occurredAt: '2025-02-05T10:00:00+08:00' }
  expect((await sendWebhook('mr-till', secret, { type: 'sale.completed', data: old })).status).toBe(202)
  await drainSalesQueue()
  await archiveDueMonths(env, '2026-12-03')
  const issued = await call('POST', '/v1/admin/tokens', { body: { name: '百区经理', role: 'manager', regionCodes: REGIONS } })
  expect(issued.status).toBe(201)
  token = issued.json.token
})

/** Every read route's requests: each enum path value, each walked query value, required ones filled. */
async function readRequests(): Promise<string[]> {
  const spec = (await call('GET', '/openapi.json', { token: null })).json
  const requests: string[] = []
  for (const [path, ops] of Object.entries(spec.paths as Record<string, Record<string, { 'x-access': string; parameters?: Parameter[] }>>)) {
    const op = ops.get
    if (!op || op['x-access'] !== 'read') continue
    let variants: { path: string; query: URLSearchParams }[] = [{ path, query: new URLSearchParams() }]
    for (const p of op.parameters ?? []) {
      const values = p.in === 'path' && PATH_VALUES[p.name] ? [PATH_VALUES[p.name]!] : p.in === 'path' || WALKED.has(p.name) ? p.schema?.enum : undefined
      if (p.required && p.in === 'query' && !values) {
        expect(REQUIRED[p.name], `a value for the required ${p.name} of ${path}`).toBeDefined()
        variants.forEach((v) => v.query.set(p.name, REQUIRED[p.name]!))
      } else if (values) {
        variants = variants.flatMap((v) =>
          values.map((value) => {
            const query = new URLSearchParams(v.query)
            if (p.in === 'query') query.set(p.name, value)
            return { path: p.in === 'path' ? v.path.replace(`{${p.name}}`, value) : v.path, query }
          }),
        )
      }
    }
    requests.push(...variants.map((v) => ({ path: v.path, query: NEEDED(v.path, v.query) })).map((v) => `${v.path}${v.query.size ? `?${v.query}` : ''}`))
  }
  return requests
}

describe('a manager token of 100 regions', () => {
  it('reads every read route without an error', async () => {
    const requests = await readRequests()
    expect(requests.length).toBeGreaterThan(30)
    const failures: string[] = []
    for (const request of requests) {
      const res = await call('GET', request, { token })
      if (res.status !== 200) failures.push(`${request}: ${res.status} ${res.text.slice(0, 120)}`)
    }
    console.log(`100 regions: ${requests.length} read requests, ${failures.length} failed`)
    expect(failures).toEqual([])
  })

  it('sees its hundredth region’s stores, sales, targets and achievement', async () => {
    const stores = (await call('GET', '/v1/stores', { token })).json.stores
    expect(stores.map((s: { code: string }) => s.code)).toContain(`${LAST}-S`)
    const summary = (await call('GET', `/v1/sales/summary?from=${Y}-03-01&to=${Y}-03-31&groupBy=region`, { token })).json.rows
    expect(summary).toEqual([expect.objectContaining({ key: LAST, sales: 1, amount: 300 })])
    const achievement = (await call('GET', `/v1/achievement?year=${Y}&month=3&level=region&asOf=${Y}-03-31`, { token })).json.rows
    expect(achievement.find((r: { code: string }) => r.code === LAST)).toMatchObject({ actual: 300 })
    expect(achievement).toHaveLength(100)
    const report = await call('GET', `/v1/reports/consolidated?year=${Y}&format=csv`, { token })
    expect(report.text).toContain(LAST)
  })

  it('makes a report link of its regions that answers', async () => {
    const link = await call('POST', '/v1/report-links', { token, body: { report: 'consolidated', params: { year: Y } } })
    expect(link.status).toBe(201)
    const pulled = await call('GET', new URL(link.json.url).pathname + new URL(link.json.url).search, { token: null })
    expect(pulled.status).toBe(200)
    expect(pulled.text).toContain(LAST)
  })
})
