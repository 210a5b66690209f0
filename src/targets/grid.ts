// The target grid as it is read: the rows of the caller's regions with each region's status,
// annual, store sum and contest, the revision to edit against, and for HQ the sum of every
// region against the company target.
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { database } from '../db/client'
import { currentRevision } from '../db/revision'
import { companyTargets, regions, targets } from '../db/schema'
import type { AppEnv } from '../env'
import { toMajorUnits } from '../lib/money'
import { monthlySums } from './lifecycle'
import { loadRegionStates, loadTargets, targetScope, type Level, type Metric } from './repository'

export async function readTargetGrid(c: Context<AppEnv>, query: { year: number; level?: Level; regionCode?: string; metric: Metric }) {
  const { year, level, regionCode, metric } = query
  const db = database(c.env)
  const scope = c.get('scope')
  const [rows, states, regionRows, company] = await Promise.all([
    loadTargets(db, metric, year, scope.where(targets.regionCode, regionCode)),
    loadRegionStates(db, metric, year),
    db.select({ code: regions.code }).from(regions).where(scope.where(regions.code, regionCode)).orderBy(regions.code).all(),
    db.select().from(companyTargets).where(and(eq(companyTargets.metric, metric), eq(companyTargets.year, year))).get(),
  ])
  const revision = await currentRevision(db, targetScope(metric, year))
  const sums = monthlySums(rows, regionRows.map((r) => r.code))
  const summaries = [...sums].map(([code, { region, stores: storeMonths }]) => {
    const state = states.get(code)
    const annual = region.reduce((a, b) => a + b, 0)
    const storeSum = storeMonths.reduce((a, b) => a + b, 0)
    return {
      code,
      status: state?.status ?? 'draft',
      reason: state?.reason ?? null,
      annual: toMajorUnits(annual),
      storeSum: toMajorUnits(storeSum),
      diff: toMajorUnits(storeSum - annual),
      contest:
        state?.contestStatus && state.contestAmount !== null
          ? {
              proposedAmount: toMajorUnits(state.contestAmount),
              reason: state.contestReason ?? '',
              status: state.contestStatus,
              decisionReason: state.contestDecisionReason,
            }
          : null,
    }
  })
  // The company view is for HQ: the sum of every region against the company target.
  let companyView = null
  if (scope.isAdmin) {
    const allRegionSum = (regionCode === undefined ? rows : await loadTargets(db, metric, year, eq(targets.level, 'region')))
      .filter((r) => r.level === 'region')
      .reduce((sum, r) => sum + r.amount, 0)
    companyView = {
      amount: company ? toMajorUnits(company.amount) : null,
      regionSum: toMajorUnits(allRegionSum),
      gap: company ? toMajorUnits(allRegionSum - company.amount) : null,
    }
  }
  return {
    year,
    metric,
    revision,
    company: companyView,
    regions: summaries,
    rows: rows
      .filter((r) => level === undefined || r.level === level)
      .map((r) => ({
        level: r.level,
        code: r.code,
        regionCode: r.regionCode,
        month: r.month,
        amount: toMajorUnits(r.amount),
        status: states.get(r.regionCode)?.status ?? 'draft',
      })),
  }
}
