// POS sources and their secrets, kept in the isolate for a few seconds (WEBHOOK_SOURCE_CACHE_SECONDS,
// default 5), so an accepted webhook costs one D1 round trip, the receipt's insert. What that
// costs: a source disabled or a secret revoked still verifies on an isolate for up to that long.
// A new secret works at once: a signature the cached secrets refuse is checked again against D1.
// Writes through this isolate (register, rotate, disable) drop the entry at once.
import type { Database } from '../db/client'
import { timedSource, verifyingAt, type LiveSource, type TimedSource } from './sources'

interface Entry {
  source: TimedSource | null
  until: number
}

/** Enough for every till of a large chain; unknown ids are cached too, so the map is bounded. */
const MAX_ENTRIES = 5000
const entries = new Map<string, Entry>()

/** The source as liveSource reads it, from the isolate while it is fresh. `fresh`: was read from D1 now. */
export async function cachedLiveSource(db: Database, id: string, now: Date, ttlSeconds: number): Promise<{ source: LiveSource | null; fresh: boolean }> {
  const hit = entries.get(id)
  // A secret past its grace stops at its time, cached or not; only changes made since are late.
  if (hit && hit.until > now.getTime()) return { source: hit.source && verifyingAt(hit.source, now), fresh: false }
  const source = await timedSource(db, id, now)
  if (ttlSeconds > 0) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
    entries.delete(id)
    entries.set(id, { source, until: now.getTime() + ttlSeconds * 1000 })
  }
  return { source: source && verifyingAt(source, now), fresh: true }
}

/** Drops a source from this isolate's cache (after it was registered, rotated or disabled). */
export function forgetSource(id: string): void {
  entries.delete(id)
}
