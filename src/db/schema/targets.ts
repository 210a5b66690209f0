// Targets: the company target, monthly region and store targets, and each region's lifecycle
// and contest.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
