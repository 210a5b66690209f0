// Seeds the demo company through the public API (so it is validated and audited like any other
// write): master data, a demo POS that sends last year's and this year's sales through the real
// webhook path, this year's targets planned from last year, and a manager and a viewer token.
// Running it again changes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { COSTS_FROM, costChange, dealers, products, regions, storeExpenses, stores } from './demo-data.mjs'
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
  if (![status].flat().includes(result.status)) throw new Error(`${what} failed: ${result.status} ${JSON.stringify(result.json)}`)
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
      // The months of this year that have ended are planned too: HQ gives the reason the audit keeps.
      reason: '演示公司：按去年销售增长 15% 规划全年目标',
    }),
    200,
    'planning the demo targets',
  )
}

const price = (sku) => products.find((p) => p.sku === sku).listPrice

/**
 * The products with their cost prices from before the first demo sale, then one product's cost
 * raised from the 16th of last month. Each PUT sends the cost valid on its day, so seeding again,
 * on any day, changes nothing.
 */
async function demoProducts(baseUrl, adminToken, today) {
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/products', { products: products.map((p) => ({ ...p, costEffectiveFrom: COSTS_FROM })) }), 200, 'seeding products')
  const [year, month] = today.split('-').map(Number)
  const lastMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
  const product = products.find((p) => p.sku === costChange.sku)
  const costPrice = Math.round(product.costPrice * costChange.rise * 100) / 100
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/products', { products: [{ ...product, costPrice, costEffectiveFrom: `${lastMonth}-16` }] }), 200, 'changing a demo cost price')
}

/** The EAST direct stores' rent, staff and utilities and the region's office rent, for the store P&L. */
async function demoStoreExpenses(baseUrl, adminToken, year, yesterday) {
  for (const expense of storeExpenses(year, yesterday)) {
    const res = await api(baseUrl, adminToken, 'POST', '/v1/expenses', expense)
    if (res.status !== 201 && res.status !== 409) throw new Error(`demo expense ${expense.expenseId} failed: ${res.status} ${JSON.stringify(res.json)}`)
  }
}
const daysBefore = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)

/** Three unit-coded tops shipped to the Shanghai dealer (EAST) a month ago. */
async function demoShipment(baseUrl, adminToken, yesterday) {
  await expectStatus(
    api(baseUrl, adminToken, 'POST', '/v1/shipments', {
      shipmentId: 'DEMO-SHP-001',
      dealerCode: 'D-SH01',
      shippedAt: `${daysBefore(yesterday, 30)}T10:00:00+08:00`,
      lines: [{ sku: 'TOP-001', qty: 3, codes: ['U-DEMO-0001', 'U-DEMO-0002', 'U-DEMO-0003'], codeType: 'unit' }],
    }),
    [200, 201],
    'shipping the demo units',
  )
}

/**
 * A few sales that the channel checks flag, so the violation list and the dashboard have one of
 * each: a unit shipped to EAST sold in the south (窜货), a code never shipped, a unit sold twice,
 * and a sale below the floor price.
 */
function demoChannelSales(yesterday) {
  const sale = (saleId, storeCode, sku, unitPrice, codes) => ({
    saleId,
    storeCode,
    occurredAt: `${daysBefore(yesterday, 2)}T15:00:00+08:00`,
    lines: [{ sku, qty: 1, unitPrice, ...(codes ? { codes } : {}) }],
  })
  return [
    sale('demo-cross-region', 'SO002', 'TOP-001', price('TOP-001'), ['U-DEMO-0001']),
    sale('demo-unknown-code', 'EA003', 'TOP-001', price('TOP-001'), ['U-FAKE-7777']),
    sale('demo-sold-once', 'EA004', 'TOP-001', price('TOP-001'), ['U-DEMO-0002']),
    sale('demo-sold-twice', 'EA005', 'TOP-001', price('TOP-001'), ['U-DEMO-0002']),
    sale('demo-below-floor', 'NO002', 'TOP-002', Math.round(price('TOP-002') * 0.5), null),
  ]
}

/**
 * Collections and spending for the consolidated report: each dealer invoiced monthly and paying
 * about nine tenths 20 days later, monthly collection targets per region, travel and rent budgets
 * for every region and one expense a month at each. Idempotent: invoices, payments and expenses
 * by id, targets only when none exist, budgets unchanged when written again.
 */
async function demoMoney(baseUrl, adminToken, year, yesterday) {
  const thisMonth = Number(yesterday.slice(5, 7))
  const months = Array.from({ length: thisMonth }, (_, i) => i + 1)
  const day = (month, d) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  const invoices = dealers.flatMap((d, i) => months.map((m) => ({ invoiceId: `DEMO-INV-${d.code}-${m}`, dealerCode: d.code, issuedOn: day(m, 1), dueOn: day(m, 28), amount: 80000 + i * 15000 })))
  await expectStatus(api(baseUrl, adminToken, 'POST', '/v1/invoices', { invoices }), [200, 201], 'invoicing the demo dealers')
  const payments = invoices
    .filter((inv) => day(Number(inv.issuedOn.slice(5, 7)), 21) <= yesterday)
    .map((inv, i) => ({ paymentId: inv.invoiceId.replace('INV', 'PAY'), dealerCode: inv.dealerCode, receivedOn: day(Number(inv.issuedOn.slice(5, 7)), 21), amount: Math.round(inv.amount * (0.8 + (i % 3) * 0.1)) }))
  await expectStatus(api(baseUrl, adminToken, 'POST', '/v1/payments', { payments }), [200, 201], 'recording demo payments')
  const collection = await expectStatus(api(baseUrl, adminToken, 'GET', `/v1/targets?year=${year}&level=region&metric=collection`), 200, 'reading collection targets')
  if (collection.rows.length === 0) {
    const rows = regions.flatMap((r) => Array.from({ length: 12 }, (_, m) => ({ code: r.code, month: m + 1, amount: dealers.filter((d) => d.regionCode === r.code).length * 90000 })))
    await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/targets', { year, level: 'region', metric: 'collection', rows, reason: '演示公司：全年回款目标' }), 200, 'setting demo collection targets')
  }
  const budgetRows = regions.flatMap((r) =>
    Array.from({ length: 12 }, (_, m) => [
      { regionCode: r.code, department: 'sales', category: 'travel', month: m + 1, amount: 30000 },
      { regionCode: r.code, department: 'operations', category: 'rent', month: m + 1, amount: 120000 },
      // The EAST direct stores' staff and utilities (demoStoreExpenses).
      ...(r.code === 'EAST'
        ? [
            { regionCode: r.code, department: 'sales', category: 'staff', month: m + 1, amount: 90000 },
            { regionCode: r.code, department: 'operations', category: 'utilities', month: m + 1, amount: 15000 },
          ]
        : []),
    ]).flat(),
  )
  await expectStatus(api(baseUrl, adminToken, 'PUT', '/v1/budgets', { year, rows: budgetRows }), 200, 'setting demo budgets')
  for (const r of regions) {
    for (const m of months) {
      const expenseId = `DEMO-EXP-${r.code}-${year}-${m}`
      const res = await api(baseUrl, adminToken, 'POST', '/v1/expenses', {
        expenseId,
        regionCode: r.code,
        department: 'sales',
        category: 'travel',
        incurredOn: day(m, Math.min(10, Number(yesterday.slice(8, 10)) || 1)),
        amount: 18000 + ((m * 7 + r.code.length * 3) % 10) * 1500,
        description: '区域巡店差旅',
      })
      if (res.status !== 201 && res.status !== 409) throw new Error(`demo expense ${expenseId} failed: ${res.status} ${JSON.stringify(res.json)}`)
    }
  }
}

/**
 * Report links to open or paste into =IMPORTDATA(): HQ's dashboard and consolidated CSV, the EAST
 * manager's weekly pack and home page (the dashboard of their regions this month). A link's URL is shown once, so the demo keeps it; links that no
 * longer answer (revoked, or a new database) are made again.
 */
async function demoReportLinks(baseUrl, adminToken, state, today) {
  const year = Number(today.slice(0, 4))
  const wanted = {
    dashboard: [adminToken, { report: 'consolidated', params: { period: 'ytd' }, format: 'html' }],
    consolidatedCsv: [adminToken, { report: 'consolidated', params: { year }, format: 'csv' }],
    // Relative periods: a bookmark of these pages shows the current week and month, never a stale one.
    weeklyEast: [state.manager, { report: 'weekly', params: { period: 'this-week', regionCode: 'EAST' }, format: 'html' }],
    managerHome: [state.manager, { report: 'consolidated', params: { period: 'this-month' }, format: 'html' }],
  }
  state.links ??= {}
  for (const [name, [token, body]] of Object.entries(wanted)) {
    const known = state.links[name]
    if (known && known.startsWith(baseUrl) && (await fetch(known)).status === 200) continue
    state.links[name] = (await expectStatus(api(baseUrl, token, 'POST', '/v1/report-links', body), 201, `linking the demo ${name} report`)).url
  }
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
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  await demoProducts(baseUrl, adminToken, today)

  const { state, save } = demoState(stateDir)
  await demoTokens(baseUrl, adminToken, state)
  await demoPosSecret(baseUrl, adminToken, state)
  save()

  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  await demoShipment(baseUrl, adminToken, yesterday)
  const sales = [...demoSales(yesterday), ...demoChannelSales(yesterday)]
  await sendDemoSales(baseUrl, DEMO_POS, state.posSecret, sales)
  const year = Number(today.slice(0, 4))
  await waitForLedger(baseUrl, adminToken, `${year - 1}-01-01`, yesterday, sales.length)
  await demoTargets(baseUrl, adminToken, year)
  await demoInventory(baseUrl, adminToken, yesterday)
  await demoMoney(baseUrl, adminToken, year, yesterday)
  await demoStoreExpenses(baseUrl, adminToken, year, yesterday)
  await demoReportLinks(baseUrl, adminToken, state, today)
  save()
  return { manager: state.manager, viewer: state.viewer, links: state.links }
}
