// Minimum and maximum stock (库存最低和最高限额) per location and SKU, from the API and the
// stock-limits tab alike.
import type { Context } from 'hono'
import { API_ORIGIN, auditFromOrigin, type ChangeOrigin } from '../audit/audit'
import { inJsonArray, insertRows, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { inventoryLimits } from '../db/schema'
import type { AppEnv } from '../env'
import { duplicateKeyErrors } from '../lib/duplicates'
import { invalid, type FieldError } from '../lib/problem'
import { locationError, locationsOf, unknownSkus, type Location } from './locations'

export interface LimitInput {
  locationCode: string
  sku: string
  min: number
  max: number
}

/** Validates (every bad row named, `limits.N.field`) and stores minimum and maximum stock. */
export async function saveLimits(c: Context<AppEnv>, limits: LimitInput[], origin: ChangeOrigin = API_ORIGIN): Promise<{ upserted: number }> {
  const db = database(c.env)
  const locations = await locationsOf(db, [...new Set(limits.map((l) => l.locationCode))])
  const missing = await unknownSkus(db, [...new Set(limits.map((l) => l.sku))])
  const errors: FieldError[] = [
    ...limits.flatMap((limit, i) => [
      ...locationError(locations.get(limit.locationCode), limit.locationCode, `limits.${i}.locationCode`),
      ...(missing.has(limit.sku) ? [{ path: `limits.${i}.sku`, message: `product ${limit.sku} does not exist`, code: 'unknown_reference' }] : []),
      ...(limit.min > limit.max ? [{ path: `limits.${i}.min`, message: `is above max (${limit.max})` }] : []),
    ]),
    ...duplicateKeyErrors(limits, (limit) => `${limit.locationCode}/${limit.sku}`, (i) => `limits.${i}`),
  ]
  if (errors.length > 0) throw invalid(errors)
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
