// Red and orange marks named by the column's title and the cell ('3月 (F4): …'), and clearing
// only the add-on's own.
import { describe, expect, it } from 'vitest'
import { textOf } from '../src/i18n'
import { a1, keyColumns } from '../src/layout'
import { cellMarks, CONFLICT_BACKGROUND, ERROR_BACKGROUND, repaint } from '../src/marks'

const keys = keyColumns(['code', 'm1', 'm2'])
const en = textOf('en')
const zh = textOf('zh-CN')

describe('marks', () => {
  it('puts errors and conflicts on their cells, named by title and cell, and says by row the ones it cannot place', () => {
    const { marks, lines } = cellMarks(
      keys,
      [{ row: 3, column: 'm2', title: 'Feb', message: 'is not an amount' }, { row: 4, column: 'm9', title: 'Sep', message: 'is not an amount' }],
      [{ row: 4, column: 'm1', title: 'Jan', yours: 444, theirs: null }],
      en,
    )
    expect(marks).toEqual([
      { row: 3, column: 3, background: ERROR_BACKGROUND, note: 'regionops: Feb (C3): is not an amount' },
      { row: 4, column: 2, background: CONFLICT_BACKGROUND, note: 'regionops: Jan (B4): changed by someone else since your pull: theirs (blank), yours 444' },
    ])
    expect(lines).toEqual(['Feb (C3): is not an amount', 'row 4, Sep: is not an amount', 'Jan (B4): changed by someone else since your pull: theirs (blank), yours 444'])
  })

  it('says a bad m3 cell in column F as 3月 (F4) in Chinese, wherever the manager moved the column', () => {
    const moved = keyColumns(['code', 'name', 'regionCode', 'm1', 'm2', 'm3'])
    const { marks, lines } = cellMarks(moved, [{ row: 4, column: 'm3', title: '3月', message: '不是金额' }], [{ row: 5, column: 'm1', title: '1月', yours: 1, theirs: '' }], zh)
    expect(marks.map((m) => m.note)).toEqual(['regionops: 3月 (F4): 不是金额', 'regionops: 1月 (D5): 拉取后已被他人修改：对方为 （空），你的为 1'])
    expect(lines[0]).toBe('3月 (F4): 不是金额')
    // A worker that sends no title: the key still names the column.
    expect(cellMarks(moved, [{ row: 4, column: 'm3', message: 'x' }], [], zh).lines).toEqual(['m3 (F4): x'])
    expect(cellMarks(moved, [{ row: 2, column: 'm3', title: '3月', message: 'x' }], [], zh).lines).toEqual(['第 2 行，3月: x'])
  })

  it('names cells as the sheet does, past column Z too', () => {
    expect([a1(4, 6), a1(3, 26), a1(3, 27), a1(10, 52), a1(1, 703)]).toEqual(['F4', 'Z3', 'AA3', 'AZ10', 'AAA1'])
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
    const { marks } = cellMarks(keys, [{ row: 4, column: 'm2', title: 'Feb', message: 'must not be negative' }], [], en)
    expect(repaint(current, marks)).toEqual({
      backgrounds: [
        ['#ffffff', '#ffffff', '#b7e1cd'],
        ['#ffffff', '#ffffff', ERROR_BACKGROUND],
      ],
      notes: [
        ['', '', 'ask HQ'],
        ['', '', 'regionops: Feb (C4): must not be negative'],
      ],
    })
    expect(current.notes[0]![1]).toBe('regionops: is not an amount')
  })
})
