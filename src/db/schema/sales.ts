// POS sources and their secrets, webhook receipts, the sales ledger and its daily and monthly
// rollups.
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** A POS system that sends sales by signed webhook. */
export const posSources = sqliteTable('pos_sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  vendor: text('vendor', { enum: ['standard', 'shopify'] }).notNull(),
  createdAt: text('created_at').notNull(),
  /** Set when HQ disables the source (a leaked secret, a retired till): its webhooks then 404; its sales stay. */
  disabledAt: text('disabled_at'),
})

/**
 * Signing secrets of a POS source. They are kept as given because verifying an HMAC needs the
 * key itself. A rotated-out secret keeps verifying until `expiresAt`.
 */
export const posSourceSecrets = sqliteTable(
  'pos_source_secrets',
  {
    id: text('id').primaryKey(),
    sourceId: text('source_id').notNull(),
    secret: text('secret').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
  },
  (t) => [index('pos_source_secrets_source_idx').on(t.sourceId)],
)

/**
 * Every accepted webhook, reserved by its id before it is queued: a second delivery of the same id
 * finds it and is answered as a duplicate. The validated sales travel here, the queue message only
 * names the receipt, so nothing accepted is lost with a queue message.
 */
export const webhookReceipts = sqliteTable(
  'webhook_receipts',
  {
    sourceId: text('source_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    receivedAt: text('received_at').notNull(),
    /**
     * JSON array of normalised sales: all of them, or the first part when the whole would pass D1's
     * 2 MB per value; the other parts are in webhook_receipt_parts.
     */
    payload: text('payload').notNull(),
    /** How many parts the sales take (1 when all are in `payload`). */
    parts: integer('parts').notNull().default(1),
    /** When the receipt was last put on the queue; a receipt still queued long after is requeued. */
    queuedAt: text('queued_at'),
    salesCount: integer('sales_count').notNull(),
    /** `failed`: the ledger write failed on every try of the queue; listed for HQ to retry. */
    status: text('status', { enum: ['queued', 'applied', 'failed'] }).notNull(),
    appliedAt: text('applied_at'),
    /** Ledger writes of this receipt that failed, and the last error, so failures show before the last try too. */
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.webhookId] }), index('webhook_receipts_status_idx').on(t.status, t.receivedAt)],
)

/** The sales of a large receipt past its first part (part 1, 2, …), each a JSON array under 1 MB. */
export const webhookReceiptParts = sqliteTable(
  'webhook_receipt_parts',
  {
    sourceId: text('source_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    part: integer('part').notNull(),
    payload: text('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.webhookId, t.part] })],
)

/** The sales ledger: one row per sale or refund, as first received (a resend changes nothing). */
export const sales = sqliteTable(
  'sales',
  {
    sourceId: text('source_id').notNull(),
    saleId: text('sale_id').notNull(),
    kind: text('kind', { enum: ['sale', 'refund'] }).notNull(),
    refundOf: text('refund_of'),
    /** The store as resolved; null while a vendor's location id is not mapped to a store. */
    storeCode: text('store_code'),
    /** For vendor payloads: the vendor and its location id, resolved through store external ids. */
    storeVendor: text('store_vendor'),
    storeExternalId: text('store_external_id'),
    occurredAt: text('occurred_at').notNull(),
    /** Day and ISO week in the company time zone. */
    day: text('day').notNull(),
    isoWeek: text('iso_week').notNull(),
    currency: text('currency').notNull(),
    /** The store's region when the sale was matched to master data; null while unmatched. */
    regionCode: text('region_code'),
    matched: integer('matched', { mode: 'boolean' }).notNull(),
    /**
     * Why a refund is not counted: its sale has not arrived (`refund_awaiting_sale`), or it asks back
     * more than its sale has left (see sales/refunds.ts). Null for sales and for refunds that count.
     */
    holdReason: text('hold_reason'),
    /** The receipt that brought it (webhook_receipts, which keeps when it was received). */
    webhookId: text('webhook_id').notNull(),
  },
  // WITHOUT ROWID (migration 0014): each sale is kept once, in its key's b-tree, not in a table
  // plus a copy of its key in an index. Drizzle does not describe it; the migration does.
  (t) => [
    primaryKey({ columns: [t.sourceId, t.saleId] }),
    index('sales_store_day_idx').on(t.storeCode, t.day),
    // Partial: it finds the few sales waiting for master data. A full index on `matched` misled
    // SQLite into scanning every matched sale when the ledger looks sales up by key.
    index('sales_unmatched_idx').on(t.matched, t.storeCode).where(sql`matched = 0`),
    // A refund that reaches the ledger before its sale is found from the sale. Partial: sales,
    // nearly every row, are not in it (every query of it says kind = 'refund').
    index('sales_refund_of_idx').on(t.sourceId, t.refundOf).where(sql`kind = 'refund'`),
  ],
)

export const saleLines = sqliteTable(
  'sale_lines',
  {
    sourceId: text('source_id').notNull(),
    saleId: text('sale_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    /** Signed: refunds are negative. */
    qty: integer('qty').notNull(),
    unitPrice: integer('unit_price').notNull(),
    /** qty × unitPrice, signed, minor units. */
    amount: integer('amount').notNull(),
    /** JSON array of unit or lot codes, when the POS scanned them. */
    codes: text('codes'),
  },
  // WITHOUT ROWID too (migration 0014). No index on the SKU: a line is found by its sale, and
  // the fold finds the waiting sales of a SKU from the few waiting sales (sales/fold.ts).
  (t) => [primaryKey({ columns: [t.sourceId, t.saleId, t.lineNo] })],
)

/** Net sales per store and day, added to by every ledger write (sales/rollups.ts). WITHOUT ROWID (migration 0014). */
export const salesDaily = sqliteTable(
  'sales_daily',
  {
    storeCode: text('store_code').notNull(),
    day: text('day').notNull(),
    regionCode: text('region_code').notNull(),
    month: text('month').notNull(),
    isoWeek: text('iso_week').notNull(),
    amount: integer('amount').notNull(),
    qty: integer('qty').notNull(),
    /** Number of sales (refunds not counted). */
    sales: integer('sales').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeCode, t.day] }),
    index('sales_daily_region_day_idx').on(t.regionCode, t.day),
    // Covering: reports sum a span of days by store or region without touching the table rows.
    index('sales_daily_day_cover_idx').on(t.day, t.regionCode, t.storeCode, t.amount),
  ],
)

/**
 * Net sales per store and month, added to with the daily rollups, so reports over years read a
 * few rows per store instead of every day. WITHOUT ROWID (migration 0014).
 */
export const salesMonthly = sqliteTable(
  'sales_monthly',
  {
    storeCode: text('store_code').notNull(),
    /** `YYYY-MM`. */
    month: text('month').notNull(),
    regionCode: text('region_code').notNull(),
    amount: integer('amount').notNull(),
    qty: integer('qty').notNull(),
    sales: integer('sales').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeCode, t.month] }),
    index('sales_monthly_region_month_idx').on(t.regionCode, t.month),
    // Covering: a span of months summed by store or region is read from the index alone.
    index('sales_monthly_month_cover_idx').on(t.month, t.regionCode, t.storeCode, t.amount),
  ],
)

/** Net sales per store, day and SKU, for the SKU view and sell-out. WITHOUT ROWID (migration 0014). */
export const salesDailySku = sqliteTable(
  'sales_daily_sku',
  {
    storeCode: text('store_code').notNull(),
    day: text('day').notNull(),
    sku: text('sku').notNull(),
    regionCode: text('region_code').notNull(),
    amount: integer('amount').notNull(),
    qty: integer('qty').notNull(),
    /** Number of sales with this SKU (refunds not counted). */
    sales: integer('sales').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeCode, t.day, t.sku] }), index('sales_daily_sku_region_day_idx').on(t.regionCode, t.day)],
)

/**
 * A fold of waiting sales that a master-data write owes (sales/fold.ts), written in the same batch
 * as the master data: removed once the fold is done, retried by the cron while it is not.
 */
export const saleFolds = sqliteTable('sale_folds', {
  id: text('id').primaryKey(),
  /** JSON FoldKeys: the stores, vendor locations and SKUs the write changed. */
  keys: text('keys').notNull(),
  createdAt: text('created_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  /** JSON FoldCursor: where the last run stopped, so the next goes on from there. */
  cursor: text('cursor'),
})

/** A store-month of raw sales moved to R2 (sales/archive.ts): where, and what it held. */
export const salesArchives = sqliteTable(
  'sales_archives',
  {
    storeCode: text('store_code').notNull(),
    /** `YYYY-MM`. */
    month: text('month').notNull(),
    regionCode: text('region_code').notNull(),
    /** The R2 key: `sales/v1/{storeCode}/{month}.ndjson`. */
    objectKey: text('object_key').notNull(),
    sales: integer('sales').notNull(),
    lines: integer('lines').notNull(),
    /** Sum of the lines, minor units: equal to the month's rollup when it was archived. */
    amount: integer('amount').notNull(),
    archivedAt: text('archived_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeCode, t.month] })],
)
