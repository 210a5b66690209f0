// Where targets live in D1: reading rows and region states, and the statements that write them.
// Every write to a metric-year's targets goes through writeWithRetry on `targetScope`, so each
// carries the revision guard.
import { and, eq, type SQL } from 'drizzle-orm'
import { insertRows, statement, type Guard, type Statement } from '../db/bulk'
import type { Database } from '../db/client'
import { targetRegions, targets, type TARGET_METRICS } from '../db/schema'
import type { ApprovalStatus } from '../lib/approval'

export type Metric = (typeof TARGET_METRICS)[number]
export type Level = 'region' | 'store'

export const targetScope = (metric: Metric, year: number) => `targets:${metric}:${year}`

export interface StoredTarget {
  level: Level
  code: string
  regionCode: string
  month: number
  amount: number
  revision: number
}

export type RegionState = typeof targetRegions.$inferSelect

export async function loadTargets(db: Database, metric: Metric, year: number, where?: SQL): Promise<StoredTarget[]> {
  return db
    .select({
      level: targets.level,
      code: targets.code,
      regionCode: targets.regionCode,
      month: targets.month,
      amount: targets.amount,
      revision: targets.revision,
    })
    .from(targets)
    .where(and(eq(targets.metric, metric), eq(targets.year, year), where))
    .orderBy(targets.level, targets.regionCode, targets.code, targets.month)
    .all()
}

export async function loadRegionStates(db: Database, metric: Metric, year: number, where?: SQL): Promise<Map<string, RegionState>> {
  const rows = await db
    .select()
    .from(targetRegions)
    .where(and(eq(targetRegions.metric, metric), eq(targetRegions.year, year), where))
    .all()
  return new Map(rows.map((row) => [row.regionCode, row]))
}

export const statusOf = (states: Map<string, RegionState>) =>
  new Map<string, ApprovalStatus>([...states].map(([code, state]) => [code, state.status]))

/** A fresh state for a region that has none yet. */
export function draftState(metric: Metric, year: number, regionCode: string, actor: string, now: string): RegionState {
  return {
    metric,
    year,
    regionCode,
    status: 'draft',
    reason: null,
    contestAmount: null,
    contestReason: null,
    contestStatus: null,
    contestBy: null,
    contestDecisionReason: null,
    updatedAt: now,
    updatedBy: actor,
  }
}

export function upsertTargets(
  metric: Metric,
  year: number,
  rows: Omit<StoredTarget, 'revision'>[],
  write: { revision: number; guard: Guard; actor: string; now: string },
): Statement[] {
  return insertRows(
    targets,
    rows.map((row) => ({ ...row, metric, year, revision: write.revision, updatedAt: write.now, updatedBy: write.actor })),
    { conflict: ['metric', 'year', 'level', 'code', 'month'], guard: write.guard },
  )
}

export function upsertRegionStates(states: RegionState[], guard: Guard): Statement[] {
  return insertRows(targetRegions, states, { conflict: ['metric', 'year', 'regionCode'], guard })
}

/** Removes every target row of a metric-year (a saved plan replaces the year). */
export function deleteYear(metric: Metric, year: number, guard: Guard): Statement {
  return statement(`DELETE FROM targets WHERE metric = ? AND year = ? AND ${guard.sql}`, metric, year, ...guard.params)
}

/** Months as 12 amounts from the rows of one code. */
export function monthsOf(rows: { month: number; amount: number }[]): number[] {
  const months = Array(12).fill(0) as number[]
  for (const row of rows) months[row.month - 1] = row.amount
  return months
}
