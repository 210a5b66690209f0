// An expense may be booked to one store of its region (that store's rent, staff, utilities): the
// store P&L charges it to that store, while its budget check stays the region's line. The API and
// the expenses tab check the store by this one rule.
import { inJsonArray } from '../db/bulk'
import type { Database } from '../db/client'
import { stores } from '../db/schema'

/** The region of each of the stores that exist, by store code. */
export async function storeRegions(db: Database, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map()
  const rows = await db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(inJsonArray(stores.code, codes)).all()
  return new Map(rows.map((s) => [s.code, s.regionCode]))
}

/**
 * What is wrong with booking an expense of `regionCode` (undefined when that field is itself at
 * fault) to `storeCode`, or null. A store of a region the caller cannot see reads as one that does
 * not exist, as the store lists show it, so its region is not told.
 */
export function expenseStoreFault(
  storeCode: string,
  regionCode: string | undefined,
  storeRegion: string | undefined,
  covers: (regionCode: string) => boolean,
): { message: string; code: string } | null {
  if (storeRegion === undefined || !covers(storeRegion)) return { message: `store ${storeCode} does not exist`, code: 'unknown_reference' }
  if (regionCode !== undefined && storeRegion !== regionCode) return { message: `store ${storeCode} is in region ${storeRegion}, not ${regionCode}`, code: 'other_region' }
  return null
}
