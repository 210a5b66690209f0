// Report links pulled by URL.
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const REPORTS = ['consolidated', 'stores', 'violations', 'weekly', 'completeness', 'pnl', 'scorecard'] as const
export const REPORT_FORMATS = ['csv', 'json', 'html', 'xlsx'] as const

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
    /** The language the link's pages and workbooks are in; null: the reader's. */
    lang: text('lang', { enum: ['zh-CN', 'en'] }),
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

/** The weights of the quarterly store scorecard (考核) HQ set, each set kept: the latest applies. */
export const scorecardWeights = sqliteTable('scorecard_weights', {
  id: text('id').primaryKey(),
  /** JSON: measure → percent, summing to 100 (src/pnl/weights.ts). */
  weights: text('weights').notNull(),
  setBy: text('set_by').notNull(),
  setAt: text('set_at').notNull(),
})
