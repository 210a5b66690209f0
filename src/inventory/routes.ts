// Dealer and store inventory (进销存): stock counts, minimum and maximum limits, computed stock and
// turnover, and the restock / overstock / slow-mover alerts, announced through the alert endpoints
// when they are new.
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { and, eq } from 'drizzle-orm'
import { API_ORIGIN, auditFromOrigin, auditStatements, type ChangeOrigin } from '../audit/audit'
import { deliverDueAlerts } from '../channel/alerts'
import { companyToday, settingsOf } from '../config'
import { inJsonArray, insertRows, runBatch, statement } from '../db/bulk'
import { database, type Database } from '../db/client'
import { dealers, inventoryLimits, inventorySnapshots, products, stores } from '../db/schema'
import type { AppEnv, Env } from '../env'
import { duplicateKeyErrors } from '../lib/duplicates'
import { codeSchema, dateSchema } from '../lib/fields'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { invalid, type FieldError } from '../lib/problem'
import { alertsOf, stockLines, type StockAlert } from './positions'

const TAG = 'Inventory'

interface Location {
  type: 'store' | 'dealer'
  regionCode: string
}

/** Stores and dealers by code; a code that is both is ambiguous and left out. */
async function locationsOf(db: Database, codes: string[]): Promise<Map<string, Location | 'ambiguous'>> {
  const [storeRows, dealerRows] = await Promise.all([
    db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(inJsonArray(stores.code, codes)).all(),
    db.select({ code: dealers.code, regionCode: dealers.regionCode }).from(dealers).where(inJsonArray(dealers.code, codes)).all(),
  ])
  const found = new Map<string, Location | 'ambiguous'>(storeRows.map((s) => [s.code, { type: 'store', regionCode: s.regionCode }]))
  for (const d of dealerRows) found.set(d.code, found.has(d.code) ? 'ambiguous' : { type: 'dealer', regionCode: d.regionCode })
  return found
}

function locationError(found: Location | 'ambiguous' | undefined, code: string, path: string): FieldError[] {
  if (found === undefined) return [{ path, message: `no store or dealer ${code}`, code: 'unknown_reference' }]
  if (found === 'ambiguous') return [{ path, message: `${code} is both a store and a dealer`, code: 'ambiguous' }]
  return []
}

async function unknownSkus(db: Database, skus: string[]): Promise<Set<string>> {
  const known = new Set((await db.select({ sku: products.sku }).from(products).where(inJsonArray(products.sku, skus)).all()).map((p) => p.sku))
  return new Set(skus.filter((sku) => !known.has(sku)))
}

const StockAlertView = z
  .object({
    kind: z.enum(['restock', 'overstock', 'slow_mover']),
    locationCode: z.string(),
    locationType: z.enum(['store', 'dealer']),
    regionCode: z.string(),
    sku: z.string(),
    onHand: z.number().int(),
    min: z.number().int().nullable(),
    max: z.number().int().nullable(),
    turnoverDays: z.number().nullable(),
    lastSaleOn: z.string().nullable(),
    reason: z.string(),
  })
  .openapi('StockAlert')

/**
 * Announces stock alerts that were not on before (one delivery per endpoint) and forgets the
 * ones that cleared. Returns the new ones.
 */
export async function announceStockAlerts(env: Env, asOf: string): Promise<StockAlert[]> {
  const settings = settingsOf(env).inventory
  const alerts = alertsOf(await stockLines(env.DB, null, asOf, settings.windowDays), asOf, settings.thresholds)
  const active = await env.DB.prepare('SELECT kind, location_code, sku FROM inventory_alert_state').all<{ kind: string; location_code: string; sku: string }>()
  const key = (a: { kind: string; locationCode: string; sku: string }) => `${a.kind}/${a.locationCode}/${a.sku}`
  const wasOn = new Set(active.results.map((r) => key({ kind: r.kind, locationCode: r.location_code, sku: r.sku })))
  const isOn = new Set(alerts.map(key))
  const fresh = alerts.filter((a) => !wasOn.has(key(a)))
  const cleared = active.results.filter((r) => !isOn.has(key({ kind: r.kind, locationCode: r.location_code, sku: r.sku })))
  const runId = crypto.randomUUID()
  const now = new Date().toISOString()
  await runBatch(env.DB, [
    ...cleared.map((r) => statement('DELETE FROM inventory_alert_state WHERE kind = ? AND location_code = ? AND sku = ?', r.kind, r.location_code, r.sku)),
    ...(fresh.length === 0
      ? []
      : [
          statement(
            `INSERT INTO inventory_alert_state (kind, location_code, sku, region_code, first_seen_on)
             SELECT json_extract(value, '$.kind'), json_extract(value, '$.locationCode'), json_extract(value, '$.sku'), json_extract(value, '$.regionCode'), ?
             FROM json_each(?) WHERE true ON CONFLICT DO NOTHING`,
            asOf,
            JSON.stringify(fresh),
          ),
          // One delivery per endpoint with the new alerts of its region (or all, for an all-region endpoint).
          statement(
            `INSERT INTO alert_deliveries (id, endpoint_id, run_id, violation_ids, stock_alerts, status, attempts, next_attempt_at, created_at)
             SELECT ? || ':' || e.id, e.id, ?, '[]', json_group_array(json(a.value)), 'pending', 0, ?, ?
             FROM alert_endpoints e JOIN json_each(?) a ON e.region_code IS NULL OR e.region_code = json_extract(a.value, '$.regionCode')
             GROUP BY e.id ON CONFLICT DO NOTHING`,
            runId,
            runId,
            now,
            now,
            JSON.stringify(fresh),
          ),
        ]),
  ])
  return fresh
}

export const inventoryRoutes = createRouter()
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/inventory/snapshots',
      tags: [TAG],
      summary: 'Record a stock count of a store or dealer (replaces a count of the same day)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                locationCode: codeSchema,
                asOf: dateSchema,
                lines: z.array(z.object({ sku: codeSchema, onHand: z.number().int('must be a whole number').min(0, 'stock cannot be negative') })).min(1).max(20_000),
              }),
            },
          },
        },
      },
      responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: z.object({ locationCode: z.string(), asOf: z.string(), lines: z.number().int() }) } } } },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const db = database(c.env)
      const location = (await locationsOf(db, [body.locationCode])).get(body.locationCode)
      const missing = await unknownSkus(db, body.lines.map((l) => l.sku))
      const errors: FieldError[] = [
        ...locationError(location, body.locationCode, 'locationCode'),
        ...(body.asOf > companyToday(c.env) ? [{ path: 'asOf', message: 'is in the future; count what is on hand' }] : []),
        ...body.lines.flatMap((line, i) =>
          missing.has(line.sku) ? [{ path: `lines.${i}.sku`, message: `product ${line.sku} does not exist`, code: 'unknown_reference' }] : [],
        ),
        ...duplicateKeyErrors(body.lines, (line) => line.sku, (i) => `lines.${i}.sku`),
      ]
      if (errors.length > 0) throw invalid(errors)
      const { type, regionCode } = location as Location
      c.get('scope').assertWrite(regionCode)
      const counted = await db
        .select({ sku: inventorySnapshots.sku, onHand: inventorySnapshots.onHand })
        .from(inventorySnapshots)
        .where(and(eq(inventorySnapshots.locationCode, body.locationCode), eq(inventorySnapshots.asOf, body.asOf)))
        .all()
      const before = new Map(counted.map((r) => [r.sku, r.onHand]))
      // The same count sent again changes nothing and is not audited again.
      if (body.lines.every((l) => before.get(l.sku) === l.onHand)) return c.json({ locationCode: body.locationCode, asOf: body.asOf, lines: body.lines.length }, 200)
      const now = new Date().toISOString()
      await runBatch(c.env.DB, [
        ...insertRows(
          inventorySnapshots,
          body.lines.map((l) => ({ locationCode: body.locationCode, locationType: type, regionCode, sku: l.sku, asOf: body.asOf, onHand: l.onHand, createdAt: now })),
          { conflict: ['locationCode', 'sku', 'asOf'] },
        ),
        ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
          {
            entity: 'inventory-snapshot',
            key: `${body.locationCode}/${body.asOf}`,
            before: counted.length === 0 ? null : Object.fromEntries(before),
            after: Object.fromEntries(body.lines.map((l) => [l.sku, l.onHand])),
          },
        ]),
      ])
      return c.json({ locationCode: body.locationCode, asOf: body.asOf, lines: body.lines.length }, 200)
    },
  )
  .openapi(
    defineRoute('write', {
      method: 'put',
      path: '/v1/inventory/limits',
      tags: [TAG],
      summary: 'Set minimum and maximum stock per location and SKU',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ limits: z.array(z.object({ locationCode: codeSchema, sku: codeSchema, min: z.number().int().min(0), max: z.number().int().min(0) })).min(1).max(20_000) }) } },
        },
      },
      responses: { 200: { description: 'Stored', content: { 'application/json': { schema: z.object({ upserted: z.number().int() }) } } } },
    }),
    async (c) => c.json(await saveLimits(c, c.req.valid('json').limits), 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/inventory/stock',
      tags: [TAG],
      summary: 'Computed stock and turnover per location and SKU',
      request: { query: z.object({ regionCode: codeSchema.optional(), asOf: dateSchema.optional() }) },
      responses: {
        200: {
          description: 'Stock = last count + sell-in − sell-out since; turnover days = average stock ÷ average daily sell-out',
          content: {
            'application/json': {
              schema: z.object({
                asOf: z.string(),
                stock: z.array(
                  z.object({ locationCode: z.string(), locationType: z.string(), regionCode: z.string(), sku: z.string(), min: z.number().nullable(), max: z.number().nullable(), onHand: z.number().nullable(), turnoverDays: z.number().nullable(), lastSaleOn: z.string().nullable() }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { regionCode, asOf: day } = c.req.valid('query')
      const asOf = day ?? companyToday(c.env)
      const lines = await stockLines(c.env.DB, c.get('scope').readable(regionCode), asOf, settingsOf(c.env).inventory.windowDays)
      return c.json(
        {
          asOf,
          stock: lines.map((l) => ({
            locationCode: l.locationCode,
            locationType: l.locationType,
            regionCode: l.regionCode,
            sku: l.sku,
            min: l.min,
            max: l.max,
            onHand: l.position?.onHand ?? null,
            turnoverDays: l.position?.turnoverDays ?? null,
            lastSaleOn: l.position?.lastSaleOn ?? null,
          })),
        },
        200,
      )
    },
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/inventory/alerts',
      tags: [TAG],
      summary: 'Restock, overstock and slow-mover alerts with turnover days',
      request: { query: z.object({ regionCode: codeSchema.optional(), asOf: dateSchema.optional() }) },
      responses: { 200: { description: 'Alerts on the day', content: { 'application/json': { schema: z.object({ asOf: z.string(), alerts: z.array(StockAlertView) }) } } } },
    }),
    async (c) => c.json(await currentAlerts(c, c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/inventory/alerts/announce',
      tags: [TAG],
      summary: 'Announce stock alerts that are new since the last run through the alert endpoints (also nightly)',
      responses: {
        200: { description: 'The new alerts', content: { 'application/json': { schema: z.object({ asOf: z.string(), announced: z.array(StockAlertView) }) } } },
        422: problem('Invalid'),
      },
    }),
    async (c) => {
      const asOf = companyToday(c.env)
      const announced = await announceStockAlerts(c.env, asOf)
      if (announced.length > 0) {
        c.executionCtx.waitUntil(deliverDueAlerts(c.env))
      }
      return c.json({ asOf, announced }, 200)
    },
  )

async function currentAlerts(c: Context<AppEnv>, q: { regionCode?: string; asOf?: string }) {
  const asOf = q.asOf ?? companyToday(c.env)
  const settings = settingsOf(c.env).inventory
  const lines = await stockLines(c.env.DB, c.get('scope').readable(q.regionCode), asOf, settings.windowDays)
  return { asOf, alerts: alertsOf(lines, asOf, settings.thresholds) }
}

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
