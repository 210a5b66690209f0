// The approval lifecycle shared by targets and budgets: draft → submitted → approved (locked),
// submitted → rejected → draft, and reopening by HQ. Which states may be edited, which transitions
// exist and who may make them.
import { Problem } from './problem'

export const APPROVAL_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const

export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]

/** Drafts and rejected ones may be edited; submitted ones are under review; approved ones are locked. */
export const EDITABLE: readonly ApprovalStatus[] = ['draft', 'rejected']

export type Transition = 'submit' | 'approve' | 'reject' | 'reopen'

export const TRANSITIONS: Record<Transition, { from: readonly ApprovalStatus[]; to: ApprovalStatus; adminOnly: boolean; needsReason: boolean }> = {
  submit: { from: ['draft', 'rejected'], to: 'submitted', adminOnly: false, needsReason: false },
  approve: { from: ['submitted'], to: 'approved', adminOnly: true, needsReason: false },
  reject: { from: ['submitted'], to: 'rejected', adminOnly: true, needsReason: true },
  reopen: { from: ['submitted', 'approved'], to: 'draft', adminOnly: true, needsReason: true },
}

/** The status an action leads to from `status`; 409 when the action is not possible from it. */
export function nextStatus(action: Transition, status: ApprovalStatus, subject: string): ApprovalStatus {
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(status)) throw new Problem(409, `Cannot ${action}: ${subject} are ${status}.`, { type: 'invalid-state' })
  return rule.to
}

/** The status of a region that may not be edited now, or undefined when it may (no status is a draft). */
export const lockedStatus = (statuses: Map<string, ApprovalStatus>, regionCode: string): ApprovalStatus | undefined => {
  const status = statuses.get(regionCode) ?? 'draft'
  return EDITABLE.includes(status) ? undefined : status
}

/** 423 naming every region whose targets (or budgets: `what`) may not be edited now. */
export function assertEditable(statuses: Map<string, ApprovalStatus>, regionCodes: Iterable<string>, what = 'Targets'): void {
  const locked = [...new Set(regionCodes)].filter((code) => lockedStatus(statuses, code) !== undefined).sort()
  if (locked.length === 0) return
  throw new Problem(423, `${what} of ${locked.map((code) => `${code} (${statuses.get(code)})`).join(', ')} cannot be edited; HQ must reject or reopen them first.`, {
    errors: locked.map((code) => ({ path: `regions.${code}`, message: `is ${statuses.get(code)}`, code: 'locked' })),
  })
}

