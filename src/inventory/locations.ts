// Where stock is kept: a store or a dealer, found by its code, and the SKUs counted there.
import { inJsonArray } from '../db/bulk'
import type { Database } from '../db/client'
import { dealers, products, stores } from '../db/schema'
import type { FieldError } from '../lib/problem'

export interface Location {
  type: 'store' | 'dealer'
  regionCode: string
}

/** Stores and dealers by code; a code that is both is ambiguous and left out. */
export async function locationsOf(db: Database, codes: string[]): Promise<Map<string, Location | 'ambiguous'>> {
  const [storeRows, dealerRows] = await Promise.all([
    db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(inJsonArray(stores.code, codes)).all(),
    db.select({ code: dealers.code, regionCode: dealers.regionCode }).from(dealers).where(inJsonArray(dealers.code, codes)).all(),
  ])
  const found = new Map<string, Location | 'ambiguous'>(storeRows.map((s) => [s.code, { type: 'store', regionCode: s.regionCode }]))
  for (const d of dealerRows) found.set(d.code, found.has(d.code) ? 'ambiguous' : { type: 'dealer', regionCode: d.regionCode })
  return found
}

export function locationError(found: Location | 'ambiguous' | undefined, code: string, path: string): FieldError[] {
  if (found === undefined) return [{ path, message: `no store or dealer ${code}`, code: 'unknown_reference' }]
  if (found === 'ambiguous') return [{ path, message: `${code} is both a store and a dealer`, code: 'ambiguous' }]
  return []
}

export async function unknownSkus(db: Database, skus: string[]): Promise<Set<string>> {
  const known = new Set((await db.select({ sku: products.sku }).from(products).where(inJsonArray(products.sku, skus)).all()).map((p) => p.sku))
  return new Set(skus.filter((sku) => !known.has(sku)))
}
