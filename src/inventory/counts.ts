// Stock counts (盘点) of a store or dealer: one count per location and day, replacing an earlier
// count of the same day; the same count sent again changes nothing and is not audited again.
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { companyToday } from '../config'
import { insertRows, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { inventorySnapshots } from '../db/schema'
import type { AppEnv } from '../env'
import type { BulkBody } from '../lib/body'
import { assertNoFaults, checkable, duplicateRowErrors } from '../lib/rows'
import { locationError, locationsOf, unknownSkus, type Location } from './locations'

export interface StockCount {
  locationCode: string
  asOf: string
  lines: { sku: string; onHand: number }[]
}

/** Records a count; every fault — the location, the day, each line's SKU, a SKU twice, a line's shape — is answered at once. */
export async function recordStockCount(c: Context<AppEnv>, body: BulkBody<Omit<StockCount, 'lines'>, StockCount['lines'][number]>) {
  const db = database(c.env)
  // The sound fields and lines are checked even beside faulty ones: one answer names them all.
  const { locationCode, asOf } = body.sound
  const location = locationCode ? (await locationsOf(db, [locationCode])).get(locationCode) : undefined
  const skued = checkable(body, ['sku'])
  const missing = await unknownSkus(db, skued.map((r) => r.value.sku))
  const faults = [
    ...body.errors,
    ...(locationCode ? locationError(location, locationCode, 'locationCode') : []),
    ...(asOf && asOf > companyToday(c.env) ? [{ path: 'asOf', message: 'is in the future; count what is on hand' }] : []),
    ...skued.flatMap(({ index: i, value: line }) => (missing.has(line.sku) ? [{ path: `lines.${i}.sku`, message: `product ${line.sku} does not exist`, code: 'unknown_reference' }] : [])),
    ...duplicateRowErrors(skued, (line) => line.sku, (i) => `lines.${i}.sku`),
  ]
  const regionOfCount = location && location !== 'ambiguous' ? location.regionCode : undefined
  await assertNoFaults(faults, () =>
    regionOfCount && !c.get('scope').covers(regionOfCount) ? [{ path: 'locationCode', message: `region ${regionOfCount} is outside this token`, code: 'forbidden' }] : [],
  )
  const count: StockCount = { ...body.fields!, lines: body.rows.map((r) => r.value) }
  const { type, regionCode } = location as Location
  c.get('scope').assertWrite(regionCode)
  const result = { locationCode: count.locationCode, asOf: count.asOf, lines: count.lines.length }
  const counted = await db
    .select({ sku: inventorySnapshots.sku, onHand: inventorySnapshots.onHand })
    .from(inventorySnapshots)
    .where(and(eq(inventorySnapshots.locationCode, count.locationCode), eq(inventorySnapshots.asOf, count.asOf)))
    .all()
  const before = new Map(counted.map((r) => [r.sku, r.onHand]))
  if (count.lines.every((l) => before.get(l.sku) === l.onHand)) return result
  const now = new Date().toISOString()
  await runBatch(c.env.DB, [
    ...insertRows(
      inventorySnapshots,
      count.lines.map((l) => ({ locationCode: count.locationCode, locationType: type, regionCode, sku: l.sku, asOf: count.asOf, onHand: l.onHand, createdAt: now })),
      { conflict: ['locationCode', 'sku', 'asOf'] },
    ),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
      {
        entity: 'inventory-snapshot',
        key: `${count.locationCode}/${count.asOf}`,
        before: counted.length === 0 ? null : Object.fromEntries(before),
        after: Object.fromEntries(count.lines.map((l) => [l.sku, l.onHand])),
      },
    ]),
  ])
  return result
}
