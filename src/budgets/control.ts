// Budget control, as ERPNext's Budget does it: for each region, region × department or region ×
// department × category an action for exceeding the accumulated monthly budget and the annual
// budget — stop, warn or ignore. The most specific control wins; without one, both warn. The
// budget compared is the one at the level of the control that applies.

export type ControlAction = 'stop' | 'warn' | 'ignore'
export type BudgetAction = 'ok' | 'warn' | 'stop'

export interface Control {
  regionCode: string
  /** '' = any department. */
  department: string
  /** '' = any category. */
  category: string
  monthly: ControlAction
  annual: ControlAction
}

export interface BudgetLine {
  regionCode: string
  department: string
  category: string
}

/** The control for a budget line, and the line at whose level budgets and spending are summed. */
export function applicableControl(controls: Control[], line: BudgetLine): { control: Control; scope: BudgetLine } {
  const candidates = [
    { department: line.department, category: line.category },
    { department: line.department, category: '' },
    { department: '', category: '' },
  ]
  for (const candidate of candidates) {
    const control = controls.find((c) => c.regionCode === line.regionCode && c.department === candidate.department && c.category === candidate.category)
    if (control) return { control, scope: { regionCode: line.regionCode, ...candidate } }
  }
  return { control: { ...line, monthly: 'warn', annual: 'warn' }, scope: line }
}

export interface BudgetCheck {
  /** Budget of the months up to and including the expense's month, minor units. */
  monthBudget: number
  /** Spending (approved + pending) of those months, including the expense being checked. */
  monthSpent: number
  annualBudget: number
  annualSpent: number
}

const SEVERITY: Record<BudgetAction, number> = { ok: 0, warn: 1, stop: 2 }
const actionOf = (control: ControlAction): BudgetAction => (control === 'ignore' ? 'ok' : control)

/** What exceeding means for this check: the strongest action among the budgets exceeded. */
export function budgetDecision(check: BudgetCheck, control: Control): { action: BudgetAction; exceeded: ('monthly' | 'annual')[] } {
  const exceeded: ('monthly' | 'annual')[] = []
  let action: BudgetAction = 'ok'
  if (check.monthSpent > check.monthBudget) {
    exceeded.push('monthly')
    const monthly = actionOf(control.monthly)
    if (SEVERITY[monthly] > SEVERITY[action]) action = monthly
  }
  if (check.annualSpent > check.annualBudget) {
    exceeded.push('annual')
    const annual = actionOf(control.annual)
    if (SEVERITY[annual] > SEVERITY[action]) action = annual
  }
  return { action, exceeded }
}
