import { describe, expect, it } from 'vitest'
import { applicableControl, budgetDecision, type Control } from './control'

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
    expect(budgetDecision({ monthBudget: 100, monthSpent: 100, annualBudget: 1200, annualSpent: 1200 }, control('stop', 'stop'))).toEqual({ action: 'ok', exceeded: [] })
  })

  it('takes the strongest action among the budgets exceeded', () => {
    const over = { monthBudget: 100, monthSpent: 101, annualBudget: 1200, annualSpent: 1201 }
    expect(budgetDecision(over, control('warn', 'stop'))).toEqual({ action: 'stop', exceeded: ['monthly', 'annual'] })
    expect(budgetDecision(over, control('ignore', 'warn'))).toEqual({ action: 'warn', exceeded: ['monthly', 'annual'] })
    expect(budgetDecision(over, control('ignore', 'ignore')).action).toBe('ok')
    expect(budgetDecision({ ...over, annualSpent: 500 }, control('stop', 'warn'))).toEqual({ action: 'stop', exceeded: ['monthly'] })
  })
})
