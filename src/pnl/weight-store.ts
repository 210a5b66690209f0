// HQ's scorecard weights in D1. Every set HQ saves is a new row with who set it and when, so the
// sets of earlier quarters stay on record; the latest applies, and the defaults
// (./default-weights.ts) until HQ has set any.
import { desc, sql } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { insertRows, runBatch } from '../db/bulk'
import { database } from '../db/client'
import { scorecardWeights } from '../db/schema'
import type { Env } from '../env'
import { invalid } from '../lib/problem'
import { DEFAULT_SCORECARD_WEIGHTS } from './default-weights'
import { MEASURES, validateWeights, type Weights } from './weights'

export interface WeightSet {
  weights: Weights
  /** The token that set them; null for the defaults. */
  setBy: string | null
  setAt: string | null
}

/** The stored JSON read back with every measure, in MEASURES order, whatever order it was saved in. */
const complete = (stored: Partial<Weights>): Weights => Object.fromEntries(MEASURES.map((m) => [m, stored[m] ?? 0])) as Weights

/** The set that applies now: the latest HQ saved, else the defaults. */
export async function latestWeightSet(env: Env): Promise<WeightSet> {
  const row = await database(env)
    .select()
    .from(scorecardWeights)
    // rowid breaks a tie of two sets saved in the same millisecond: the later insert wins.
    .orderBy(desc(scorecardWeights.setAt), desc(sql`rowid`))
    .limit(1)
    .get()
  if (!row) return { weights: { ...DEFAULT_SCORECARD_WEIGHTS }, setBy: null, setAt: null }
  return { weights: complete(JSON.parse(row.weights) as Partial<Weights>), setBy: row.setBy, setAt: row.setAt }
}

/** The weights the scorecard uses now (what the reports call). */
export async function latestWeights(env: Env): Promise<Weights> {
  return (await latestWeightSet(env)).weights
}

/**
 * Saves HQ's weights as the set that applies from now on, audited with the set it replaces (the
 * defaults, with no setter, the first time). Every
 * bad weight and a sum other than 100 come back in one 422; the set that applies already, sent
 * again, writes nothing.
 */
export async function saveWeights(env: Env, actor: string, body: unknown): Promise<WeightSet> {
  const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).weights : undefined
  if (raw === undefined) throw invalid([{ path: 'weights', message: 'is required', code: 'invalid_type' }])
  const verdict = validateWeights(raw)
  if (!verdict.ok) throw invalid(verdict.errors)
  const before = await latestWeightSet(env)
  if (before.setAt !== null && MEASURES.every((m) => before.weights[m] === verdict.weights[m])) return before
  const set = { id: crypto.randomUUID(), weights: JSON.stringify(complete(verdict.weights)), setBy: actor, setAt: new Date().toISOString() }
  const after = { weights: complete(verdict.weights), setBy: actor, setAt: set.setAt }
  await runBatch(env.DB, [
    ...insertRows(scorecardWeights, [set]),
    ...auditStatements({ actor, via: 'api', at: set.setAt }, [{ entity: 'scorecard-weights', key: set.id, before, after }]),
  ])
  return after
}
