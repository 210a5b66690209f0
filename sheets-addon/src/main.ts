// The add-on's entry, and the only file that touches Apps Script's services. Every function the
// menu or the sidebar calls is exported here; the build declares each as a top-level function.
import { RegionopsClient, type Fetch, type Tab } from './client'
import { computedBlocks, missingKeys, pulledBlocks, pushRows, type Block } from './grid'
import {
  COMPUTED_BACKGROUND,
  FIRST_DATA_ROW,
  HEADER_BACKGROUND,
  KEY_ROW,
  LISTS_SHEET,
  MARK,
  TITLE_ROW,
  headerRows,
  keyColumns,
  listsGrid,
  numberFormatOf,
  optionLists,
  placeColumns,
  widthOf,
  type OptionList,
} from './layout'
import { cellMarks, repaint, type CellMark } from './marks'
import { checkedRegion, checkedUrl, checkedYear, headerNote, parseSheetState, sheetStateKey, tabParams, TOKEN_PROPERTY, URL_PROPERTY, type SheetState } from './state'
import { outcome, pushSummary, type Outcome } from './summary'

type Sheet = GoogleAppsScript.Spreadsheet.Sheet
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet

const PROGRESS_KEY = 'regionops.progress'

// Menu and sidebar. onOpen may run before the add-on is authorised, so it only builds the menu.

export function onOpen(): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addSeparator()
    .addItem('Set up tabs', 'setupTabs')
    .addItem('Pull this tab', 'pullActiveTab')
    .addItem('Push this tab', 'pushActiveTab')
    .addToUi()
}

export function onInstall(): void {
  onOpen()
}

export function showSidebar(): void {
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('sidebar').setTitle('regionops'))
}

/** What the sidebar shows on opening: the saved address (never the token) and the active tab. */
export function sidebarState() {
  const user = PropertiesService.getUserProperties()
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet()
  const state = sheetState(sheet)
  return {
    url: user.getProperty(URL_PROPERTY) ?? '',
    hasToken: Boolean(user.getProperty(TOKEN_PROPERTY)),
    sheet: { name: sheet.getName(), tab: state?.tab ?? null, title: state?.title ?? null, params: state?.params ?? [], year: state?.year ?? thisYear(), regionCode: state?.regionCode ?? '', revision: state?.revision ?? null },
  }
}

/** The push's stage, for the sidebar to poll while a long push runs. */
export function pushProgress(): { label: string; step: number; steps: number } | null {
  const text = CacheService.getUserCache()?.get(PROGRESS_KEY)
  return text ? JSON.parse(text) : null
}

// Settings

export function saveSettings(url: string, token: string): Outcome {
  return run(() => {
    const user = PropertiesService.getUserProperties()
    const address = checkedUrl(url)
    // A blank token keeps the saved one, so the address can be changed without pasting it again.
    const kept = String(token ?? '').trim() || user.getProperty(TOKEN_PROPERTY)
    if (!kept) return outcome(false, 'Paste the token regionops issued you.')
    user.setProperties({ [URL_PROPERTY]: address, [TOKEN_PROPERTY]: kept })
    try {
      const tabs = client().tabs()
      return outcome(true, `Saved. Connected to ${address}: ${tabs.length} tabs.`)
    } catch (error) {
      return outcome(false, `Saved, but regionops did not accept it: ${messageOf(error)}`)
    }
  })
}

export function saveTabParams(year: unknown, regionCode: unknown): Outcome {
  return run(() => {
    const { sheet, state } = activeTab()
    const next: SheetState = { ...state, year: checkedYear(year), regionCode: checkedRegion(regionCode) }
    const changed = next.year !== state.year || next.regionCode !== state.regionCode
    // The sheet holds the figures of the old params: it must be pulled again before a push.
    if (changed) delete next.revision
    saveSheetState(sheet, next)
    return outcome(true, changed ? 'Saved. Pull this tab to see those figures.' : 'Saved.')
  })
}

// Setting up, pulling, pushing

export function setupTabs(): Outcome {
  return run(() => {
    const spreadsheet = SpreadsheetApp.getActiveSpreadsheet()
    const before = spreadsheet.getActiveSheet()
    const tabs = client().tabs()
    const sheets = tabs.map((tab) => sheetFor(spreadsheet, tab))
    const lists = writeLists(spreadsheet, optionLists(tabs))
    tabs.forEach((tab, i) => layOut(sheets[i]!, tab, lists))
    // Inserting a sheet makes it the active one: go back, or to the first tab from a sheet of no tab.
    spreadsheet.setActiveSheet(sheetState(before) || sheets.length === 0 ? before : sheets[0]!)
    return outcome(true, `Set up ${tabs.length} tabs.`, tabs.map((t) => t.title))
  })
}

export function pullActiveTab(): Outcome {
  return run(() => {
    const { spreadsheet, sheet, state } = activeTab()
    const api = client()
    const data = api.readTab(state.tab, tabParams(state, thisYear()))
    const keys = keyColumns(keyRow(sheet))
    if (!data.columns.some((key) => keys.has(key))) return outcome(false, 'This tab has lost its column keys (the hidden first row): run Set up tabs to bring them back.')
    const rowsBefore = Math.max(0, sheet.getLastRow() - FIRST_DATA_ROW + 1)
    const lastRow = FIRST_DATA_ROW + data.rows.length - 1
    if (lastRow > sheet.getMaxRows()) {
      // New rows get the tab's formats, dropdowns and protections like the others.
      sheet.insertRowsAfter(sheet.getMaxRows(), lastRow - sheet.getMaxRows())
      const tabs = api.tabs()
      layOut(sheet, tabs.find((t) => t.name === state.tab)!, writeLists(spreadsheet, optionLists(tabs)))
    }
    pulledBlocks(keys, data, rowsBefore).forEach((block) => write(sheet, block))
    const unmarked = paint(sheet, state, Math.max(rowsBefore, data.rows.length), [])
    saveSheetState(sheet, { ...unmarked, revision: data.revision, pulledAt: Utilities.formatDate(new Date(), spreadsheet.getSpreadsheetTimeZone(), 'yyyy-MM-dd HH:mm') })
    return outcome(true, `Pulled ${data.rows.length} rows at revision ${data.revision}.`)
  })
}

export function pushActiveTab(): Outcome {
  return run(() => {
    const { spreadsheet, sheet, state } = activeTab()
    if (state.revision === undefined) return outcome(false, 'Pull this tab first: a push is checked against the figures you pulled.')
    progress('Reading the sheet', 1)
    const api = client()
    const tab = api.tabs().find((t) => t.name === state.tab)
    if (!tab) return outcome(false, `regionops no longer has a ${state.tab} tab.`)
    const width = sheet.getLastColumn()
    const keys = keyColumns(keyRow(sheet))
    const editable = tab.columns.filter((c) => c.editable).map((c) => c.key)
    const missing = missingKeys(keys, editable)
    if (missing.length > 0) return outcome(false, `This tab has lost the columns ${missing.join(', ')}: run Set up tabs to bring them back.`)
    const height = sheet.getLastRow() - FIRST_DATA_ROW + 1
    const grid = height > 0 ? sheet.getRange(FIRST_DATA_ROW, 1, height, width).getValues() : []
    const timeZone = spreadsheet.getSpreadsheetTimeZone()
    const rows = pushRows(keys, editable, grid, (date) => Utilities.formatDate(date, timeZone, 'yyyy-MM-dd'))
    if (rows.length === 0) return outcome(false, 'Nothing to push: every row is empty.')

    progress(`Sending ${rows.length} rows`, 2)
    const result = api.sync(state.tab, { baseRevision: state.revision, spreadsheetId: spreadsheet.getId(), sheetName: sheet.getName(), params: tabParams(state, thisYear()), rows })

    progress('Writing back', 3)
    const { marks, unplaced } = cellMarks(keys, result.kind === 'invalid' ? result.cells : [], result.kind === 'conflict' ? result.conflicts : [])
    if (result.kind === 'refused') return pushSummary(result, unplaced)
    let next = paint(sheet, state, grid.length, marks)
    if (result.kind === 'applied') {
      const computed = tab.columns.filter((c) => !c.editable).map((c) => c.key)
      computedBlocks(keys, computed, result.computed, grid).forEach((block) => write(sheet, block))
      // Every non-empty row went and none conflicted: the sheet now stands at the new revision.
      next = { ...next, revision: result.revision }
    }
    saveSheetState(sheet, next)
    return pushSummary(result, unplaced)
  })
}

// Apps Script plumbing

/** Runs one action for the menu or the sidebar: a failure becomes a message, never a stack. */
function run(action: () => Outcome): Outcome {
  let result: Outcome
  try {
    result = action()
  } catch (error) {
    result = outcome(false, messageOf(error))
  }
  CacheService.getUserCache()?.remove(PROGRESS_KEY)
  SpreadsheetApp.getActiveSpreadsheet().toast(result.message, 'regionops', 10)
  return result
}

const messageOf = (error: unknown) => {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : String(error)
}
const thisYear = () => new Date().getFullYear()

function progress(label: string, step: number): void {
  CacheService.getUserCache()?.put(PROGRESS_KEY, JSON.stringify({ label, step, steps: 3 }), 600)
}

const urlFetch: Fetch = (request) => {
  const response = UrlFetchApp.fetch(request.url, {
    method: request.method,
    headers: request.headers,
    muteHttpExceptions: true,
    ...(request.body === undefined ? {} : { contentType: 'application/json', payload: request.body }),
  })
  return { status: response.getResponseCode(), text: response.getContentText() }
}

function client(): RegionopsClient {
  const user = PropertiesService.getUserProperties()
  const url = user.getProperty(URL_PROPERTY)
  const token = user.getProperty(TOKEN_PROPERTY)
  if (!url || !token) throw new Error('Set the regionops address and your token in the sidebar first.')
  return new RegionopsClient({ url, token }, urlFetch)
}

function sheetState(sheet: Sheet): SheetState | null {
  return parseSheetState(PropertiesService.getDocumentProperties().getProperty(sheetStateKey(sheet.getSheetId())))
}

function saveSheetState(sheet: Sheet, state: SheetState): void {
  PropertiesService.getDocumentProperties().setProperty(sheetStateKey(sheet.getSheetId()), JSON.stringify(state))
  sheet.getRange(TITLE_ROW, 1).setNote(headerNote(state, thisYear()))
}

function activeTab(): { spreadsheet: Spreadsheet; sheet: Sheet; state: SheetState } {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet()
  const sheet = spreadsheet.getActiveSheet()
  const state = sheetState(sheet)
  if (!state) throw new Error(`"${sheet.getName()}" is not a regionops tab: run Set up tabs, then open one of the tabs it made.`)
  return { spreadsheet, sheet, state }
}

/** The sheet a tab lives in: the one set up for it before (even renamed), else one of its title. */
function sheetFor(spreadsheet: Spreadsheet, tab: Tab): Sheet {
  const sheet =
    spreadsheet.getSheets().find((s) => sheetState(s)?.tab === tab.name) ?? spreadsheet.getSheetByName(tab.title) ?? spreadsheet.insertSheet(tab.title, spreadsheet.getSheets().length)
  saveSheetState(sheet, { ...sheetState(sheet), tab: tab.name, title: tab.title, params: tab.params })
  return sheet
}

const keyRow = (sheet: Sheet) => sheet.getRange(KEY_ROW, 1, 1, Math.max(1, sheet.getLastColumn())).getValues()[0]!

function write(sheet: Sheet, block: Block): void {
  if (block.values.length > 0) sheet.getRange(block.row, block.column, block.values.length, block.values[0]!.length).setValues(block.values)
}

function ensureSize(sheet: Sheet, rows: number, columns: number): void {
  if (rows > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), rows - sheet.getMaxRows())
  if (columns > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), columns - sheet.getMaxColumns())
}

/**
 * Clears the add-on's marks over the data area's first `rows` rows (and down to the last earlier
 * mark) and paints the new ones; returns the state with the rows the new marks reach.
 */
function paint(sheet: Sheet, state: SheetState, rows: number, marks: CellMark[]): SheetState {
  const through = Math.min(sheet.getMaxRows(), Math.max(FIRST_DATA_ROW + rows - 1, state.marksThrough ?? 0))
  if (through >= FIRST_DATA_ROW) {
    const area = sheet.getRange(FIRST_DATA_ROW, 1, through - FIRST_DATA_ROW + 1, Math.max(1, sheet.getLastColumn()))
    const next = repaint({ backgrounds: area.getBackgrounds(), notes: area.getNotes() }, marks)
    area.setBackgrounds(next.backgrounds).setNotes(next.notes)
  }
  const { marksThrough: _, ...rest } = state
  return marks.length > 0 ? { ...rest, marksThrough: Math.max(...marks.map((m) => m.row)) } : rest
}

/**
 * Warning-only: a protection that shut editors out would also stop a collaborator's push from
 * writing computed values back (the script runs as whoever pushes). A warning stops slips.
 */
function warnOnEdit(range: GoogleAppsScript.Spreadsheet.Range, description: string): void {
  range.protect().setDescription(`${MARK}: ${description}`).setWarningOnly(true)
}

/** The dropdown lists, one column each on a hidden sheet, rewritten whole. */
function writeLists(spreadsheet: Spreadsheet, lists: OptionList[]): { sheet: Sheet; lists: OptionList[] } {
  const sheet = spreadsheet.getSheetByName(LISTS_SHEET) ?? spreadsheet.insertSheet(LISTS_SHEET, spreadsheet.getSheets().length)
  sheet.clearContents()
  const grid = listsGrid(lists)
  if (lists.length > 0) {
    ensureSize(sheet, grid.length, lists.length)
    sheet.getRange(1, 1, grid.length, lists.length).setNumberFormat('@').setValues(grid)
  }
  sheet.hideSheet()
  return { sheet, lists }
}

/** The tab's layout on its sheet: keys, titles, formats, grey protected computed columns, dropdowns. */
function layOut(sheet: Sheet, tab: Tab, lists: { sheet: Sheet; lists: OptionList[] }): void {
  const before = Math.max(1, sheet.getLastColumn())
  const [keys, titles] = sheet.getRange(KEY_ROW, 1, 2, before).getValues() as [unknown[], unknown[]]
  const placements = placeColumns(tab, keys)
  const width = Math.max(before, widthOf(placements))
  ensureSize(sheet, FIRST_DATA_ROW, width)
  sheet.getRange(KEY_ROW, 1, 2, width).setValues(headerRows(placements, keys, titles, width))
  sheet.hideRows(KEY_ROW)
  sheet.setFrozenRows(TITLE_ROW)
  sheet.getRange(TITLE_ROW, 1, 1, width).setFontWeight('bold').setBackground(HEADER_BACKGROUND)

  // Protections made by an earlier set-up are replaced, not stacked.
  for (const protection of sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE)) {
    if (protection.getDescription().startsWith(MARK)) protection.remove()
  }
  warnOnEdit(sheet.getRange(KEY_ROW, 1, 2, width), 'column keys and titles; regionops finds columns by these keys')
  const rows = sheet.getMaxRows() - FIRST_DATA_ROW + 1
  for (const { column, def } of placements) {
    const cells = sheet.getRange(FIRST_DATA_ROW, column, rows, 1)
    const format = numberFormatOf(def)
    if (format) cells.setNumberFormat(format)
    if (!def.editable) {
      cells.setBackground(COMPUTED_BACKGROUND)
      warnOnEdit(cells, `${def.key} is computed by regionops; a push does not send it`)
    }
    const list = lists.lists.find((l) => l.tab === tab.name && l.key === def.key)
    const choices = list && lists.sheet.getRange(2, list.column, list.options.length, 1)
    cells.setDataValidation(choices ? SpreadsheetApp.newDataValidation().requireValueInRange(choices, true).setAllowInvalid(false).setHelpText(`Pick a ${def.title} from the list.`).build() : null)
  }
}
