// Expense budgets, their lifecycle and controls, and expenses.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
// Budgets move through the same approval statuses as targets.
import { TARGET_STATUSES } from './targets'

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
    /** A cost booked to one store of the region (rent, staff, utilities); null for the region's own. */
    storeCode: text('store_code'),
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
