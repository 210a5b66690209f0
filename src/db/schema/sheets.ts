// Spreadsheet tabs bound to a region for the write-back.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
