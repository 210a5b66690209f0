#!/usr/bin/env node
// `npm run bench`: starts the worker locally on a fresh state folder (as `npm start` does, without
// the demo), generates deterministic data and measures the ingest path. Prints a table and writes
// bench/results/<date>.json. `--quick` runs every scenario at a small scale (CI runs it so the
// harness keeps working; it asserts no timings).
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.argv.includes('--quick')
const port = 18700 + Math.floor(Math.random() * 200)
const base = `http://127.0.0.1:${port}`
const adminToken = 'rgo_admin_bench'
const scale = quick
  ? { singles: 60, concurrency: [1, 4], batches: 2, stores: 20 }
  : { singles: 3000, concurrency: [1, 16, 64], batches: 20, stores: 1000 }

async function api(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
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

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

async function startWorker() {
  const stateDir = mkdtempSync(join(tmpdir(), 'regionops-bench-'))
  const worker = spawn('node', ['scripts/start.mjs', '--port', String(port), '--state-dir', stateDir, '--no-seed'], {
    cwd: root,
    env: { ...process.env, ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let log = ''
  worker.stdout.on('data', (c) => (log += c))
  worker.stderr.on('data', (c) => (log += c))
  const deadline = Date.now() + 90_000
  while (!log.includes('regionops is running')) {
    if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return { stop: () => process.kill(-worker.pid, 'SIGTERM') }
}

async function seed() {
  const regions = Array.from({ length: 10 }, (_, i) => ({ code: `R${i}`, name: `区域${i}` }))
  await api('PUT', '/v1/regions', { regions })
  const stores = Array.from({ length: scale.stores }, (_, i) => ({ code: `S${String(i).padStart(4, '0')}`, name: `门店${i}`, regionCode: `R${i % 10}`, channel: 'direct' }))
  for (let i = 0; i < stores.length; i += 5000) await api('PUT', '/v1/stores', { stores: stores.slice(i, i + 5000) })
  await api('PUT', '/v1/products', { products: Array.from({ length: 50 }, (_, i) => ({ sku: `P${i}`, name: `商品${i}`, listPrice: 100 + i })) })
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

async function singleWebhooks(secret, stores, concurrency) {
  const total = scale.singles
  const latencies = []
  let next = 0
  let accepted = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++
        const { status, ms } = await postWebhook(secret, `single-${concurrency}-${saleCounter}`, { type: 'sale.completed', data: saleOf(stores, false) })
        if (status === 202) accepted++
        latencies.push(ms)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return { concurrency, requests: total, accepted, perSecond: Math.round(accepted / seconds), p50: +percentile(latencies, 50).toFixed(1), p99: +percentile(latencies, 99).toFixed(1) }
}

async function ledgerLines() {
  const rows = (await api('GET', '/v1/sales/summary?from=2027-01-01&to=2027-12-31&groupBy=month')).rows
  return rows.reduce((n, r) => n + r.sales, 0)
}

/** `codedShare`: the share of sales whose first line carries a unit code (0, or 0.5 as in the targets). */
async function batchIngest(secret, stores, codedShare) {
  const before = await ledgerLines()
  const every = codedShare > 0 ? Math.round(1 / codedShare) : 0
  const batches = Array.from({ length: scale.batches }, () => Array.from({ length: 1000 }, (_, i) => saleOf(stores, every > 0 && i % every === 0)))
  const expected = before + batches.length * 1000
  const started = performance.now()
  for (const [b, sales] of batches.entries()) {
    const { status } = await postWebhook(secret, `batch-${b}-${saleCounter}`, { type: 'sales.batch', data: { sales } })
    if (status !== 202) throw new Error(`batch refused: ${status}`)
  }
  const accepted = performance.now()
  while ((await ledgerLines()) < expected) await new Promise((r) => setTimeout(r, 100))
  const seconds = (performance.now() - started) / 1000
  const lines = batches.length * 1000 * 2
  return { codedShare, batches: batches.length, saleLines: lines, acceptSeconds: +((accepted - started) / 1000).toFixed(2), endToEndSeconds: +seconds.toFixed(2), linesPerSecond: Math.round(lines / seconds) }
}

const worker = await startWorker()
try {
  const { secret, stores } = await seed()
  const results = { date: new Date().toISOString(), quick, singleWebhooks: [], batchIngest: null }
  for (const concurrency of scale.concurrency) results.singleWebhooks.push(await singleWebhooks(secret, stores, concurrency))
  results.batchIngest = [await batchIngest(secret, stores, 0), await batchIngest(secret, stores, 0.5)]

  console.log('\nsingle-sale webhooks (signed, distinct ids)')
  console.table(results.singleWebhooks)
  console.log('batch ingest (1,000-sale batches, 2 lines each; without codes, then half with unit codes), end to end until /v1/sales/summary shows them')
  console.table(results.batchIngest)
  mkdirSync(join(root, 'bench', 'results'), { recursive: true })
  const file = join(root, 'bench', 'results', `${results.date.slice(0, 10)}${quick ? '-quick' : ''}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  console.log(`written to ${file}`)
} finally {
  worker.stop()
}
