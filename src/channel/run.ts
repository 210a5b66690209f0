// A detection run: its id ties the violations it raises to the alert that announces them.
import type { Env } from '../env'
import type { CheckRun } from './checks'

export const DEFAULT_LOT_SHARE = 0.2

export function newCheckRun(env: Pick<Env, 'LOT_CROSS_REGION_SHARE'>): CheckRun {
  const share = Number(env.LOT_CROSS_REGION_SHARE)
  return {
    runId: crypto.randomUUID(),
    now: new Date().toISOString(),
    lotShareThreshold: Number.isFinite(share) && share >= 0 && share <= 1 ? share : DEFAULT_LOT_SHARE,
  }
}
