// Saving a plan: the year's sales targets replaced by planned ones, as drafts, guarded by the
// targets' revision like any edit, and audited per region or store whose months changed.
import { and, eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { statement, type Statement } from '../db/bulk'
import { database } from '../db/client'
import { writeWithRetry } from '../db/revision'
import { companyTargets } from '../db/schema'
import { assertEditable } from '../lib/approval'
import { toMajorUnits } from '../lib/money'
import { invalid } from '../lib/problem'
import { monthEnded } from './closed-months'
import { monthChanges } from './edit'
import type { Plan } from './plan'
import { deleteYear, draftState, loadRegionStates, loadTargets, statusOf, targetScope, upsertRegionStates, upsertTargets, type Metric } from './repository'

type MonthRow = { level: string; code: string; month: number; amount: number }

/** The ended months (`YYYY-MM`) in which the plan's targets differ from the stored ones (missing = 0). */
export function endedMonthsChanged(year: number, today: string, existing: MonthRow[], planned: MonthRow[]): string[] {
  const amounts = (rows: MonthRow[]) => new Map(rows.map((r) => [`${r.level}/${r.code}/${r.month}`, r.amount]))
  const [before, after] = [amounts(existing), amounts(planned)]
  const months = new Set<number>()
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const month = Number(key.slice(key.lastIndexOf('/') + 1))
    if (monthEnded(year, month, today) && (before.get(key) ?? 0) !== (after.get(key) ?? 0)) months.add(month)
  }
  return [...months].sort((a, b) => a - b).map((m) => `${year}-${String(m).padStart(2, '0')}`)
}

/**
 * Replaces a year's sales targets with a plan, as drafts. 423 when any region is past draft; 422
 * when it would change a month that has ended without HQ's reason (kept in the audit).
 */
export async function savePlan(d1: D1Database, year: number, companyAmount: number, plan: Plan, actor: string, closing: { today: string; reason?: string }): Promise<number> {
  const db = database({ DB: d1 })
  const metric: Metric = 'sales'
  const planned = [
    ...plan.regions.flatMap((r) => r.months.map((amount, m) => ({ level: 'region' as const, code: r.code, regionCode: r.code, month: m + 1, amount }))),
    ...plan.stores.flatMap((s) => s.months.map((amount, m) => ({ level: 'store' as const, code: s.code, regionCode: s.regionCode, month: m + 1, amount }))),
  ]
  const outcome = await writeWithRetry(db, d1, targetScope(metric, year), async () => {
    const [states, existing, company] = await Promise.all([
      loadRegionStates(db, metric, year),
      loadTargets(db, metric, year),
      db.select({ amount: companyTargets.amount }).from(companyTargets).where(and(eq(companyTargets.metric, metric), eq(companyTargets.year, year))).get(),
    ])
    assertEditable(statusOf(states), [...states.keys(), ...plan.regions.map((r) => r.code)])
    const ended = endedMonthsChanged(year, closing.today, existing, planned)
    if (ended.length > 0 && !closing.reason) {
      throw invalid([{ path: 'reason', message: `the plan changes the targets of months that have ended (${ended.join(', ')}); give a reason, which the audit keeps`, code: 'month_closed' }])
    }
    const companyBefore = company ? toMajorUnits(company.amount) : null
    const now = new Date().toISOString()
    const drafts = plan.regions.map((r) => draftState(metric, year, r.code, actor, now))
    const reason = closing.reason ? { reason: closing.reason } : {}
    return (write) => {
      const companyTarget: Statement = statement(
        `INSERT INTO company_targets (metric, year, amount, updated_at) SELECT ?, ?, ?, ? WHERE ${write.guard.sql}
         ON CONFLICT (metric, year) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at`,
        metric,
        year,
        companyAmount,
        now,
        ...write.guard.params,
      )
      return [
        deleteYear(metric, year, write.guard),
        ...upsertTargets(metric, year, planned, { ...write, actor, now }),
        ...upsertRegionStates(drafts, write.guard),
        companyTarget,
        ...auditStatements(
          { actor, via: 'api', at: now },
          [
            { entity: 'company-target', key: `${metric}/${year}`, before: companyBefore, after: toMajorUnits(companyAmount), context: { plan: true, ...reason } },
            ...monthChanges(metric, year, existing, planned).map((change) => ({ ...change, context: { ...change.context, ...reason } })),
          ],
          write.guard,
        ),
      ]
    }
  })
  return outcome.revision
}
