// What the sidebar (and a toast) tells the manager after each action.
import type { SyncOutcome } from './client'
import type { Text } from './i18n'

export interface Outcome {
  ok: boolean
  message: string
  details: string[]
}

const MAX_DETAILS = 50

export const outcome = (ok: boolean, message: string, details: string[] = []): Outcome => ({ ok, message, details })

/** At most fifty lines: a sidebar list longer than that is not read. */
export const capped = (details: string[], t: Text): string[] => (details.length > MAX_DETAILS ? [...details.slice(0, MAX_DETAILS), t.more(details.length - MAX_DETAILS)] : details)

const amount = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(value))

/** A sync warning in words; the target tabs warn when store sums miss the region target. */
export function warningLine(warning: unknown, t: Text): string {
  const w = warning as { regionCode?: string; month?: number; storeSum?: unknown; regionTarget?: unknown }
  if (w && typeof w === 'object' && w.regionCode !== undefined && w.month !== undefined && w.storeSum !== undefined) {
    return t.storeSums(w.regionCode, w.month, amount(w.storeSum), amount(w.regionTarget))
  }
  return JSON.stringify(warning)
}

/**
 * The push's result in words. `cells` are its cell errors or conflicts as marks.ts says them
 * ('3月 (F4): …'), placed or not; the push's other faults come first, as the worker lists them.
 */
export function pushSummary(result: SyncOutcome, cells: string[], t: Text): Outcome {
  switch (result.kind) {
    case 'applied':
      return outcome(true, t.pushed(result.applied, result.revision), capped(result.warnings.map((w) => warningLine(w, t)), t))
    case 'invalid':
      return outcome(false, t.invalid(result.cells.length + result.others.length), capped([...result.others, ...cells], t))
    case 'conflict':
      return outcome(false, t.conflicted(result.conflicts.length), capped(cells, t))
    case 'refused':
      return outcome(false, result.detail)
  }
}
