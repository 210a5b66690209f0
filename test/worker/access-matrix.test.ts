// The access rules of every route, walked from the served OpenAPI document so a new route cannot
// be added without being covered: no token, an unknown token and a revoked token are 401; roles
// below the route's access are 403.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, issueToken, seedTwoRegions } from './helpers'

interface Operation {
  method: string
  path: string
  access: string
}

let operations: Operation[]
let tokens: Record<'manager' | 'viewer' | 'revoked', string>

beforeAll(async () => {
  const { east } = await seedTwoRegions('ACL')
  const spec = (await call('GET', '/openapi.json', { token: null })).json
  operations = Object.entries(spec.paths as Record<string, Record<string, { 'x-access': string }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x'), access: op['x-access'] })),
  )
  const revoked = await issueToken('manager', [east])
  await call('DELETE', `/v1/admin/tokens/${revoked.id}`)
  tokens = {
    manager: (await issueToken('manager', [east])).token,
    viewer: (await issueToken('viewer', [east])).token,
    revoked: revoked.token,
  }
})

const request = (op: Operation, token: string | null) =>
  call(op.method, op.path, { token, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: {} }) })

describe('access matrix over every route', () => {
  it('covers the token routes', () => {
    expect(operations.filter((op) => op.access !== 'public').length).toBeGreaterThanOrEqual(12)
  })

  it('no token, an unknown token and a revoked token are 401 problems on every token route', async () => {
    for (const op of operations.filter((o) => ['read', 'write', 'admin'].includes(o.access))) {
      for (const token of [null, 'rgo_not-a-real-token', tokens.revoked]) {
        const res = await request(op, token)
        expect(res.status, `${op.method} ${op.path} with ${token}`).toBe(401)
        expect(res.headers.get('content-type')).toBe('application/problem+json')
      }
    }
  })

  it('managers and viewers get 403 on admin routes; viewers get 403 on write routes', async () => {
    for (const op of operations) {
      const denied = op.access === 'admin' ? ['manager', 'viewer'] : op.access === 'write' ? ['viewer'] : []
      for (const role of denied as ('manager' | 'viewer')[]) {
        const res = await request(op, tokens[role])
        expect(res.status, `${role} ${op.method} ${op.path}`).toBe(403)
      }
    }
  })

  it('public routes answer without a token', async () => {
    for (const op of operations.filter((o) => o.access === 'public')) {
      const res = await request(op, null)
      // A report link's token is its only credential: an unknown one is a 404, never a request for a bearer token.
      if (op.path.startsWith('/r/')) expect(res.status, `${op.method} ${op.path}`).toBe(404)
      else expect(res.status, `${op.method} ${op.path}`).toBeLessThan(400)
    }
  })
})
