// Stock counts, limits and the stock alerts that are on.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Counted stock per location (a store or a dealer) and SKU on a day. */
export const inventorySnapshots = sqliteTable(
  'inventory_snapshots',
  {
    locationCode: text('location_code').notNull(),
    locationType: text('location_type', { enum: ['store', 'dealer'] }).notNull(),
    regionCode: text('region_code').notNull(),
    sku: text('sku').notNull(),
    asOf: text('as_of').notNull(),
    onHand: integer('on_hand').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationCode, t.sku, t.asOf] }), index('inventory_snapshots_region_idx').on(t.regionCode)],
)

/** Minimum and maximum stock per location and SKU (库存最低和最高限额). */
export const inventoryLimits = sqliteTable(
  'inventory_limits',
  {
    locationCode: text('location_code').notNull(),
    locationType: text('location_type', { enum: ['store', 'dealer'] }).notNull(),
    regionCode: text('region_code').notNull(),
    sku: text('sku').notNull(),
    min: integer('min').notNull(),
    max: integer('max').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationCode, t.sku] }), index('inventory_limits_region_idx').on(t.regionCode)],
)

/** Stock alerts that are on, so only new ones are announced. */
export const inventoryAlertState = sqliteTable(
  'inventory_alert_state',
  {
    kind: text('kind', { enum: ['restock', 'overstock', 'slow_mover'] }).notNull(),
    locationCode: text('location_code').notNull(),
    sku: text('sku').notNull(),
    regionCode: text('region_code').notNull(),
    firstSeenOn: text('first_seen_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.locationCode, t.sku] })],
)
