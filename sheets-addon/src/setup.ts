// "Set up tabs" on the sheets themselves, for main.ts: the hidden dropdown lists and each tab's
// layout — keys, titles, formats, grey warning-protected computed columns, dropdowns. Kept apart
// from main.ts only for its length; like main.ts it works on Apps Script's sheets.
import type { Tab } from './client'
import type { Text } from './i18n'
import {
  COMPUTED_BACKGROUND,
  FIRST_DATA_ROW,
  HEADER_BACKGROUND,
  KEY_ROW,
  LISTS_SHEET,
  MARK,
  TITLE_ROW,
  headerRows,
  listsGrid,
  numberFormatOf,
  placeColumns,
  widthOf,
  type OptionList,
} from './layout'

type Sheet = GoogleAppsScript.Spreadsheet.Sheet
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet

function ensureSize(sheet: Sheet, rows: number, columns: number): void {
  if (rows > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), rows - sheet.getMaxRows())
  if (columns > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), columns - sheet.getMaxColumns())
}

/**
 * Warning-only: a protection that shut editors out would also stop a collaborator's push from
 * writing computed values back (the script runs as whoever pushes). A warning stops slips.
 */
function warnOnEdit(range: GoogleAppsScript.Spreadsheet.Range, description: string): void {
  range.protect().setDescription(`${MARK}: ${description}`).setWarningOnly(true)
}

/** The dropdown lists, one column each on a hidden sheet, rewritten whole. */
export function writeLists(spreadsheet: Spreadsheet, lists: OptionList[]): { sheet: Sheet; lists: OptionList[] } {
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
export function layOut(sheet: Sheet, tab: Tab, lists: { sheet: Sheet; lists: OptionList[] }, t: Text): void {
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
  warnOnEdit(sheet.getRange(KEY_ROW, 1, 2, width), t.protectHeader)
  const rows = sheet.getMaxRows() - FIRST_DATA_ROW + 1
  for (const { column, def } of placements) {
    const cells = sheet.getRange(FIRST_DATA_ROW, column, rows, 1)
    const format = numberFormatOf(def)
    if (format) cells.setNumberFormat(format)
    if (!def.editable) {
      cells.setBackground(COMPUTED_BACKGROUND)
      warnOnEdit(cells, t.protectComputed(def.title))
    }
    const list = lists.lists.find((l) => l.tab === tab.name && l.key === def.key)
    const choices = list && lists.sheet.getRange(2, list.column, list.options.length, 1)
    cells.setDataValidation(choices ? SpreadsheetApp.newDataValidation().requireValueInRange(choices, true).setAllowInvalid(false).setHelpText(t.pickFromList(def.title)).build() : null)
  }
}
