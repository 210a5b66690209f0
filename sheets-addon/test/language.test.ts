// The add-on speaks the user's language: Chinese by default (a zh_CN locale, or one Apps Script
// does not know), English for an English Google locale — menu, sidebar, toasts, notes on cells,
// summaries — and asks the worker for the same language on every call. Keys stay as they are.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { langOfLocale, localiseSidebar, textOf } from '../src/i18n'
import { onOpen, pullActiveTab, pushActiveTab, saveSettings, setupTabs, showSidebar, sidebarState } from '../src/main'
import { ERROR_BACKGROUND } from '../src/marks'
import { appsScript, installGlobals, type AppsScript, type FakeSheet } from './apps-script-stubs'
import { BASE_URL, fakeWorker, TOKEN } from './fake-worker'

const SIDEBAR = readFileSync(new URL('../src/sidebar.html', import.meta.url), 'utf8')
const STORE_TAB = '门店目标 Store targets'

let uninstall = () => {}
afterEach(() => uninstall())

function addonFor(locale?: AppsScriptLocale) {
  const worker = fakeWorker()
  const gas = appsScript({ fetch: worker.handler, files: { sidebar: SIDEBAR }, ...(locale === undefined ? {} : { locale }) })
  uninstall = installGlobals(gas)
  return { worker, gas }
}
type AppsScriptLocale = NonNullable<Parameters<typeof appsScript>[0]['locale']>

/** Settings saved, tabs set up, the store tab active and pulled. */
function pulledStoreTab(gas: AppsScript): FakeSheet {
  expect(saveSettings(BASE_URL, TOKEN).ok).toBe(true)
  expect(setupTabs().ok).toBe(true)
  const sheet = gas.spreadsheet.getSheetByName(STORE_TAB)!
  gas.spreadsheet.setActiveSheet(sheet)
  expect(pullActiveTab().ok).toBe(true)
  return sheet
}

const keyed = (sheet: FakeSheet, row: number, key: string) => sheet.getRange(row, (sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] as string[]).indexOf(key) + 1)
const badMarch = (title: string, message: string) => (w: ReturnType<typeof fakeWorker>) => () =>
  w.problem(422, 'bad', { errors: [{ path: 'row.4.m3', row: 4, column: 'm3', title, message }] })

describe('the user’s language', () => {
  it('is English only for an English locale', () => {
    for (const locale of ['en', 'en_US', 'en-GB', 'EN_au']) expect(langOfLocale(locale), locale).toBe('en')
    for (const locale of ['zh_CN', 'zh_TW', 'zh', '', 'ja', 'de_DE', 'eng', undefined, null]) expect(langOfLocale(locale), String(locale)).toBe('zh-CN')
  })

  it('gives both languages the same words to say, and fills every word the sidebar asks for', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value
    expect(shape(textOf('zh-CN'))).toEqual(shape(textOf('en')))
    for (const lang of ['zh-CN', 'en'] as const) expect(localiseSidebar(SIDEBAR, textOf(lang))).not.toMatch(/\{\{|\}\}/)
  })

  it('escapes the sidebar’s words for HTML and refuses a word it does not have', () => {
    const zh = textOf('zh-CN')
    expect(localiseSidebar('<b title="{{save}}">{{save}}</b>', { ...zh, sidebar: { ...zh.sidebar, save: '<"保存">' } })).toBe('<b title="&#60;&#34;保存&#34;&#62;">&#60;&#34;保存&#34;&#62;</b>')
    expect(() => localiseSidebar('{{nonesuch}}', zh)).toThrow('{{nonesuch}}')
  })
})

describe('in Chinese, by default', () => {
  it('builds the menu and the sidebar in Chinese', () => {
    const { gas } = addonFor()
    onOpen()
    expect(gas.ui.menus[0]!.items.map((i) => i.caption)).toEqual(['打开侧边栏', '设置工作表', '拉取本表', '推送本表'])
    showSidebar()
    const { title, content } = gas.ui.sidebars[0]!
    expect(title).toBe('regionops')
    expect(content).toContain('<html lang="zh-CN">')
    for (const words of ['>连接<', '>regionops 地址<', '>你的令牌<', '>保存<', '>本表<', '>年份<', '>区域代码<', 'placeholder="你的全部区域"', '>设置工作表<', '>拉取本表<', '>推送本表<', 'data-working="处理中…"']) {
      expect(content).toContain(words)
    }
    for (const english of ['Connection', 'Your token', '>Save<', 'Push this tab', 'Working…']) expect(content).not.toContain(english)
    // The functions the sidebar calls are still there to call.
    expect(content).toContain("act('pushActiveTab')")
  })

  it('says in Chinese what the sidebar shows of the tab', () => {
    const { gas } = addonFor()
    expect(sidebarState().text).toEqual({ sheet: '“Sheet1”不是 regionops 工作表。请先设置工作表，再打开其中一个。', tokenPlaceholder: 'rgo_…' })
    pulledStoreTab(gas)
    expect(sidebarState().text).toEqual({ sheet: `${STORE_TAB}（targets-store），已拉取，版本 7`, tokenPlaceholder: '已保存；留空则保留原令牌' })
  })

  it('answers, toasts and heads the tabs in Chinese, and asks the worker in zh-CN', () => {
    const { gas } = addonFor()
    expect(setupTabs()).toMatchObject({ ok: false, message: '请先在侧边栏填写 regionops 地址和你的令牌。' })
    expect(saveSettings(BASE_URL, TOKEN)).toMatchObject({ ok: true, message: `已保存。已连接 ${BASE_URL}：共 5 个工作表。` })
    expect(setupTabs()).toMatchObject({ ok: true, message: '已设置 5 个工作表。' })
    expect(gas.spreadsheet.toasts.at(-1)).toBe('已设置 5 个工作表。')
    const sheet = gas.spreadsheet.getSheetByName(STORE_TAB)!
    gas.spreadsheet.setActiveSheet(sheet)
    // The key row stays as it is; the title row is the worker's Chinese titles.
    expect(sheet.getRange(1, 1, 2, 6).getValues()).toEqual([
      ['code', 'name', 'regionCode', 'm1', 'm2', 'm3'],
      ['门店', '名称', '区域', '1月', '2月', '3月'],
    ])
    expect(sheet.getProtections().map((p) => p.getDescription())).toContain('regionops: 全年由 regionops 计算；推送不会发送此列')
    expect(keyed(sheet, 3, 'code').getDataValidation()!.getHelpText()).toBe('请从列表中选择门店。')
    expect(pullActiveTab()).toMatchObject({ ok: true, message: '已拉取 3 行，版本 7。' })
    expect(sheet.getRange(2, 1).getNote()).toMatch(new RegExp(`^regionops 工作表 targets-store：${STORE_TAB}\n${new Date().getFullYear()} 年 · 你的全部区域\n已拉取，版本 7，\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`))
    // Read the tabs twice (saving the settings, setting up), then the store tab: each in zh-CN.
    expect(gas.requests.map((r) => r.headers['Accept-Language'])).toEqual(['zh-CN', 'zh-CN', 'zh-CN'])
  })

  it('marks a bad March cell 3月 (F4) with the worker’s message, and says the push in Chinese', () => {
    const { gas, worker } = addonFor()
    const sheet = pulledStoreTab(gas)
    worker.state.answer = badMarch('3月', '不是金额')(worker)
    const result = pushActiveTab()
    expect(result).toEqual({ ok: false, message: '1 个单元格无法使用，未应用任何更改。有问题的单元格已标红，原因见单元格批注。', details: ['3月 (F4): 不是金额'] })
    expect(keyed(sheet, 4, 'm3').getBackground()).toBe(ERROR_BACKGROUND)
    expect(keyed(sheet, 4, 'm3').getNote()).toBe('regionops: 3月 (F4): 不是金额')
    expect(worker.state.syncs.length).toBe(1)
    expect(gas.requests.at(-1)!.headers['Accept-Language']).toBe('zh-CN')
  })

  it('names the cell where the manager moved its column', () => {
    const { gas, worker } = addonFor()
    const sheet = pulledStoreTab(gas)
    // March moves to column H (its key and title go with it; what was in H comes to F).
    const [f, h] = [sheet.getRange(1, 6, 2, 1).getValues(), sheet.getRange(1, 8, 2, 1).getValues()]
    sheet.getRange(1, 6, 2, 1).setValues(h)
    sheet.getRange(1, 8, 2, 1).setValues(f)
    worker.state.answer = badMarch('3月', '不是金额')(worker)
    expect(pushActiveTab().details).toEqual(['3月 (H4): 不是金额'])
    expect(sheet.getRange(4, 8).getNote()).toBe('regionops: 3月 (H4): 不是金额')
  })

  it('says a conflict and a refusal in Chinese', () => {
    const { gas, worker } = addonFor()
    const sheet = pulledStoreTab(gas)
    worker.state.answer = () => worker.problem(409, 'changed', { conflicts: [{ row: 4, column: 'm3', title: '3月', yours: 444, theirs: 333 }] })
    const result = pushActiveTab()
    expect(result.message).toMatch(/^1 个单元格在你拉取后已被他人修改，未应用任何更改。/)
    expect(keyed(sheet, 4, 'm3').getNote()).toBe('regionops: 3月 (F4): 拉取后已被他人修改：对方为 333，你的为 444')
    worker.state.answer = () => ({ status: 502, body: {} })
    expect(pushActiveTab()).toMatchObject({ ok: false, message: 'regionops 返回了 HTTP 502' })
  })

  it('speaks Chinese when Apps Script does not know the locale, or will not say it', () => {
    for (const locale of ['', () => { throw new Error('Authorisation is required to perform that action.') }]) {
      const { gas } = addonFor(locale)
      onOpen()
      expect(gas.ui.menus[0]!.items[0]!.caption).toBe('打开侧边栏')
      expect(saveSettings(BASE_URL, TOKEN).message).toMatch(/^已保存。/)
      expect(gas.requests.at(-1)!.headers['Accept-Language']).toBe('zh-CN')
      uninstall()
    }
  })
})

describe('in English, for an English locale', () => {
  it('builds the menu and the sidebar in English', () => {
    const { gas } = addonFor('en')
    onOpen()
    expect(gas.ui.menus[0]!.items.map((i) => i.caption)).toEqual(['Open sidebar', 'Set up tabs', 'Pull this tab', 'Push this tab'])
    showSidebar()
    const { content } = gas.ui.sidebars[0]!
    expect(content).toContain('<html lang="en">')
    for (const words of ['>Connection<', '>Your token<', '>Save<', '>Push this tab<', 'data-working="Working…"']) expect(content).toContain(words)
    expect(content).not.toMatch(/\p{Script=Han}/u)
  })

  it('heads the tabs in English, marks a bad March cell Mar (F4) and asks the worker in en', () => {
    const { gas, worker } = addonFor('en_GB')
    const sheet = pulledStoreTab(gas)
    expect(sheet.getRange(2, 1, 1, 6).getValues()[0]).toEqual(['Store', 'Name', 'Region', 'Jan', 'Feb', 'Mar'])
    expect(sheet.getRange(1, 1, 1, 6).getValues()[0]).toEqual(['code', 'name', 'regionCode', 'm1', 'm2', 'm3'])
    worker.state.answer = badMarch('Mar', 'is not an amount')(worker)
    expect(pushActiveTab()).toEqual({ ok: false, message: '1 cell cannot be used; nothing was applied. Bad cells are red, with the reason in their note.', details: ['Mar (F4): is not an amount'] })
    expect(keyed(sheet, 4, 'm3').getNote()).toBe('regionops: Mar (F4): is not an amount')
    for (const request of gas.requests) expect(request.headers['Accept-Language']).toBe('en')
    expect(sidebarState().text.sheet).toBe(`${STORE_TAB} (targets-store), pulled at revision 7`)
  })
})
