// What the add-on keeps: the worker's address and token per user (user properties), and per sheet
// which tab it holds, its params and the revision of the last pull (document properties, keyed by
// the sheet's id, so renaming or moving the sheet keeps them).
import type { TabParams } from './client'
import type { Text } from './i18n'

export const URL_PROPERTY = 'REGIONOPS_URL'
export const TOKEN_PROPERTY = 'REGIONOPS_TOKEN'
export const sheetStateKey = (sheetId: number) => `regionops.sheet.${sheetId}`

export interface SheetState {
  tab: string
  /** The tab's title and the params it takes, kept from its definition at set-up. */
  title: string
  params: string[]
  year?: number
  regionCode?: string
  /** The revision the sheet's figures were pulled at: a push is checked against it. */
  revision?: number
  pulledAt?: string
  /** The last row holding a mark: a mark may sit on a row since emptied, below the data. */
  marksThrough?: number
}

export function parseSheetState(text: string | null): SheetState | null {
  if (!text) return null
  try {
    const state = JSON.parse(text) as SheetState | null
    return state && typeof state.tab === 'string' && Array.isArray(state.params) ? state : null
  } catch {
    return null
  }
}

/** The address as the client wants it; a mistyped one is said when saved, not at the first pull. */
export function checkedUrl(input: unknown, t: Text): string {
  const url = String(input ?? '')
    .trim()
    .replace(/\/+$/, '')
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/i.test(url)) throw new Error(t.badUrl)
  return url
}

/** A year typed in the sidebar; blank means this year. */
export function checkedYear(input: unknown, t: Text): number | undefined {
  const text = String(input ?? '').trim()
  if (text === '') return undefined
  const year = Number(text)
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error(t.badYear(text))
  return year
}

/** A region code typed in the sidebar; blank means every region the token covers. */
export function checkedRegion(input: unknown, t: Text): string | undefined {
  const code = String(input ?? '').trim()
  if (code.length > 64) throw new Error(t.longRegion)
  return code === '' ? undefined : code
}

/** The params a tab is read and pushed with: only those the tab takes; the year defaults to this year. */
export function tabParams(state: SheetState, thisYear: number): TabParams {
  const params: TabParams = {}
  if (state.params.includes('year')) params.year = state.year ?? thisYear
  if (state.params.includes('regionCode') && state.regionCode) params.regionCode = state.regionCode
  return params
}

/** The note on the first title cell, so what the tab shows is visible without the sidebar. */
export function headerNote(state: SheetState, thisYear: number, t: Text): string {
  const params = tabParams(state, thisYear)
  const scope = [
    params.year === undefined ? null : t.note.year(params.year),
    state.params.includes('regionCode') ? (params.regionCode ? t.note.region(params.regionCode) : t.note.allRegions) : null,
  ].filter(Boolean)
  const pulled = state.revision === undefined ? t.note.notPulled : t.note.pulledAt(state.revision, state.pulledAt)
  return [t.note.tab(state.tab, state.title), scope.join(' · '), pulled].filter(Boolean).join('\n')
}
