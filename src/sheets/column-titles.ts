// A column's title in the reader's language, for the `title` of each sync error and conflict. The
// words are the header row's own (tabs.ts), so '3月 (F4)' names the column the manager sees above
// the cell; `column` keeps the key, which never changes with the language.
import type { Lang } from '../lib/lang'
import { tabDefinitions, type TabName } from './tabs'

const NO_OPTIONS = { regionCodes: [], storeCodes: [], departments: [], categories: [], skus: [], locationCodes: [] }

/** Per language, per tab: key → title. Built once, on first use. */
const byLang = new Map<Lang, Map<TabName, Map<string, string>>>()

function titlesIn(lang: Lang): Map<TabName, Map<string, string>> {
  let tabs = byLang.get(lang)
  if (!tabs) {
    tabs = new Map(tabDefinitions(NO_OPTIONS, lang).map((tab) => [tab.name, new Map(tab.columns.map((col) => [col.key, col.title]))]))
    byLang.set(lang, tabs)
  }
  return tabs
}

/**
 * The title of `key` on `tab`. A key the tab lacks (a rule shared with the API may name one) takes
 * its title on another tab, else stays the key: an entry always says which column it means.
 */
export function columnTitle(tab: TabName, key: string, lang: Lang): string {
  const tabs = titlesIn(lang)
  const own = tabs.get(tab)?.get(key)
  if (own !== undefined) return own
  for (const titles of tabs.values()) {
    const other = titles.get(key)
    if (other !== undefined) return other
  }
  return key
}

/** `columnTitle` for one tab and language, as a sync answers with it. */
export const columnTitler =
  (tab: TabName, lang: Lang) =>
  (key: string): string =>
    columnTitle(tab, key, lang)
