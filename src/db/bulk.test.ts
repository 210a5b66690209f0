// The batch assertion: D1 rolls back the whole batch when the condition does not hold. Grouping
// rows so each bound JSON array fits one D1 value.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { abortUnless, chunkByBytes, chunkByWeight, runBatch, statement } from './bulk'

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

describe('chunkByWeight and chunkByBytes', () => {
  it('keep the order, never pass the limit but for an item heavier than it alone', () => {
    expect(chunkByWeight([3, 4, 2, 9, 1, 1], 6, (n) => n)).toEqual([[3], [4, 2], [9], [1, 1]])
    expect(chunkByWeight([], 6, (n: number) => n)).toEqual([])
  })

  it('group items so each group’s JSON array is at most the bytes given', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ sku: `款-${i}`, note: 'x'.repeat(i) }))
    const groups = chunkByBytes(items, 300)
    expect(groups.flat()).toEqual(items)
    for (const group of groups) {
      const bytes = new TextEncoder().encode(JSON.stringify(group)).length
      if (group.length > 1) expect(bytes).toBeLessThanOrEqual(300)
    }
    expect(groups.length).toBeGreaterThan(5)
  })
})
