import { describe, expect, it } from 'vitest'
import { call, seedTwoRegions } from './helpers'

describe('smoke', () => {
  it('health', async () => {
    const res = await call('GET', '/health', { token: null })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ ok: true, version: expect.any(String) })
  })
  it('seeds', async () => {
    const { east } = await seedTwoRegions('SMK')
    const res = await call('GET', `/v1/stores?regionCode=${east}`)
    expect(res.status).toBe(200)
    expect(res.json.stores).toHaveLength(2)
  })
})
