// Master data over HTTP: HQ (admin) upserts regions, dealers, stores and products as JSON or CSV;
// every role reads them, managers and viewers only within their regions.
import { z } from '@hono/zod-openapi'
import { readBulkBody } from '../lib/body'
import { codeSchema } from '../lib/fields'
import { bulkJsonContent, createRouter, defineRoute, problem } from '../lib/openapi'
import { dealerEntity, productEntity, regionEntity, storeEntity } from './entities'
import { listDealers, listProducts, listRegions, listStores } from './lists'
import {
  Dealer,
  DealerInput,
  DealersBody,
  MAX_ROWS_PER_UPSERT,
  Product,
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

function upsertRoute(path: string, what: string, name: string, body: z.ZodType) {
  return defineRoute('admin', {
    method: 'put',
    path,
    tags: [TAG],
    summary: `Upsert ${what}`,
    description:
      `Creates or updates ${what} by code. Accepts JSON or \`text/csv\` (UTF-8 with or without BOM, or GBK as Excel saves it) with a ` +
      'header row of the same field names (`externalIds.<vendor>` columns for external ids). Atomic: every bad row or CSV line is ' +
      'listed in one 422 and nothing is written. Sales waiting for a store or SKU written here are folded into the ledger.',
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
const PRODUCTS = 'The product list with categories, list and floor prices; SKUs are the company’s, so every token reads all of them.'

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
  .openapi(upsertRoute('/v1/products', 'products', 'ProductsInput', ProductsBody), async (c) => {
    const body = await readBulkBody(c, rowsOf('products', ProductInput))
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
