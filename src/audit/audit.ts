// The audit trail: every mutation records actor, time, channel, entity, key, before and after.
// Entries are written as statements in the SAME batch as the change they describe, so a change
// and its audit entry are committed together or not at all.
import { and, desc, eq, lt } from 'drizzle-orm'
import { insertRows, type Guard, type Statement } from '../db/bulk'
import { database } from '../db/client'
import { auditLog } from '../db/schema'
import type { Env } from '../env'

export type Via = 'api' | 'sheet' | 'webhook' | 'cron'

export interface AuditContext {
  actor: string
  via: Via
  at: string
  /** Where a sheet edit came from: spreadsheet id, sheet name; rows are per entry. */
  source?: Record<string, unknown>
}

export interface AuditChange {
  entity: string
  key: string
  before: unknown
  after: unknown
  /** Per-entry context, e.g. the sheet row the change came from. */
  context?: Record<string, unknown>
}

/** Statements inserting one audit entry per change (none when there is nothing to record). */
export function auditStatements(ctx: AuditContext, changes: AuditChange[], guard?: Guard): Statement[] {
  if (changes.length === 0) return []
  const rows: (typeof auditLog.$inferInsert)[] = changes.map((change) => {
    const context = ctx.source || change.context ? { ...ctx.source, ...change.context } : null
    return {
      at: ctx.at,
      actor: ctx.actor,
      via: ctx.via,
      entity: change.entity,
      entityKey: change.key,
      before: change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
      context: context ? JSON.stringify(context) : null,
    }
  })
  return insertRows(auditLog, rows, { omit: ['id'], guard })
}

/**
 * Where a change came from: the API, or a sheet (with the spreadsheet, the sheet and, per entity
 * key, the sheet row).
 */
export interface ChangeOrigin {
  via: Via
  source?: Record<string, unknown>
  rowOf?: (key: string) => number | undefined
}

export const API_ORIGIN: ChangeOrigin = { via: 'api' }

/** Audit entries of changes from an origin, each with its sheet row when it came from a sheet. */
export function auditFromOrigin(actor: string, at: string, origin: ChangeOrigin, changes: AuditChange[], guard?: Guard): Statement[] {
  const placed = changes.map((change) => {
    const row = origin.rowOf?.(change.key)
    return row === undefined ? change : { ...change, context: { ...change.context, row } }
  })
  return auditStatements({ actor, via: origin.via, at, source: origin.source }, placed, guard)
}

/** Compares two records by value; used to skip writes and audit entries that change nothing. */
export function sameRecord(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

export interface AuditQuery {
  entity?: string
  key?: string
  /** Only entries with a smaller id: the page after the one that ended there. */
  before?: number
  limit: number
}

/** The audit trail newest first, with the id to ask the next page before. */
export async function readAuditTrail(env: Env, query: AuditQuery) {
  const { entity, key, before, limit } = query
  const rows = await database(env)
    .select()
    .from(auditLog)
    .where(
      and(
        entity === undefined ? undefined : eq(auditLog.entity, entity),
        key === undefined ? undefined : eq(auditLog.entityKey, key),
        before === undefined ? undefined : lt(auditLog.id, before),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
  const entries = rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    via: row.via,
    entity: row.entity,
    key: row.entityKey,
    before: parsed(row.before),
    after: parsed(row.after),
    context: parsed(row.context),
  }))
  return { entries, nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null }
}
