// The revision of each editable set, for writes guarded without interactive transactions.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
