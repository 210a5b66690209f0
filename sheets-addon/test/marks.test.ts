// Red and orange marks, and clearing only the add-on's own.
import { describe, expect, it } from 'vitest'
import { keyColumns } from '../src/layout'
import { cellMarks, CONFLICT_BACKGROUND, ERROR_BACKGROUND, repaint } from '../src/marks'

const keys = keyColumns(['code', 'm1', 'm2'])

describe('marks', () => {
  it('puts errors and conflicts on their cells, and says the ones it cannot place', () => {
    const { marks, unplaced } = cellMarks(
      keys,
      [{ row: 3, column: 'm2', message: 'is not an amount' }, { row: 4, column: 'm9', message: 'is not an amount' }],
      [{ row: 4, column: 'm1', yours: 444, theirs: null }],
    )
    expect(marks).toEqual([
      { row: 3, column: 3, background: ERROR_BACKGROUND, note: 'regionops: is not an amount' },
      { row: 4, column: 2, background: CONFLICT_BACKGROUND, note: 'regionops: changed by someone else since your pull: theirs (blank), yours 444' },
    ])
    expect(unplaced).toEqual(['row 4, m9: is not an amount'])
  })

  it('clears earlier marks and keeps the manager’s colours and notes', () => {
    const current = {
      backgrounds: [
        ['#ffffff', ERROR_BACKGROUND.toUpperCase(), '#b7e1cd'],
        [CONFLICT_BACKGROUND, '#ffffff', '#ffffff'],
      ],
      notes: [
        ['', 'regionops: is not an amount', 'ask HQ'],
        ['regionops: changed by someone else', '', ''],
      ],
    }
    const { marks } = cellMarks(keys, [{ row: 4, column: 'm2', message: 'must not be negative' }], [])
    expect(repaint(current, marks)).toEqual({
      backgrounds: [
        ['#ffffff', '#ffffff', '#b7e1cd'],
        ['#ffffff', '#ffffff', ERROR_BACKGROUND],
      ],
      notes: [
        ['', '', 'ask HQ'],
        ['', '', 'regionops: must not be negative'],
      ],
    })
    expect(current.notes[0]![1]).toBe('regionops: is not an amount')
  })
})
