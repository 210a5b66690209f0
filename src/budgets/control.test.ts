import { describe, expect, it } from 'vitest'
import { applicableControl, budgetDecision, countsToward, spendingCeilings, stoppedBudgets, withPending, type Control } from './control'

const controls: Control[] = [
  { regionCode: 'EAST', department: '', category: '', monthly: 'ignore', annual: 'warn' },
  { regionCode: 'EAST', department: 'sales', category: '', monthly: 'warn', annual: 'stop' },
  { regionCode: 'EAST', department: 'sales', category: 'travel', monthly: 'stop', annual: 'stop' },
]

describe('applicableControl', () => {
  it('takes the most specific control and sums at its level', () => {
    expect(applicableControl(controls, { regionCode: 'EAST', department: 'sales', category: 'travel' })).toMatchObject({
      control: { monthly: 'stop' },
      scope: { department: 'sales', category: 'travel' },
    })
    expect(applicableControl(controls, { regionCode: 'EAST', department: 'sales', category: 'rent' })).toMatchObject({
      control: { monthly: 'warn', annual: 'stop' },
      scope: { department: 'sales', category: '' },
    })
    expect(applicableControl(controls, { regionCode: 'EAST', department: 'admin', category: 'rent' })).toMatchObject({
      control: { monthly: 'ignore' },
      scope: { department: '', category: '' },
    })
  })

  it('warns on both by default', () => {
    expect(applicableControl(controls, { regionCode: 'WEST', department: 'admin', category: 'rent' })).toEqual({
      control: { regionCode: 'WEST', department: 'admin', category: 'rent', monthly: 'warn', annual: 'warn' },
      scope: { regionCode: 'WEST', department: 'admin', category: 'rent' },
    })
  })
})

describe('budgetDecision', () => {
  const control = (monthly: Control['monthly'], annual: Control['annual']): Control => ({ regionCode: 'R', department: '', category: '', monthly, annual })

  it('is ok within budget, even exactly at it', () => {
    expect(budgetDecision({ monthBudget: 100, monthSpent: 100, ytdBudget: 300, ytdSpent: 300, annualBudget: 1200, annualSpent: 1200 }, control('stop', 'stop'))).toEqual({ action: 'ok', exceeded: [] })
  })

  it('reads the month’s own budget: December’s 30,000 nearly spent is exceeded by a 50,000 expense, whatever the year to date leaves', () => {
    // January–November left 300,000 unspent: the year to date would let the expense through.
    const december = { monthBudget: 3_000_000, monthSpent: 2_700_000 + 5_000_000, ytdBudget: 36_000_000, ytdSpent: 30_000_000, annualBudget: 36_000_000, annualSpent: 30_000_000 }
    expect(budgetDecision(december, control('warn', 'stop'))).toEqual({ action: 'warn', exceeded: ['monthly'] })
    expect(budgetDecision(december, control('stop', 'stop'))).toEqual({ action: 'stop', exceeded: ['monthly'] })
  })

  it('takes the strongest action among the budgets exceeded', () => {
    const over = { monthBudget: 100, monthSpent: 101, ytdBudget: 300, ytdSpent: 301, annualBudget: 1200, annualSpent: 1201 }
    expect(budgetDecision(over, control('warn', 'stop'))).toEqual({ action: 'stop', exceeded: ['monthly', 'annual'] })
    expect(budgetDecision(over, control('ignore', 'warn'))).toEqual({ action: 'warn', exceeded: ['monthly', 'annual'] })
    expect(budgetDecision(over, control('ignore', 'ignore')).action).toBe('ok')
    expect(budgetDecision({ ...over, annualSpent: 500 }, control('stop', 'warn'))).toEqual({ action: 'stop', exceeded: ['monthly'] })
  })
})

describe('countsToward', () => {
  const line = { regionCode: 'EAST', department: 'sales', category: 'travel' }

  it('counts a line toward its own budget and toward the wider ones that take any department or category', () => {
    expect(countsToward(line, line)).toBe(true)
    expect(countsToward({ ...line, category: '' }, line)).toBe(true)
    expect(countsToward({ regionCode: 'EAST', department: '', category: '' }, line)).toBe(true)
    expect(countsToward({ ...line, category: 'rent' }, line)).toBe(false)
    expect(countsToward({ ...line, regionCode: 'WEST', category: '' }, line)).toBe(false)
    expect(countsToward(line, { ...line, category: '' })).toBe(false)
  })
})

describe('withPending', () => {
  const stored = { monthBudget: 1000, monthSpent: 300, ytdBudget: 3000, ytdSpent: 300, annualBudget: 12_000, annualSpent: 300 }
  const scope = { regionCode: 'EAST', department: 'sales', category: '' }
  const pending = (month: number, amount: number, over: Partial<{ year: number; category: string; regionCode: string }> = {}) => ({
    regionCode: 'EAST',
    department: 'sales',
    category: 'travel',
    year: 2027,
    month,
    amount,
    ...over,
  })

  it('counts the expenses above on the same budget: in the month, through it, and in the year', () => {
    const check = withPending(stored, scope, 2027, 3, [pending(2, 100), pending(3, 200), pending(5, 400), pending(3, 800, { category: 'rent' })])
    expect(check).toEqual({
      monthBudget: 1000,
      monthSpent: 300 + 200 + 800,
      ytdBudget: 3000,
      ytdSpent: 300 + 100 + 200 + 800,
      annualBudget: 12_000,
      annualSpent: 300 + 100 + 200 + 400 + 800,
    })
  })

  it('leaves out other regions and other years', () => {
    expect(withPending(stored, scope, 2027, 3, [pending(3, 100, { regionCode: 'WEST' }), pending(3, 100, { year: 2026 })])).toEqual(stored)
  })
})

describe('stoppedBudgets', () => {
  const check = { monthBudget: 100, monthSpent: 130, ytdBudget: 300, ytdSpent: 330, annualBudget: 1200, annualSpent: 1250 }
  const control = (monthly: Control['monthly'], annual: Control['annual']): Control => ({ regionCode: 'R', department: '', category: '', monthly, annual })

  it('names the budgets a stop refuses, monthly first, with the excess', () => {
    expect(stoppedBudgets(check, control('stop', 'stop'), ['monthly', 'annual'])).toEqual([
      { budget: 'monthly', amount: 100, spent: 130, excess: 30 },
      { budget: 'annual', amount: 1200, spent: 1250, excess: 50 },
    ])
    expect(stoppedBudgets(check, control('warn', 'stop'), ['monthly', 'annual'])).toEqual([{ budget: 'annual', amount: 1200, spent: 1250, excess: 50 }])
    expect(stoppedBudgets(check, control('stop', 'stop'), [])).toEqual([])
  })
})

describe('spendingCeilings', () => {
  const check = { monthBudget: 1000, monthSpent: 600, ytdBudget: 3000, ytdSpent: 600, annualBudget: 12_000, annualSpent: 600 }
  const control = (monthly: Control['monthly'], annual: Control['annual']): Control => ({ regionCode: 'R', department: '', category: '', monthly, annual })

  it('under a stop, what may already be spent is the budget less the expense', () => {
    expect(spendingCeilings(check, control('stop', 'stop'), 600, false)).toEqual({ monthly: 400, annual: 11_400 })
    expect(spendingCeilings(check, control('warn', 'stop'), 600, false)).toEqual({ monthly: null, annual: 11_400 })
  })

  it('without a stop, or when HQ overrides it, there is no ceiling', () => {
    expect(spendingCeilings(check, control('warn', 'ignore'), 600, false)).toEqual({ monthly: null, annual: null })
    expect(spendingCeilings(check, control('stop', 'stop'), 600, true)).toEqual({ monthly: null, annual: null })
  })

  it('agrees with the decision: an expense that passes its check finds itself within the ceiling', () => {
    const passing = { ...check, monthSpent: 1000 }
    expect(budgetDecision(passing, control('stop', 'stop')).action).toBe('ok')
    const ceilings = spendingCeilings(passing, control('stop', 'stop'), 600, false)
    expect(passing.monthSpent - 600).toBeLessThanOrEqual(ceilings.monthly!)
    const failing = { ...check, monthSpent: 1001 }
    expect(budgetDecision(failing, control('stop', 'stop')).action).toBe('stop')
    expect(failing.monthSpent - 600).toBeGreaterThan(spendingCeilings(failing, control('stop', 'stop'), 600, false).monthly!)
  })
})
