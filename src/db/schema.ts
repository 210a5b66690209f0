// The one source of the database schema. Migrations in migrations/ are generated from this file
// by drizzle-kit (`npm run db:generate`); never edit a generated migration by hand.
//
// Conventions: codes are the natural keys managers know (region, dealer and store codes, SKUs);
// money is integer minor units (分); dates are `YYYY-MM-DD` text; instants are ISO-8601 UTC text.
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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

/** API tokens. Only the SHA-256 of a token is kept; the token itself is shown once at issue. */
export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'manager', 'viewer'] }).notNull(),
  /** JSON array of region codes; empty for admins, who see every region. */
  regionCodes: text('region_codes').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
})

/** Every mutation: who (token id), when, through what, which entity and key, before and after. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    via: text('via', { enum: ['api', 'sheet', 'webhook', 'cron'] }).notNull(),
    entity: text('entity').notNull(),
    entityKey: text('entity_key').notNull(),
    /** JSON of the record before the change; null when it was created. */
    before: text('before'),
    /** JSON of the record after the change; null when it was removed or revoked away. */
    after: text('after'),
    /** JSON with where the change came from (spreadsheet id, sheet, row), when it came from a sheet. */
    context: text('context'),
  },
  (t) => [index('audit_entity_key_idx').on(t.entity, t.entityKey, t.id), index('audit_at_idx').on(t.at)],
)

/**
 * Optimistic concurrency: one counter per editable set (e.g. `targets:sales:2027`). Every write
 * to the set bumps it in the same batch, guarded so that a writer who lost a race changes nothing.
 */
export const revisions = sqliteTable('revisions', {
  scope: text('scope').primaryKey(),
  revision: integer('revision').notNull(),
  /** Random id of the write that set this revision; later statements of that batch check it. */
  writeId: text('write_id').notNull(),
  updatedAt: text('updated_at').notNull(),
})

export const TARGET_METRICS = ['sales', 'collection'] as const
export const TARGET_LEVELS = ['region', 'store'] as const

/** HQ's company target C(Y) per metric and year. */
export const companyTargets = sqliteTable(
  'company_targets',
  {
    metric: text('metric', { enum: TARGET_METRICS }).notNull(),
    year: integer('year').notNull(),
    amount: integer('amount').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.year] })],
)

/** Monthly targets of regions and stores. Store rows are the leaves; region rows are HQ's figure. */
export const targets = sqliteTable(
  'targets',
  {
    metric: text('metric', { enum: TARGET_METRICS }).notNull(),
    year: integer('year').notNull(),
    level: text('level', { enum: TARGET_LEVELS }).notNull(),
    code: text('code').notNull(),
    month: integer('month').notNull(),
    /** The region the row belongs to (the code itself for region rows), for scoping and sums. */
    regionCode: text('region_code').notNull(),
    amount: integer('amount').notNull(),
    /** The revision of the target set at which this row last changed. */
    revision: integer('revision').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.metric, t.year, t.level, t.code, t.month] }),
    index('targets_region_idx').on(t.metric, t.year, t.regionCode, t.level),
  ],
)

export const TARGET_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const

/** Lifecycle and contest of one region's targets for a year. */
export const targetRegions = sqliteTable(
  'target_regions',
  {
    metric: text('metric', { enum: TARGET_METRICS }).notNull(),
    year: integer('year').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status', { enum: TARGET_STATUSES }).notNull(),
    /** Why it was last rejected or reopened. */
    reason: text('reason'),
    contestAmount: integer('contest_amount'),
    contestReason: text('contest_reason'),
    contestStatus: text('contest_status', { enum: ['pending', 'accepted', 'rejected'] }),
    contestBy: text('contest_by'),
    contestDecisionReason: text('contest_decision_reason'),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.year, t.regionCode] })],
)

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
    webhookId: text('webhook_id').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.saleId] }),
    index('sales_store_day_idx').on(t.storeCode, t.day),
    // Partial: it finds the few sales waiting for master data. A full index on `matched` misled
    // SQLite into scanning every matched sale when the ledger looks sales up by key.
    index('sales_unmatched_idx').on(t.matched, t.storeCode).where(sql`matched = 0`),
    // A refund that reaches the ledger before its sale is found from the sale.
    index('sales_refund_of_idx').on(t.sourceId, t.refundOf),
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
  (t) => [primaryKey({ columns: [t.sourceId, t.saleId, t.lineNo] }), index('sale_lines_sku_idx').on(t.sku)],
)

/** Net sales per store and day, recomputed from the lines of every touched store-day. */
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
 * Net sales per store and month, recomputed from sales_daily for every touched store-month, so
 * reports over years read a few rows per store instead of every day.
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

/** Net sales per store, day and SKU, for the SKU view and sell-out. */
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
  format: text('format', { enum: ['standard', 'wecom', 'dingtalk', 'slack'] }).notNull(),
  url: text('url').notNull(),
  /** whsec_ secret signing `standard` deliveries. */
  secret: text('secret'),
  createdAt: text('created_at').notNull(),
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

/** Monthly expense budgets by region, department and category. */
export const budgets = sqliteTable(
  'budgets',
  {
    year: integer('year').notNull(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    category: text('category').notNull(),
    month: integer('month').notNull(),
    amount: integer('amount').notNull(),
    /** The revision of the year's budgets at which this row last changed. */
    revision: integer('revision').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.regionCode, t.department, t.category, t.month] })],
)

/** Lifecycle of one region's budgets for a year. */
export const budgetRegions = sqliteTable(
  'budget_regions',
  {
    year: integer('year').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status', { enum: TARGET_STATUSES }).notNull(),
    reason: text('reason'),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.regionCode] })],
)

export const CONTROL_ACTIONS = ['stop', 'warn', 'ignore'] as const

/** What exceeding a budget does, for a region, a region's department or one of its categories ('' = any). */
export const budgetControls = sqliteTable(
  'budget_controls',
  {
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    category: text('category').notNull(),
    monthly: text('monthly', { enum: CONTROL_ACTIONS }).notNull(),
    annual: text('annual', { enum: CONTROL_ACTIONS }).notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.department, t.category] })],
)

export const EXPENSE_STATUSES = ['submitted', 'region_approved', 'hq_approved', 'rejected'] as const

/** Costs incurred; submitted → region_approved → hq_approved, or rejected at either step. */
export const expenses = sqliteTable(
  'expenses',
  {
    expenseId: text('expense_id').primaryKey(),
    regionCode: text('region_code').notNull(),
    department: text('department').notNull(),
    category: text('category').notNull(),
    incurredOn: text('incurred_on').notNull(),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    amount: integer('amount').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: EXPENSE_STATUSES }).notNull(),
    /** The budget check when submitted: ok, warn (accepted and marked) or stop (only with an override). */
    budgetAction: text('budget_action', { enum: ['ok', 'warn', 'stop'] }).notNull(),
    overrideReason: text('override_reason'),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: text('submitted_at').notNull(),
    reviewedBy: text('reviewed_by'),
    reviewedAt: text('reviewed_at'),
    approvedBy: text('approved_by'),
    approvedAt: text('approved_at'),
    rejectedBy: text('rejected_by'),
    rejectedAt: text('rejected_at'),
    note: text('note'),
  },
  (t) => [index('expenses_budget_idx').on(t.regionCode, t.year, t.department, t.category, t.month, t.status)],
)

/** Invoices to dealers; `region_code` is the dealer's region when invoiced. */
export const invoices = sqliteTable(
  'invoices',
  {
    invoiceId: text('invoice_id').primaryKey(),
    dealerCode: text('dealer_code').notNull(),
    regionCode: text('region_code').notNull(),
    issuedOn: text('issued_on').notNull(),
    dueOn: text('due_on').notNull(),
    amount: integer('amount').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('invoices_dealer_idx').on(t.dealerCode, t.dueOn)],
)

/** Payments received from dealers; what no invoice takes stays as the dealer's credit. */
export const payments = sqliteTable(
  'payments',
  {
    paymentId: text('payment_id').primaryKey(),
    dealerCode: text('dealer_code').notNull(),
    regionCode: text('region_code').notNull(),
    receivedOn: text('received_on').notNull(),
    amount: integer('amount').notNull(),
    /** The invoice the payer named, if any. */
    invoiceId: text('invoice_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('payments_dealer_idx').on(t.dealerCode, t.receivedOn), index('payments_region_idx').on(t.regionCode, t.receivedOn)],
)

/** How payments settle invoices (oldest due first unless the payer named one). */
export const paymentAllocations = sqliteTable(
  'payment_allocations',
  {
    paymentId: text('payment_id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    amount: integer('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.paymentId, t.invoiceId] }), index('payment_allocations_invoice_idx').on(t.invoiceId)],
)

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

/** A spreadsheet tab bound to a region: the cron writes fresh actuals and achievement into it. */
export const sheetBindings = sqliteTable(
  'sheet_bindings',
  {
    spreadsheetId: text('spreadsheet_id').notNull(),
    sheetName: text('sheet_name').notNull(),
    tab: text('tab', { enum: ['targets-region', 'targets-store', 'budgets', 'expenses', 'stock-limits'] }).notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    lastWrittenAt: text('last_written_at'),
    lastError: text('last_error'),
  },
  (t) => [primaryKey({ columns: [t.spreadsheetId, t.sheetName] }), index('sheet_bindings_region_idx').on(t.regionCode)],
)

export const REPORTS = ['consolidated', 'stores', 'violations', 'weekly', 'completeness'] as const
export const REPORT_FORMATS = ['csv', 'json', 'html'] as const

/**
 * A report pulled by URL (`/r/{token}`), e.g. by `=IMPORTDATA()` in HQ's sheets. Only the SHA-256
 * of the token is kept; the link is bound to one report, its params and the regions it may show.
 */
export const reportLinks = sqliteTable(
  'report_links',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    report: text('report', { enum: REPORTS }).notNull(),
    /** JSON of the report's params (year, month, week, regionCode). */
    params: text('params').notNull(),
    format: text('format', { enum: REPORT_FORMATS }).notNull(),
    /** JSON array of the regions the link shows; null for every region (made by HQ). */
    regionCodes: text('region_codes'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    lastAccessAt: text('last_access_at'),
  },
  (t) => [index('report_links_created_by_idx').on(t.createdBy)],
)
