// Channel integrity: shipments, every violation kind, late shipments, replay, lifecycle, scoping.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import worker from '../../src/index'
import { beforeAll, describe, expect, it } from 'vitest'
import { applyQueuedSales } from '../../src/sales/consumer'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

let secret: string
let eastManager: string
let westManager: string
let eastViewer: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'EAST', name: '华东区' }, { code: 'WEST', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'D-E', name: '上海经销商', regionCode: 'EAST' }, { code: 'D-W', name: '成都经销商', regionCode: 'WEST' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'E1', name: '南京路店', regionCode: 'EAST', channel: 'direct' },
          { code: 'ED', name: '上海经销门店', regionCode: 'EAST', channel: 'dealer', dealerCode: 'D-E' },
          { code: 'W1', name: '春熙路店', regionCode: 'WEST', channel: 'direct' },
        ],
      },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'BAG', name: '托特包', listPrice: 899, floorPrice: 629 }, { sku: 'TEE', name: 'T恤' }] } }))
  secret = await posSource('ch-till')
  eastManager = (await issueToken('manager', ['EAST'])).token
  westManager = (await issueToken('manager', ['WEST'])).token
  eastViewer = (await issueToken('viewer', ['EAST'])).token
})

let saleNo = 0
async function sell(storeCode: string, lines: { sku: string; qty: number; unitPrice: number; codes?: string[] }[], day = '2027-05-10', refundOf?: string) {
  const saleId = `ch-${++saleNo}`
  const res = await sendWebhook('ch-till', secret, {
    type: refundOf ? 'sale.refunded' : 'sale.completed',
    data: { saleId, storeCode, occurredAt: `${day}T12:00:${String(saleNo % 60).padStart(2, '0')}+08:00`, lines, ...(refundOf ? { refundOf } : {}) },
  })
  expect(res.status, res.text).toBe(202)
  await drainSalesQueue()
  return saleId
}

const ship = (body: Record<string, unknown>, token?: string) => call('POST', '/v1/shipments', { body, ...(token === undefined ? {} : { token }) })
const violationsOf = async (query = '') => (await call('GET', `/v1/violations?limit=1000${query}`)).json.violations as any[]
const byCode = async (code: string) => (await violationsOf()).filter((v) => v.code === code)

describe('POST /v1/shipments', () => {
  it('authorises each code for the receiving party’s region, and is idempotent', async () => {
    const body = { shipmentId: 'SH-1', dealerCode: 'D-W', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 3, codes: ['U-1', 'U-2', 'U-3'] }] }
    const res = await ship(body)
    expect(res.status, res.text).toBe(201)
    expect(res.json).toEqual({ shipmentId: 'SH-1', regionCode: 'WEST', codes: 3, violationsRaised: 0 })
    const again = await ship(body)
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ shipmentId: 'SH-1', duplicate: true })
    const row = await env.DB.prepare("SELECT region_code, dealer_code, shipment_id FROM shipped_codes WHERE code = 'U-2'").first()
    expect(row).toEqual({ region_code: 'WEST', dealer_code: 'D-W', shipment_id: 'SH-1' })
  })

  it('refuses unknown parties and SKUs, duplicate and empty code lists, and codes of another region unless transferred', async () => {
    const bad = await ship({
      shipmentId: 'SH-BAD',
      dealerCode: 'D-NONE',
      shippedAt: '2027-05-01',
      lines: [
        { sku: 'NOPE', qty: 1, codes: ['X-1'] },
        { sku: 'BAG', qty: 2, codes: ['X-2', 'X-1'] },
      ],
    })
    expect(bad.status).toBe(422)
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['dealerCode', 'lines.0.sku', 'lines.1.codes.1'])
    const empty = await ship({ shipmentId: 'SH-E', storeCode: 'E1', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 1, codes: [] }] })
    expect(empty.json.errors[0].path).toBe('lines.0.codes')
    const both = await ship({ shipmentId: 'SH-B', dealerCode: 'D-E', storeCode: 'E1', shippedAt: 'yesterday', lines: [{ sku: 'BAG', qty: 2, codes: ['Y-1'] }] })
    expect(both.json.errors.map((e: any) => e.path).sort()).toEqual(['dealerCode', 'lines.0.codes', 'shippedAt'])

    const moved = { shipmentId: 'SH-2', dealerCode: 'D-E', shippedAt: '2027-05-02', lines: [{ sku: 'BAG', qty: 1, codes: ['U-3'] }] }
    const refused = await ship(moved)
    expect(refused.status).toBe(422)
    expect(refused.json.errors[0]).toMatchObject({ path: 'lines.0.codes.0', code: 'shipped_elsewhere' })
    expect(refused.json.errors[0].message).toContain('SH-1')
    expect(await env.DB.prepare("SELECT count(*) AS n FROM shipments WHERE shipment_id IN ('SH-BAD','SH-E','SH-B','SH-2')").first()).toEqual({ n: 0 })
    expect((await ship({ ...moved, transfer: true })).status).toBe(201)
    expect(await env.DB.prepare("SELECT region_code FROM shipped_codes WHERE code = 'U-3'").first()).toEqual({ region_code: 'EAST' })
  })

  it('takes 10,000 codes in one shipment', async () => {
    const codes = Array.from({ length: 10_000 }, (_, i) => `BULK-${i}`)
    const res = await ship({ shipmentId: 'SH-BULK', storeCode: 'W1', shippedAt: '2027-05-03T09:00:00+08:00', lines: [{ sku: 'TEE', qty: 10_000, codes }] })
    expect(res.status, res.text).toBe(201)
    expect(res.json.codes).toBe(10_000)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM shipped_codes WHERE code LIKE 'BULK-%'").first()).toEqual({ n: 10_000 })
  })

  it('is for HQ and the ERP (admin tokens) only', async () => {
    expect((await ship({ shipmentId: 'SH-M' }, eastManager)).status).toBe(403)
    expect((await ship({ shipmentId: 'SH-M' }, null as unknown as string)).status).toBe(401)
  })
})

describe('checks on every sale line', () => {
  it('cross_region: a unit shipped to the west sold in the east, with the evidence', async () => {
    const saleId = await sell('E1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-1'] }])
    const [v] = await byCode('U-1')
    expect(v).toMatchObject({ kind: 'cross_region', status: 'open', storeCode: 'E1', regionCode: 'EAST', expectedRegionCode: 'WEST', dealerCode: 'D-W', saleId, unitPrice: 899 })
    expect(v.evidence).toMatchObject({ shipmentId: 'SH-1', shippedToDealer: 'D-W', authorisedRegion: 'WEST', shippedAt: '2027-05-01', saleId, storeCode: 'E1', regionCode: 'EAST', day: '2027-05-10' })
  })

  it('unknown_code: a code that was never shipped', async () => {
    await sell('E1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['FAKE-1'] }])
    expect((await byCode('FAKE-1')).map((v) => [v.kind, v.regionCode])).toEqual([['unknown_code', 'EAST']])
  })

  it('duplicate_code: a unit sold twice, unless refunded in between', async () => {
    await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-2'] }], '2027-05-11')
    const second = await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-2'] }], '2027-05-12')
    const dup = (await byCode('U-2')).filter((v) => v.kind === 'duplicate_code')
    expect(dup).toHaveLength(1)
    expect(dup[0]).toMatchObject({ saleId: second, evidence: { previousStoreCode: 'W1', previousDay: '2027-05-11' } })

    await ship({ shipmentId: 'SH-3', storeCode: 'W1', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 1, codes: ['U-9'] }] })
    const first = await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-9'] }], '2027-05-11')
    await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899 }], '2027-05-12', first) // refund without codes re-arms U-9
    await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-9'] }], '2027-05-13')
    expect(await byCode('U-9')).toEqual([])
  })

  it('duplicate_code: refunds that reach the ledger out of order still re-arm the unit', async () => {
    await ship({ shipmentId: 'SH-ORDER', storeCode: 'W1', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 2, codes: ['U-30', 'U-31'] }] })
    // A refund that arrives late, after the unit was sold again: the duplicate it caused is closed.
    const first = await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-30'] }], '2027-05-11')
    await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-30'] }], '2027-05-13')
    const [opened] = await byCode('U-30')
    expect(opened).toMatchObject({ kind: 'duplicate_code', status: 'open' })
    await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899 }], '2027-05-12', first)
    const [closed] = await byCode('U-30')
    expect(closed).toMatchObject({ id: opened.id, status: 'dismissed', decidedBy: 'system' })
    expect(closed.note).toContain('refund')
    // Then a sale between the refund and the second sale arrives, later still: a duplicate after all.
    const between = await sendWebhook('ch-till', secret, {
      type: 'sale.completed',
      data: { saleId: 'ch-order-between', storeCode: 'W1', occurredAt: '2027-05-12T18:00:00+08:00', lines: [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-30'] }] },
    })
    expect(between.status).toBe(202)
    await drainSalesQueue()
    const [reopened] = await byCode('U-30')
    expect(reopened).toMatchObject({ id: opened.id, status: 'open', decidedBy: null, note: null })

    // A refund that arrives before the sale it refunds: the resale raises nothing.
    const refund = await sendWebhook('ch-till', secret, {
      type: 'sale.refunded',
      data: { saleId: 'ch-order-r', refundOf: 'ch-order-s', storeCode: 'W1', occurredAt: '2027-05-12T12:00:00+08:00', lines: [{ sku: 'BAG', qty: 1, unitPrice: 899 }] },
    })
    expect(refund.status).toBe(202)
    await drainSalesQueue()
    const original = await sendWebhook('ch-till', secret, {
      type: 'sale.completed',
      data: { saleId: 'ch-order-s', storeCode: 'W1', occurredAt: '2027-05-11T12:00:00+08:00', lines: [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-31'] }] },
    })
    expect(original.status).toBe(202)
    await drainSalesQueue()
    await sell('W1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['U-31'] }], '2027-05-13')
    expect(await byCode('U-31')).toEqual([])
  })

  it('below_floor_price: a line under the product floor price, once per line', async () => {
    const saleId = await sell('E1', [{ sku: 'BAG', qty: 2, unitPrice: 599 }, { sku: 'BAG', qty: 1, unitPrice: 629 }])
    const found = (await violationsOf('&kind=below_floor_price')).filter((v) => v.saleId === saleId)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ unitPrice: 599, floorPrice: 629, storeCode: 'E1', evidence: { lineNo: 1, qty: 2 } })
  })

  it('a lot is flagged once the share sold outside its region passes the threshold (20%)', async () => {
    await ship({ shipmentId: 'SH-LOT', dealerCode: 'D-W', shippedAt: '2027-05-01', lines: [{ sku: 'TEE', qty: 100, codes: ['LOT-1'], codeType: 'lot' }] })
    await sell('W1', [{ sku: 'TEE', qty: 8, unitPrice: 99, codes: ['LOT-1'] }])
    await sell('E1', [{ sku: 'TEE', qty: 2, unitPrice: 99, codes: ['LOT-1'] }]) // 2 of 10 = 20%: not past
    expect(await byCode('LOT-1')).toEqual([])
    await sell('E1', [{ sku: 'TEE', qty: 1, unitPrice: 99, codes: ['LOT-1'] }]) // 3 of 11 ≈ 27%
    const [v] = await byCode('LOT-1')
    expect(v).toMatchObject({ kind: 'cross_region', regionCode: 'EAST', expectedRegionCode: 'WEST', evidence: { soldQty: 11, soldOutsideQty: 3, outsideShare: 0.2727, threshold: 0.2 } })
  })

  it('replaying the ledger raises nothing twice', async () => {
    const before = (await violationsOf()).length
    await env.DB.prepare("UPDATE webhook_receipts SET status = 'queued' WHERE source_id = 'ch-till'").run()
    const receipts = await env.DB.prepare("SELECT source_id, webhook_id FROM webhook_receipts WHERE source_id = 'ch-till'").all<{ source_id: string; webhook_id: string }>()
    await applyQueuedSales(env, receipts.results.map((r) => ({ sourceId: r.source_id, webhookId: r.webhook_id })))
    expect((await violationsOf()).length).toBe(before)
  })
})

describe('late shipments', () => {
  it('an unknown code sold elsewhere becomes cross_region; one sold where it belongs is closed with a note', async () => {
    await sell('E1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['LATE-1'] }])
    await sell('E1', [{ sku: 'BAG', qty: 1, unitPrice: 899, codes: ['LATE-2'] }])
    const [late1] = await byCode('LATE-1')
    expect(late1.kind).toBe('unknown_code')
    const res = await ship({ shipmentId: 'SH-LATE-W', dealerCode: 'D-W', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 1, codes: ['LATE-1'] }] })
    expect(res.status).toBe(201)
    await ship({ shipmentId: 'SH-LATE-E', storeCode: 'E1', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 1, codes: ['LATE-2'] }] })
    const [converted] = await byCode('LATE-1')
    expect(converted).toMatchObject({ id: late1.id, kind: 'cross_region', status: 'open', expectedRegionCode: 'WEST', evidence: { shipmentId: 'SH-LATE-W', reclassifiedFrom: 'unknown_code' } })
    const [closed] = await byCode('LATE-2')
    expect(closed).toMatchObject({ kind: 'unknown_code', status: 'dismissed', decidedBy: 'system' })
    expect(closed.note).toContain('SH-LATE-E')
  })
})

describe('sell-out against sell-in', () => {
  it('flags a dealer whose stores sold more of a SKU than was shipped to it, once', async () => {
    await ship({ shipmentId: 'SH-D-E', dealerCode: 'D-E', shippedAt: '2027-06-01', lines: [{ sku: 'TEE', qty: 5 }] })
    await sell('ED', [{ sku: 'TEE', qty: 8, unitPrice: 99 }], '2027-06-15')
    const res = await call('POST', '/v1/violations/check-sellout', { body: { month: '2027-06' } })
    expect(res.json).toEqual({ month: '2027-06', violationsRaised: 1 })
    const [v] = await violationsOf('&kind=sellout_exceeds_sellin')
    expect(v).toMatchObject({ regionCode: 'EAST', dealerCode: 'D-E', sku: 'TEE', evidence: { sellInThrough: 5, sellOutThrough: 8, month: '2027-06' } })
    expect((await call('POST', '/v1/violations/check-sellout', { body: { month: '2027-06' } })).json.violationsRaised).toBe(0)
    expect((await call('POST', '/v1/violations/check-sellout', { body: { month: '2027-13' } })).status).toBe(422)
    expect((await call('POST', '/v1/violations/check-sellout', { token: eastManager, body: { month: '2027-06' } })).status).toBe(403)
  })
})

describe('the nightly cron', () => {
  it('checks sell-out against sell-in for the month so far and announces it', async () => {
    await sell('ED', [{ sku: 'TEE', qty: 30, unitPrice: 99 }], '2027-07-20')
    const controller = createScheduledController({ cron: '30 18 * * *', scheduledTime: Date.parse('2027-07-30T18:30:00Z') })
    const ctx = createExecutionContext()
    await worker.scheduled(controller, env, ctx)
    await waitOnExecutionContext(ctx)
    const july = (await violationsOf('&kind=sellout_exceeds_sellin')).filter((v) => v.evidence.month === '2027-07')
    expect(july).toHaveLength(1)
    expect(july[0].evidence).toMatchObject({ sellInThrough: 5, sellOutThrough: 38, sellOutInMonth: 30 })
  })
})

describe('working the violations', () => {
  it('managers see their regions only', async () => {
    const east = (await call('GET', '/v1/violations', { token: eastManager })).json.violations
    expect(east.length).toBeGreaterThan(0)
    expect(east.every((v: any) => v.regionCode === 'EAST')).toBe(true)
    expect((await call('GET', '/v1/violations?regionCode=WEST', { token: eastViewer })).status).toBe(403)
    expect((await call('GET', '/v1/violations', { token: null })).status).toBe(401)
  })

  it('confirm and dismiss need a note, happen once, are audited, and only in the manager’s regions', async () => {
    const [v] = await byCode('FAKE-1')
    expect((await call('POST', `/v1/violations/${v.id}/confirm`, { token: eastManager, body: { note: ' ' } })).status).toBe(422)
    expect((await call('POST', `/v1/violations/${v.id}/confirm`, { token: westManager, body: { note: 'x' } })).status).toBe(403)
    expect((await call('POST', `/v1/violations/${v.id}/confirm`, { token: eastViewer, body: { note: 'x' } })).status).toBe(403)
    const done = await call('POST', `/v1/violations/${v.id}/confirm`, { token: eastManager, body: { note: '已核实为假货，已下架' } })
    expect(done.status).toBe(200)
    expect(done.json).toMatchObject({ status: 'confirmed', note: '已核实为假货，已下架' })
    expect((await call('POST', `/v1/violations/${v.id}/dismiss`, { body: { note: 'x' } })).status).toBe(409)
    expect((await call('POST', '/v1/violations/999999/dismiss', { body: { note: 'x' } })).status).toBe(404)
    const audit = await call('GET', `/v1/audit?entity=violation&key=${v.id}`)
    // Newest first: the manager's confirmation, then the system opening it when the sale came.
    expect(audit.json.entries).toHaveLength(2)
    expect(audit.json.entries[0]).toMatchObject({ before: { status: 'open' }, after: { status: 'confirmed', note: '已核实为假货，已下架' } })
    expect(audit.json.entries[1]).toMatchObject({ actor: 'system', via: 'webhook', before: null, after: { status: 'open' } })
    expect((await violationsOf('&status=confirmed')).map((x) => x.id)).toContain(v.id)
  })
})
