// The built add-on against the real worker: dist/ is bundled, loaded into a vm context with the
// Apps Script stubs, and its UrlFetchApp talks to a worker started as `npm start` does. A manager
// sets up the tabs, pulls store targets, pushes bad cells, sees them marked, fixes them, pushes,
// meets someone else's change, and the figures land in D1 — as an English user, whose words the
// test reads; a Chinese one (the default) sees the worker's Chinese titles on the same cells.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createContext, runInContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain ES module without types
import { buildAddon } from '../build.mjs'
import { appsScript, type AppsScript, type FakeSheet, type FetchHandler } from './apps-script-stubs'
import { CONFLICT_BACKGROUND, ERROR_BACKGROUND } from '../src/marks'

const root = fileURLToPath(new URL('../..', import.meta.url))
const fetchOnce = fileURLToPath(new URL('./fetch-once.mjs', import.meta.url))
const port = 20000 + Math.floor(Math.random() * 2000)
const base = `http://127.0.0.1:${port}`
const adminToken = 'rgo_admin_addon-e2e'
const YEAR = 2031
const STORE_TAB = '门店目标 Store targets'

let worker: ChildProcess
let stateDir: string
let dist: string
let gas: AppsScript
let addon: Record<string, (...args: unknown[]) => { ok: boolean; message: string; details: string[] }>
let managerToken: string

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const json = await response.json()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
  return json
}

/** UrlFetchApp blocks until the answer is there; so does this. */
const syncFetch: FetchHandler = (call) => JSON.parse(execFileSync(process.execPath, [fetchOnce], { input: JSON.stringify(call), encoding: 'utf8' }))

async function startWorker(): Promise<void> {
  stateDir = mkdtempSync(join(tmpdir(), 'regionops-addon-'))
  worker = spawn('node', ['scripts/start.mjs', '--port', String(port), '--state-dir', stateDir, '--no-seed'], {
    cwd: root,
    env: { ...process.env, ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let printed = ''
  worker.stdout!.on('data', (chunk) => (printed += chunk))
  worker.stderr!.on('data', (chunk) => (printed += chunk))
  const deadline = Date.now() + 90_000
  while (!printed.includes('regionops is running')) {
    if (worker.exitCode !== null) throw new Error(`the worker exited early:\n${printed}`)
    if (Date.now() > deadline) throw new Error(`the worker did not come up:\n${printed}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'regionops-addon-dist-'))
  const [built] = await Promise.all([buildAddon({ outdir: dist }), startWorker()])
  expect(built.globals).toContain('pushActiveTab')

  await api('PUT', '/v1/regions', { regions: [{ code: 'EAST', name: '华东区' }, { code: 'WEST', name: '西南区' }] })
  await api('PUT', '/v1/stores', {
    stores: [
      { code: 'EA001', name: '南京路店', regionCode: 'EAST', channel: 'direct' },
      { code: 'EA002', name: '徐家汇店', regionCode: 'EAST', channel: 'direct' },
      { code: 'EA003', name: '静安店', regionCode: 'EAST', channel: 'franchise' },
      { code: 'WE001', name: '春熙路店', regionCode: 'WEST', channel: 'direct' },
    ],
  })
  managerToken = (await api('POST', '/v1/admin/tokens', { name: '华东区经理', role: 'manager', regionCodes: ['EAST'] })).token

  ;({ gas, addon } = load('en_US'))
}, 120_000)

/** The built add-on in a fresh vm context, on fresh stubs for a user of `locale`. */
function load(locale: string): { gas: AppsScript; addon: typeof addon } {
  const services = appsScript({ fetch: syncFetch, files: { sidebar: readFileSync(join(dist, 'sidebar.html'), 'utf8') }, locale })
  const context = createContext({ ...services.globals, console })
  runInContext(readFileSync(join(dist, 'Code.js'), 'utf8'), context, { filename: 'Code.js' })
  return { gas: services, addon: context as typeof addon }
}

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    worker.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
  }
  for (const dir of [stateDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true })
})

const keyRow = (sheet: FakeSheet) => sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] as string[]
const cell = (sheet: FakeSheet, row: number, key: string) => sheet.getRange(row, keyRow(sheet).indexOf(key) + 1)
const storeTargets = async () => (await api('GET', `/v1/targets?year=${YEAR}&level=store&regionCode=EAST`)).rows as { code: string; month: number; amount: number }[]
const target = (rows: { code: string; month: number; amount: number }[], code: string, month: number) => rows.find((r) => r.code === code && r.month === month)?.amount

describe('the built add-on', () => {
  it('declares the functions Apps Script calls as top-level functions, and the narrow scopes', () => {
    const code = readFileSync(join(dist, 'Code.js'), 'utf8')
    for (const name of ['onOpen', 'onInstall', 'showSidebar', 'saveSettings', 'setupTabs', 'pullActiveTab', 'pushActiveTab']) {
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'))
      expect(typeof addon[name]).toBe('function')
    }
    // Every server function the sidebar calls exists.
    const sidebar = readFileSync(join(dist, 'sidebar.html'), 'utf8')
    const called = [...sidebar.matchAll(/\.(\w+)\(\)\s*$|call\('(\w+)'|act\('(\w+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3])
    expect(called.length).toBeGreaterThan(4)
    for (const name of called) expect(typeof addon[name!], name).toBe('function')
    const manifest = JSON.parse(readFileSync(join(dist, 'appsscript.json'), 'utf8'))
    expect(manifest.runtimeVersion).toBe('V8')
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/script.container.ui',
    ])
  })

  it('goes from an empty spreadsheet to the manager’s store targets in D1', async () => {
    addon.onOpen!()
    expect(gas.ui.menus[0]!.items.map((i) => i.functionName)).toEqual(['showSidebar', 'setupTabs', 'pullActiveTab', 'pushActiveTab'])
    expect(addon.saveSettings!(base, managerToken)).toMatchObject({ ok: true })

    // Set up: the store tab offers the manager's own stores.
    expect(addon.setupTabs!()).toMatchObject({ ok: true, message: 'Set up 5 tabs.' })
    const sheet = gas.spreadsheet.getSheetByName(STORE_TAB)!
    gas.spreadsheet.setActiveSheet(sheet)
    expect(sheet.isRowHiddenByUser(1)).toBe(true)
    expect(sheet.getFrozenRows()).toBe(2)
    expect(cell(sheet, 3, 'code').getDataValidation()!.options()).toEqual(['EA001', 'EA002', 'EA003'])

    // Pull: one row per store, every month blank (0), the revision remembered.
    expect(addon.saveTabParams!(String(YEAR), 'EAST')).toMatchObject({ ok: true })
    expect(addon.pullActiveTab!()).toMatchObject({ ok: true, message: expect.stringMatching(/^Pulled 3 rows at revision \d+\.$/) })
    expect(sheet.getRange(3, 1, 3, 4).getValues()).toEqual([
      ['EA001', '南京路店', 'EAST', 0],
      ['EA002', '徐家汇店', 'EAST', 0],
      ['EA003', '静安店', 'EAST', 0],
    ])

    // Edit with mistakes, push: every bad cell — the unknown store too — turns red with the reason, nothing lands.
    cell(sheet, 3, 'm1').setValue('1,200')
    cell(sheet, 3, 'm2').setValue('abc')
    cell(sheet, 4, 'm3').setValue(-5)
    sheet.getRange(6, 1).setValue('GHOST') // typed past the dropdown, as a paste can
    cell(sheet, 6, 'm1').setValue(10)
    const bad = addon.pushActiveTab!()
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('3 cells cannot be used; nothing was applied.') })
    expect(cell(sheet, 6, 'code').getNote()).toBe('regionops: Store (A6): store GHOST does not exist')
    expect(cell(sheet, 3, 'm2').getBackground()).toBe(ERROR_BACKGROUND)
    expect(cell(sheet, 3, 'm2').getNote()).toBe('regionops: Feb (E3): is not an amount')
    expect(cell(sheet, 4, 'm3').getNote()).toBe('regionops: Mar (F4): must not be negative')
    expect(cell(sheet, 3, 'm1').getBackground()).toBe('#ffffff')
    expect(await storeTargets()).toEqual([])

    // Fix the two amounts: the unknown store stays marked, and the old marks are gone.
    cell(sheet, 3, 'm2').setValue(300)
    cell(sheet, 4, 'm3').setValue(0)
    expect(addon.pushActiveTab!().details).toEqual(['Store (A6): store GHOST does not exist'])
    expect(cell(sheet, 6, 'code').getBackground()).toBe(ERROR_BACKGROUND)
    expect(cell(sheet, 3, 'm2').getBackground()).toBe('#ffffff')
    expect(cell(sheet, 3, 'm2').getNote()).toBe('')

    // Clear the stray row and push: it lands, totals come back, marks go.
    sheet.getRange(6, 1, 1, sheet.getLastColumn()).clearContent()
    expect(addon.pushActiveTab!()).toMatchObject({ ok: true, message: expect.stringMatching(/^Pushed 3 rows; now at revision \d+\.$/) })
    expect(cell(sheet, 3, 'total').getValue()).toBe(1500)
    expect(cell(sheet, 6, 'code').getBackground()).toBe('#ffffff')
    let stored = await storeTargets()
    expect([target(stored, 'EA001', 1), target(stored, 'EA001', 2), target(stored, 'EA002', 3)]).toEqual([1200, 300, 0])

    // HQ changes a store's March meanwhile; the manager's own change to it comes back orange.
    await api('PUT', '/v1/targets', { year: YEAR, level: 'store', rows: [{ code: 'EA002', month: 3, amount: 333 }] })
    cell(sheet, 4, 'm3').setValue(444)
    expect(addon.pushActiveTab!()).toMatchObject({ ok: false, message: expect.stringContaining('1 cell was changed by someone else') })
    expect(cell(sheet, 4, 'm3').getBackground()).toBe(CONFLICT_BACKGROUND)
    expect(cell(sheet, 4, 'm3').getNote()).toContain('theirs 333, yours 444')

    // Pull takes theirs; the manager edits again and the push lands.
    expect(addon.pullActiveTab!().ok).toBe(true)
    expect(cell(sheet, 4, 'm3').getValue()).toBe(333)
    expect(cell(sheet, 4, 'm3').getBackground()).toBe('#ffffff')
    cell(sheet, 4, 'm3').setValue(444)
    expect(addon.pushActiveTab!()).toMatchObject({ ok: true })
    stored = await storeTargets()
    expect(target(stored, 'EA002', 3)).toBe(444)
    const tab = await fetch(`${base}/v1/sheets/targets-store?year=${YEAR}&regionCode=EAST`, { headers: { Authorization: `Bearer ${managerToken}` } }).then((r) => r.json() as Promise<{ rows: unknown[][] }>)
    expect(tab.rows[0]!.slice(0, 5)).toEqual(['EA001', '南京路店', 'EAST', 1200, 300])
  })

  it('heads the tab and names a bad cell in Chinese for a Chinese user, with the same keys', async () => {
    const zh = load('zh_CN')
    expect(zh.addon.saveSettings!(base, managerToken)).toMatchObject({ ok: true, message: expect.stringMatching(/^已保存。/) })
    expect(zh.addon.setupTabs!()).toMatchObject({ ok: true, message: '已设置 5 个工作表。' })
    const sheet = zh.gas.spreadsheet.getSheetByName(STORE_TAB)!
    zh.gas.spreadsheet.setActiveSheet(sheet)
    expect(sheet.getRange(1, 1, 2, 6).getValues()).toEqual([
      ['code', 'name', 'regionCode', 'm1', 'm2', 'm3'],
      ['门店', '名称', '区域', '1月', '2月', '3月'],
    ])
    expect(zh.addon.saveTabParams!(String(YEAR), 'EAST').ok).toBe(true)
    expect(zh.addon.pullActiveTab!().ok).toBe(true)
    cell(sheet, 4, 'm3').setValue('abc')
    const before = await storeTargets()
    const bad = zh.addon.pushActiveTab!()
    expect(bad.ok).toBe(false)
    // The worker's title and the add-on's cell; the message is the worker's, in its Chinese.
    expect(bad.details).toEqual([expect.stringMatching(/^3月 \(F4\): \S/)])
    expect(cell(sheet, 4, 'm3').getNote()).toMatch(/^regionops: 3月 \(F4\): \S/)
    expect(zh.gas.requests.every((r) => r.headers['Accept-Language'] === 'zh-CN')).toBe(true)
    expect(await storeTargets()).toEqual(before)
  })
})
