// Budget control, as ERPNext's Budget does it: for each region, region × department or region ×
// department × category an action for exceeding the month's budget and the annual budget — stop,
// warn or ignore. The monthly control reads the expense's own month (its budget and what is spent
// in it), the annual one the whole year; the year to date (January through the month, ERPNext's
// accumulated monthly budget) is reported beside them. The most specific control wins; without
// one, both warn. The budget compared is the one at the level of the control that applies.

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

/** Minor units. Spending is what is committed (approved + pending), the expense being checked included. */
export interface BudgetCheck {
  /** The budget of the expense's own month, and what is spent in that month. */
  monthBudget: number
  monthSpent: number
  /** January through the expense's month. */
  ytdBudget: number
  ytdSpent: number
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

/** Whether spending on `line` counts toward budgets and controls at `scope` ('' = any). */
export function countsToward(scope: BudgetLine, line: BudgetLine): boolean {
  return line.regionCode === scope.regionCode && (scope.department === '' || scope.department === line.department) && (scope.category === '' || scope.category === line.category)
}

export interface PendingExpense extends BudgetLine {
  year: number
  month: number
  /** Minor units. */
  amount: number
}

/**
 * The check of an expense that follows others not stored yet (the rows above it in one push):
 * those on the same budget count as spent, in the expense's month, through it and in the year.
 */
export function withPending(check: BudgetCheck, scope: BudgetLine, year: number, month: number, pending: PendingExpense[]): BudgetCheck {
  const counted = pending.filter((p) => p.year === year && countsToward(scope, p))
  const sum = (expenses: PendingExpense[]) => expenses.reduce((n, p) => n + p.amount, 0)
  return {
    ...check,
    monthSpent: check.monthSpent + sum(counted.filter((p) => p.month === month)),
    ytdSpent: check.ytdSpent + sum(counted.filter((p) => p.month <= month)),
    annualSpent: check.annualSpent + sum(counted),
  }
}

export interface StoppedBudget {
  budget: 'monthly' | 'annual'
  /** The budget, what is spent with the expense, and by how much that exceeds it; minor units. */
  amount: number
  spent: number
  excess: number
}

/** The budgets whose `stop` refuses an expense, monthly first, with the figures a refusal names. */
export function stoppedBudgets(check: BudgetCheck, control: Control, exceeded: ('monthly' | 'annual')[]): StoppedBudget[] {
  return exceeded
    .filter((which) => control[which] === 'stop')
    .map((which) => {
      const [amount, spent] = which === 'monthly' ? [check.monthBudget, check.monthSpent] : [check.annualBudget, check.annualSpent]
      return { budget: which, amount, spent, excess: spent - amount }
    })
}

/** The most that may be counted as spent, without the expense, when it goes in; null: no limit. */
export interface SpendingCeilings {
  monthly: number | null
  annual: number | null
}

/**
 * What the insert of an expense that passed its check must still find: under a `stop` (not
 * overridden), spending no higher than the budget less the expense. Two expenses checked at once
 * cannot then both take the same room: the one inserted second finds the first counted.
 */
export function spendingCeilings(check: BudgetCheck, control: Control, amount: number, overridden: boolean): SpendingCeilings {
  const ceiling = (action: ControlAction, budget: number) => (action === 'stop' && !overridden ? budget - amount : null)
  return { monthly: ceiling(control.monthly, check.monthBudget), annual: ceiling(control.annual, check.annualBudget) }
}
