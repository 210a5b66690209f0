// Channel integrity: shipments and the codes they authorise, sold codes, violations and their
// alerts.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Goods sent by the ERP to a dealer or a store; idempotent by shipment id. */
export const shipments = sqliteTable(
  'shipments',
  {
    shipmentId: text('shipment_id').primaryKey(),
    dealerCode: text('dealer_code'),
    storeCode: text('store_code'),
    /** The receiving party's region when shipped: where its goods are authorised to be sold. */
    regionCode: text('region_code').notNull(),
    shippedAt: text('shipped_at').notNull(),
    /** The day shipped, in the company time zone. */
    day: text('day').notNull(),
    transfer: integer('transfer', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('shipments_dealer_idx').on(t.dealerCode, t.day), index('shipments_store_idx').on(t.storeCode, t.day)],
)

export const shipmentLines = sqliteTable(
  'shipment_lines',
  {
    shipmentId: text('shipment_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    qty: integer('qty').notNull(),
    codeType: text('code_type', { enum: ['unit', 'lot'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.shipmentId, t.lineNo] }), index('shipment_lines_sku_idx').on(t.sku)],
)

/** Where each unit or lot code is authorised to be sold: its latest shipment. */
export const shippedCodes = sqliteTable('shipped_codes', {
  code: text('code').primaryKey(),
  codeType: text('code_type', { enum: ['unit', 'lot'] }).notNull(),
  sku: text('sku').notNull(),
  shipmentId: text('shipment_id').notNull(),
  dealerCode: text('dealer_code'),
  storeCode: text('store_code'),
  regionCode: text('region_code').notNull(),
  shippedAt: text('shipped_at').notNull(),
  /** Units in the lot (1 for a unit code). */
  qty: integer('qty').notNull(),
})

/** Every code scanned on a sale or refund line, for code checks by indexed lookups. */
export const soldCodes = sqliteTable(
  'sold_codes',
  {
    code: text('code').notNull(),
    sourceId: text('source_id').notNull(),
    saleId: text('sale_id').notNull(),
    lineNo: integer('line_no').notNull(),
    kind: text('kind', { enum: ['sale', 'refund'] }).notNull(),
    sku: text('sku').notNull(),
    qty: integer('qty').notNull(),
    unitPrice: integer('unit_price').notNull(),
    occurredAt: text('occurred_at').notNull(),
    day: text('day').notNull(),
    storeCode: text('store_code').notNull(),
    regionCode: text('region_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.saleId, t.lineNo, t.code] }), index('sold_codes_code_idx').on(t.code, t.occurredAt)],
)

export const VIOLATION_KINDS = ['cross_region', 'unknown_code', 'duplicate_code', 'below_floor_price', 'sellout_exceeds_sellin'] as const

/** A suspected channel violation: evidence for a person to confirm or dismiss, raised once per key. */
export const violations = sqliteTable(
  'violations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** kind and code, sale line or dealer-SKU-month: at most one violation each. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    kind: text('kind', { enum: VIOLATION_KINDS }).notNull(),
    status: text('status', { enum: ['open', 'confirmed', 'dismissed'] }).notNull(),
    storeCode: text('store_code'),
    regionCode: text('region_code').notNull(),
    expectedRegionCode: text('expected_region_code'),
    dealerCode: text('dealer_code'),
    sku: text('sku'),
    code: text('code'),
    sourceId: text('source_id'),
    saleId: text('sale_id'),
    unitPrice: integer('unit_price'),
    floorPrice: integer('floor_price'),
    detectedAt: text('detected_at').notNull(),
    /** The detection run that raised it, so one alert can carry all of a run's violations. */
    runId: text('run_id').notNull(),
    evidence: text('evidence').notNull(),
    note: text('note'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
  },
  (t) => [
    index('violations_region_status_idx').on(t.regionCode, t.status, t.kind),
    index('violations_code_idx').on(t.code, t.kind, t.status),
    index('violations_run_idx').on(t.runId),
    // The audit of a check run finds what it closed by who and when it decided.
    index('violations_decided_idx').on(t.decidedBy, t.decidedAt),
  ],
)

/** Where new violations are announced: a signed JSON webhook or a group robot of WeCom, DingTalk or Slack. */
export const alertEndpoints = sqliteTable('alert_endpoints', {
  id: text('id').primaryKey(),
  /** Only violations of this region; null for every region. */
  regionCode: text('region_code'),
  format: text('format', { enum: ['standard', 'wecom', 'dingtalk', 'feishu', 'slack'] }).notNull(),
  url: text('url').notNull(),
  /** The whsec_ secret of `standard` deliveries, a DingTalk 加签 or a Feishu signature secret. */
  secret: text('secret'),
  /** The endpoint's link to its violations page, in the messages it gets. */
  reportUrl: text('report_url'),
  createdAt: text('created_at').notNull(),
})

/**
 * One robot's minute, shared by every endpoint that posts to it (two endpoints may name the same
 * group robot): its sends of the last minute and its silence after a rate-limit answer.
 */
export const robotWindows = sqliteTable('robot_windows', {
  /** SHA-256 of the robot's URL without its fragment (robots/robot.ts robotKey). */
  robot: text('robot').primaryKey(),
  /** JSON array of the epoch ms of the sends of the last minute (robots/pacing.ts). */
  recentSends: text('recent_sends').notNull().default('[]'),
  /** After a rate-limit answer, no send before this instant. */
  pausedUntil: text('paused_until'),
})

/** The outbox of alerts: written with the violations they announce, delivered with retries. */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    runId: text('run_id').notNull(),
    /** JSON array of violation ids (empty for stock alerts). */
    violationIds: text('violation_ids').notNull(),
    /** JSON array of new stock alerts, for deliveries of stock alerts. */
    stockAlerts: text('stock_alerts'),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [index('alert_deliveries_due_idx').on(t.status, t.nextAttemptAt), uniqueIndex('alert_deliveries_run_idx').on(t.endpointId, t.runId)],
)
