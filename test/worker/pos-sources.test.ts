// POS sources: registration, secret rotation with a 24-hour grace, listing without secrets.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, issueToken, seedTwoRegions, sendWebhook } from './helpers'

let store: string

beforeAll(async () => {
  const { east } = await seedTwoRegions('SRC')
  store = `${east}-S1`
  await call('PUT', '/v1/products', { body: { products: [{ sku: 'SKU-1', name: '衬衫' }] } })
})

const sale = (saleId: string) => ({ type: 'sale.completed', data: { saleId, storeCode: store, occurredAt: '2027-05-01T10:00:00+08:00', lines: [{ sku: 'SKU-1', qty: 1, unitPrice: 10 }] } })

describe('POST /v1/admin/pos-sources', () => {
  it('generates a whsec_ secret for a standard source, shown once', async () => {
    const res = await call('POST', '/v1/admin/pos-sources', { body: { id: 'till-1', name: '收银一号', vendor: 'standard' } })
    expect(res.status).toBe(201)
    expect(res.json.id).toBe('till-1')
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const list = await call('GET', '/v1/admin/pos-sources')
    expect(list.json.sources.find((s: any) => s.id === 'till-1')).toMatchObject({ name: '收银一号', vendor: 'standard', secrets: [{ expiresAt: null }] })
    expect(list.text).not.toContain(res.json.secret)
  })

  it('needs the Shopify app secret for a Shopify source, and refuses a taken id', async () => {
    const missing = await call('POST', '/v1/admin/pos-sources', { body: { id: 'shop-x', name: 'Shopify', vendor: 'shopify' } })
    expect(missing.status).toBe(422)
    expect(missing.json.errors[0].path).toBe('secret')
    expect((await call('POST', '/v1/admin/pos-sources', { body: { id: 'shop-x', name: 'Shopify', vendor: 'shopify', secret: 'shpss_0123456789abcdef' } })).status).toBe(201)
    expect((await call('POST', '/v1/admin/pos-sources', { body: { id: 'shop-x', name: 'again', vendor: 'standard' } })).status).toBe(409)
    const bad = await call('POST', '/v1/admin/pos-sources', { body: { id: 'has space', name: '', vendor: 'square' } })
    expect(bad.json.errors.map((e: any) => e.path).sort()).toEqual(['id', 'name', 'vendor'])
  })

  it('is for HQ only', async () => {
    const manager = await issueToken('manager', ['SRC-E'])
    expect((await call('POST', '/v1/admin/pos-sources', { token: manager.token, body: { id: 'm', name: 'm', vendor: 'standard' } })).status).toBe(403)
    expect((await call('GET', '/v1/admin/pos-sources', { token: manager.token })).status).toBe(403)
    expect((await call('POST', '/v1/admin/pos-sources/till-1/rotate', { token: manager.token, body: {} })).status).toBe(403)
    expect((await call('GET', '/v1/admin/pos-sources', { token: null })).status).toBe(401)
  })
})

describe('rotating a secret', () => {
  it('the old secret keeps verifying for 24 hours, then stops; the new one verifies at once', async () => {
    const created = await call('POST', '/v1/admin/pos-sources', { body: { id: 'till-rot', name: '轮换', vendor: 'standard' } })
    const old = created.json.secret
    const rotated = await call('POST', '/v1/admin/pos-sources/till-rot/rotate', { body: {} })
    expect(rotated.status).toBe(200)
    const fresh = rotated.json.secret
    expect(fresh).not.toBe(old)
    const grace = Date.parse(rotated.json.previousExpiresAt) - Date.now()
    expect(grace).toBeGreaterThan(23.9 * 3600_000)
    expect(grace).toBeLessThanOrEqual(24 * 3600_000)

    expect((await sendWebhook('till-rot', old, sale('rot-1'))).status).toBe(202)
    expect((await sendWebhook('till-rot', fresh, sale('rot-2'))).status).toBe(202)
    // A day later the old secret has expired.
    await env.DB.prepare("UPDATE pos_source_secrets SET expires_at = '2000-01-01T00:00:00.000Z' WHERE source_id = 'till-rot' AND expires_at IS NOT NULL").run()
    expect((await sendWebhook('till-rot', old, sale('rot-3'))).status).toBe(401)
    expect((await sendWebhook('till-rot', fresh, sale('rot-4'))).status).toBe(202)
    await drainSalesQueue()
  })

  it('a Shopify rotation needs the new secret; an unknown source is 404', async () => {
    expect((await call('POST', '/v1/admin/pos-sources/shop-x/rotate', { body: {} })).status).toBe(422)
    expect((await call('POST', '/v1/admin/pos-sources/shop-x/rotate', { body: { secret: 'shpss_fedcba9876543210' } })).status).toBe(200)
    expect((await call('POST', '/v1/admin/pos-sources/nope/rotate', { body: {} })).status).toBe(404)
  })
})
