// The batch assertion: D1 rolls back the whole batch when the condition does not hold.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { abortUnless, runBatch, statement } from './bulk'

describe('abortUnless', () => {
  it('lets a batch through when the condition holds, and rolls all of it back when not', async () => {
    await runBatch(env.DB, [statement("INSERT INTO regions (code, name, created_at, updated_at) VALUES ('AB-1', 'x', '', '')"), abortUnless('(SELECT count(*) FROM regions WHERE code = ?) = 1', ['AB-1'])])
    expect(await env.DB.prepare("SELECT count(*) AS n FROM regions WHERE code = 'AB-1'").first()).toEqual({ n: 1 })
    await expect(
      runBatch(env.DB, [statement("INSERT INTO regions (code, name, created_at, updated_at) VALUES ('AB-2', 'x', '', '')"), abortUnless('(SELECT count(*) FROM regions WHERE code = ?) = 2', ['AB-2'])]),
    ).rejects.toThrow(/NOT NULL constraint failed/)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM regions WHERE code = 'AB-2'").first()).toEqual({ n: 0 })
  })
})
