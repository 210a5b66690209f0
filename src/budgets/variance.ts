// Budget against spending per month, region, department and category: what HQ has approved, what
// is still pending approval, and the two together (committed) — the figure the budget controls
// and the consolidated report count, so every view reads the same spending.
import type { Context } from 'hono'
import { regionFilterParam, regionFilterSql } from '../db/region-filter'
import type { AppEnv } from '../env'
import { toMajorUnits } from '../lib/money'
import { APPROVED_STATUS, COUNTED_STATUSES } from './ledger'

/**
 * actual = committed = approved + pending; variance = budget − committed; rate = committed ÷
 * budget to 4 places, null without a budget. Minor units in, major out.
 */
export function variance(budget: number, approved: number, pending: number) {
  const committed = approved + pending
  return {
    budget: toMajorUnits(budget),
    approved: toMajorUnits(approved),
    pending: toMajorUnits(pending),
    committed: toMajorUnits(committed),
    actual: toMajorUnits(committed),
    variance: toMajorUnits(budget - committed),
    rate: budget === 0 ? null : Math.round((committed / budget) * 10_000) / 10_000,
  }
}

export async function budgetVariance(c: Context<AppEnv>, q: { year: number; month?: number; regionCode?: string }) {
  const { results } = await c.env.DB.prepare(
    `SELECT region_code, department, category, month, sum(budget) AS budget, sum(approved) AS approved, sum(pending) AS pending FROM (
       SELECT region_code, department, category, month, amount AS budget, 0 AS approved, 0 AS pending FROM budgets WHERE year = ?1
       UNION ALL
       SELECT region_code, department, category, month, 0, CASE WHEN status = '${APPROVED_STATUS}' THEN amount ELSE 0 END,
              CASE WHEN status = '${APPROVED_STATUS}' THEN 0 ELSE amount END
       FROM expenses WHERE year = ?1 AND status IN ${COUNTED_STATUSES})
     WHERE (?2 IS NULL OR month = ?2) AND ${regionFilterSql(3)}
     GROUP BY region_code, department, category, month ORDER BY region_code, department, category, month`,
  )
    .bind(q.year, q.month ?? null, regionFilterParam(c.get('scope').readable(q.regionCode)))
    .all<{ region_code: string; department: string; category: string; month: number; budget: number; approved: number; pending: number }>()
  return {
    rows: results.map((r) => ({
      period: `${q.year}-${String(r.month).padStart(2, '0')}`,
      regionCode: r.region_code,
      department: r.department,
      category: r.category,
      ...variance(r.budget, r.approved, r.pending),
    })),
  }
}
