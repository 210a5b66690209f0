// Inventory on a fixture worked out by hand: computed stock from counts, shipments and POS sales
// (a dealer's sell-out is its stores'), turnover, each alert, announcing only new alerts, bad input.
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const receiver = inject('alertReceiverUrl')
let manager: string
let otherManager: string
let viewer: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'IE', name: '华东区' }, { code: 'IW', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'DL', name: '上海恒通', regionCode: 'IE' }, { code: 'TWIN', name: '同名', regionCode: 'IE' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'S1', name: '南京路店', regionCode: 'IE', channel: 'direct' },
          { code: 'SD', name: '经销门店', regionCode: 'IE', channel: 'dealer', dealerCode: 'DL' },
          { code: 'TWIN', name: '同名店', regionCode: 'IE', channel: 'direct' },
        ],
      },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: ['A', 'B', 'C'].map((sku) => ({ sku, name: `商品${sku}` })) } }))
  manager = (await issueToken('manager', ['IE'])).token
  otherManager = (await issueToken('manager', ['IW'])).token
  viewer = (await issueToken('viewer', ['IE'])).token

  await expectOk(call('POST', '/v1/inventory/snapshots', { token: manager, body: { locationCode: 'S1', asOf: '2026-06-01', lines: [{ sku: 'A', onHand: 100 }, { sku: 'B', onHand: 10 }, { sku: 'C', onHand: 5 }] } }))
  await expectOk(call('POST', '/v1/inventory/snapshots', { token: manager, body: { locationCode: 'DL', asOf: '2026-06-01', lines: [{ sku: 'A', onHand: 40 }] } }))
  await expectOk(call('POST', '/v1/shipments', { body: { shipmentId: 'INV-SH-1', storeCode: 'S1', shippedAt: '2026-06-10', lines: [{ sku: 'A', qty: 50 }] } }))
  await expectOk(call('PUT', '/v1/inventory/limits', { token: manager, body: { limits: [{ locationCode: 'S1', sku: 'A', min: 20, max: 100 }, { locationCode: 'S1', sku: 'B', min: 5, max: 50 }] } }))
  const secret = await posSource('inv-till')
  const sales = [
    ['S1', 'A', 30, '2026-06-05'],
    ['S1', 'A', 10, '2026-06-10'],
    ['S1', 'B', 9, '2026-06-25'],
    ['SD', 'A', 15, '2026-06-20'],
  ] as const
  for (const [i, [store, sku, qty, day]] of sales.entries()) {
    await sendWebhook('inv-till', secret, { type: 'sale.completed', data: { saleId: `inv-${i}`, storeCode: store, occurredAt: `${day}T15:00:00+08:00`, lines: [{ sku, qty, unitPrice: 10 }] } })
  }
  await drainSalesQueue()
})

describe('computed stock and turnover', () => {
  it('count + sell-in − sell-out, with a dealer’s sell-out from its stores', async () => {
    const res = await call('GET', '/v1/inventory/stock?asOf=2026-06-30', { token: viewer })
    expect(res.status).toBe(200)
    const by = Object.fromEntries(res.json.stock.map((s: any) => [`${s.locationCode}/${s.sku}`, s]))
    // S1/A: 100 − 30 + 50 − 10 = 110; average (100 + 110) / 2 = 105 over 40 sold in 30 days → 78.8 days.
    expect(by['S1/A']).toEqual({ locationCode: 'S1', locationType: 'store', regionCode: 'IE', sku: 'A', min: 20, max: 100, onHand: 110, turnoverDays: 78.8, lastSaleOn: '2026-06-10' })
    expect(by['S1/B']).toMatchObject({ onHand: 1, turnoverDays: 18.3 }) // (10 + 1) / 2 ÷ (9 / 30)
    expect(by['S1/C']).toMatchObject({ onHand: 5, turnoverDays: null, lastSaleOn: null })
    expect(by['DL/A']).toMatchObject({ locationType: 'dealer', onHand: 25, turnoverDays: 65 }) // (40 + 25) / 2 ÷ (15 / 30)
  })
})

describe('alerts', () => {
  it('restock below the minimum, overstock above the maximum, slow movers', async () => {
    const res = await call('GET', '/v1/inventory/alerts?asOf=2026-06-30', { token: manager })
    expect(res.json.alerts.map((a: any) => [a.kind, a.locationCode, a.sku, a.onHand])).toEqual([
      ['overstock', 'S1', 'A', 110],
      ['restock', 'S1', 'B', 1],
      ['slow_mover', 'S1', 'C', 5],
    ])
    expect(res.json.alerts[2].reason).toBe('never sold')
    // A month later nothing has sold: every item on hand is slow.
    const later = await call('GET', '/v1/inventory/alerts?asOf=2026-07-31', { token: manager })
    expect(later.json.alerts.filter((a: any) => a.kind === 'slow_mover').map((a: any) => `${a.locationCode}/${a.sku}`)).toEqual(['DL/A', 'S1/A', 'S1/B', 'S1/C'])
    expect((await call('GET', '/v1/inventory/alerts?regionCode=IE', { token: otherManager })).status).toBe(403)
  })

  it('announces only new alerts through the alert endpoints', async () => {
    await fetch(`${receiver}/__reset`)
    await expectOk(call('POST', '/v1/alerts/endpoints', { body: { regionCode: 'IE', format: 'dingtalk', url: `${receiver}/dingtalk-stock` } }))
    const first = await call('POST', '/v1/inventory/alerts/announce')
    expect(first.json.announced.length).toBeGreaterThan(0)
    await call('POST', '/v1/alerts/deliver')
    const got = (await (await fetch(`${receiver}/__received`)).json()) as { path: string; body: string }[]
    const stock = got.filter((r) => r.path === '/dingtalk-stock')
    expect(stock).toHaveLength(1)
    expect(JSON.parse(stock[0]!.body).markdown.text).toContain(`${first.json.announced.length} 项新的库存预警`)
    expect((await call('POST', '/v1/inventory/alerts/announce')).json.announced).toEqual([])
    expect((await call('POST', '/v1/inventory/alerts/announce', { token: manager })).status).toBe(403)
  })
})

describe('bad input', () => {
  it('refuses negative stock, future counts, unknown or ambiguous locations and SKUs, duplicates', async () => {
    const res = await call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'S1', asOf: '2100-01-01', lines: [{ sku: 'A', onHand: 1 }, { sku: 'ZZ', onHand: 1 }, { sku: 'A', onHand: 2 }] } })
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['asOf', 'lines.1.sku', 'lines.2.sku'])
    expect((await call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'S1', asOf: '2026-06-01', lines: [{ sku: 'A', onHand: -1 }] } })).json.errors[0].path).toBe('lines.0.onHand')
    expect((await call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'TWIN', asOf: '2026-06-01', lines: [{ sku: 'A', onHand: 1 }] } })).json.errors[0].code).toBe('ambiguous')
    expect((await call('POST', '/v1/inventory/snapshots', { body: { locationCode: 'NOPE', asOf: '2026-06-01', lines: [{ sku: 'A', onHand: 1 }] } })).json.errors[0].code).toBe('unknown_reference')
    const limits = await call('PUT', '/v1/inventory/limits', { body: { limits: [{ locationCode: 'S1', sku: 'A', min: 50, max: 10 }, { locationCode: 'S1', sku: 'A', min: 1, max: 2 }] } })
    expect(limits.json.errors.map((e: any) => e.path)).toEqual(['limits.0.min', 'limits.1'])
  })

  it('writes are for managers of the location’s region and HQ', async () => {
    expect((await call('POST', '/v1/inventory/snapshots', { token: otherManager, body: { locationCode: 'S1', asOf: '2026-06-01', lines: [{ sku: 'A', onHand: 1 }] } })).status).toBe(403)
    expect((await call('PUT', '/v1/inventory/limits', { token: viewer, body: { limits: [{ locationCode: 'S1', sku: 'A', min: 1, max: 2 }] } })).status).toBe(403)
    expect((await call('GET', '/v1/inventory/stock', { token: null })).status).toBe(401)
  })
})
