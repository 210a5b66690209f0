// The scorecard weights that apply until HQ sets its own (PUT /v1/scorecard/weights), so the
// quarterly scorecard ranks stores from the first day. They sum to 100, as validateWeights
// (./weights.ts) requires of any set HQ sends.
import type { Weights } from './weights'

export const DEFAULT_SCORECARD_WEIGHTS: Readonly<Weights> = Object.freeze({
  sales: 40,
  collection: 15,
  grossMargin: 20,
  violations: 10,
  stockAlerts: 5,
  reporting: 10,
})
