// The add-on as a manager meets it, on stubbed Apps Script services and a stand-in worker:
// what the sheet shows after setting up, pulling and pushing, and what the summary says. These
// run as a user with an English locale; language.test.ts has the Chinese default.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { COMPUTED_BACKGROUND, LISTS_SHEET } from '../src/layout'
import { CONFLICT_BACKGROUND, ERROR_BACKGROUND } from '../src/marks'
import { onOpen, pullActiveTab, pushActiveTab, pushProgress, saveSettings, saveTabParams, setupTabs, showSidebar, sidebarState } from '../src/main'
import * as entry from '../src/main'
import { appsScript, installGlobals, type AppsScript, type FakeSheet } from './apps-script-stubs'
import { BASE_URL, fakeWorker, storeRow, TOKEN } from './fake-worker'

const STORE_TAB = '门店目标 Store targets'
const year = new Date().getFullYear()
let worker: ReturnType<typeof fakeWorker>
let gas: AppsScript
let uninstall: () => void

beforeEach(() => {
  worker = fakeWorker()
  gas = appsScript({ fetch: worker.handler, files: { sidebar: '<p>sidebar</p>' }, locale: 'en_US' })
  uninstall = installGlobals(gas)
})
afterEach(() => uninstall())

/** Saved settings, tabs set up and the store targets tab active. */
function storeTab(): FakeSheet {
  expect(saveSettings(BASE_URL, TOKEN).ok).toBe(true)
  expect(setupTabs().ok).toBe(true)
  const sheet = gas.spreadsheet.getSheetByName(STORE_TAB)!
  gas.spreadsheet.setActiveSheet(sheet)
  return sheet
}

const column = (sheet: FakeSheet, key: string) => (sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] as string[]).indexOf(key) + 1
const cell = (sheet: FakeSheet, row: number, key: string) => sheet.getRange(row, column(sheet, key))

describe('menu, sidebar and settings', () => {
  it('adds a menu whose items call functions the add-on has', () => {
    onOpen()
    const items = gas.ui.menus[0]!.items
    expect(items.map((i) => i.caption)).toEqual(['Open sidebar', 'Set up tabs', 'Pull this tab', 'Push this tab'])
    for (const item of items) expect(typeof (entry as Record<string, unknown>)[item.functionName]).toBe('function')
  })

  it('opens the sidebar', () => {
    showSidebar()
    expect(gas.ui.sidebars).toEqual([{ title: 'regionops', content: '<p>sidebar</p>' }])
  })

  it('saves the address and token in user properties and checks them', () => {
    const result = saveSettings(' https://regionops.test/ ', TOKEN)
    expect(result).toMatchObject({ ok: true, message: 'Saved. Connected to https://regionops.test: 5 tabs.' })
    expect(gas.userProperties.getProperties()).toEqual({ REGIONOPS_URL: BASE_URL, REGIONOPS_TOKEN: TOKEN })
    // A blank token keeps the saved one; the sidebar never gets the token back.
    expect(saveSettings(BASE_URL, '').ok).toBe(true)
    expect(gas.userProperties.getProperty('REGIONOPS_TOKEN')).toBe(TOKEN)
    expect(sidebarState()).toMatchObject({ url: BASE_URL, hasToken: true })
    expect(JSON.stringify(sidebarState())).not.toContain(TOKEN)
  })

  it('says what is wrong with an address or a token', () => {
    expect(saveSettings('regionops.test', TOKEN)).toMatchObject({ ok: false, message: expect.stringContaining('must start with https://') })
    expect(saveSettings(BASE_URL, 'rgo_wrong')).toMatchObject({ ok: false, message: 'Saved, but regionops did not accept it: A valid bearer token is required. (HTTP 401)' })
    expect(gas.spreadsheet.toasts.at(-1)).toContain('did not accept it')
  })

  it('asks for settings before anything talks to regionops', () => {
    expect(setupTabs()).toMatchObject({ ok: false, message: 'Set the regionops address and your token in the sidebar first.' })
    expect(gas.requests).toHaveLength(0)
  })
})

describe('setting up tabs', () => {
  it('lays each tab out: hidden keys, frozen titles, grey protected computed columns, dropdown codes', () => {
    const sheet = storeTab()
    expect(gas.spreadsheet.getSheets().map((s) => s.getName())).toEqual(['Sheet1', '区域目标 Region targets', STORE_TAB, '费用预算 Budgets', '费用报销 Expenses', '库存限额 Stock limits', LISTS_SHEET])
    expect(sheet.getRange(1, 1, 1, 4).getValues()[0]).toEqual(['code', 'name', 'regionCode', 'm1'])
    expect(sheet.getRange(2, 1, 1, 4).getValues()[0]).toEqual(['Store', 'Name', 'Region', 'Jan'])
    expect(sheet.isRowHiddenByUser(1)).toBe(true)
    expect(sheet.isRowHiddenByUser(2)).toBe(false)
    expect(sheet.getFrozenRows()).toBe(2)

    expect(cell(sheet, 3, 'total').getBackground()).toBe(COMPUTED_BACKGROUND)
    expect(cell(sheet, 1000, 'rate').getBackground()).toBe(COMPUTED_BACKGROUND)
    expect(cell(sheet, 3, 'm1').getBackground()).toBe('#ffffff')
    const computed = sheet.getProtections().filter((p) => p.getDescription().includes('computed'))
    expect(computed.map((p) => p.getRange().getA1Notation())).toEqual(['B3:B1000', 'C3:C1000', 'P3:P1000', 'Q3:Q1000', 'R3:R1000', 'S3:S1000', 'T3:T1000', 'U3:U1000'])
    expect(computed.every((p) => p.isWarningOnly())).toBe(true)

    const dropdown = cell(sheet, 50, 'code').getDataValidation()!
    expect(dropdown.options()).toEqual(['EA001', 'EA002', 'EA003', 'EA004'])
    expect(dropdown.getAllowInvalid()).toBe(false)
    expect(cell(sheet, 50, 'm1').getDataValidation()).toBeNull()
    expect(gas.spreadsheet.getSheetByName(LISTS_SHEET)!.isSheetHidden()).toBe(true)
    expect(cell(sheet, 3, 'code').getNumberFormats()[0]).toEqual(['@'])
    expect(cell(sheet, 3, 'm1').getNumberFormats()[0]).toEqual(['#,##0.00'])
    expect(sheet.getRange(2, 1).getNote()).toBe(`regionops tab targets-store: ${STORE_TAB}\nyear ${year} · all your regions\nnot pulled yet`)
  })

  it('opens the first tab when set up from a sheet of its own', () => {
    saveSettings(BASE_URL, TOKEN)
    setupTabs()
    expect(gas.spreadsheet.getActiveSheet().getName()).toBe('区域目标 Region targets')
  })

  it('keeps moved columns and renamed sheets, and does not stack protections when run again', () => {
    const sheet = storeTab()
    // The manager swaps the name and code columns (keys and titles move with them) and renames the sheet.
    const header = sheet.getRange(1, 1, 2, 2).getValues()
    sheet.getRange(1, 1, 2, 2).setValues(header.map(([a, b]) => [b, a]))
    sheet.setName('我的门店')
    const protections = sheet.getProtections().length
    expect(setupTabs().ok).toBe(true)
    expect(gas.spreadsheet.getSheetByName(STORE_TAB)).toBeNull()
    expect(sheet.getRange(1, 1, 1, 3).getValues()[0]).toEqual(['name', 'code', 'regionCode'])
    expect(sheet.getProtections()).toHaveLength(protections)
    expect(cell(sheet, 3, 'code').getDataValidation()!.options()).toContain('EA001')
  })
})

describe('pulling a tab', () => {
  it('fills the rows in the sheet’s column order and remembers the revision', () => {
    const sheet = storeTab()
    expect(pullActiveTab()).toMatchObject({ ok: true, message: 'Pulled 3 rows at revision 7.' })
    expect(worker.state.reads).toEqual([`/v1/sheets/targets-store?year=${year}`])
    expect(sheet.getRange(3, 1, 3, 5).getValues()).toEqual([
      ['EA001', '南京路店', 'EAST', 100, 100],
      ['EA002', '徐家汇店', 'EAST', 50, 50],
      ['EA003', '静安店', 'EAST', 0, 0],
    ])
    expect(cell(sheet, 3, 'total').getValue()).toBe(1200)
    expect(cell(sheet, 3, 'rate').getValue()).toBe('')
    expect(sidebarState().sheet).toMatchObject({ tab: 'targets-store', revision: 7, year })
    expect(sheet.getRange(2, 1).getNote()).toContain('pulled at revision 7')
  })

  it('asks with the saved params, and blanks rows a longer earlier pull left', () => {
    const sheet = storeTab()
    pullActiveTab()
    expect(saveTabParams('2031', ' EAST ')).toMatchObject({ ok: true, message: 'Saved. Pull this tab to see those figures.' })
    expect(pushActiveTab()).toMatchObject({ ok: false, message: 'Pull this tab first: a push is checked against the figures you pulled.' })
    worker.state.rows = [storeRow('EA002', '徐家汇店', Array(12).fill(1))]
    pullActiveTab()
    expect(worker.state.reads.at(-1)).toBe('/v1/sheets/targets-store?year=2031&regionCode=EAST')
    expect(sheet.getRange(3, 1, 3, 2).getValues()).toEqual([['EA002', '徐家汇店'], ['', ''], ['', '']])
    expect(sheet.getLastRow()).toBe(3)
    expect(saveTabParams('20x1', '')).toMatchObject({ ok: false, message: '20x1 is not a year between 2000 and 2100' })
  })

  it('leaves columns of the manager’s own alone', () => {
    const sheet = storeTab()
    const own = sheet.getLastColumn() + 1
    sheet.getRange(2, own).setValue('备注 my notes')
    sheet.getRange(3, own).setValue('call the landlord')
    pullActiveTab()
    expect(sheet.getRange(3, own).getValue()).toBe('call the landlord')
  })

  it('grows the sheet for a long tab, with the layout on the new rows', () => {
    const sheet = storeTab()
    worker.state.rows = Array.from({ length: 1200 }, (_, i) => storeRow(`S${i}`, `store ${i}`, Array(12).fill(1)))
    expect(pullActiveTab().ok).toBe(true)
    expect(sheet.getMaxRows()).toBe(1202)
    expect(cell(sheet, 1202, 'code').getValue()).toBe('S1199')
    expect(cell(sheet, 1202, 'total').getBackground()).toBe(COMPUTED_BACKGROUND)
    expect(cell(sheet, 1202, 'code').getDataValidation()).not.toBeNull()
  })

  it('refuses a tab whose key row was cleared, rather than pull into nowhere', () => {
    const sheet = storeTab()
    sheet.getRange(1, 1, 1, sheet.getLastColumn()).clearContent()
    expect(pullActiveTab()).toMatchObject({ ok: false, message: expect.stringContaining('lost its column keys') })
  })

  it('is refused on a sheet that is not a regionops tab', () => {
    storeTab()
    gas.spreadsheet.setActiveSheet(gas.spreadsheet.getSheetByName('Sheet1')!)
    expect(pullActiveTab()).toMatchObject({ ok: false, message: expect.stringContaining('"Sheet1" is not a regionops tab') })
  })
})

describe('pushing a tab', () => {
  function pulled(): FakeSheet {
    const sheet = storeTab()
    pullActiveTab()
    return sheet
  }

  it('sends every non-empty row with every editable key, by sheet row, and writes computed values back', () => {
    const sheet = pulled()
    cell(sheet, 3, 'm1').setValue('1,200')
    cell(sheet, 4, 'm2').setValue('')
    sheet.getRange(7, 1).setValue('EA004') // a new store two rows below, after a blank row
    const result = pushActiveTab()
    expect(result).toMatchObject({ ok: true, message: 'Pushed 4 rows; now at revision 8.' })
    const body = worker.state.syncs[0]!
    expect(body).toMatchObject({ baseRevision: 7, spreadsheetId: 'spreadsheet-1', sheetName: STORE_TAB, params: { year } })
    const rows = body.rows as { row: number; values: Record<string, unknown> }[]
    expect(rows.map((r) => r.row)).toEqual([3, 4, 5, 7])
    expect(Object.keys(rows[0]!.values)).toEqual(['code', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'])
    expect(rows[0]!.values).toMatchObject({ code: 'EA001', m1: '1,200', m2: 100 })
    expect(rows[1]!.values.m2).toBeNull()
    expect(rows[3]!.values).toMatchObject({ code: 'EA004', m1: null })
    expect(cell(sheet, 3, 'total').getValue()).toBe(2300)
    expect(cell(sheet, 7, 'total').getValue()).toBe(0)
    expect(sidebarState().sheet.revision).toBe(8)
  })

  it('paints bad cells red with the reason in the note, and applies nothing', () => {
    const sheet = pulled()
    worker.state.answer = () =>
      worker.problem(422, '2 cells cannot be used; nothing was applied.', {
        errors: [
          { path: 'row.3.m2', row: 3, column: 'm2', title: 'Feb', message: 'is not an amount' },
          { path: 'row.5.code', row: 5, column: 'code', title: 'Store', message: 'store GHOST does not exist' },
        ],
      })
    const result = pushActiveTab()
    expect(result).toMatchObject({ ok: false, message: '2 cells cannot be used; nothing was applied. Bad cells are red, with the reason in their note.' })
    expect(result.details).toEqual(['Feb (E3): is not an amount', 'Store (A5): store GHOST does not exist'])
    expect(cell(sheet, 3, 'm2').getBackground()).toBe(ERROR_BACKGROUND)
    expect(cell(sheet, 3, 'm2').getNote()).toBe('regionops: Feb (E3): is not an amount')
    expect(cell(sheet, 5, 'code').getNote()).toBe('regionops: Store (A5): store GHOST does not exist')
    expect(cell(sheet, 3, 'm3').getBackground()).toBe('#ffffff')
    expect(sidebarState().sheet.revision).toBe(7)
  })

  it('paints cells someone else changed orange with theirs in the note', () => {
    const sheet = pulled()
    worker.state.answer = () => worker.problem(409, '1 cell was changed', { conflicts: [{ row: 4, column: 'm3', title: 'Mar', yours: 444, theirs: 333 }] })
    const result = pushActiveTab()
    expect(result.message).toContain('1 cell was changed by someone else since your pull; nothing was applied.')
    expect(result.details).toEqual(['Mar (F4): changed by someone else since your pull: theirs 333, yours 444'])
    expect(cell(sheet, 4, 'm3').getBackground()).toBe(CONFLICT_BACKGROUND)
    expect(cell(sheet, 4, 'm3').getNote()).toBe('regionops: Mar (F4): changed by someone else since your pull: theirs 333, yours 444')
  })

  it('clears its old marks once a push goes through, leaving the manager’s own notes and colours', () => {
    const sheet = pulled()
    worker.state.answer = () => worker.problem(422, 'bad', { errors: [{ path: 'row.3.m2', row: 3, column: 'm2', message: 'is not an amount' }] })
    pushActiveTab()
    cell(sheet, 4, 'm5').setNote('ask HQ').setBackground('#b7e1cd')
    worker.state.answer = null
    expect(pushActiveTab().ok).toBe(true)
    expect(cell(sheet, 3, 'm2').getBackground()).toBe('#ffffff')
    expect(cell(sheet, 3, 'm2').getNote()).toBe('')
    expect(cell(sheet, 4, 'm5').getNote()).toBe('ask HQ')
    expect(cell(sheet, 4, 'm5').getBackground()).toBe('#b7e1cd')
    expect(cell(sheet, 3, 'total').getBackground()).toBe(COMPUTED_BACKGROUND)
  })

  it('clears a mark on a row emptied since, below the data', () => {
    const sheet = pulled()
    sheet.getRange(6, 1).setValue('GHOST')
    worker.state.answer = () => worker.problem(422, 'bad', { errors: [{ path: 'row.6.code', row: 6, column: 'code', message: 'store GHOST does not exist' }] })
    pushActiveTab()
    expect(cell(sheet, 6, 'code').getBackground()).toBe(ERROR_BACKGROUND)
    sheet.getRange(6, 1).clearContent()
    worker.state.answer = null
    expect(pushActiveTab().ok).toBe(true)
    expect(cell(sheet, 6, 'code').getBackground()).toBe('#ffffff')
    expect(cell(sheet, 6, 'code').getNote()).toBe('')
  })

  it('says why when regionops refuses, and keeps the marks as they were', () => {
    const sheet = pulled()
    worker.state.answer = () => worker.problem(422, 'bad', { errors: [{ path: 'row.3.m2', row: 3, column: 'm2', message: 'is not an amount' }] })
    pushActiveTab()
    worker.state.answer = () => worker.problem(423, 'The targets of EAST for 2031 are approved; reopen them first.')
    expect(pushActiveTab()).toMatchObject({ ok: false, message: 'The targets of EAST for 2031 are approved; reopen them first. (HTTP 423)' })
    expect(cell(sheet, 3, 'm2').getBackground()).toBe(ERROR_BACKGROUND)
  })

  it('reports its stage while the request runs, and nothing once done', () => {
    pulled()
    const seen: unknown[] = []
    worker.state.answer = (body) => {
      seen.push(pushProgress())
      return { status: 200, body: { revision: 8, applied: body.rows.length, computed: [] } }
    }
    pushActiveTab()
    expect(seen).toEqual([{ label: 'Sending 3 rows', step: 2, steps: 3 }])
    expect(pushProgress()).toBeNull()
  })

  it('sends dates as calendar days and refuses a tab that lost a column', () => {
    const sheet = pulled()
    sheet.getRange(3, 1).setValue(new Date('2031-04-01T00:00:00+08:00'))
    pushActiveTab()
    expect((worker.state.syncs[0]!.rows as { values: { code: unknown } }[])[0]!.values.code).toBe('2031-04-01')
    sheet.getRange(1, column(sheet, 'm7')).setValue('')
    expect(pushActiveTab()).toMatchObject({ ok: false, message: 'This tab has lost the columns Jul: run Set up tabs to bring them back.' })
  })
})
