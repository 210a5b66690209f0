// The worker's sheet sync API (GET /v1/sheets/tabs, GET /v1/sheets/{tab}, POST /v1/sheets/{tab}/sync) over a fetch that is handed in: in
// Apps Script that is UrlFetchApp, in tests anything that answers synchronously. Every call asks
// for the user's language, so the worker's messages and column titles come back in it.
import type { Column, Tab } from '../../src/sheets/tabs'
import { textOf, type Lang, type Text } from './i18n'

export type { Column, Tab }

export interface HttpRequest {
  method: 'get' | 'post'
  url: string
  headers: Record<string, string>
  /** Always JSON: UrlFetchApp takes its type as `contentType`, not as a header. */
  body?: string
}

export interface HttpResponse {
  status: number
  text: string
}

/** Synchronous, like UrlFetchApp.fetch; answers every status instead of throwing on 4xx/5xx. */
export type Fetch = (request: HttpRequest) => HttpResponse

export interface Settings {
  url: string
  token: string
  lang: Lang
}

export interface TabParams {
  year?: number
  regionCode?: string
}

export interface TabData {
  revision: number
  columns: string[]
  rows: unknown[][]
}

/** A cell as the sync endpoint takes it. */
export type Cell = string | number | boolean | null

export interface SyncRow {
  row: number
  values: Record<string, Cell>
}

export interface SyncRequest {
  baseRevision?: number
  spreadsheetId: string
  sheetName: string
  params: TabParams
  rows: SyncRow[]
}

/** `column` is the key; `title` the column's title in the asked language (a worker before titles sends none). */
export interface CellError {
  row: number
  column: string
  title?: string
  message: string
}

export interface Conflict {
  row: number
  column: string
  title?: string
  yours: unknown
  theirs: unknown
}

export type SyncOutcome =
  | { kind: 'applied'; revision: number; applied: number; computed: { row: number; values: Record<string, unknown> }[]; warnings: unknown[] }
  | { kind: 'invalid'; detail: string; cells: CellError[]; others: string[] }
  | { kind: 'conflict'; detail: string; conflicts: Conflict[] }
  | { kind: 'refused'; status: number; detail: string }

/** Any answer the add-on cannot use: the message is what the manager reads. */
export class RegionopsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'RegionopsError'
  }
}

interface ProblemBody {
  title?: string
  detail?: string
  errors?: { path?: string; message?: string; row?: number; column?: string; title?: string }[]
  conflicts?: Conflict[]
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The problem's own words, else the status: a proxy's HTML error page is no use in a sidebar. */
function problemDetail(status: number, body: ProblemBody | null, t: Text): string {
  const words = body?.detail ?? body?.title
  return words ? `${words} (HTTP ${status})` : t.answeredHttp(status)
}

export class RegionopsClient {
  private readonly base: string
  private readonly t: Text

  constructor(
    private readonly settings: Settings,
    private readonly fetch: Fetch,
  ) {
    this.base = settings.url.replace(/\/+$/, '')
    this.t = textOf(settings.lang)
  }

  private call(method: 'get' | 'post', path: string, body?: unknown): { status: number; json: unknown } {
    const headers = { Authorization: `Bearer ${this.settings.token}`, Accept: 'application/json', 'Accept-Language': this.settings.lang }
    const response = this.fetch({ method, url: this.base + path, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: response.status, json: parseJson(response.text) }
  }

  private read<T>(path: string): T {
    const { status, json } = this.call('get', path)
    if (status !== 200 || json === null) throw new RegionopsError(status, problemDetail(status, json as ProblemBody | null, this.t))
    return json as T
  }

  tabs(): Tab[] {
    return this.read<{ tabs: Tab[] }>('/v1/sheets/tabs').tabs
  }

  readTab(tab: string, params: TabParams): TabData {
    const query = Object.entries(params)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join('&')
    return this.read<TabData>(`/v1/sheets/${encodeURIComponent(tab)}${query ? `?${query}` : ''}`)
  }

  sync(tab: string, request: SyncRequest): SyncOutcome {
    const { status, json } = this.call('post', `/v1/sheets/${encodeURIComponent(tab)}/sync`, request)
    const body = json as (ProblemBody & { revision: number; applied: number; computed: { row: number; values: Record<string, unknown> }[]; warnings?: unknown[] }) | null
    if (status === 200 && body) return { kind: 'applied', revision: body.revision, applied: body.applied, computed: body.computed ?? [], warnings: body.warnings ?? [] }
    const detail = problemDetail(status, body, this.t)
    if (status === 422 && body?.errors) {
      // Cell errors come back by sheet row and column key; anything else (a bad param) is said in words.
      const cells: CellError[] = []
      const others: string[] = []
      for (const e of body.errors) {
        if (typeof e.row === 'number' && typeof e.column === 'string') {
          cells.push({ row: e.row, column: e.column, ...(typeof e.title === 'string' ? { title: e.title } : {}), message: e.message ?? this.t.cannotBeUsed })
        }
        else others.push(e.path ? `${e.path}: ${e.message ?? ''}` : (e.message ?? ''))
      }
      return { kind: 'invalid', detail, cells, others }
    }
    if (status === 409 && body?.conflicts) return { kind: 'conflict', detail, conflicts: body.conflicts }
    return { kind: 'refused', status, detail }
  }
}
