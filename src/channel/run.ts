// A detection run: its id ties the violations it raises to the alert that announces them.
import type { Via } from '../audit/audit'
import { settingsOf } from '../config'
import type { Env } from '../env'
import type { CheckRun } from './checks'

/** A new run; `via` is what set it off, for the audit entries of what the system decides in it. */
export function newCheckRun(env: Pick<Env, 'LOT_CROSS_REGION_SHARE'>, via: Via): CheckRun {
  return {
    runId: crypto.randomUUID(),
    via,
    now: new Date().toISOString(),
    lotShareThreshold: settingsOf(env).lotCrossRegionShare,
  }
}
