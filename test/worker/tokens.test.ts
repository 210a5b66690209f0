// Token administration: issue once, store only the hash, list, revoke at once, keep lastUsedAt.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/lib/tokens'
import { call, issueToken, seedTwoRegions } from './helpers'

let east: string
let west: string

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('TOK'))
})

describe('POST /v1/admin/tokens', () => {
  it('issues a recognisable 256-bit token once and stores only its SHA-256 hash', async () => {
    const res = await call('POST', '/v1/admin/tokens', { body: { name: '华东区经理', role: 'manager', regionCodes: [east] } })
    expect(res.status).toBe(201)
    const { id, token, role, regionCodes, revokedAt } = res.json
    expect(token).toMatch(/^rgo_[A-Za-z0-9_-]{43}$/) // 32 random bytes, base64url
    expect({ role, regionCodes, revokedAt }).toEqual({ role: 'manager', regionCodes: [east], revokedAt: null })

    const row = await env.DB.prepare('SELECT * FROM api_tokens WHERE id = ?').bind(id).first<Record<string, string>>()
    expect(row!.token_hash).toBe(await sha256Hex(token))
    const everything = JSON.stringify(await env.DB.prepare('SELECT * FROM api_tokens').all())
    expect(everything).not.toContain(token)
    const audit = JSON.stringify(await env.DB.prepare('SELECT * FROM audit_log').all())
    expect(audit).not.toContain(token)

    // The list never shows a token or its hash.
    const list = await call('GET', '/v1/admin/tokens')
    expect(list.status).toBe(200)
    const listed = list.json.tokens.find((t: { id: string }) => t.id === id)
    expect(listed).toMatchObject({ id, name: '华东区经理', role: 'manager', regionCodes: [east], lastUsedAt: null })
    expect(list.text).not.toContain(token)
    expect(list.text).not.toContain(row!.token_hash)
  })

  it('two tokens are never the same', async () => {
    const a = await issueToken('viewer', [east])
    const b = await issueToken('viewer', [east])
    expect(a.token).not.toBe(b.token)
  })

  it('names every bad field: role, missing regions, unknown regions', async () => {
    const res = await call('POST', '/v1/admin/tokens', { body: { name: '', role: 'boss', regionCodes: ['has space'] } })
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const paths = res.json.errors.map((e: { path: string }) => e.path).sort()
    expect(paths).toEqual(['name', 'regionCodes.0', 'role'])

    const noRegions = await call('POST', '/v1/admin/tokens', { body: { name: 'x', role: 'manager' } })
    expect(noRegions.status).toBe(422)
    expect(noRegions.json.errors).toEqual([expect.objectContaining({ path: 'regionCodes' })])

    const unknown = await call('POST', '/v1/admin/tokens', { body: { name: 'x', role: 'viewer', regionCodes: [east, 'NOWHERE'] } })
    expect(unknown.status).toBe(422)
    expect(unknown.json.errors).toEqual([expect.objectContaining({ path: 'regionCodes.1', message: 'region NOWHERE does not exist' })])

    const adminWithRegions = await call('POST', '/v1/admin/tokens', { body: { name: 'x', role: 'admin', regionCodes: [east] } })
    expect(adminWithRegions.status).toBe(422)
  })

  it('an issued admin token can issue tokens itself', async () => {
    const admin = await issueToken('admin')
    const res = await call('POST', '/v1/admin/tokens', { token: admin.token, body: { name: 'v', role: 'viewer', regionCodes: [west] } })
    expect(res.status).toBe(201)
  })
})

describe('using and revoking tokens', () => {
  it('keeps lastUsedAt when a token is used', async () => {
    const { id, token } = await issueToken('viewer', [east])
    const before = Date.now()
    expect((await call('GET', '/v1/regions', { token })).status).toBe(200)
    const listed = (await call('GET', '/v1/admin/tokens')).json.tokens.find((t: { id: string }) => t.id === id)
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThanOrEqual(before - 1000)
  })

  it('revokes at once: the next request with the token is 401', async () => {
    const { id, token } = await issueToken('manager', [east])
    expect((await call('GET', '/v1/stores', { token })).status).toBe(200)
    const res = await call('DELETE', `/v1/admin/tokens/${id}`)
    expect(res.status).toBe(200)
    expect(res.json.revokedAt).toEqual(expect.any(String))
    const after = await call('GET', '/v1/stores', { token })
    expect(after.status).toBe(401)
    expect(after.headers.get('content-type')).toBe('application/problem+json')
    // Revoking again is harmless and keeps the first revocation time.
    const again = await call('DELETE', `/v1/admin/tokens/${id}`)
    expect(again.status).toBe(200)
    expect(again.json.revokedAt).toBe(res.json.revokedAt)
  })

  it('audits issue and revocation with the acting token', async () => {
    const admin = await issueToken('admin')
    const issued = await call('POST', '/v1/admin/tokens', { token: admin.token, body: { name: 'audited', role: 'viewer', regionCodes: [east] } })
    await call('DELETE', `/v1/admin/tokens/${issued.json.id}`, { token: admin.token })
    const audit = await call('GET', `/v1/audit?entity=token&key=${issued.json.id}`)
    expect(audit.json.entries).toHaveLength(2)
    const [revoke, issue] = audit.json.entries
    expect(issue).toMatchObject({ actor: admin.id, via: 'api', before: null, after: { name: 'audited', revokedAt: null } })
    expect(revoke).toMatchObject({ actor: admin.id, before: { revokedAt: null }, after: { revokedAt: expect.any(String) } })
  })

  it('revoking an unknown token is a 404 problem', async () => {
    const res = await call('DELETE', '/v1/admin/tokens/tok_nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})

describe('token security', () => {
  it('refuses a missing, malformed or unknown token with 401 and a Bearer challenge', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Basic abc' }, { Authorization: 'Bearer rgo_unknown' }]
    for (const headers of attempts) {
      const res = await call('GET', '/v1/admin/tokens', { token: null, headers })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
    }
  })

  it('only admins manage tokens', async () => {
    const manager = await issueToken('manager', [east])
    const viewer = await issueToken('viewer', [east])
    for (const token of [manager.token, viewer.token]) {
      expect((await call('GET', '/v1/admin/tokens', { token })).status).toBe(403)
      expect((await call('POST', '/v1/admin/tokens', { token, body: { name: 'x', role: 'admin' } })).status).toBe(403)
      expect((await call('DELETE', `/v1/admin/tokens/${manager.id}`, { token })).status).toBe(403)
    }
    // A manager cannot mint itself an admin token: nothing was issued above.
    const names = (await call('GET', '/v1/admin/tokens')).json.tokens.filter((t: { role: string; name: string }) => t.name === 'x')
    expect(names).toEqual([])
  })
})
