#!/usr/bin/env node
// `npm run bench`: starts the worker locally on a fresh state folder (as `npm start` does, without
// the demo; ./worker.mjs) with a deterministic company written into its D1, and measures:
// single-sale webhooks against /health, batch ingest end to end against raw SQLite inserts of the
// same lines with their rollups, batches into the same store-days, D1 bytes per line (./ledger.mjs),
// the consolidated report and achievement over 1,000 stores × 2 years of rollups, sheet pushes,
// target planning, and the worker's peak memory. Prints tables, writes bench/results/<date>.json and, for a full run, the
// results table in bench/README.md. `--quick` runs every scenario at a small scale (CI runs it so
// the harness keeps working; it asserts no timings).
import { createHmac } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { regionCode, REPORT_AS_OF, REPORT_YEAR, storeCode } from './data.mjs'
import { ledgerBytes, sameStoreDays, storageFigures } from './ledger.mjs'
import { closedLoop, percentile } from './load.mjs'
import { rawSqliteInsert } from './raw-sqlite.mjs'
import { summaryTable, writeReadme } from './report.mjs'
import { webhookPath } from './webhook-path.mjs'
import { startWorker, workerMemory } from './worker.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.argv.includes('--quick')
const port = 18700 + Math.floor(Math.random() * 200)
const base = `http://127.0.0.1:${port}`
const adminToken = 'rgo_admin_bench'
const scale = quick
  ? { singles: 60, concurrency: [1, 16], batches: 2, sameDayBatches: 6, regions: 5, storesPerRegion: 20, rolledUpStores: 50, days: 60, reportRuns: 5, sheetRows: 500, invalidRows: 100, planRuns: 2 }
  : { singles: 3000, concurrency: [1, 16, 64], batches: 20, sameDayBatches: 40, regions: 50, storesPerRegion: 100, rolledUpStores: 1000, days: 730, reportRuns: 50, sheetRows: 10_000, invalidRows: 1000, planRuns: 5 }
const wrangler = join(root, 'node_modules', '.bin', 'wrangler')
const toolEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: 'true' }

async function request(method, path, body) {
  const started = performance.now()
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  return { status: response.status, text, ms: performance.now() - started }
}

async function api(method, path, body) {
  const { status, text } = await request(method, path, body)
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

function sign(secret, id, timestamp, body) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

async function postWebhook(secret, id, payload) {
  const body = JSON.stringify(payload)
  const timestamp = Math.floor(Date.now() / 1000)
  const started = performance.now()
  const response = await fetch(`${base}/v1/webhooks/pos/bench`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) },
    body,
  })
  await response.arrayBuffer()
  return { status: response.status, ms: performance.now() - started }
}

async function seed() {
  const stores = Array.from({ length: scale.regions * scale.storesPerRegion }, (_, i) => ({ code: storeCode(i) }))
  const source = await api('POST', '/v1/admin/pos-sources', { id: 'bench', name: 'bench', vendor: 'standard' })
  return { secret: source.secret, stores }
}

let saleCounter = 0
const saleOf = (stores, withCodes) => {
  const n = saleCounter++
  return {
    saleId: `b${n}`,
    storeCode: stores[n % stores.length].code,
    occurredAt: `2027-0${1 + (n % 9)}-${String(1 + (n % 28)).padStart(2, '0')}T12:00:00+08:00`,
    lines: [
      { sku: `P${n % 50}`, qty: 1, unitPrice: 100 + (n % 50), ...(withCodes ? { codes: [`U${n}`] } : {}) },
      { sku: `P${(n + 7) % 50}`, qty: 2, unitPrice: 50 },
    ],
  }
}

/**
 * The ceiling of the local runtime itself: GET /health, which does nothing, at the same
 * concurrency through the same `wrangler dev`. No endpoint can be faster than this.
 */
const runtimeCeiling = (concurrency) => closedLoop(scale.singles, concurrency, 200, () => request('GET', '/health'))

const singleWebhooks = (secret, stores, concurrency) =>
  closedLoop(scale.singles, concurrency, 202, () => postWebhook(secret, `single-${concurrency}-${saleCounter}`, { type: 'sale.completed', data: saleOf(stores, false) }))

async function ledgerSales() {
  const rows = (await api('GET', '/v1/sales/summary?from=2027-01-01&to=2027-12-31&groupBy=month')).rows
  return rows.reduce((n, r) => n + r.sales, 0)
}

/** `codedShare`: the share of sales whose first line carries a unit code (0, or 0.5 as in the targets). */
async function batchIngest(secret, stores, codedShare) {
  const before = await ledgerSales()
  const every = codedShare > 0 ? Math.round(1 / codedShare) : 0
  const batches = Array.from({ length: scale.batches }, () => Array.from({ length: 1000 }, (_, i) => saleOf(stores, every > 0 && i % every === 0)))
  const expected = before + batches.length * 1000
  const started = performance.now()
  for (const [b, sales] of batches.entries()) {
    const { status } = await postWebhook(secret, `batch-${b}-${saleCounter}`, { type: 'sales.batch', data: { sales } })
    if (status !== 202) throw new Error(`batch refused: ${status}`)
  }
  const accepted = performance.now()
  while ((await ledgerSales()) < expected) await new Promise((r) => setTimeout(r, 100))
  const seconds = (performance.now() - started) / 1000
  const lines = batches.length * 1000 * 2
  return { codedShare, batches: batches.length, saleLines: lines, sent: batches, acceptSeconds: +((accepted - started) / 1000).toFixed(2), endToEndSeconds: +seconds.toFixed(2), linesPerSecond: Math.round(lines / seconds) }
}

/** p50 and p95 of `runs` sequential GETs (after one warm-up). */
async function latencies(path, runs) {
  await request('GET', path)
  const ms = []
  for (let i = 0; i < runs; i++) {
    const res = await request('GET', path)
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 200)}`)
    ms.push(res.ms)
  }
  ms.sort((a, b) => a - b)
  return { path, runs, p50: +percentile(ms, 50).toFixed(1), p95: +percentile(ms, 95).toFixed(1), bytes: (await request('GET', path)).text.length }
}

async function reports() {
  const q = `year=${REPORT_YEAR}&asOf=${REPORT_AS_OF}`
  return [
    await latencies(`/v1/reports/consolidated?${q}&format=json`, scale.reportRuns),
    await latencies(`/v1/reports/consolidated?${q}&format=csv`, scale.reportRuns),
    await latencies(`/v1/achievement?${q}&month=11&level=region`, scale.reportRuns),
    await latencies(`/v1/achievement?${q}&month=11&level=store`, scale.reportRuns),
    await latencies(`/v1/achievement?${q}&level=store`, scale.reportRuns),
  ]
}

/** POST /v1/targets/plan over every region and store, without saving (p50 of a few) and with. */
async function plan() {
  const body = { year: REPORT_YEAR + 1, companyAmount: 5_000_000_000, basis: 'last_year_actual', seasonality: 'last_year', storeWeights: 'last_year_actual' }
  const ms = []
  for (let i = 0; i < scale.planRuns; i++) {
    const res = await request('POST', '/v1/targets/plan', body)
    if (res.status !== 200) throw new Error(`plan: ${res.status} ${res.text.slice(0, 300)}`)
    ms.push(res.ms)
  }
  ms.sort((a, b) => a - b)
  const saved = await request('POST', '/v1/targets/plan', { ...body, save: true })
  if (saved.status !== 200) throw new Error(`plan with save: ${saved.status} ${saved.text.slice(0, 300)}`)
  return { regions: scale.regions, stores: scale.regions * scale.storesPerRegion, runs: scale.planRuns, p50: +percentile(ms, 50).toFixed(0), max: +ms[ms.length - 1].toFixed(0), withSaveMs: +saved.ms.toFixed(0) }
}

/** A targets-store push of `sheetRows` rows in one request, then one whose rows are all invalid. */
async function sheetPushes() {
  await api('PUT', '/v1/regions', { regions: [{ code: 'RSHEET', name: '表格区' }] })
  const stores = Array.from({ length: scale.sheetRows }, (_, i) => ({ code: `SH${String(i).padStart(5, '0')}`, name: `表格门店${i}`, regionCode: 'RSHEET', channel: 'direct' }))
  for (let i = 0; i < stores.length; i += 5000) await api('PUT', '/v1/stores', { stores: stores.slice(i, i + 5000) })
  const months = (value) => Object.fromEntries(Array.from({ length: 12 }, (_, m) => [`m${m + 1}`, value]))
  const push = (rows) =>
    request('POST', '/v1/sheets/targets-store/sync', { spreadsheetId: 'bench-sheet', sheetName: '门店目标', params: { year: REPORT_YEAR + 2, regionCode: 'RSHEET' }, rows })
  const valid = await push(stores.map((s, i) => ({ row: i + 3, values: { code: s.code, ...months('1,200') } })))
  if (valid.status !== 200) throw new Error(`sheet push: ${valid.status} ${valid.text.slice(0, 300)}`)
  const invalid = await push(stores.slice(0, scale.invalidRows).map((s, i) => ({ row: i + 3, values: { code: s.code, ...months('12 万'), m3: -5 } })))
  if (invalid.status !== 422) throw new Error(`invalid sheet push answered ${invalid.status}`)
  return [
    { push: 'valid', rows: stores.length, storeMonths: stores.length * 12, status: valid.status, ms: +valid.ms.toFixed(0) },
    { push: 'all invalid', rows: scale.invalidRows, errors: JSON.parse(invalid.text).errors.length, status: invalid.status, ms: +invalid.ms.toFixed(0) },
  ]
}

const worker = await startWorker({ root, wrangler, toolEnv, scale, port, adminToken })
try {
  const { secret, stores } = await seed()
  const results = { date: new Date().toISOString(), quick, machine: `${(await import('node:os')).cpus().length} cores, Node ${process.version}`, companySeconds: worker.companySeconds, scale }
  results.runtimeCeiling = []
  for (const concurrency of scale.concurrency) results.runtimeCeiling.push(await runtimeCeiling(concurrency))
  results.singleWebhooks = []
  for (const concurrency of scale.concurrency) results.singleWebhooks.push(await singleWebhooks(secret, stores, concurrency))
  results.webhookPath = await webhookPath({
    total: scale.singles,
    postWebhook: (id, payload) => postWebhook(secret, id, payload),
    saleOf: () => saleOf(stores, false),
    accepted: results.singleWebhooks.find((w) => w.concurrency === 16),
  })
  const bytesBefore = ledgerBytes(worker.stateDir)
  const ingested = [await batchIngest(secret, stores, 0), await batchIngest(secret, stores, 0.5)]
  results.storage = storageFigures(bytesBefore, ledgerBytes(worker.stateDir), ingested.reduce((n, b) => n + b.saleLines, 0))
  results.sameStoreDays = await sameStoreDays({
    batches: scale.sameDayBatches,
    stores,
    ledgerSales,
    nextId: () => saleCounter++,
    send: async (id, sales) => {
      const { status } = await postWebhook(secret, `${id}-${saleCounter}`, { type: 'sales.batch', data: { sales } })
      if (status !== 202) throw new Error(`batch refused: ${status}`)
    },
  })
  results.rawSqlite = rawSqliteInsert(root, ingested[1].sent, (code) => regionCode(Math.floor(Number(code.slice(1)) / scale.storesPerRegion)))
  results.batchIngest = ingested.map(({ sent, ...figures }) => figures)
  const endToEnd = results.batchIngest[1].linesPerSecond
  results.ingestVsRaw = { endToEnd, rawSqlite: results.rawSqlite.linesPerSecond, percentOfRaw: +((endToEnd / results.rawSqlite.linesPerSecond) * 100).toFixed(1) }
  results.reports = await reports()
  results.plan = await plan()
  results.sheetPushes = await sheetPushes()
  results.memory = workerMemory(worker.pid)

  console.log(`\nbench company written in ${results.companySeconds} s: ${scale.regions} regions × ${scale.storesPerRegion} stores, ${scale.rolledUpStores} stores × ${scale.days} days of rollups`)
  console.log('\n0. the runtime\'s ceiling: GET /health (does nothing) through the same wrangler dev')
  console.table(results.runtimeCeiling)
  console.log('1. single-sale webhooks (signed, distinct ids)')
  console.table(results.singleWebhooks)
  console.log('1a. the single-sale webhook\'s path step by step at concurrency 16 (each step adds to the one above)')
  console.table(results.webhookPath)
  console.log('2. batch ingest (1,000-sale batches, 2 lines each; without codes, then half with unit codes), end to end until /v1/sales/summary shows them')
  console.table(results.batchIngest)
  console.log('3. the limit: the same half-coded lines straight into SQLite (better-sqlite3) with their rollups, and the ratio')
  console.table([{ ...results.rawSqlite, endToEndPercentOfRaw: results.ingestVsRaw.percentOfRaw }])
  console.log('3a. 1,000-sale batches into the same 100 store-days, one after the other (ms until applied)')
  console.table([{ ...results.sameStoreDays, times: results.sameStoreDays.times.join(' ') }])
  console.log('3b. D1 bytes per stored sale line, and the chain of 1,000 stores in one 10 GB database')
  console.table([{ ...results.storage, rollupBytesPerRow: JSON.stringify(results.storage.rollupBytesPerRow) }])
  console.log(`4. reports over ${scale.rolledUpStores} stores × ${scale.days} days of rollups (ms)`)
  console.table(results.reports)
  console.log('5. sheet pushes (/v1/sheets/targets-store/sync)')
  console.table(results.sheetPushes)
  console.log('6. POST /v1/targets/plan (ms)')
  console.table([results.plan])
  console.log('7. the worker process (workerd) memory')
  console.table([results.memory])
  console.log('\ntargets\n' + summaryTable(results).split('\n\n')[0])

  mkdirSync(join(root, 'bench', 'results'), { recursive: true })
  const file = join(root, 'bench', 'results', `${results.date.slice(0, 10)}${quick ? '-quick' : ''}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  console.log(`written to ${file}`)
  if (!quick) {
    writeReadme(root, results)
    console.log('bench/README.md results table updated')
  }
} finally {
  worker.stop()
}
