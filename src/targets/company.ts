// The company's annual target (set by HQ) and the plan that shares it out: regions by last year's
// basis, months by seasonality, stores by weight (the rules are in ./plan.ts).
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { fromQuery, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { companyTargets } from '../db/schema'
import { companyToday } from '../config'
import type { AppEnv } from '../env'
import { toMajorUnits } from '../lib/money'
import { savePlan } from './save-plan'
import { planInputs } from './history'
import { planTargets, type PlanRequest } from './plan'

/** Sets the company's sales target of a year (minor units), audited with what it replaces. */
export async function setCompanyTarget(c: Context<AppEnv>, year: number, amount: number) {
  const db = database(c.env)
  const actor = c.get('principal').id
  const now = new Date().toISOString()
  const before = await db
    .select({ amount: companyTargets.amount })
    .from(companyTargets)
    .where(and(eq(companyTargets.metric, 'sales'), eq(companyTargets.year, year)))
    .get()
  await runBatch(c.env.DB, [
    fromQuery(
      db
        .insert(companyTargets)
        .values({ metric: 'sales', year, amount, updatedAt: now })
        .onConflictDoUpdate({ target: [companyTargets.metric, companyTargets.year], set: { amount, updatedAt: now } }),
    ),
    ...auditStatements({ actor, via: 'api', at: now }, [
      { entity: 'company-target', key: `sales/${year}`, before: before ? toMajorUnits(before.amount) : null, after: toMajorUnits(amount) },
    ]),
  ])
  return { year, amount: toMajorUnits(amount) }
}

const major = (months: number[]) => months.map(toMajorUnits)

/** Plans a year from last year's figures; `save` replaces the year's targets with the plan as drafts. */
export async function planYear(c: Context<AppEnv>, request: PlanRequest & { save: boolean; reason?: string }) {
  const inputs = await planInputs(database(c.env), request.year)
  const result = planTargets(request, inputs.regions, inputs.stores)
  const revision = request.save ? await savePlan(c.env.DB, request.year, request.companyAmount, result, c.get('principal').id, { today: companyToday(c.env), reason: request.reason }) : null
  return {
    year: request.year,
    companyAmount: toMajorUnits(request.companyAmount),
    saved: request.save,
    revision,
    regions: result.regions.map((r) => ({ code: r.code, annual: toMajorUnits(r.annual), months: major(r.months), fromHistory: r.fromHistory })),
    stores: result.stores.map((s) => ({ code: s.code, regionCode: s.regionCode, months: major(s.months) })),
    warnings: result.warnings,
  }
}
