// The access rules of every route, walked from the served OpenAPI document so a new route cannot
// be added without being covered: no token, an unknown token and a revoked token are 401; roles
// below the route's access are 403.
import { archiveDueMonths } from '../../src/sales/archive'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call, drainSalesQueue, expectOk, issueToken, posSource, seedTwoRegions, sendWebhook } from './helpers'

interface Operation {
  method: string
  path: string
  access: string
}

let operations: Operation[]
let tokens: Record<'manager' | 'viewer' | 'revoked', string>

beforeAll(async () => {
  const { east } = await seedTwoRegions('ACL')
  const spec = (await call('GET', '/openapi.json', { token: null })).json
  operations = Object.entries(spec.paths as Record<string, Record<string, { 'x-access': string }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x'), access: op['x-access'] })),
  )
  const revoked = await issueToken('manager', [east])
  await call('DELETE', `/v1/admin/tokens/${revoked.id}`)
  tokens = {
    manager: (await issueToken('manager', [east])).token,
    viewer: (await issueToken('viewer', [east])).token,
    revoked: revoked.token,
  }
})

const request = (op: Operation, token: string | null) =>
  call(op.method, op.path, { token, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: {} }) })

describe('access matrix over every route', () => {
  it('covers the token routes', () => {
    expect(operations.filter((op) => op.access !== 'public').length).toBeGreaterThanOrEqual(12)
  })

  it('no token, an unknown token and a revoked token are 401 problems on every token route', async () => {
    const tokenRoutes = operations.filter((o) => ['read', 'write', 'admin'].includes(o.access))
    console.log(`access matrix: ${tokenRoutes.length} token routes × no, unknown and revoked token`)
    for (const op of tokenRoutes) {
      for (const token of [null, 'rgo_not-a-real-token', tokens.revoked]) {
        const res = await request(op, token)
        expect(res.status, `${op.method} ${op.path} with ${token}`).toBe(401)
        expect(res.headers.get('content-type')).toBe('application/problem+json')
      }
    }
  })

  it('managers and viewers get 403 on admin routes; viewers get 403 on write routes', async () => {
    for (const op of operations) {
      const denied = op.access === 'admin' ? ['manager', 'viewer'] : op.access === 'write' ? ['viewer'] : []
      for (const role of denied as ('manager' | 'viewer')[]) {
        const res = await request(op, tokens[role])
        expect(res.status, `${role} ${op.method} ${op.path}`).toBe(403)
      }
    }
  })

  it('public routes answer without a token', async () => {
    for (const op of operations.filter((o) => o.access === 'public')) {
      const res = await request(op, null)
      // A report link's token is its only credential: an unknown one is a 404, never a request for a bearer token.
      if (op.path.startsWith('/r/')) expect(res.status, `${op.method} ${op.path}`).toBe(404)
      else expect(res.status, `${op.method} ${op.path}`).toBeLessThan(400)
    }
  })
})

// Every read and write route again, now with data: each asked once about the caller's own region
// and once about another region, by every role and with no or a revoked token. A request about
// one region is answered for admins and for the region's own tokens (viewers only read), refused
// with 403 for tokens of another region, and 401 without a live token; a list shows a manager or
// viewer only its own regions' rows. A new read or write route must be added below.
type Role = 'admin' | 'manager' | 'viewer' | 'none' | 'revoked'
interface Region {
  code: string
  store: string
  dealer: string
  /** Expenses for the review and the reject step; violations to confirm and to dismiss. */
  expenses: { review: string; reject: string }
  violations: { confirm: number; dismiss: number }
  link: string
  unmatchedSale: string
}
interface RegionCase {
  /** The request about `r`. */
  request: (r: Region, n: number) => { method?: string; path: string; body?: unknown }
  /** For a list: which rows belong to `r` (a manager's list of another region must show none). */
  marker?: (r: Region) => string
  /** A request another region's token may not even see: 404 instead of 403. */
  otherIsNotFound?: boolean
  /** The route is a manager's step that HQ may not take (403 for admins, by design). */
  notForAdmin?: boolean
}

const Y = 2027
const REGION_CASES: Record<string, RegionCase> = {
  'GET /v1/regions': { request: () => ({ path: '/v1/regions' }), marker: (r) => `"${r.code}"` },
  'GET /v1/dealers': { request: (r) => ({ path: `/v1/dealers?regionCode=${r.code}` }) },
  'GET /v1/stores': { request: (r) => ({ path: `/v1/stores?regionCode=${r.code}` }) },
  'GET /v1/targets': { request: (r) => ({ path: `/v1/targets?year=${Y}&level=store&regionCode=${r.code}` }) },
  'PUT /v1/targets': { request: (r) => ({ method: 'PUT', path: '/v1/targets', body: { year: Y, level: 'store', rows: [{ code: r.store, month: 1, amount: 1 }] } }) },
  'POST /v1/targets/{year}/regions/{code}/submit': { request: (r) => ({ method: 'POST', path: `/v1/targets/${Y}/regions/${r.code}/submit`, body: {} }) },
  'POST /v1/targets/{year}/regions/{code}/contest': { request: (r) => ({ method: 'POST', path: `/v1/targets/${Y}/regions/${r.code}/contest`, body: { proposedAmount: 1000, reason: '市场变化' } }) },
  'POST /v1/targets/{year}/regions/{code}/respread': { request: (r) => ({ method: 'POST', path: `/v1/targets/${Y}/regions/${r.code}/respread`, body: { throughMonth: 3 } }) },
  'GET /v1/sales/summary': { request: (r) => ({ path: `/v1/sales/summary?from=${Y}-01-01&to=${Y}-12-31&regionCode=${r.code}` }) },
  'GET /v1/sales/unmatched': { request: () => ({ path: '/v1/sales/unmatched' }), marker: (r) => r.unmatchedSale },
  'GET /v1/sales/archive/{storeCode}/{month}': { request: (r) => ({ path: `/v1/sales/archive/${r.store}/2025-02` }), marker: (r) => `${r.code}-archived` },
  'GET /v1/achievement': { request: (r) => ({ path: `/v1/achievement?year=${Y}&regionCode=${r.code}` }) },
  'GET /v1/violations': { request: (r) => ({ path: `/v1/violations?regionCode=${r.code}` }) },
  'POST /v1/violations/{id}/confirm': { request: (r) => ({ method: 'POST', path: `/v1/violations/${r.violations.confirm}/confirm`, body: { note: '已核实' } }) },
  'POST /v1/violations/{id}/dismiss': { request: (r) => ({ method: 'POST', path: `/v1/violations/${r.violations.dismiss}/dismiss`, body: { note: '误报' } }) },
  'GET /v1/budgets': { request: (r) => ({ path: `/v1/budgets?year=2026&regionCode=${r.code}` }) },
  'PUT /v1/budgets': { request: (r) => ({ method: 'PUT', path: '/v1/budgets', body: { year: 2026, rows: [{ regionCode: r.code, department: 'sales', category: 'travel', month: 1, amount: 1 }] } }) },
  'GET /v1/budgets/controls': { request: (r) => ({ path: `/v1/budgets/controls?regionCode=${r.code}` }) },
  'POST /v1/budgets/propose': { request: (r) => ({ method: 'POST', path: '/v1/budgets/propose', body: { year: 2027, regionCode: r.code } }) },
  'GET /v1/budgets/variance': { request: (r) => ({ path: `/v1/budgets/variance?year=2026&regionCode=${r.code}` }) },
  'POST /v1/budgets/{year}/regions/{code}/submit': { request: (r) => ({ method: 'POST', path: `/v1/budgets/2026/regions/${r.code}/submit`, body: {} }) },
  'POST /v1/expenses': {
    request: (r, n) => ({ method: 'POST', path: '/v1/expenses', body: { expenseId: `ACL-X-${n}`, regionCode: r.code, department: 'sales', category: 'travel', incurredOn: '2026-03-01', amount: 1, description: '出差' } }),
  },
  'POST /v1/expenses/{id}/review': { request: (r) => ({ method: 'POST', path: `/v1/expenses/${r.expenses.review}/review`, body: {} }), notForAdmin: true },
  'POST /v1/expenses/{id}/reject': { request: (r) => ({ method: 'POST', path: `/v1/expenses/${r.expenses.reject}/reject`, body: { note: '不合规' } }) },
  'GET /v1/receivables/ageing': { request: (r) => ({ path: `/v1/receivables/ageing?regionCode=${r.code}` }) },
  'GET /v1/collections/achievement': { request: (r) => ({ path: `/v1/collections/achievement?year=2026&regionCode=${r.code}` }) },
  'POST /v1/inventory/snapshots': { request: (r) => ({ method: 'POST', path: '/v1/inventory/snapshots', body: { locationCode: r.store, asOf: '2026-05-01', lines: [{ sku: 'ACL-P', onHand: 1 }] } }) },
  'PUT /v1/inventory/limits': { request: (r) => ({ method: 'PUT', path: '/v1/inventory/limits', body: { limits: [{ locationCode: r.store, sku: 'ACL-P', min: 1, max: 5 }] } }) },
  'GET /v1/inventory/stock': { request: (r) => ({ path: `/v1/inventory/stock?regionCode=${r.code}` }) },
  'GET /v1/inventory/alerts': { request: (r) => ({ path: `/v1/inventory/alerts?regionCode=${r.code}` }) },
  'PUT /v1/sheets/bindings': {
    request: (r, n) => ({ method: 'PUT', path: '/v1/sheets/bindings', body: { bindings: [{ spreadsheetId: `acl-${n}`, sheetName: '门店目标', tab: 'targets-store', regionCode: r.code, year: Y }] } }),
  },
  'GET /v1/sheets/bindings': { request: () => ({ path: '/v1/sheets/bindings' }), marker: (r) => `"regionCode":"${r.code}"` },
  'GET /v1/sheets/tabs': { request: () => ({ path: '/v1/sheets/tabs' }), marker: (r) => `"${r.store}"` },
  'GET /v1/sheets/{tab}': { request: (r) => ({ path: `/v1/sheets/targets-store?year=${Y}&regionCode=${r.code}` }) },
  'POST /v1/sheets/{tab}/sync': {
    request: (r) => ({
      method: 'POST',
      path: '/v1/sheets/stock-limits/sync',
      body: { spreadsheetId: 'acl', sheetName: '库存', rows: [{ row: 2, values: { locationCode: r.store, sku: 'ACL-P', min: 1, max: 9 } }] },
    }),
  },
  'GET /v1/reports/{report}': { request: (r) => ({ path: `/v1/reports/consolidated?year=${Y}&regionCode=${r.code}&format=json` }) },
  'POST /v1/report-links': { request: (r) => ({ method: 'POST', path: '/v1/report-links', body: { report: 'consolidated', params: { year: Y, regionCode: r.code }, format: 'csv' } }) },
  'GET /v1/report-links': { request: () => ({ path: '/v1/report-links' }), marker: (r) => r.link },
  'DELETE /v1/report-links/{id}': { request: (r) => ({ method: 'DELETE', path: `/v1/report-links/${r.link}` }), otherIsNotFound: true },
}
/** Read and write routes that hold no region's data. */
const REGIONLESS = ['GET /v1/products', 'GET /v1/products/{sku}/costs', 'GET /v1/scorecard/weights']

describe('access matrix over every route, about the caller’s own region and another', () => {
  let own: Region
  let other: Region
  let roleTokens: Record<Role, string | null>
  let routes: Operation[]

  beforeAll(async () => {
    const { east, west } = await seedTwoRegions('ACM')
    await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'ACL-P', name: '商品' }] } }))
    const manager = await issueToken('manager', [east])
    const westManager = await issueToken('manager', [west])
    const revoked = await issueToken('manager', [east])
    await call('DELETE', `/v1/admin/tokens/${revoked.id}`)
    roleTokens = { admin: ADMIN, manager: manager.token, viewer: (await issueToken('viewer', [east])).token, none: null, revoked: revoked.token }

    const secret = await posSource('acm-till')
    const region = async (code: string, managerToken: string): Promise<Region> => {
      const store = `${code}-S1`
      const sale = (saleId: string, sku: string, codes?: string[]) =>
        sendWebhook('acm-till', secret, { type: 'sale.completed', data: { saleId, storeCode: store, occurredAt: `${Y}-03-10T12:00:00+08:00`, lines: [{ sku, qty: 1, unitPrice: 10, ...(codes ? { codes } : {}) }] } })
      await sale(`${code}-fake`, 'ACL-P', [`FAKE-${code}-1`, `FAKE-${code}-2`])
      await sale(`${code}-unmatched`, `NO-SUCH-SKU-${code}`)
      await sendWebhook('acm-till', secret, { type: 'sale.completed', data: { saleId: `${code}-archived`, storeCode: store, occurredAt: '2025-02-10T12:00:00+08:00', lines: [{ sku: 'ACL-P', qty: 1, unitPrice: 10 }] } })
      await drainSalesQueue()
      const [confirm, dismiss] = (await call('GET', `/v1/violations?regionCode=${code}`)).json.violations.map((v: { id: number }) => v.id)
      const expenses = { review: `ACL-EXP-${code}-1`, reject: `ACL-EXP-${code}-2` }
      for (const expenseId of Object.values(expenses)) {
        await expectOk(call('POST', '/v1/expenses', { body: { expenseId, regionCode: code, department: 'sales', category: 'travel', incurredOn: '2026-03-01', amount: 1, description: '出差' } }))
      }
      await expectOk(call('PUT', '/v1/sheets/bindings', { body: { bindings: [{ spreadsheetId: `acm-${code}`, sheetName: 'x', tab: 'targets-store', regionCode: code, year: Y }] } }))
      const link = (await call('POST', '/v1/report-links', { token: managerToken, body: { report: 'consolidated', params: { year: Y, regionCode: code }, format: 'csv' } })).json.id
      return { code, store, dealer: `${code}-D1`, expenses, violations: { confirm, dismiss }, link, unmatchedSale: `${code}-unmatched` }
    }
    own = await region(east, manager.token)
    other = await region(west, westManager.token)
    // Each store's February 2025 is past the retention: archived, for the archive route.
    await archiveDueMonths(env, '2026-12-03')
    const spec = (await call('GET', '/openapi.json', { token: null })).json
    routes = Object.entries(spec.paths as Record<string, Record<string, { 'x-access': string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-access'] })),
    )
  }, 60_000)

  it('every read and write route is in the matrix', () => {
    const missing = routes.filter((r) => ['read', 'write'].includes(r.access)).map((r) => `${r.method} ${r.path}`).filter((key) => !REGION_CASES[key] && !REGIONLESS.includes(key))
    expect(missing, 'add these routes to REGION_CASES or REGIONLESS').toEqual([])
  })

  it('answers each role about its own region, refuses it another region, and refuses no or a revoked token', async () => {
    let n = 0
    let checked = 0
    for (const route of routes.filter((r) => REGION_CASES[`${r.method} ${r.path}`])) {
      const key = `${route.method} ${route.path}`
      const c = REGION_CASES[key]!
      // The region's own manager goes first, so its step is the one that lands (HQ's may then be a 409).
      for (const role of ['manager', 'viewer', 'admin', 'none', 'revoked'] as Role[]) {
        for (const [which, region] of [['own', own], ['other', other]] as const) {
          const { method = 'GET', path, body } = c.request(region, ++n)
          // Straight to the worker's handler: hundreds of requests through SELF slow down (see helpers.ts).
          const res = await call(method, path, { token: roleTokens[role], direct: true, ...(body === undefined ? {} : { body }) })
          const label = `${role} ${which} ${key}: ${res.status} ${res.text.slice(0, 160)}`
          checked++
          expect(res.headers.get('content-type') ?? '', label).toMatch(/json|csv|html/)
          if (role === 'none' || role === 'revoked') {
            expect(res.status, label).toBe(401)
            continue
          }
          const mayAct = role === 'admin' ? !c.notForAdmin : route.access === 'read' || role === 'manager'
          if (c.marker) {
            // A list: the caller's regions' rows, and no other region's.
            if (!mayAct) expect(res.status, label).toBe(403)
            else if (which === 'own') expect(res.text, label).toContain(c.marker(own))
            else if (role === 'admin') expect(res.text, label).toContain(c.marker(other))
            else expect(res.text, label).not.toContain(c.marker(other))
            continue
          }
          if (!mayAct) expect(res.status, label).toBe(403)
          else if (which === 'own' || role === 'admin') expect([401, 403], label).not.toContain(res.status)
          else expect(res.status, label).toBe(c.otherIsNotFound ? 404 : 403)
        }
      }
    }
    console.log(`access matrix: ${checked} requests over ${Object.keys(REGION_CASES).length} region routes`)
  })
})
