// Master data: regions, dealers, stores (with the ids POS vendors use for them) and products.
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const regions = sqliteTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  managerEmail: text('manager_email'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

export const dealers = sqliteTable(
  'dealers',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('dealers_region_idx').on(t.regionCode)],
)

export const stores = sqliteTable(
  'stores',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    dealerCode: text('dealer_code'),
    channel: text('channel', { enum: ['direct', 'franchise', 'dealer'] }).notNull(),
    openedOn: text('opened_on'),
    closedOn: text('closed_on'),
    tier: text('tier'),
    areaSqm: real('area_sqm'),
    /** The store manager (店长) the quarterly scorecard names. */
    managerName: text('manager'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('stores_region_idx').on(t.regionCode), index('stores_dealer_idx').on(t.dealerCode)],
)

/** The ids a POS vendor uses for a store (e.g. a Shopify location id), looked up on every webhook. */
export const storeExternalIds = sqliteTable(
  'store_external_ids',
  {
    vendor: text('vendor').notNull(),
    externalId: text('external_id').notNull(),
    storeCode: text('store_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.vendor, t.externalId] }), index('store_external_ids_store_idx').on(t.storeCode)],
)

export const products = sqliteTable('products', {
  sku: text('sku').primaryKey(),
  name: text('name').notNull(),
  category: text('category'),
  listPrice: integer('list_price'),
  floorPrice: integer('floor_price'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

/** A product's cost price (成本价) from a day on: a sale is costed at the price valid on its own day. */
export const productCosts = sqliteTable(
  'product_costs',
  {
    sku: text('sku').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    costPrice: integer('cost_price').notNull(),
    setAt: text('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.effectiveFrom] })],
)
