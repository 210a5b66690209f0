// Apps Script's services as the add-on uses them, in memory: SpreadsheetApp over one fake
// spreadsheet, UrlFetchApp over a synchronous handler, PropertiesService, CacheService,
// HtmlService, Session (the user's locale) and Utilities. `appsScript()` makes a fresh set; install them as globals for the
// add-on's modules, or hand them to a vm context for the built bundle.
import { FakeDataValidationBuilder, FakeSpreadsheet } from './spreadsheet-stub'

export * from './spreadsheet-stub'

export interface FetchCall {
  url: string
  method: string
  headers: Record<string, string>
  contentType?: string
  payload?: string
}

/** Answers one request synchronously, as UrlFetchApp does. */
export type FetchHandler = (call: FetchCall) => { status: number; text: string }

export class FakeProperties {
  private readonly values = new Map<string, string>()
  getProperty(key: string) {
    return this.values.get(key) ?? null
  }
  setProperty(key: string, value: unknown) {
    this.values.set(key, String(value))
    return this
  }
  setProperties(properties: Record<string, unknown>, deleteAllOthers = false) {
    if (deleteAllOthers) this.values.clear()
    for (const [key, value] of Object.entries(properties)) this.setProperty(key, value)
    return this
  }
  deleteProperty(key: string) {
    this.values.delete(key)
    return this
  }
  getProperties() {
    return Object.fromEntries(this.values)
  }
  getKeys() {
    return [...this.values.keys()]
  }
}

class FakeCache {
  private readonly values = new Map<string, string>()
  get(key: string) {
    return this.values.get(key) ?? null
  }
  put(key: string, value: string) {
    this.values.set(key, String(value))
  }
  remove(key: string) {
    this.values.delete(key)
  }
}

class FakeMenu {
  readonly items: { caption: string; functionName: string }[] = []
  constructor(private readonly ui: FakeUi) {}
  addItem(caption: string, functionName: string) {
    this.items.push({ caption, functionName })
    return this
  }
  addSeparator() {
    return this
  }
  addToUi() {
    this.ui.menus.push(this)
  }
}

class FakeUi {
  readonly menus: FakeMenu[] = []
  readonly sidebars: { title: string; content: string }[] = []
  createAddonMenu() {
    return new FakeMenu(this)
  }
  showSidebar(html: { getTitle(): string; getContent(): string }) {
    this.sidebars.push({ title: html.getTitle(), content: html.getContent() })
  }
}

/** `yyyy-MM-dd HH:mm:ss`-style patterns, in a time zone, as Utilities.formatDate does. */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  )
  return pattern.replace(/yyyy|MM|dd|HH|mm|ss/g, (token) => ({ yyyy: parts.year, MM: parts.month, dd: parts.day, HH: parts.hour, mm: parts.minute, ss: parts.second })[token]!)
}

/** An HtmlOutput: its content and the title the sidebar is shown under. */
function htmlOutput(content: string) {
  let title = ''
  const output = {
    setTitle: (t: string) => ((title = t), output),
    getTitle: () => title,
    getContent: () => content,
  }
  return output
}

export interface AppsScriptOptions {
  fetch: FetchHandler
  /** Project files HtmlService serves, by name without `.html`. */
  files?: Record<string, string>
  spreadsheet?: FakeSpreadsheet
  /**
   * What Session.getActiveUserLocale() answers: 'zh_CN' unless a test says otherwise, as for the
   * managers; Apps Script gives 'en', 'en_US'…, or '' when it does not know. A function may throw.
   */
  locale?: string | (() => string)
}

export function appsScript(options: AppsScriptOptions) {
  const spreadsheet = options.spreadsheet ?? new FakeSpreadsheet()
  const ui = new FakeUi()
  const userProperties = new FakeProperties()
  const documentProperties = new FakeProperties()
  const userCache = new FakeCache()
  const requests: FetchCall[] = []

  const globals = {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      getActive: () => spreadsheet,
      getActiveSheet: () => spreadsheet.getActiveSheet(),
      getUi: () => ui,
      newDataValidation: () => new FakeDataValidationBuilder(),
      flush: () => {},
      ProtectionType: { RANGE: 'RANGE', SHEET: 'SHEET' },
      DataValidationCriteria: { VALUE_IN_RANGE: 'VALUE_IN_RANGE', VALUE_IN_LIST: 'VALUE_IN_LIST' },
    },
    UrlFetchApp: {
      fetch(url: string, params: { method?: string; headers?: Record<string, string>; contentType?: string; payload?: string; muteHttpExceptions?: boolean } = {}) {
        const call: FetchCall = { url, method: (params.method ?? 'get').toLowerCase(), headers: params.headers ?? {}, contentType: params.contentType, payload: params.payload }
        requests.push(call)
        const answer = options.fetch(call)
        if (!params.muteHttpExceptions && answer.status >= 400) throw new Error(`Request failed for ${url} returned code ${answer.status}. Truncated server response: ${answer.text.slice(0, 100)}`)
        return { getResponseCode: () => answer.status, getContentText: () => answer.text }
      },
    },
    PropertiesService: {
      getUserProperties: () => userProperties,
      getDocumentProperties: () => documentProperties,
    },
    CacheService: { getUserCache: () => userCache },
    HtmlService: {
      createHtmlOutputFromFile(name: string) {
        const content = options.files?.[name]
        if (content === undefined) throw new Error(`No HTML file named ${name} was found.`)
        return htmlOutput(content)
      },
      createHtmlOutput: (html: string) => htmlOutput(html),
    },
    Session: {
      getActiveUserLocale: () => (typeof options.locale === 'function' ? options.locale() : (options.locale ?? 'zh_CN')),
    },
    Utilities: { formatDate },
  }
  return { globals, spreadsheet, ui, userProperties, documentProperties, requests }
}

export type AppsScript = ReturnType<typeof appsScript>

/** Puts the services on globalThis for modules imported by the test; returns the undo. */
export function installGlobals(services: AppsScript): () => void {
  const target = globalThis as Record<string, unknown>
  const before = Object.keys(services.globals).map((name) => [name, target[name]] as const)
  Object.assign(target, services.globals)
  return () => before.forEach(([name, value]) => (value === undefined ? delete target[name] : (target[name] = value)))
}
