// POS sources: registration, secret rotation with a grace (24 hours by default, 0 revokes), disabling, listing without secrets.
import { forgetSource } from '../../src/sales/source-cache'
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
    // A day later the old secret has expired (and the isolate's few seconds of cache with it).
    await env.DB.prepare("UPDATE pos_source_secrets SET expires_at = '2000-01-01T00:00:00.000Z' WHERE source_id = 'till-rot' AND expires_at IS NOT NULL").run()
    forgetSource('till-rot')
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

describe('cutting off a leaked secret', () => {
  it('graceSeconds 0 revokes the old secrets at once; the new one verifies', async () => {
    const old = (await call('POST', '/v1/admin/pos-sources', { body: { id: 'till-leak', name: '泄露', vendor: 'standard' } })).json.secret
    const rotated = await call('POST', '/v1/admin/pos-sources/till-leak/rotate', { body: { graceSeconds: 0 } })
    expect(rotated.status).toBe(200)
    expect(Date.parse(rotated.json.previousExpiresAt)).toBeLessThanOrEqual(Date.now())
    expect((await sendWebhook('till-leak', old, sale('leak-1'))).status).toBe(401)
    expect((await sendWebhook('till-leak', rotated.json.secret, sale('leak-2'))).status).toBe(202)
    const listed = (await call('GET', '/v1/admin/pos-sources')).json.sources.find((s: any) => s.id === 'till-leak')
    expect(listed.secrets.map((s: any) => s.expiresAt === null)).toEqual([false, true])
    await drainSalesQueue()
  })

  it('a later rotation with a longer grace never brings a revoked or sooner-ending secret back', async () => {
    const first = (await call('POST', '/v1/admin/pos-sources', { body: { id: 'till-twice', name: '两次', vendor: 'standard' } })).json.secret
    const second = (await call('POST', '/v1/admin/pos-sources/till-twice/rotate', { body: { graceSeconds: 60 } })).json
    const third = await call('POST', '/v1/admin/pos-sources/till-twice/rotate', { body: { graceSeconds: 7 * 86400 } })
    expect((await sendWebhook('till-twice', first, sale('twice-1'))).status).toBe(202)
    const secrets = (await call('GET', '/v1/admin/pos-sources')).json.sources.find((s: any) => s.id === 'till-twice').secrets
    const ends = secrets.map((s: any) => (s.expiresAt === null ? null : Date.parse(s.expiresAt) - Date.now()))
    // The first keeps its 60 s, the second gets the week, the third has no end.
    expect(ends[0]).toBeLessThanOrEqual(60_000)
    expect(ends[1]).toBeGreaterThan(6.9 * 86400_000)
    expect(ends[2]).toBeNull()
    expect((await sendWebhook('till-twice', second.secret, sale('twice-2'))).status).toBe(202)
    expect((await sendWebhook('till-twice', third.json.secret, sale('twice-3'))).status).toBe(202)
    await drainSalesQueue()

    // The audit holds what each rotation changed, not `before: null`.
    const audit = (await call('GET', '/v1/audit?entity=pos-source&key=till-twice')).json.entries
    const last = audit.find((e: any) => e.after?.graceSeconds === 7 * 86400)
    expect(last.before.secrets).toHaveLength(2)
    expect(last.before.secrets[0].expiresAt).toBe(last.after.secrets[0].expiresAt)
    expect(last.after.secrets).toHaveLength(3)
  })

  it('names a bad graceSeconds', async () => {
    for (const graceSeconds of [-1, 1.5, 8 * 86400, '0']) {
      const res = await call('POST', '/v1/admin/pos-sources/till-1/rotate', { body: { graceSeconds } })
      expect(res.status, String(graceSeconds)).toBe(422)
      expect(res.json.errors.map((e: any) => e.path)).toEqual(['graceSeconds'])
    }
  })
})

describe('DELETE /v1/admin/pos-sources/{id}', () => {
  it('disables a source: its webhooks are 404, its sales stay, the list and the audit say when', async () => {
    const secret = (await call('POST', '/v1/admin/pos-sources', { body: { id: 'till-off', name: '停用', vendor: 'standard' } })).json.secret
    expect((await sendWebhook('till-off', secret, sale('off-1'))).status).toBe(202)
    await drainSalesQueue()

    const disabled = await call('DELETE', '/v1/admin/pos-sources/till-off')
    expect(disabled.status).toBe(200)
    expect(disabled.json).toEqual({ id: 'till-off', disabledAt: expect.any(String) })
    expect((await sendWebhook('till-off', secret, sale('off-2'))).status).toBe(404)
    const summary = await call('GET', `/v1/sales/summary?from=2027-05-01&to=2027-05-01&storeCode=${store}`)
    expect(summary.json.rows[0].sales).toBeGreaterThanOrEqual(1)
    expect((await env.DB.prepare("SELECT count(*) AS n FROM sales WHERE sale_id = 'off-1'").first<{ n: number }>())!.n).toBe(1)

    const listed = (await call('GET', '/v1/admin/pos-sources')).json.sources.find((s: any) => s.id === 'till-off')
    expect(listed.disabledAt).toBe(disabled.json.disabledAt)
    expect((await call('GET', '/v1/admin/pos-sources')).json.sources.find((s: any) => s.id === 'till-1').disabledAt).toBeNull()
    const audit = (await call('GET', '/v1/audit?entity=pos-source&key=till-off')).json.entries
    expect(audit.find((e: any) => e.after?.disabledAt)).toMatchObject({ actor: 'admin-token', via: 'api', before: { disabledAt: null }, after: { disabledAt: disabled.json.disabledAt } })

    // Again: the same answer, no second entry; rotating it is refused.
    expect((await call('DELETE', '/v1/admin/pos-sources/till-off')).json.disabledAt).toBe(disabled.json.disabledAt)
    expect((await call('GET', '/v1/audit?entity=pos-source&key=till-off')).json.entries).toHaveLength(audit.length)
    expect((await call('POST', '/v1/admin/pos-sources/till-off/rotate', { body: {} })).status).toBe(409)
  })

  it('is 404 for an unknown source and for HQ only', async () => {
    expect((await call('DELETE', '/v1/admin/pos-sources/nope')).status).toBe(404)
    const manager = await issueToken('manager', ['SRC-E'])
    expect((await call('DELETE', '/v1/admin/pos-sources/till-1', { token: manager.token })).status).toBe(403)
    expect((await call('DELETE', '/v1/admin/pos-sources/till-1', { token: null })).status).toBe(401)
    expect((await call('GET', '/v1/admin/pos-sources')).json.sources.find((s: any) => s.id === 'till-1').disabledAt).toBeNull()
  })
})
