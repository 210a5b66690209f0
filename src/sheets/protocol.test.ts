import { describe, expect, it } from 'vitest'
import { readSyncRequest } from './protocol'

const push = { spreadsheetId: 's', sheetName: '门店目标', params: { year: 2026 }, rows: [{ row: 2, values: { code: 'S1' } }] }

describe('readSyncRequest', () => {
  it('reads a sound push without faults', () => {
    const { request, errors } = readSyncRequest(push, true)
    expect(errors).toEqual([])
    expect(request).toMatchObject({ spreadsheetId: 's', params: { year: 2026 }, rows: [{ row: 2, values: { code: 'S1' } }] })
  })

  it('names a bad envelope and keeps the rows, so their cells can still be read', () => {
    const { request, errors } = readSyncRequest({ ...push, sheetName: '', params: { year: 1999 } }, true)
    expect(errors.map((e) => e.path).sort()).toEqual(['params.year', 'sheetName'])
    expect(request.rows).toHaveLength(1)
  })

  it('names a missing year only where the tab needs one', () => {
    expect(readSyncRequest({ ...push, params: {} }, true).errors.map((e) => e.path)).toEqual(['params.year'])
    expect(readSyncRequest({ ...push, params: {} }, false).errors).toEqual([])
  })

  it('names each bad row number and a row named twice, and keeps the others', () => {
    const rows = [{ row: 2, values: {} }, { row: 0, values: {} }, { row: 2, values: {} }, { row: 3, values: { a: { nested: 1 } } }]
    const { request, errors } = readSyncRequest({ ...push, rows }, true)
    expect(errors.map((e) => e.path)).toEqual(['rows.1.row', 'rows.3.values.a', 'rows.2.row'])
    expect(request.rows.map((r) => r.row)).toEqual([2])
  })

  it('names a body that is not an object, and rows that are missing, empty or not a list', () => {
    expect(readSyncRequest([], true).errors.map((e) => e.path)).toContain('(body)')
    expect(readSyncRequest({ ...push, rows: undefined }, true).errors.map((e) => e.path)).toEqual(['rows'])
    expect(readSyncRequest({ ...push, rows: [] }, true).errors.map((e) => e.message)).toEqual(['must hold at least one row'])
    expect(readSyncRequest({ ...push, rows: 'A1:B2' }, true).errors.map((e) => e.message)).toEqual(['must be an array of rows'])
  })
})
