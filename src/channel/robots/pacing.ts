// Pacing the sends to one robot: at most its budget (paceBudget) in any 60 seconds, and no two
// sends closer than its per-second limit allows. The robot's recent sends are kept on its
// endpoint (epoch ms), so every runner reads the same window. Pure.
import { paceBudget, type RobotLimits } from './robot'

const MINUTE_MS = 60_000

/** The earliest moment a send to the robot may go, at `now` or later. */
export function nextSlot(recent: readonly number[], now: number, limits: RobotLimits): number {
  const inWindow = recent.filter((t) => t > now - MINUTE_MS).sort((a, b) => a - b)
  const budget = paceBudget(limits)
  let slot = now
  // Full: wait until enough sends have left the window for one more to fit.
  if (inWindow.length >= budget) slot = inWindow[inWindow.length - budget]! + MINUTE_MS
  const last = inWindow[inWindow.length - 1]
  if (last !== undefined) slot = Math.max(slot, last + limits.minIntervalMs)
  return slot
}

/** The window after a send at `at`: only what the next slot can still depend on. */
export function withSend(recent: readonly number[], at: number, limits: RobotLimits): number[] {
  return [...recent.filter((t) => t > at - MINUTE_MS), at].sort((a, b) => a - b).slice(-paceBudget(limits))
}

/** The most sends in any 60-second window of `times` (for tests and the bench). */
export function busiestMinute(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= MINUTE_MS) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}
