// The worker killed mid-burst, for real: `wrangler dev` on a fresh local state receives a burst of
// single-sale POS webhooks; the whole process group (wrangler and workerd) is killed with SIGKILL as
// soon as 150 webhooks have been answered 202, so queue messages not yet consumed die with it. The
// worker is started again on the same state, and every sale it acknowledged must reach the ledger,
// once. Each sale falls on a day of its own, so the summary by day shows each sale by itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..')
const wrangler = join(root, 'node_modules', '.bin', 'wrangler')
const childEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: 'true' }
const adminToken = 'rgo_admin_crash-test'
/** A receipt still queued this long after it was queued is requeued; short, so the test is quick. */
const STALE_RECEIPT_SECONDS = 3
const BURST = 400
const CONCURRENCY = 8
const KILL_AFTER_ACCEPTED = 150
const SOURCE = 'crash-till'
const FIRST_DAY = Date.UTC(2025, 0, 1)
const stateDir = mkdtempSync(join(tmpdir(), 'regionops-crash-'))
const started: ChildProcess[] = []

/** Sale i is on its own day, so the summary by day counts each sale apart. */
const dayOf = (i: number) => new Date(FIRST_DAY + i * 86_400_000).toISOString().slice(0, 10)
const lastDay = dayOf(BURST - 1)

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

/** The process group is gone (a zombie left for init to reap would still answer signal 0, so the port decides). */
const groupAlive = (worker: ChildProcess) => {
  try {
    process.kill(-worker.pid!, 0)
    return true
  } catch {
    return false
  }
}

function killGroup(worker: ChildProcess, signal: NodeJS.Signals) {
  if (groupAlive(worker)) process.kill(-worker.pid!, signal)
}

async function startWorker(port: number): Promise<{ worker: ChildProcess; base: string; log: () => string }> {
  const inspectorPort = await freePort()
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', stateDir]
  args.push('--show-interactive-dev-session=false', '--var', `ADMIN_TOKEN:${adminToken}`, '--var', `STALE_RECEIPT_SECONDS:${STALE_RECEIPT_SECONDS}`)
  // Its own process group, so one signal reaches wrangler and workerd alike.
  const worker = spawn(wrangler, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  started.push(worker)
  let log = ''
  worker.stdout!.on('data', (chunk) => (log += chunk))
  worker.stderr!.on('data', (chunk) => (log += chunk))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (worker.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`)
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer /health:\n${log}`)
    try {
      if ((await fetch(`${base}/health`)).ok) return { worker, base, log: () => log }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function api(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return JSON.parse(text)
}

/** Standard Webhooks v1, as src/lib/webhook-signature.ts verifies it: HMAC-SHA256 of "{id}.{timestamp}.{body}". */
function signed(secret: string, id: string, body: string) {
  const timestamp = Math.floor(Date.now() / 1000)
  const mac = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64')
  return { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` }
}

/** One sale of 1.00 on its own day, under its own webhook id. */
function sendSale(base: string, secret: string, i: number) {
  const body = JSON.stringify({
    type: 'sale.completed',
    data: { saleId: `crash-${i}`, storeCode: 'CR-1', occurredAt: `${dayOf(i)}T12:00:00+08:00`, lines: [{ sku: 'CR-P', qty: 1, unitPrice: 1 }] },
  })
  return fetch(`${base}/v1/webhooks/pos/${SOURCE}`, { method: 'POST', headers: signed(secret, `crash-webhook-${i}`, body), body })
}

/** Sales in the ledger per day (one day is one sale). */
async function ledgerByDay(base: string): Promise<Map<string, number>> {
  const summary = await api(base, 'GET', `/v1/sales/summary?from=${dayOf(0)}&to=${lastDay}&storeCode=CR-1&groupBy=day`)
  return new Map((summary.rows as { key: string; sales: number }[]).map((row) => [row.key, row.sales]))
}

afterAll(() => {
  for (const worker of started) killGroup(worker, 'SIGKILL')
  rmSync(stateDir, { recursive: true, force: true })
})

describe('the worker killed in the middle of a burst of webhooks', () => {
  it('applies every acknowledged sale exactly once after a restart on the same state', async () => {
    const migrations = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir], { cwd: root, env: childEnv, encoding: 'utf8' })
    expect(migrations.status, migrations.stdout + migrations.stderr).toBe(0)
    const first = await startWorker(await freePort())
    await api(first.base, 'PUT', '/v1/regions', { regions: [{ code: 'CR', name: '华东区' }] })
    await api(first.base, 'PUT', '/v1/stores', { stores: [{ code: 'CR-1', name: '南京路店', regionCode: 'CR', channel: 'direct' }] })
    await api(first.base, 'PUT', '/v1/products', { products: [{ sku: 'CR-P', name: '商品' }] })
    const { secret } = await api(first.base, 'POST', '/v1/admin/pos-sources', { id: SOURCE, name: 'POS crash', vendor: 'standard' })

    // The burst: eight senders; at the 150th 202 the group is killed. A 202 that arrives after the
    // signal still counts (it was acknowledged); a request that gets no answer was not.
    const acknowledged = new Set<number>()
    const unanswered = new Set<number>()
    const refused: string[] = []
    let next = 0
    let killedAt = 0
    const exited = new Promise((done) => first.worker.once('exit', done))
    const sender = async () => {
      while (next < BURST && killedAt === 0) {
        const i = next++
        try {
          const response = await sendSale(first.base, secret, i)
          await response.text()
          if (response.status === 202) acknowledged.add(i)
          else refused.push(`${i}: ${response.status}`)
        } catch {
          unanswered.add(i)
          continue
        }
        if (acknowledged.size >= KILL_AFTER_ACCEPTED && killedAt === 0) {
          killedAt = Date.now()
          killGroup(first.worker, 'SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, sender))
    await exited
    expect(refused).toEqual([])
    expect(killedAt).toBeGreaterThan(0)
    await expect(fetch(`${first.base}/health`)).rejects.toThrow()

    // Restart once the receipts left behind are stale, as they are on any restart after the threshold.
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + (STALE_RECEIPT_SECONDS + 1) * 1000 - Date.now())))
    const second = await startWorker(await freePort())

    let ledger = await ledgerByDay(second.base)
    const deadline = Date.now() + 60_000
    const missing = () => [...acknowledged].filter((i) => !ledger.has(dayOf(i)))
    while (missing().length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500))
      ledger = await ledgerByDay(second.base)
    }
    const applied = acknowledged.size - missing().length
    const countedTwice = [...ledger.values()].filter((sales) => sales > 1).length
    console.log(
      `crash test: acknowledged=${acknowledged.size}, applied=${applied}, lost=${missing().length}, counted twice=${countedTwice}, ` +
        `unanswered=${unanswered.size}, in the ledger=${ledger.size}`,
    )
    expect(missing(), 'acknowledged sales missing from the ledger').toEqual([])
    expect(countedTwice).toBe(0)
    // Sales the ledger has beyond those acknowledged can only be ones in flight at the kill.
    const sent = new Set([...acknowledged, ...unanswered].map(dayOf))
    expect([...ledger.keys()].filter((day) => !sent.has(day))).toEqual([])

    // The POS resends what got no answer, under the same webhook ids: each is taken now, or was
    // kept before the kill and is a duplicate the worker requeued itself. Then every sale is in once.
    const resent = await Promise.all([...unanswered].map(async (i) => (await sendSale(second.base, secret, i)).status))
    expect(resent.every((status) => status === 202 || status === 200)).toBe(true)
    while (ledger.size < sent.size && Date.now() < deadline + 20_000) {
      await new Promise((r) => setTimeout(r, 500))
      ledger = await ledgerByDay(second.base)
    }
    expect(new Set(ledger.keys())).toEqual(sent)
    expect([...ledger.values()].every((sales) => sales === 1)).toBe(true)
    console.log(`crash test: after the POS resent the ${unanswered.size} unanswered (${resent.filter((s) => s === 200).length} were duplicates): ${ledger.size} sales, each once`)
  }, 150_000)
})
