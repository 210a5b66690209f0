// Dealer and store inventory (进销存) over HTTP: stock counts, minimum and maximum limits, computed
// stock and turnover, and the restock / overstock / slow-mover alerts, announced through the alert
// endpoints when they are new. The services are in ./counts.ts, ./limits.ts, ./positions.ts and
// ./announce.ts.
import { z } from '@hono/zod-openapi'
import { deliverDueAlerts } from '../channel/alerts'
import { companyToday } from '../config'
import { codeSchema, dateSchema } from '../lib/fields'
import { readBulkBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { announceStockAlerts } from './announce'
import { recordStockCount } from './counts'
import { saveLimits } from './limits'
import { listStock, stockOf } from './positions'

const TAG = 'Inventory'

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

const LimitRow = z.object({ locationCode: codeSchema, sku: codeSchema, min: z.number().int().min(0), max: z.number().int().min(0) })
const LIMITS = { key: 'limits', row: LimitRow, maxRows: 20_000 }

const CountFields = z.object({ locationCode: codeSchema, asOf: dateSchema })
const CountLine = z.object({ sku: codeSchema, onHand: z.number().int('must be a whole number').min(0, 'stock cannot be negative') })
const COUNT = { key: 'lines', fields: CountFields, row: CountLine, maxRows: 20_000 }

const router = createRouter()

export const inventoryRoutes = router
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/inventory/snapshots',
      tags: [TAG],
      summary: 'Record a stock count of a store or dealer (replaces a count of the same day)',
      request: {
        body: {
          required: true,
          content: { 'application/json': bulkJsonContent(router, 'StockCountInput', CountFields.extend({ lines: z.array(CountLine).min(1).max(COUNT.maxRows) })) },
        },
      },
      responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: z.object({ locationCode: z.string(), asOf: z.string(), lines: z.number().int() }) } } } },
    }),
    async (c) => c.json(await recordStockCount(c, await readBulkBody(c, COUNT)), 200),
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
          content: { 'application/json': bulkJsonContent(router, 'InventoryLimitsInput', z.object({ limits: z.array(LimitRow).min(1).max(LIMITS.maxRows) })) },
        },
      },
      responses: { 200: { description: 'Stored', content: { 'application/json': { schema: z.object({ upserted: z.number().int() }) } } } },
    }),
    async (c) => c.json(await saveLimits(c, await readBulkBody(c, LIMITS)), 200),
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
      const { regionCode, asOf = companyToday(c.env) } = c.req.valid('query')
      return c.json({ asOf, stock: await listStock(c.env, c.get('scope').readable(regionCode), asOf) }, 200)
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
    async (c) => {
      const { regionCode, asOf = companyToday(c.env) } = c.req.valid('query')
      return c.json({ asOf, alerts: (await stockOf(c.env, c.get('scope').readable(regionCode), asOf)).alerts }, 200)
    },
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
