// What the reliability tests share: their size (CI size, or full with RELIABILITY_FULL=1), a seeded
// random source so a failure can be replayed, a bounded-concurrency runner, and a fingerprint of
// every table so a test can prove that a refused request wrote nothing.
import { env } from 'cloudflare:workers'

export const FULL = env.RELIABILITY_FULL === '1'

/** The CI size, or the full size when RELIABILITY_FULL=1. */
export const sized = (ci: number, full: number) => (FULL ? full : ci)

/** RELIABILITY_SEED, or a fresh seed; tests print it so a failing run can be repeated. */
export const SEED = Number(env.RELIABILITY_SEED) || Date.now() % 1_000_000

/** mulberry32: small, fast, good enough to shuffle and pick. */
export function seededRandom(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[items[i], items[j]] = [items[j]!, items[i]!]
      }
      return items
    },
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function inParallel<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await task(items[index]!)
      }
    }),
  )
  return results
}

/** Columns that change on a refused request by design: when a token was last used. */
const VOLATILE = new Set(['api_tokens.last_used_at'])

/**
 * Every row of every table, hashed: equal fingerprints mean nothing was written. Meant for the
 * small databases of the tests that use it.
 */
export async function databaseFingerprint(): Promise<string> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>()
  // Every table in a fixed order (WITHOUT ROWID tables have no rowid): the rows sorted as text.
  const dumps = await env.DB.batch(tables.results.map((t) => env.DB.prepare(`SELECT * FROM "${t.name}"`)))
  const text = tables.results
    .map((t, i) => {
      const rows = (dumps[i]!.results as Record<string, unknown>[]).map((row) =>
        Object.entries(row)
          .filter(([column]) => !VOLATILE.has(`${t.name}.${column}`))
          .map(([, value]) => JSON.stringify(value))
          .join(','),
      )
      return `${t.name}:${rows.sort().join(';')}`
    })
    .join('\n')
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
