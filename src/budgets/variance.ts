// Budget against HQ-approved expenses per month, region, department and category.
import type { Context } from 'hono'
import { regionFilterParam, regionFilterSql } from '../db/region-filter'
import type { AppEnv } from '../env'
import { toMajorUnits } from '../lib/money'

/** variance = budget − actual; rate = actual ÷ budget to 4 places, null without a budget. Minor units in, major out. */
export function variance(budget: number, actual: number) {
  return {
    budget: toMajorUnits(budget),
    actual: toMajorUnits(actual),
    variance: toMajorUnits(budget - actual),
    rate: budget === 0 ? null : Math.round((actual / budget) * 10_000) / 10_000,
  }
}

export async function budgetVariance(c: Context<AppEnv>, q: { year: number; month?: number; regionCode?: string }) {
  const { results } = await c.env.DB.prepare(
    `SELECT region_code, department, category, month, sum(budget) AS budget, sum(actual) AS actual FROM (
       SELECT region_code, department, category, month, amount AS budget, 0 AS actual FROM budgets WHERE year = ?1
       UNION ALL
       SELECT region_code, department, category, month, 0, amount FROM expenses WHERE year = ?1 AND status = 'hq_approved')
     WHERE (?2 IS NULL OR month = ?2) AND ${regionFilterSql(3)}
     GROUP BY region_code, department, category, month ORDER BY region_code, department, category, month`,
  )
    .bind(q.year, q.month ?? null, regionFilterParam(c.get('scope').readable(q.regionCode)))
    .all<{ region_code: string; department: string; category: string; month: number; budget: number; actual: number }>()
  return {
    rows: results.map((r) => ({
      period: `${q.year}-${String(r.month).padStart(2, '0')}`,
      regionCode: r.region_code,
      department: r.department,
      category: r.category,
      ...variance(r.budget, r.actual),
    })),
  }
}
