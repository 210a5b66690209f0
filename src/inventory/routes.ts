// Dealer and store inventory (进销存) over HTTP: stock counts, minimum and maximum limits, computed
// stock and turnover, and the restock / overstock / slow-mover alerts, announced through the alert
// endpoints when they are new. The services are in ./counts.ts, ./limits.ts, ./positions.ts and
// ./announce.ts.
import { z } from '@hono/zod-openapi'
import { deliverDueAlerts } from '../channel/alerts'
import { companyToday } from '../config'
import { codeSchema, dateSchema, locationCodeSchema, skuSchema } from '../lib/fields'
import { readBulkBody } from '../lib/body'
import { langOf } from '../lib/lang'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { announceStockAlerts } from './announce'
import { recordStockCount } from './counts'
import { saveLimits } from './limits'
import { alertsIn, listStock, stockOf } from './positions'
import { STOCK_RULES } from './reasons'

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
    cause: z
      .object({
        rule: z.enum(STOCK_RULES),
        onHand: z.number().int().optional(),
        min: z.number().int().optional(),
        max: z.number().int().optional(),
        days: z.number().optional().openapi({ description: 'Days without a sale (`no_sale`) or turnover days (`slow_turnover`)' }),
      })
      .openapi({ description: 'What the rule saw; `reason` says it in words', example: { rule: 'above_max', onHand: 299, max: 200 } }),
    reason: z.string().openapi({ description: 'The cause in the reader’s language (`库存 299，高于上限 200`, `299 on hand, above the maximum of 200`)' }),
  })
  .openapi('StockAlert')

const LimitRow = z.object({ locationCode: locationCodeSchema, sku: skuSchema, min: z.number().int().min(0), max: z.number().int().min(0) })
const LIMITS = { key: 'limits', row: LimitRow, maxRows: 20_000 }

const CountFields = z.object({ locationCode: locationCodeSchema, asOf: dateSchema })
const CountLine = z.object({ sku: skuSchema, onHand: z.number().int('must be a whole number').min(0, 'stock cannot be negative') })
const COUNT = { key: 'lines', fields: CountFields, row: CountLine, maxRows: 20_000 }

const router = createRouter()

export const inventoryRoutes = router
  .openapi(
    defineRoute('write', {
      method: 'post',
      path: '/v1/inventory/snapshots',
      tags: [TAG],
      summary: 'Record a stock count of a store or dealer (replaces a count of the same day)',
      description:
        'A stock count (盘点) of one location, a store or a dealer, on `asOf`: the on-hand quantity per SKU. Computed stock starts ' +
        'again from the latest count. A count of the same location and day is replaced. Every fault (an unknown SKU, a negative ' +
        'count, a day in the future, a location of another region) is listed in one 422 and nothing is written.',
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
      description:
        'Stock limits per location and SKU, upserted, atomically: below `min` is a restock alert, above `max` an overstock alert. ' +
        'Every bad row (min above max, an unknown location or SKU, another region’s location) is listed in one 422.',
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
      description:
        'Stock (进销存) per store and dealer of the token’s regions as of `asOf`: the last count, plus shipments in, less POS sales ' +
        'out since, with limits, turnover days over `INVENTORY_WINDOW_DAYS` and the last sale day.',
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
      description:
        'Alerts on `asOf` for the token’s regions: `restock` below the minimum, `overstock` above the maximum, `slow_mover` stock ' +
        'with no sale for `SLOW_MOVER_DAYS` or turnover over `SLOW_TURNOVER_DAYS`, each with its `cause` and the reason in the reader’s language.',
      request: { query: z.object({ regionCode: codeSchema.optional(), asOf: dateSchema.optional() }) },
      responses: { 200: { description: 'Alerts on the day', content: { 'application/json': { schema: z.object({ asOf: z.string(), alerts: z.array(StockAlertView) }) } } } },
    }),
    async (c) => {
      const { regionCode, asOf = companyToday(c.env) } = c.req.valid('query')
      return c.json({ asOf, alerts: alertsIn((await stockOf(c.env, c.get('scope').readable(regionCode), asOf)).alerts, langOf(c)) }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/inventory/alerts/announce',
      tags: [TAG],
      summary: 'Announce stock alerts that are new since the last run through the alert endpoints (also nightly)',
      description:
        'Sends the stock alerts of today that were not announced before to the alert endpoints (an alert announced once is not ' +
        'sent again while it lasts), as the nightly cron does, and answers them.',
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
      return c.json({ asOf, announced: alertsIn(announced, langOf(c)) }, 200)
    },
  )
