// Minimum and maximum stock (库存最低和最高限额) per location and SKU, from the API and the
// stock-limits tab alike.
import type { Context } from 'hono'
import { API_ORIGIN, auditFromOrigin, type ChangeOrigin } from '../audit/audit'
import { inJsonArray, insertRows, runBatch } from '../db/bulk'
import { database, type Database } from '../db/client'
import { inventoryLimits } from '../db/schema'
import type { AppEnv } from '../env'
import type { BulkBody } from '../lib/body'
import type { FieldError } from '../lib/problem'
import { assertNoFaults, checkable, duplicateRowErrors, guardedRowErrors, regionGuards, type ParsedRow } from '../lib/rows'
import { locationError, locationsOf, unknownSkus, type Location } from './locations'

export interface LimitInput {
  locationCode: string
  sku: string
  min: number
  max: number
}

/** Faults of limit rows that parsed: an unknown location or SKU, min above max, a pair twice. */
export async function limitRowErrors(
  db: Database,
  rows: ParsedRow<LimitInput>[],
  partial: ParsedRow<Partial<LimitInput>>[] = [],
): Promise<{ errors: FieldError[]; locations: Awaited<ReturnType<typeof locationsOf>> }> {
  // Rows with a shape fault are still checked on their sound fields: one answer names them all.
  const located = checkable({ rows, partial }, ['locationCode'])
  const skued = checkable({ rows, partial }, ['sku'])
  const locations = await locationsOf(db, [...new Set(located.map((r) => r.value.locationCode))])
  const missing = await unknownSkus(db, [...new Set(skued.map((r) => r.value.sku))])
  const errors: FieldError[] = [
    ...located.flatMap(({ index: i, value: limit }) => locationError(locations.get(limit.locationCode), limit.locationCode, `limits.${i}.locationCode`)),
    ...skued.flatMap(({ index: i, value: limit }) => (missing.has(limit.sku) ? [{ path: `limits.${i}.sku`, message: `product ${limit.sku} does not exist`, code: 'unknown_reference' }] : [])),
    ...rows.flatMap(({ index: i, value: limit }) => (limit.min > limit.max ? [{ path: `limits.${i}.min`, message: `is above max (${limit.max})` }] : [])),
    ...duplicateRowErrors(checkable({ rows, partial }, ['locationCode', 'sku']), (limit) => `${limit.locationCode}/${limit.sku}`, (i) => `limits.${i}`),
  ]
  return { errors, locations }
}

/** The regions of `locations` outside the caller's token (limits have no approval, so no lock). */
export const limitGuards = (c: Context<AppEnv>, locations: Map<string, Location | 'ambiguous'>) =>
  regionGuards(
    [...locations.values()].flatMap((l) => (l === 'ambiguous' ? [] : [l.regionCode])),
    (code) => c.get('scope').covers(code),
  )

/** The region of a location that is one store or one dealer. */
export const regionOfLocation = (locations: Map<string, Location | 'ambiguous'>, code: string) => {
  const location = locations.get(code)
  return location === undefined || location === 'ambiguous' ? undefined : location.regionCode
}

/** Stores minimum and maximum stock; every fault of every row (`limits.N.field`) is answered at once. */
export async function saveLimits(c: Context<AppEnv>, body: Pick<BulkBody<unknown, LimitInput>, 'rows' | 'errors' | 'partial'>, origin: ChangeOrigin = API_ORIGIN): Promise<{ upserted: number }> {
  const db = database(c.env)
  const { errors, locations } = await limitRowErrors(db, body.rows, body.partial)
  await assertNoFaults([...body.errors, ...errors], () =>
    guardedRowErrors(checkable(body, ['locationCode']), (limit) => regionOfLocation(locations, limit.locationCode), limitGuards(c, locations), (i) => `limits.${i}.locationCode`),
  )
  const limits = body.rows.map((r) => r.value)
  for (const location of locations.values()) c.get('scope').assertWrite((location as Location).regionCode)
  const stored = await db.select().from(inventoryLimits).where(inJsonArray(inventoryLimits.locationCode, [...locations.keys()])).all()
  const previous = new Map(stored.map((l) => [`${l.locationCode}/${l.sku}`, { min: l.min, max: l.max }]))
  const changed = limits.filter((l) => {
    const was = previous.get(`${l.locationCode}/${l.sku}`)
    return !was || was.min !== l.min || was.max !== l.max
  })
  if (changed.length === 0) return { upserted: limits.length }
  const now = new Date().toISOString()
  await runBatch(c.env.DB, [
    ...insertRows(
      inventoryLimits,
      changed.map((l) => {
        const location = locations.get(l.locationCode) as Location
        return { ...l, locationType: location.type, regionCode: location.regionCode, updatedAt: now }
      }),
      { conflict: ['locationCode', 'sku'] },
    ),
    ...auditFromOrigin(
      c.get('principal').id,
      now,
      origin,
      changed.map((l) => ({ entity: 'inventory-limit', key: `${l.locationCode}/${l.sku}`, before: previous.get(`${l.locationCode}/${l.sku}`) ?? null, after: { min: l.min, max: l.max } })),
    ),
  ])
  return { upserted: limits.length }
}
