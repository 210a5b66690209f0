// Master data over HTTP: HQ (admin) upserts regions, dealers, stores and products as JSON or CSV;
// every role reads them, managers and viewers only within their regions.
import { z } from '@hono/zod-openapi'
import { companyToday } from '../config'
import { readBulkBody } from '../lib/body'
import { codeSchema, skuSchema } from '../lib/fields'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { dealerEntity, productEntity, regionEntity, storeEntity } from './entities'
import { listDealers, listProducts, listRegions, listStores } from './lists'
import { productCostHistory, withCostDays } from './product-costs'
import {
  Dealer,
  DealerInput,
  DealersBody,
  MAX_ROWS_PER_UPSERT,
  Product,
  ProductCost,
  ProductInput,
  ProductsBody,
  Region,
  RegionInput,
  RegionsBody,
  Store,
  StoreInput,
  StoresBody,
  UpsertResult,
} from './schemas'
import { upsertMasterData } from './upsert'

const TAG = 'Master data'

const router = createRouter()

function upsertRoute(path: string, what: string, name: string, body: z.ZodType, more = '') {
  return defineRoute('admin', {
    method: 'put',
    path,
    tags: [TAG],
    summary: `Upsert ${what}`,
    description:
      `Creates or updates ${what} by code. Accepts JSON or \`text/csv\` (UTF-8 with or without BOM, or GBK as Excel saves it) with a ` +
      'header row of the same field names (`externalIds.<vendor>` columns for external ids). Atomic: every bad row or CSV line is ' +
      'listed in one 422 and nothing is written. Sales waiting for a store or SKU written here are folded into the ledger.' +
      more,
    request: {
      body: {
        content: {
          'application/json': bulkJsonContent(router, name, body),
          'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 CSV with a header row' }) },
        },
      },
    },
    responses: {
      200: { description: 'Stored', content: { 'application/json': { schema: UpsertResult } } },
      400: problem('Malformed JSON or CSV'),
      413: problem('Body too large'),
    },
  })
}

const RegionQuery = z.object({ regionCode: codeSchema.optional() })

function listRoute<T extends z.ZodType, Q extends z.ZodObject>(path: string, key: string, record: T, query: Q, description: string) {
  return defineRoute('read', {
    method: 'get',
    path,
    tags: [TAG],
    summary: `List ${key}`,
    description,
    request: { query },
    responses: {
      200: { description: `The ${key} the token covers`, content: { 'application/json': { schema: z.object({ [key]: z.array(record) }) } } },
    },
  })
}

const DEALERS = 'The dealers (经销商) of the token’s regions, or of one region with `regionCode` (a region the token does not cover is 403).'
const STORES =
  'The stores of the token’s regions, or of one region with `regionCode` (a region the token does not cover is 403): channel ' +
  '(direct, franchise or dealer), dealer, opening and closing days, tier, area and the ids POS vendors know them by.'
const PRODUCTS =
  'The product list with categories, list and floor prices and the cost price valid today (null until one is set); SKUs are the ' +
  'company’s, so every token reads all of them.'
const COSTS =
  'Every cost price (成本价) the product has had, oldest first: each applies to sales from its `effectiveFrom` day until the next, so ' +
  'the store P&L costs a sale at the price of its own day. `costPrice` is the one valid today. An unknown SKU is 404.'

const PRODUCT_COSTS =
  ' A `costPrice` takes effect on `costEffectiveFrom` (default today, company time zone) and is kept beside the earlier ones ' +
  '(`GET /v1/products/{sku}/costs`); the same day again replaces that day’s cost, a cost already valid on that day changes ' +
  'nothing, and a row without one keeps the history. A cost above the row’s `listPrice` is stored and answered in `warnings`.'

const costHistoryRoute = defineRoute('read', {
  method: 'get',
  path: '/v1/products/{sku}/costs',
  tags: [TAG],
  summary: 'A product’s cost price history',
  description: COSTS,
  request: { params: z.object({ sku: skuSchema }) },
  responses: {
    200: {
      description: 'The history',
      content: { 'application/json': { schema: z.object({ sku: z.string(), costPrice: z.number().nullable(), costs: z.array(ProductCost) }) } },
    },
    404: problem('No such product'),
  },
})

const rowsOf = <R extends z.ZodType>(key: string, row: R) => ({ key, row, maxRows: MAX_ROWS_PER_UPSERT, csv: true })

export const masterDataRoutes = router
  .openapi(upsertRoute('/v1/regions', 'regions', 'RegionsInput', RegionsBody), async (c) => {
    const body = await readBulkBody(c, rowsOf('regions', RegionInput))
    return c.json(await upsertMasterData(c, regionEntity, body), 200)
  })
  .openapi(upsertRoute('/v1/dealers', 'dealers', 'DealersInput', DealersBody), async (c) => {
    const body = await readBulkBody(c, rowsOf('dealers', DealerInput))
    return c.json(await upsertMasterData(c, dealerEntity, body), 200)
  })
  .openapi(upsertRoute('/v1/stores', 'stores', 'StoresInput', StoresBody), async (c) => {
    const body = await readBulkBody(c, rowsOf('stores', StoreInput))
    return c.json(await upsertMasterData(c, storeEntity, body), 200)
  })
  .openapi(upsertRoute('/v1/products', 'products', 'ProductsInput', ProductsBody, PRODUCT_COSTS), async (c) => {
    const body = withCostDays(await readBulkBody(c, rowsOf('products', ProductInput)), companyToday(c.env))
    return c.json(await upsertMasterData(c, productEntity, body), 200)
  })
  .openapi(listRoute('/v1/regions', 'regions', Region, z.object({}), 'The regions the token covers (every region for HQ), with their names and managers’ email addresses.'), async (c) => c.json({ regions: await listRegions(c.env, c.get('scope')) }, 200))
  .openapi(listRoute('/v1/dealers', 'dealers', Dealer, RegionQuery, DEALERS), async (c) =>
    c.json({ dealers: await listDealers(c.env, c.get('scope'), c.req.valid('query').regionCode) }, 200),
  )
  .openapi(listRoute('/v1/stores', 'stores', Store, RegionQuery, STORES), async (c) =>
    c.json({ stores: await listStores(c.env, c.get('scope'), c.req.valid('query').regionCode) }, 200),
  )
  .openapi(listRoute('/v1/products', 'products', Product, z.object({}), PRODUCTS), async (c) => c.json({ products: await listProducts(c.env) }, 200))
  .openapi(costHistoryRoute, async (c) => c.json(await productCostHistory(c.env, c.req.valid('param').sku, companyToday(c.env)), 200))
