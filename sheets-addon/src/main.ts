// The add-on's entry and, with setup.ts (the tabs' layout on their sheets), the only code that
// touches Apps Script's services. Every function the menu or the sidebar calls is exported here;
// the build declares each as a top-level function.
import { RegionopsClient, type Fetch, type Tab } from './client'
import { computedBlocks, missingKeys, pulledBlocks, pushRows, type Block } from './grid'
import { langOfLocale, localiseSidebar, textOf, type Lang, type Text } from './i18n'
import { FIRST_DATA_ROW, KEY_ROW, TITLE_ROW, keyColumns, optionLists } from './layout'
import { cellMarks, repaint, type CellMark } from './marks'
import { checkedRegion, checkedUrl, checkedYear, headerNote, parseSheetState, sheetStateKey, tabParams, TOKEN_PROPERTY, URL_PROPERTY, type SheetState } from './state'
import { layOut, writeLists } from './setup'
import { outcome, pushSummary, type Outcome } from './summary'

type Sheet = GoogleAppsScript.Spreadsheet.Sheet
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet

const PROGRESS_KEY = 'regionops.progress'

// Menu and sidebar. onOpen may run before the add-on is authorised, so it only builds the menu.

export function onOpen(): void {
  const { menu } = text()
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem(menu.open, 'showSidebar')
    .addSeparator()
    .addItem(menu.setup, 'setupTabs')
    .addItem(menu.pull, 'pullActiveTab')
    .addItem(menu.push, 'pushActiveTab')
    .addToUi()
}

export function onInstall(): void {
  onOpen()
}

export function showSidebar(): void {
  const html = localiseSidebar(HtmlService.createHtmlOutputFromFile('sidebar').getContent(), text())
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(html).setTitle('regionops'))
}

/** What the sidebar shows on opening: the saved address (never the token) and the active tab, with its words. */
export function sidebarState() {
  const t = text()
  const user = PropertiesService.getUserProperties()
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet()
  const state = sheetState(sheet)
  const hasToken = Boolean(user.getProperty(TOKEN_PROPERTY))
  const line = { name: sheet.getName(), tab: state?.tab ?? null, title: state?.title ?? null, revision: state?.revision ?? null }
  return {
    url: user.getProperty(URL_PROPERTY) ?? '',
    hasToken,
    sheet: { ...line, params: state?.params ?? [], year: state?.year ?? thisYear(), regionCode: state?.regionCode ?? '' },
    text: { sheet: t.sheetLine(line), tokenPlaceholder: hasToken ? t.tokenSaved : 'rgo_…' },
  }
}

/** The push's stage, for the sidebar to poll while a long push runs. */
export function pushProgress(): { label: string; step: number; steps: number } | null {
  const text = CacheService.getUserCache()?.get(PROGRESS_KEY)
  return text ? JSON.parse(text) : null
}

// Settings

export function saveSettings(url: string, token: string): Outcome {
  return run((t) => {
    const user = PropertiesService.getUserProperties()
    const address = checkedUrl(url, t)
    // A blank token keeps the saved one, so the address can be changed without pasting it again.
    const kept = String(token ?? '').trim() || user.getProperty(TOKEN_PROPERTY)
    if (!kept) return outcome(false, t.needToken)
    user.setProperties({ [URL_PROPERTY]: address, [TOKEN_PROPERTY]: kept })
    try {
      const tabs = client().tabs()
      return outcome(true, t.connected(address, tabs.length))
    } catch (error) {
      return outcome(false, t.notAccepted(messageOf(error)))
    }
  })
}

export function saveTabParams(year: unknown, regionCode: unknown): Outcome {
  return run((t) => {
    const { sheet, state } = activeTab()
    const next: SheetState = { ...state, year: checkedYear(year, t), regionCode: checkedRegion(regionCode, t) }
    const changed = next.year !== state.year || next.regionCode !== state.regionCode
    // The sheet holds the figures of the old params: it must be pulled again before a push.
    if (changed) delete next.revision
    saveSheetState(sheet, next)
    return outcome(true, changed ? t.savedPullAgain : t.saved)
  })
}

// Setting up, pulling, pushing

export function setupTabs(): Outcome {
  return run((t) => {
    const spreadsheet = SpreadsheetApp.getActiveSpreadsheet()
    const before = spreadsheet.getActiveSheet()
    const tabs = client().tabs()
    const sheets = tabs.map((tab) => sheetFor(spreadsheet, tab))
    const lists = writeLists(spreadsheet, optionLists(tabs))
    tabs.forEach((tab, i) => layOut(sheets[i]!, tab, lists, t))
    // Inserting a sheet makes it the active one: go back, or to the first tab from a sheet of no tab.
    spreadsheet.setActiveSheet(sheetState(before) || sheets.length === 0 ? before : sheets[0]!)
    return outcome(true, t.setUp(tabs.length), tabs.map((tab) => tab.title))
  })
}

export function pullActiveTab(): Outcome {
  return run((t) => {
    const { spreadsheet, sheet, state } = activeTab()
    const api = client()
    const data = api.readTab(state.tab, tabParams(state, thisYear()))
    const keys = keyColumns(keyRow(sheet))
    if (!data.columns.some((key) => keys.has(key))) return outcome(false, t.lostKeys)
    const rowsBefore = Math.max(0, sheet.getLastRow() - FIRST_DATA_ROW + 1)
    const lastRow = FIRST_DATA_ROW + data.rows.length - 1
    if (lastRow > sheet.getMaxRows()) {
      // New rows get the tab's formats, dropdowns and protections like the others.
      sheet.insertRowsAfter(sheet.getMaxRows(), lastRow - sheet.getMaxRows())
      const tabs = api.tabs()
      layOut(sheet, tabs.find((candidate) => candidate.name === state.tab)!, writeLists(spreadsheet, optionLists(tabs)), t)
    }
    pulledBlocks(keys, data, rowsBefore).forEach((block) => write(sheet, block))
    const unmarked = paint(sheet, state, Math.max(rowsBefore, data.rows.length), [])
    saveSheetState(sheet, { ...unmarked, revision: data.revision, pulledAt: Utilities.formatDate(new Date(), spreadsheet.getSpreadsheetTimeZone(), 'yyyy-MM-dd HH:mm') })
    return outcome(true, t.pulled(data.rows.length, data.revision))
  })
}

export function pushActiveTab(): Outcome {
  return run((t) => {
    const { spreadsheet, sheet, state } = activeTab()
    if (state.revision === undefined) return outcome(false, t.pullFirst)
    progress(t.stage.reading, 1)
    const api = client()
    const tab = api.tabs().find((candidate) => candidate.name === state.tab)
    if (!tab) return outcome(false, t.noSuchTab(state.tab))
    const width = sheet.getLastColumn()
    const keys = keyColumns(keyRow(sheet))
    const editable = tab.columns.filter((c) => c.editable).map((c) => c.key)
    const missing = missingKeys(keys, editable)
    if (missing.length > 0) return outcome(false, t.lostColumns(missing.map((key) => tab.columns.find((c) => c.key === key)!.title)))
    const height = sheet.getLastRow() - FIRST_DATA_ROW + 1
    const grid = height > 0 ? sheet.getRange(FIRST_DATA_ROW, 1, height, width).getValues() : []
    const timeZone = spreadsheet.getSpreadsheetTimeZone()
    const rows = pushRows(keys, editable, grid, (date) => Utilities.formatDate(date, timeZone, 'yyyy-MM-dd'))
    if (rows.length === 0) return outcome(false, t.nothingToPush)

    progress(t.stage.sending(rows.length), 2)
    const result = api.sync(state.tab, { baseRevision: state.revision, spreadsheetId: spreadsheet.getId(), sheetName: sheet.getName(), params: tabParams(state, thisYear()), rows })

    progress(t.stage.writing, 3)
    const { marks, lines } = cellMarks(keys, result.kind === 'invalid' ? result.cells : [], result.kind === 'conflict' ? result.conflicts : [], t)
    if (result.kind === 'refused') return pushSummary(result, lines, t)
    let next = paint(sheet, state, grid.length, marks)
    if (result.kind === 'applied') {
      const computed = tab.columns.filter((c) => !c.editable).map((c) => c.key)
      computedBlocks(keys, computed, result.computed, grid).forEach((block) => write(sheet, block))
      // Every non-empty row went and none conflicted: the sheet now stands at the new revision.
      next = { ...next, revision: result.revision }
    }
    saveSheetState(sheet, next)
    return pushSummary(result, lines, t)
  })
}

// Apps Script plumbing

/** Runs one action for the menu or the sidebar, in the user's words: a failure becomes a message, never a stack. */
function run(action: (t: Text) => Outcome): Outcome {
  let result: Outcome
  try {
    result = action(text())
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

/**
 * The user's language, from their Google locale. Before the add-on is authorised (onOpen in
 * AuthMode.NONE) a service may refuse; the add-on then speaks Chinese, as for most of its users.
 */
function userLang(): Lang {
  try {
    return langOfLocale(Session.getActiveUserLocale())
  } catch {
    return 'zh-CN'
  }
}
const text = () => textOf(userLang())

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
  if (!url || !token) throw new Error(text().noSettings)
  return new RegionopsClient({ url, token, lang: userLang() }, urlFetch)
}

function sheetState(sheet: Sheet): SheetState | null {
  return parseSheetState(PropertiesService.getDocumentProperties().getProperty(sheetStateKey(sheet.getSheetId())))
}

function saveSheetState(sheet: Sheet, state: SheetState): void {
  PropertiesService.getDocumentProperties().setProperty(sheetStateKey(sheet.getSheetId()), JSON.stringify(state))
  sheet.getRange(TITLE_ROW, 1).setNote(headerNote(state, thisYear(), text()))
}

function activeTab(): { spreadsheet: Spreadsheet; sheet: Sheet; state: SheetState } {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet()
  const sheet = spreadsheet.getActiveSheet()
  const state = sheetState(sheet)
  if (!state) throw new Error(text().notATab(sheet.getName()))
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
