// API tokens and the audit trail of every mutation.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
