// Faults injected into real parts: the queue consumer's D1 write failing mid-batch (a trigger that
// makes SQLite abort, created by the test and dropped again), the Sheets API answering 429 and 500,
// an alert receiver that is down. Each is retried with growing delays; nothing is lost, nothing
// is counted or sent twice, and what fails for good is listed after the last try.
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { writeBackBoundSheets } from '../../src/sheets/writeback'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

let secret: string
const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n
const TRIGGER = 'injected_fault'

/** Makes every ledger write touching `storeCode` fail inside its D1 transaction, as a full disk would. */
const breakLedgerFor = (storeCode: string) =>
  env.DB.prepare(
    `CREATE TRIGGER ${TRIGGER} BEFORE INSERT ON sales_daily WHEN NEW.store_code = '${storeCode}'
     BEGIN SELECT RAISE(ABORT, 'injected fault: database full'); END`,
  ).run()
const repairLedger = () => env.DB.prepare(`DROP TRIGGER IF EXISTS ${TRIGGER}`).run()

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const salesOf = (storeCode: string, prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ saleId: `${prefix}-${i}`, storeCode, occurredAt: '2027-04-10T12:00:00+08:00', lines: [{ sku: 'P', qty: 1, unitPrice: 10.01 }] }))
const storeTotal = async (storeCode: string) =>
  (await call('GET', `/v1/sales/summary?from=2027-04-01&to=2027-04-30&storeCode=${storeCode}`)).json.rows[0] ?? null

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'FX', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: ['FX-1', 'FX-2', 'FX-3'].map((code) => ({ code, name: code, regionCode: 'FX', channel: 'direct' })) } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'P', name: '商品' }] } }))
  secret = await posSource('fx-till')
})

afterEach(repairLedger)

describe('the queue consumer failing mid-batch', () => {
  it('a ledger write that fails is rolled back whole and retried; the rest of the batch is kept; after repair all count once', async () => {
    await breakLedgerFor('FX-2')
    // 6,000 sales in one queue batch are two ledger writes (5,000 sales at most each): the one
    // with FX-2 fails, the other is committed before or after it.
    const webhooks = [...Array.from({ length: 5 }, (_, i) => salesOf('FX-1', `mid-a${i}`, 1000)), salesOf('FX-2', 'mid-b', 1000)]
    for (const [i, sales] of webhooks.entries()) expect((await sendWebhook('fx-till', secret, { type: 'sales.batch', data: { sales } }, { id: `mid-${i}` })).status).toBe(202)

    // The failure shows while the queue is still trying.
    await waitFor('a second failed try', async () => (await count("SELECT max(failed_attempts) AS n FROM webhook_receipts WHERE webhook_id = 'mid-5'")) >= 2, 30_000)
    const waiting = await call('GET', '/v1/sales/receipts?status=queued')
    expect(waiting.json.receipts).toEqual([expect.objectContaining({ webhookId: 'mid-5', salesCount: 1000, lastError: expect.stringContaining('injected fault') })])
    // Nothing of the failed write is in the ledger, not even its sale rows; the other write is.
    expect(await count("SELECT count(*) AS n FROM sales WHERE store_code = 'FX-2'")).toBe(0)
    expect(await count("SELECT count(*) AS n FROM sale_lines WHERE sale_id LIKE 'mid-b-%'")).toBe(0)
    expect(await storeTotal('FX-1')).toEqual({ key: 'FX-1', amount: 50_050, qty: 5000, sales: 5000 })

    await repairLedger()
    await drainSalesQueue(30_000)
    expect(await storeTotal('FX-1')).toEqual({ key: 'FX-1', amount: 50_050, qty: 5000, sales: 5000 })
    expect(await storeTotal('FX-2')).toEqual({ key: 'FX-2', amount: 10_010, qty: 1000, sales: 1000 })
    expect(await count("SELECT count(*) AS n FROM sale_lines WHERE sale_id LIKE 'mid-%'")).toBe(6000)
    expect(await count("SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id LIKE 'mid-%' AND status = 'applied'")).toBe(6)
  }, 60_000)

  it('after the last try the receipt is listed as failed with its error; HQ retries it once repaired, and it counts once', async () => {
    await breakLedgerFor('FX-3')
    const started = Date.now()
    expect((await sendWebhook('fx-till', secret, { type: 'sales.batch', data: { sales: salesOf('FX-3', 'dead', 50) } }, { id: 'dead-1' })).status).toBe(202)
    await waitFor('the receipt to be given up', async () => (await count("SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = 'dead-1' AND status = 'failed'")) === 1, 90_000)
    const elapsed = Date.now() - started
    // Six tries (max_retries = 5) with waits of 1, 2, 4, 8 and 16 s between them.
    expect(elapsed).toBeGreaterThan(31_000)
    const failed = await call('GET', '/v1/sales/receipts?status=failed')
    expect(failed.json.receipts).toEqual([
      { sourceId: 'fx-till', webhookId: 'dead-1', receivedAt: expect.any(String), salesCount: 50, status: 'failed', failedAttempts: 6, lastError: expect.stringContaining('injected fault') },
    ])
    expect(await storeTotal('FX-3')).toBeNull()
    // The webhook id is still known: the POS resending it is a duplicate, not a second copy.
    expect((await sendWebhook('fx-till', secret, { type: 'sales.batch', data: { sales: salesOf('FX-3', 'dead', 50) } }, { id: 'dead-1' })).json).toEqual({ duplicate: true })

    await repairLedger()
    // Two retries at once: each receipt is claimed by one of them.
    const retries = await Promise.all([call('POST', '/v1/sales/receipts/retry'), call('POST', '/v1/sales/receipts/retry')])
    expect(retries.map((r) => r.json.requeued).sort()).toEqual([0, 1])
    await drainSalesQueue(30_000)
    expect(await storeTotal('FX-3')).toEqual({ key: 'FX-3', amount: 500.5, qty: 50, sales: 50 })
    expect((await call('GET', '/v1/sales/receipts?status=failed')).json.receipts).toEqual([])
    const audit = await call('GET', '/v1/audit?entity=webhook-receipt&key=fx-till/dead-1')
    // Newest first: the webhook's own entry when it reached the ledger, then HQ's retry.
    expect(audit.json.entries.slice(0, 2)).toMatchObject([
      { via: 'webhook', actor: 'pos-source:fx-till', before: { status: 'queued' }, after: { status: 'applied', sales: 50, refunds: 0, amount: 500.5 } },
      { via: 'api', before: { status: 'failed' }, after: { status: 'queued' } },
    ])
  }, 120_000)
})

describe('the Sheets API failing', () => {
  const api = inject('sheetsApiUrl')
  const google = { ...env, SHEETS_API_URL: api, GOOGLE_SERVICE_ACCOUNT_JSON: inject('serviceAccountJson') }
  const SHEET = 'isolated-faults'
  const KEYS = ['code', 'name', 'regionCode', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12', 'total', 'actualYtd', 'targetToDate', 'rate', 'timeProgress', 'pace']
  const calls = async () => ((await (await fetch(`${api}/__log`)).json()) as { method: string; path: string; at: number }[]).filter((c) => c.path.includes(SHEET))
  const fail = (status: number, times: number) => fetch(`${api}/__fail?spreadsheetId=${SHEET}&status=${status}&times=${times}`)
  const grid = async () => (await (await fetch(`${api}/__get?spreadsheetId=${SHEET}&sheet=${encodeURIComponent('门店目标')}`)).json()) as unknown[][]

  beforeAll(async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { year: 2027, level: 'store', rows: [{ code: 'FX-1', month: 4, amount: 1001 }] } }))
    await expectOk(call('PUT', '/v1/sheets/bindings', { body: { bindings: [{ spreadsheetId: SHEET, sheetName: '门店目标', tab: 'targets-store', regionCode: 'FX', year: 2027 }] } }))
    await fetch(`${api}/__set`, { method: 'POST', body: JSON.stringify({ spreadsheetId: SHEET, sheet: '门店目标', values: [KEYS, KEYS, ['FX-1', '一店', 'FX']] }) })
  })

  for (const status of [429, 500, 503]) {
    it(`answers of ${status} are retried with doubling waits, and the cells are written once with the right values`, async () => {
      const before = (await calls()).length
      await fail(status, 3)
      const result = await writeBackBoundSheets(google, { backoffMs: 40 })
      expect(result.failed).toEqual([])
      const tries = (await calls()).slice(before)
      // The read of the tab failed three times, then the read and the one batchUpdate went through.
      expect(tries.map((c) => c.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'POST'])
      const gaps = tries.slice(1, 4).map((c, i) => c.at - tries[i]!.at)
      expect(gaps[0]).toBeGreaterThanOrEqual(35)
      expect(gaps[1]).toBeGreaterThanOrEqual(75)
      expect(gaps[2]).toBeGreaterThanOrEqual(155)
      // Cells are set, not added to: after any number of retries they hold what the tab reads.
      const row = (await grid())[2]!
      const tab = (await call('GET', '/v1/sheets/targets-store?year=2027&regionCode=FX')).json
      const fx1 = tab.rows.find((r: unknown[]) => r[0] === 'FX-1')
      for (const key of ['total', 'actualYtd', 'rate']) expect(row[KEYS.indexOf(key)], key).toEqual(fx1[tab.columns.indexOf(key)])
      expect(row[KEYS.indexOf('total')]).toBe(1001)
    })
  }

  it('after the last try the error is kept on the binding and listed; the next run writes', async () => {
    await fail(500, 50)
    const result = await writeBackBoundSheets(google, { backoffMs: 1 })
    expect(result.failed).toEqual([{ spreadsheetId: SHEET, error: expect.stringContaining('HTTP 500 after 5 tries') }])
    const binding = (await call('GET', '/v1/sheets/bindings')).json.bindings.find((b: any) => b.spreadsheetId === SHEET)
    expect(binding.lastError).toContain('HTTP 500')
    await fail(500, 0)
    expect((await writeBackBoundSheets(google, { backoffMs: 1 })).failed).toEqual([])
    expect((await call('GET', '/v1/sheets/bindings')).json.bindings.find((b: any) => b.spreadsheetId === SHEET).lastError).toBeNull()
  })
})

describe('an alert receiver that is down', () => {
  const receiver = inject('alertReceiverUrl')
  const MAILBOX = 'isolated-faults'
  const received = async () => (await (await fetch(`${receiver}/__received?mailbox=${MAILBOX}`)).json()) as { path: string; body: string }[]
  const makeDue = () => env.DB.prepare("UPDATE alert_deliveries SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'").run()

  it('is retried with doubling delays and, once up, gets each alert exactly once, even with two senders racing', async () => {
    await expectOk(call('POST', '/v1/alerts/endpoints', { body: { regionCode: 'FX', format: 'slack', url: `${receiver}/${MAILBOX}/slack` } }))
    await fetch(`${receiver}/__fail?mailbox=${MAILBOX}&times=3`)
    const res = await sendWebhook('fx-till', secret, {
      type: 'sale.completed',
      data: { saleId: 'alert-1', storeCode: 'FX-1', occurredAt: '2027-04-11T12:00:00+08:00', lines: [{ sku: 'P', qty: 1, unitPrice: 10, codes: ['NEVER-SHIPPED'] }] },
    })
    expect(res.status).toBe(202)
    await drainSalesQueue()
    const delays: number[] = []
    for (let round = 0; round < 6; round++) {
      // Two cron runs at the same moment: the lease lets only one of them send.
      await Promise.all([call('POST', '/v1/alerts/deliver'), call('POST', '/v1/alerts/deliver')])
      const row = await env.DB.prepare("SELECT status, attempts, next_attempt_at FROM alert_deliveries WHERE endpoint_id IN (SELECT id FROM alert_endpoints WHERE url LIKE '%isolated-faults%')").first<any>()
      if (row.status === 'delivered') break
      delays.push(Math.round((Date.parse(row.next_attempt_at) - Date.now()) / 1000))
      await makeDue()
    }
    // Three failures with 30, 60 and 120 s before the next try, then delivered.
    expect(delays.map((d) => Math.round(d / 30) * 30)).toEqual([30, 60, 120])
    const got = await received()
    expect(got).toHaveLength(1)
    expect(JSON.parse(got[0]!.body).text).toContain('NEVER-SHIPPED')
    await Promise.all([call('POST', '/v1/alerts/deliver'), call('POST', '/v1/alerts/deliver')])
    expect(await received()).toHaveLength(1)
  })
})
