// The service surface and the error model every endpoint shares.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { call } from './helpers'

const PROBLEM = 'application/problem+json'

describe('service routes', () => {
  it('GET /health answers without a token', async () => {
    const res = await call('GET', '/health', { token: null })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ ok: true, version: '0.1.0' })
  })

  it('GET /docs serves the interactive reference pointing at the OpenAPI document', async () => {
    const res = await call('GET', '/docs', { token: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.text).toContain('<div id="swagger-ui">')
    expect((await call('GET', '/docs/init.js', { token: null })).text).toContain("url: '/openapi.json'")
  })

  it('serves Swagger UI itself: no CDN on the page, scripts from the worker only, the assets without a token', async () => {
    const page = await call('GET', '/docs', { token: null })
    expect([...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/init.js'])
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    const bundle = await call('GET', '/docs/swagger-ui-bundle.js', { token: null })
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(bundle.text).toContain('SwaggerUIBundle')
    expect(bundle.text.length).toBeGreaterThan(1_000_000)
    expect((await call('GET', '/docs/swagger-ui.css', { token: null })).headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect((await call('GET', '/docs/other.js', { token: null })).status).toBe(404)
  })

  it('GET /openapi.json describes every route the app serves, with its access and bearer security', async () => {
    const res = await call('GET', '/openapi.json', { token: null })
    expect(res.status).toBe(200)
    const spec = res.json
    expect(spec.openapi).toBe('3.1.0')
    const documented = new Set(
      Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    )
    const served = createApp()
      .routes.filter((r) => r.method !== 'ALL' && !['/docs', '/docs/:asset', '/openapi.json'].includes(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    expect(served.length).toBeGreaterThan(10)
    for (const route of served) expect(documented, route).toContain(route)
    for (const ops of Object.values(spec.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(ops)) {
        expect(['public', 'signature', 'read', 'write', 'admin']).toContain(op['x-access'])
        if (['read', 'write', 'admin'].includes(op['x-access'])) expect(op.security).toEqual([{ bearerAuth: [] }])
      }
    }
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
  })
})

describe('error model', () => {
  it('an unknown path is a 404 problem', async () => {
    const res = await call('GET', '/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe(PROBLEM)
    expect(res.json).toMatchObject({ status: 404, title: 'Not found', type: expect.stringContaining('/problems/not-found') })
  })

  it('malformed JSON is a 400 problem and writes nothing', async () => {
    const res = await call('PUT', '/v1/regions', { body: '{"regions": [{"code": "BROKEN"' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe(PROBLEM)
    expect(res.json.type).toContain('malformed-json')
    const regions = await call('GET', '/v1/regions')
    expect(regions.json.regions.map((r: { code: string }) => r.code)).not.toContain('BROKEN')
  })

  it('a body of an unsupported media type is a 415 problem', async () => {
    const res = await call('PUT', '/v1/regions', { body: undefined, headers: { 'Content-Type': 'application/xml' } })
    expect(res.status).toBe(415)
    expect(res.headers.get('content-type')).toBe(PROBLEM)
  })

  it('a body over MAX_BODY_BYTES is refused with 413 before it is read', async () => {
    const limit = Number(env.MAX_BODY_BYTES)
    const huge = JSON.stringify({ regions: [{ code: 'BIG', name: 'x'.repeat(limit) }] })
    const res = await call('PUT', '/v1/regions', { body: huge })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe(PROBLEM)
    expect(res.json.detail).toContain(String(limit))
  })

  it('a body just under the limit is read', async () => {
    const res = await call('PUT', '/v1/regions', { body: { regions: [{ code: 'SMALL', name: '小区域' }] } })
    expect(res.status).toBe(200)
  })

  it('a failure on our side is a 500 problem without a stack trace', async () => {
    await env.DB.exec('ALTER TABLE products RENAME TO products_moved_away')
    try {
      const res = await call('GET', '/v1/products')
      expect(res.status).toBe(500)
      expect(res.headers.get('content-type')).toBe(PROBLEM)
      expect(res.json).toEqual({
        type: expect.stringContaining('/problems/internal'),
        title: 'Internal server error',
        status: 500,
        detail: expect.any(String),
      })
      expect(res.text).not.toMatch(/products_moved_away|at \w+ \(|\.ts:\d+|SQLITE/)
    } finally {
      await env.DB.exec('ALTER TABLE products_moved_away RENAME TO products')
    }
  })
})
