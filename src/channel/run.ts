// A detection run: its id ties the violations it raises to the alert that announces them.
import type { Via } from '../audit/audit'
import type { Env } from '../env'
import type { CheckRun } from './checks'

export const DEFAULT_LOT_SHARE = 0.2

/** A new run; `via` is what set it off, for the audit entries of what the system decides in it. */
export function newCheckRun(env: Pick<Env, 'LOT_CROSS_REGION_SHARE'>, via: Via): CheckRun {
  const share = Number(env.LOT_CROSS_REGION_SHARE)
  return {
    runId: crypto.randomUUID(),
    via,
    now: new Date().toISOString(),
    lotShareThreshold: Number.isFinite(share) && share >= 0 && share <= 1 ? share : DEFAULT_LOT_SHARE,
  }
}
