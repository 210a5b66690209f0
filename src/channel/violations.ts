// Violations for people to work: listed newest first for the caller's regions, and decided once,
// open → confirmed | dismissed, with a note (a violation is evidence, not a verdict).
import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { runBatch, statement } from '../db/bulk'
import { database } from '../db/client'
import { violations, type VIOLATION_KINDS } from '../db/schema'
import type { AppEnv } from '../env'
import { toMajorUnits } from '../lib/money'
import { notFound, Problem } from '../lib/problem'

type ViolationRow = typeof violations.$inferSelect

export const violationView = (v: ViolationRow) => ({
  id: v.id,
  kind: v.kind,
  status: v.status,
  storeCode: v.storeCode,
  regionCode: v.regionCode,
  expectedRegionCode: v.expectedRegionCode,
  dealerCode: v.dealerCode,
  sku: v.sku,
  code: v.code,
  saleId: v.saleId,
  unitPrice: v.unitPrice === null ? null : toMajorUnits(v.unitPrice),
  floorPrice: v.floorPrice === null ? null : toMajorUnits(v.floorPrice),
  detectedAt: v.detectedAt,
  evidence: JSON.parse(v.evidence) as Record<string, unknown>,
  note: v.note,
  decidedBy: v.decidedBy,
  decidedAt: v.decidedAt,
})

/** Confirms or dismisses an open violation; two people deciding at once: one wins, the other is a 409. */
export async function decideViolation(c: Context<AppEnv>, id: number, status: 'confirmed' | 'dismissed', note: string) {
  const db = database(c.env)
  const violation = await db.select().from(violations).where(eq(violations.id, id)).get()
  if (!violation) throw notFound(`There is no violation ${id}.`)
  c.get('scope').assertWrite(violation.regionCode)
  if (violation.status !== 'open') throw new Problem(409, `Violation ${id} is already ${violation.status}.`, { type: 'invalid-state' })
  const now = new Date().toISOString()
  const actor = c.get('principal').id
  const [updated] = await runBatch(c.env.DB, [
    // Guarded on `open`, so two people deciding at once cannot both succeed.
    statement(`UPDATE violations SET status = ?, note = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'open'`, status, note, actor, now, id),
    statement(
      `INSERT INTO audit_log (at, actor, via, entity, entity_key, before, after, context)
       SELECT ?, ?, 'api', 'violation', ?, ?, ?, NULL WHERE changes() = 1`,
      now,
      actor,
      String(id),
      JSON.stringify({ status: 'open' }),
      JSON.stringify({ status, note }),
    ),
  ])
  if (updated!.meta.changes !== 1) throw new Problem(409, `Violation ${id} was decided by someone else just now.`, { type: 'invalid-state' })
  return violationView({ ...violation, status, note, decidedBy: actor, decidedAt: now })
}

export interface ViolationQuery {
  status?: 'open' | 'confirmed' | 'dismissed'
  kind?: (typeof VIOLATION_KINDS)[number]
  regionCode?: string
  limit: number
}

export async function listViolations(c: Context<AppEnv>, q: ViolationQuery) {
  const conditions: (SQL | undefined)[] = [
    c.get('scope').where(violations.regionCode, q.regionCode),
    q.status ? eq(violations.status, q.status) : undefined,
    q.kind ? eq(violations.kind, q.kind) : undefined,
  ]
  const rows = await database(c.env).select().from(violations).where(and(...conditions)).orderBy(desc(violations.id)).limit(q.limit).all()
  return { violations: rows.map(violationView) }
}
