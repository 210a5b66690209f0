// Waiting sales fold into the ledger when master data can match them, and cannot be starved:
// 2,000 sales that can never match do not keep a matching one from folding in, whether the fold
// comes from the master-data write or from the cron; a fold that fails after its master-data write
// is kept and retried by the cron. The nightly reconcile finds rollups that differ from their
// lines and rebuilds them.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { newCheckRun } from '../../src/channel/run'
import { foldWaitingSales, runOwedFolds } from '../../src/sales/fold'
import { reconcileRollups } from '../../src/sales/rollups'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'

let secret: string
const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n
const DAY = '2027-05-10'
const sale = (saleId: string, storeCode: string, sku = 'FD-P', unitPrice = 10) => ({ saleId, storeCode, occurredAt: `${DAY}T12:00:00+08:00`, lines: [{ sku, qty: 1, unitPrice }] })
const storeTotal = async (storeCode: string) => (await call('GET', `/v1/sales/summary?from=${DAY}&to=${DAY}&storeCode=${storeCode}`)).json.rows[0]?.amount ?? null
const run = () => newCheckRun(env, 'cron')

/** Sends sales in webhooks of 1,000 and waits until the ledger has them. */
async function deliver(prefix: string, sales: (ReturnType<typeof sale> & { refundOf?: string })[]) {
  for (let i = 0; i < sales.length; i += 1000) {
    const res = await sendWebhook('fd-till', secret, { type: 'sales.batch', data: { sales: sales.slice(i, i + 1000) } }, { id: `${prefix}-${i}` })
    expect(res.status, res.text).toBe(202)
  }
  await drainSalesQueue(60_000)
}

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'FD', name: '华东区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'FD-1', name: '一店', regionCode: 'FD', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'FD-P', name: '商品' }] } }))
  secret = await posSource('fd-till')
  // 2,000 sales of a store that will never exist; they sort before every store code below.
  await deliver('never', Array.from({ length: 2000 }, (_, i) => sale(`never-${i}`, 'AAA-GHOST')))
}, 120_000)

describe('folding waiting sales', () => {
  it('a new store folds in its waiting sale past 2,000 that can never match', async () => {
    await deliver('late-store', [sale('late-store-1', 'FD-NEW', 'FD-P', 12.5)])
    expect(await count(`SELECT count(*) AS n FROM sales WHERE matched = 0 AND store_code = 'AAA-GHOST'`)).toBe(2000)
    const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: 'FD-NEW', name: '新店', regionCode: 'FD', channel: 'direct' }] } })
    expect(res.status, res.text).toBe(200)
    expect(res.json.salesMatched).toBe(1)
    expect(await storeTotal('FD-NEW')).toBe(12.5)
    expect(await count('SELECT count(*) AS n FROM sale_folds')).toBe(0)
  })

  it('a new product folds in its waiting sale past 2,000 that can never match', async () => {
    await deliver('late-sku', [sale('late-sku-1', 'FD-1', 'FD-NEWSKU', 7)])
    const res = await call('PUT', '/v1/products', { body: { products: [{ sku: 'FD-NEWSKU', name: '新品' }] } })
    expect(res.json.salesMatched, res.text).toBe(1)
    expect(await storeTotal('FD-1')).toBe(7)
  })

  it('the cron’s fold of every waiting sale pages past those that never match', async () => {
    await deliver('late-direct', [sale('late-direct-1', 'FD-LATE', 'FD-P', 3)])
    // The store appears without a fold (written straight into D1, as by a fold that never ran).
    await env.DB.prepare(`INSERT INTO stores (code, name, region_code, channel, created_at, updated_at) VALUES ('FD-LATE', '迟店', 'FD', 'direct', ?1, ?1)`)
      .bind(new Date().toISOString())
      .run()
    const folded = await foldWaitingSales(env.DB, run, 'all')
    expect(folded).toMatchObject({ matched: 1, complete: true })
    expect(await storeTotal('FD-LATE')).toBe(3)
  })

  it('a fold that fails after its master-data write is kept, and the cron finishes it', async () => {
    await deliver('late-fail', [sale('late-fail-1', 'FD-FAIL', 'FD-P', 4)])
    await env.DB.prepare(
      `CREATE TRIGGER fold_fault BEFORE INSERT ON sales_daily WHEN NEW.store_code = 'FD-FAIL' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
    ).run()
    try {
      const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: 'FD-FAIL', name: '故障店', regionCode: 'FD', channel: 'direct' }] } })
      expect(res.status, res.text).toBe(200)
      expect(res.json.salesMatched).toBe(0)
    } finally {
      await env.DB.prepare('DROP TRIGGER fold_fault').run()
    }
    expect(await storeTotal('FD-FAIL')).toBe(null)
    const owed = await env.DB.prepare('SELECT attempts, last_error FROM sale_folds').all<{ attempts: number; last_error: string }>()
    expect(owed.results).toEqual([{ attempts: 1, last_error: expect.stringContaining('injected fault') }])
    expect(await runOwedFolds(env.DB, run)).toBe(1)
    expect(await storeTotal('FD-FAIL')).toBe(4)
    expect(await count('SELECT count(*) AS n FROM sale_folds')).toBe(0)
  })
})

describe('refunds and long folds', () => {
  it('a refund of a sale that waited for another SKU counts once the sale folds in', async () => {
    await deliver('rf-sale', [{ saleId: 'rf-1', storeCode: 'FD-1', occurredAt: `${DAY}T13:00:00+08:00`, lines: [{ sku: 'FD-RFNEW', qty: 1, unitPrice: 100 }, { sku: 'FD-P', qty: 2, unitPrice: 10 }] }])
    await deliver('rf-refund', [{ saleId: 'rf-1r', refundOf: 'rf-1', storeCode: 'FD-1', occurredAt: `${DAY}T14:00:00+08:00`, lines: [{ sku: 'FD-P', qty: 1, unitPrice: 10 }] }])
    const before = await storeTotal('FD-1')
    const res = await call('PUT', '/v1/products', { body: { products: [{ sku: 'FD-RFNEW', name: '新品' }] } })
    expect(res.json.salesMatched, res.text).toBe(2)
    expect(await storeTotal('FD-1')).toBeCloseTo(before + 120 - 10, 2)
    expect(await count(`SELECT count(*) AS n FROM sales WHERE sale_id IN ('rf-1', 'rf-1r') AND matched = 1`)).toBe(2)
  })

  it('a fold longer than the write can take goes on from where it stopped, run after run', async () => {
    // More waiting sales of one SKU than the write's own pages (10,000) take, the real one last.
    await env.DB.prepare(
      `INSERT INTO sales (source_id, sale_id, kind, store_code, occurred_at, day, iso_week, currency, matched, webhook_id)
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 10049)
       SELECT 'fd-till', printf('ghost-%05d', i), 'sale', 'AAA-GHOST', ?1 || 'T12:00:00+08:00', ?1, '2027-W19', 'CNY', 0, 'direct' FROM n`,
    )
      .bind(DAY)
      .run()
    await env.DB.prepare(
      `INSERT INTO sale_lines (source_id, sale_id, line_no, sku, qty, unit_price, amount) SELECT source_id, sale_id, 1, 'FD-LONG', 1, 100, 100 FROM sales WHERE sale_id LIKE 'ghost-%'`,
    ).run()
    await deliver('long', [sale('zz-long-1', 'FD-1', 'FD-LONG', 5)])
    const before = await storeTotal('FD-1')
    const res = await call('PUT', '/v1/products', { body: { products: [{ sku: 'FD-LONG', name: '长' }] } })
    expect(res.json.salesMatched).toBe(0)
    const owed = await env.DB.prepare('SELECT cursor FROM sale_folds').first<{ cursor: string }>()
    expect(JSON.parse(owed!.cursor)).toEqual([0, 'fd-till', 'ghost-09999'])
    expect(await runOwedFolds(env.DB, run)).toBe(1)
    expect(await storeTotal('FD-1')).toBeCloseTo(before + 5, 2)
    expect(await count('SELECT count(*) AS n FROM sale_folds')).toBe(0)
  })
})

describe('the nightly reconcile of rollups', () => {
  it('finds store-days whose rollups differ from their lines, rebuilds them, and then finds none', async () => {
    expect(await reconcileRollups(env.DB, DAY, DAY)).toBe(0)
    const before = await storeTotal('FD-1')
    await env.DB.prepare(`UPDATE sales_daily SET amount = amount + 1 WHERE store_code = 'FD-1' AND day = ?`).bind(DAY).run()
    await env.DB.prepare(`DELETE FROM sales_daily_sku WHERE store_code = 'FD-NEW' AND day = ?`).bind(DAY).run()
    expect(await reconcileRollups(env.DB, DAY, DAY)).toBeGreaterThanOrEqual(2)
    expect(await storeTotal('FD-1')).toBe(before)
    expect(await count(`SELECT count(*) AS n FROM sales_daily_sku WHERE store_code = 'FD-NEW' AND day = ?`, DAY)).toBe(1)
    expect(await reconcileRollups(env.DB, DAY, DAY)).toBe(0)
  })
})
