import { describe, expect, it } from 'vitest'
import { assertEditable, nextStatus } from './approval'
import { Problem } from './problem'

describe('nextStatus', () => {
  it('follows draft → submitted → approved, with rejection and reopening', () => {
    expect(nextStatus('submit', 'draft', 'x')).toBe('submitted')
    expect(nextStatus('submit', 'rejected', 'x')).toBe('submitted')
    expect(nextStatus('approve', 'submitted', 'x')).toBe('approved')
    expect(nextStatus('reject', 'submitted', 'x')).toBe('rejected')
    expect(nextStatus('reopen', 'approved', 'x')).toBe('draft')
  })

  it('is a 409 naming the state when the action is not possible from it', () => {
    const refusal = (() => {
      try {
        nextStatus('approve', 'draft', 'the 2027 budgets of EAST')
      } catch (error) {
        return error
      }
    })()
    expect(refusal).toBeInstanceOf(Problem)
    expect(refusal).toMatchObject({ status: 409, type: expect.stringContaining('invalid-state'), message: 'Cannot approve: the 2027 budgets of EAST are draft.' })
  })
})

describe('assertEditable', () => {
  it('lets drafts and rejected ones through and names every locked region', () => {
    expect(() => assertEditable(new Map([['A', 'rejected']]), ['A', 'NEW'])).not.toThrow()
    expect(() => assertEditable(new Map([['A', 'approved'], ['B', 'submitted']]), ['B', 'A'], 'Budgets')).toThrow(
      'Budgets of A (approved), B (submitted) cannot be edited; HQ must reject or reopen them first.',
    )
  })
})
