// Invoices to dealers, payments and how payments settle invoices.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
