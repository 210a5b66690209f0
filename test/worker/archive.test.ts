// Raw sales past their retention move to R2 by store and month, and nothing a user reads changes:
// the summaries by day, SKU and month and the sold codes are the same before and after; the month
// can be read back whole from the archive; a sale of an archived month that arrives later is held,
// not counted twice; only callers who may read the store's region can read its archive.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { runBatch } from '../../src/db/bulk'
import { archiveDueMonths, fromNdjson } from '../../src/sales/archive'
import { rebuildRollups, reconcileRollups, rollupDrift } from '../../src/sales/rollups'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const TODAY = '2026-12-03'
const OLD = '2025-06'
let secret: string
const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n
const sale = (saleId: string, day: string, unitPrice: number, code?: string) => ({
  saleId,
  storeCode: 'AR-1',
  occurredAt: `${day}T12:00:00+08:00`,
  lines: [{ sku: 'AR-P', qty: 1, unitPrice, ...(code ? { codes: [code] } : {}) }, { sku: 'AR-Q', qty: 2, unitPrice: 3.5 }],
})
const readable = async () => ({
  byDay: (await call('GET', '/v1/sales/summary?from=2025-06-01&to=2026-11-30&groupBy=day&storeCode=AR-1')).json.rows,
  bySku: (await call('GET', '/v1/sales/summary?from=2025-06-01&to=2026-11-30&groupBy=sku&storeCode=AR-1')).json.rows,
  byMonth: (await call('GET', '/v1/sales/summary?from=2025-06-01&to=2026-11-30&groupBy=month&storeCode=AR-1')).json.rows,
  codes: await count(`SELECT count(*) AS n FROM sold_codes WHERE store_code = 'AR-1'`),
})

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'AR', name: '华东区' }, { code: 'AR-X', name: '西区' }] } }))
  await expectOk(call('PUT', '/v1/stores', { body: { stores: [{ code: 'AR-1', name: '一店', regionCode: 'AR', channel: 'direct' }] } }))
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'AR-P', name: '商品' }, { sku: 'AR-Q', name: '配件' }] } }))
  secret = await posSource('ar-till')
  const old = Array.from({ length: 30 }, (_, i) => sale(`old-${i}`, `${OLD}-${String(1 + (i % 28)).padStart(2, '0')}`, 10 + i, i % 3 === 0 ? `AR-U${i}` : undefined))
  const kept = Array.from({ length: 5 }, (_, i) => sale(`kept-${i}`, '2026-11-10', 20))
  expect((await sendWebhook('ar-till', secret, { type: 'sales.batch', data: { sales: [...old, ...kept] } })).status).toBe(202)
  await drainSalesQueue()
})

describe('archiving raw sales past their retention', () => {
  it('moves the old month to R2 and out of D1, and changes nothing a report reads', async () => {
    const before = await readable()
    expect(before.byMonth.map((r: any) => r.key)).toEqual([OLD, '2026-11'])
    expect(await archiveDueMonths(env, TODAY)).toBe(30)
    expect(await readable()).toEqual(before)
    expect(await count(`SELECT count(*) AS n FROM sales WHERE store_code = 'AR-1' AND day LIKE '${OLD}-%'`)).toBe(0)
    expect(await count(`SELECT count(*) AS n FROM sale_lines WHERE sale_id LIKE 'old-%'`)).toBe(0)
    expect(await count(`SELECT count(*) AS n FROM sales WHERE store_code = 'AR-1' AND day LIKE '2026-11-%'`)).toBe(5)
    // A second run finds nothing more to move.
    expect(await archiveDueMonths(env, TODAY)).toBe(0)
  })

  it('gives the month back whole, one sale per line, summing to its rollup to the fen', async () => {
    const res = await call('GET', `/v1/sales/archive/AR-1/${OLD}`)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/)
    const sales = fromNdjson(res.text)
    expect(sales.map((s) => s.saleId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `old-${i}`).sort())
    const amount = sales.reduce((n, s) => n + s.lines.reduce((m, l) => m + l.amount, 0), 0)
    const month = (await call('GET', `/v1/sales/summary?from=${OLD}-01&to=${OLD}-30&groupBy=month&storeCode=AR-1`)).json.rows[0]
    expect(amount).toBe(Math.round(month.amount * 100))
    expect(sales.find((s) => s.saleId === 'old-3')!.lines[0]).toEqual({ lineNo: 1, sku: 'AR-P', qty: 1, unitPrice: 1300, amount: 1300, codes: ['AR-U3'] })
  })

  it('holds a sale of an archived month that arrives later, a resend included, and counts it nowhere', async () => {
    const before = await readable()
    expect((await sendWebhook('ar-till', secret, { type: 'sales.batch', data: { sales: [sale('old-0', `${OLD}-01`, 10), sale('late-1', `${OLD}-15`, 99)] } })).status).toBe(202)
    await drainSalesQueue()
    expect(await readable()).toEqual(before)
    const held = (await call('GET', '/v1/sales/unmatched')).json.sales.filter((s: any) => s.storeCode === 'AR-1')
    expect(held.map((s: any) => [s.saleId, s.reason]).sort()).toEqual([
      ['late-1', 'month_archived'],
      ['old-0', 'month_archived'],
    ])
  })

  it('leaves an archived month out of the reconcile and the rebuild: its figures are final', async () => {
    const before = await readable()
    expect(await rollupDrift(env.DB, `${OLD}-01`, `${OLD}-30`)).toBe(0)
    expect(await reconcileRollups(env.DB, `${OLD}-01`, '2026-11-30')).toBe(0)
    await runBatch(env.DB, rebuildRollups(`${OLD}-01`, '2026-11-30'))
    expect(await readable()).toEqual(before)
  })

  it('refuses a store code a URL could not carry to its archive', async () => {
    const res = await call('PUT', '/v1/stores', { body: { stores: [{ code: '..', name: '点', regionCode: 'AR', channel: 'direct' }] } })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['stores.0.code'])
  })

  it('is read only by callers who may read the store’s region; a month not archived is a 404', async () => {
    const own = (await issueToken('viewer', ['AR'])).token
    const other = (await issueToken('manager', ['AR-X'])).token
    expect((await call('GET', `/v1/sales/archive/AR-1/${OLD}`, { token: own })).status).toBe(200)
    expect((await call('GET', `/v1/sales/archive/AR-1/${OLD}`, { token: other })).status).toBe(403)
    expect((await call('GET', `/v1/sales/archive/AR-1/${OLD}`, { token: null })).status).toBe(401)
    expect((await call('GET', '/v1/sales/archive/AR-1/2026-11')).status).toBe(404)
    expect((await call('GET', '/v1/sales/archive/AR-1/2025-13')).status).toBe(422)
  })
})
