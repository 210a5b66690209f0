// What the sidebar (and a toast) tells the manager after each action.
import type { SyncOutcome } from './client'

export interface Outcome {
  ok: boolean
  message: string
  details: string[]
}

const MAX_DETAILS = 50

export const outcome = (ok: boolean, message: string, details: string[] = []): Outcome => ({
  ok,
  message,
  details: details.length > MAX_DETAILS ? [...details.slice(0, MAX_DETAILS), `… and ${details.length - MAX_DETAILS} more`] : details,
})

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const amount = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(value))

/** A sync warning in words; the target tabs warn when store sums miss the region target. */
export function warningLine(warning: unknown): string {
  const w = warning as { regionCode?: string; month?: number; storeSum?: unknown; regionTarget?: unknown }
  if (w && typeof w === 'object' && w.regionCode !== undefined && w.month !== undefined && w.storeSum !== undefined) {
    return `${w.regionCode}, month ${w.month}: stores add up to ${amount(w.storeSum)}, the region target is ${amount(w.regionTarget)}`
  }
  return JSON.stringify(warning)
}

/** The push's result in words; `unplaced` are marks whose column the sheet lacks. */
export function pushSummary(result: SyncOutcome, unplaced: string[]): Outcome {
  switch (result.kind) {
    case 'applied':
      return outcome(true, `Pushed ${plural(result.applied, 'row')}; now at revision ${result.revision}.`, result.warnings.map(warningLine))
    case 'invalid':
      return outcome(
        false,
        `${plural(result.cells.length + result.others.length, 'cell')} cannot be used; nothing was applied. Bad cells are red, with the reason in their note.`,
        [...result.cells.map((e) => `row ${e.row}, ${e.column}: ${e.message}`), ...result.others, ...unplaced],
      )
    case 'conflict':
      return outcome(
        false,
        `${plural(result.conflicts.length, 'cell was', 'cells were')} changed by someone else since your pull; nothing was applied. They are orange, with their value in the note: pull to take theirs, then edit again and push.`,
        [...result.conflicts.map((c) => `row ${c.row}, ${c.column}: theirs ${String(c.theirs)}, yours ${String(c.yours)}`), ...unplaced],
      )
    case 'refused':
      return outcome(false, result.detail)
  }
}
