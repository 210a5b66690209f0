// Seeds the demo company through the public API (so it is validated and audited like any other
// write): master data, a demo POS that sends last year's and this year's sales through the real
// webhook path, this year's targets planned from last year, and a manager and a viewer token.
// Running it again changes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dealers, products, regions, stores } from './demo-data.mjs'
import { demoSales, sendDemoSales } from './demo-sales.mjs'

const DEMO_POS = 'demo-pos'

async function api(baseUrl, token, method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : null }
}

async function expectStatus(pending, status, what) {
  const result = await pending
  if (result.status !== status) throw new Error(`${what} failed: ${result.status} ${JSON.stringify(result.json)}`)
  return result.json
}

/** What the demo keeps beside its local database: tokens and the POS secret, shown once by the API. */
function demoState(stateDir) {
  const file = join(stateDir, 'demo.json')
  const state = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  return { state, save: () => writeFileSync(file, JSON.stringify(state, null, 2) + '\n') }
}

async function demoTokens(baseUrl, adminToken, state) {
  if (state.manager && (await api(baseUrl, state.manager, 'GET', '/v1/regions')).status === 200) return
  const issue = async (name, role) =>
    (await expectStatus(api(baseUrl, adminToken, 'POST', '/v1/admin/tokens', { name, role, regionCodes: ['EAST'] }), 201, `issuing the demo ${role} token`)).token
  state.manager = await issue('华东区经理 (demo)', 'manager')
  state.viewer = await issue('华东区只读 (demo)', 'viewer')
}

async function demoPosSecret(baseUrl, adminToken, state) {
  const sources = await expectStatus(api(baseUrl, adminToken, 'GET', '/v1/admin/pos-sources'), 200, 'listing POS sources')
  if (state.posSecret && sources.sources.some((s) => s.id === DEMO_POS)) return
  const created = await api(baseUrl, adminToken, 'POST', '/v1/admin/pos-sources', { id: DEMO_POS, name: '演示收银系统', vendor: 'standard' })
  if (created.status === 201) state.posSecret = created.json.secret
  else state.posSecret = (await expectStatus(api(baseUrl, adminToken, 'POST', `/v1/admin/pos-sources/${DEMO_POS}/rotate`, {}), 200, 'rotating the demo POS secret')).secret
}

async function waitForLedger(baseUrl, adminToken, from, to, expectedSales) {
  const deadline = Date.now() + 120_000
  for (;;) {
    const summary = await expectStatus(api(baseUrl, adminToken, 'GET', `/v1/sales/summary?from=${from}&to=${to}&groupBy=month`), 200, 'reading the ledger')
    const counted = summary.rows.reduce((n, row) => n + row.sales, 0)
    if (counted >= expectedSales) return
    if (Date.now() > deadline) throw new Error(`the ledger holds ${counted} of ${expectedSales} demo sales after 2 minutes`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** This year's targets, planned from last year's sales with 15% growth, unless some exist. */
async function demoTargets(baseUrl, adminToken, year) {
  const current = await expectStatus(api(baseUrl, adminToken, 'GET', `/v1/targets?year=${year}&level=region`), 200, 'reading targets')
  if (current.rows.length > 0) return
  const lastYear = await expectStatus(api(baseUrl, adminToken, 'GET', `/v1/sales/summary?from=${year - 1}-01-01&to=${year - 1}-12-31&groupBy=region`), 200, 'reading last year')
  const companyAmount = Math.round(lastYear.rows.reduce((sum, row) => sum + row.amount, 0) * 1.15)
  await expectStatus(
    api(baseUrl, adminToken, 'POST', '/v1/targets/plan', {
      year,
      companyAmount,
      basis: 'last_year_actual',
      seasonality: 'last_year',
      storeWeights: 'last_year_actual',
      save: true,
    }),
    200,
    'planning the demo targets',
  )
}

/**
 * Stock counts taken 20 days ago at two EAST stores and a dealer, with limits chosen so the demo
 * shows each stock alert: overstock, restock and a slow mover. Counts of a day replace each other.
 */
async function demoInventory(baseUrl, adminToken, yesterday) {
  const countedOn = new Date(Date.parse(`${yesterday}T00:00:00Z`) - 19 * 86_400_000).toISOString().slice(0, 10)
  const count = (locationCode, lines) => expectStatus(api(baseUrl, adminToken, 'POST', '/v1/inventory/snapshots', { locationCode, asOf: countedOn, lines }), 200, 'counting demo stock')
  await count('EA001', [{ sku: 'TOP-001', onHand: 400 }, { sku: 'TOP-002', onHand: 3 }, { sku: 'GFT-001', onHand: 24 }])
  await count('EA002', [{ sku: 'OUT-001', onHand: 2 }, { sku: 'GFT-001', onHand: 12 }])
  await count('D-SH01', [{ sku: 'SHO-001', onHand: 300 }])
  await expectStatus(
    api(baseUrl, adminToken, 'PUT', '/v1/inventory/limits', {
      limits: [
        { locationCode: 'EA001', sku: 'TOP-001', min: 20, max: 120 },
        { locationCode: 'EA001', sku: 'TOP-002', min: 10, max: 60 },
        { locationCode: 'EA002', sku: 'OUT-001', min: 8, max: 40 },
        { locationCode: 'D-SH01', sku: 'SHO-001', min: 50, max: 200 },
      ],
    }),
    200,
    'setting demo stock limits',
  )
}

export async function seedDemo({ baseUrl, adminToken, stateDir, timeZone = 'Asia/Shanghai' }) {
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/regions', { regions }), 200, 'seeding regions')
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/dealers', { dealers }), 200, 'seeding dealers')
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/stores', { stores }), 200, 'seeding stores')
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/products', { products }), 200, 'seeding products')

  const { state, save } = demoState(stateDir)
  await demoTokens(baseUrl, adminToken, state)
  await demoPosSecret(baseUrl, adminToken, state)
  save()

  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  const sales = demoSales(yesterday)
  await sendDemoSales(baseUrl, DEMO_POS, state.posSecret, sales)
  const year = Number(today.slice(0, 4))
  await waitForLedger(baseUrl, adminToken, `${year - 1}-01-01`, yesterday, sales.length)
  await demoTargets(baseUrl, adminToken, year)
  await demoInventory(baseUrl, adminToken, yesterday)
  return { manager: state.manager, viewer: state.viewer }
}
