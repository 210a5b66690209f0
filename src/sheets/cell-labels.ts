// What a tab's cells show a person: a department or category by its name (销售, Travel) and the
// read-only columns' enum values by their labels (已提交, 补货、滞销, 领先), in the reader's
// language, on a pull, in a push's computed answer and in the write-back. Only the department and
// category cells are ever read back (a push or the write-back's row lookup), and they take the
// key or either language's name; computed cells are never parsed, so their labels need no way back.
import { lineLists, type LineList } from '../budgets/config'
import type { SettingVars } from '../config'
import type { Lang } from '../lib/lang'
import { labelOf, type LabelGroup } from '../reports/html/i18n'
import { parseText, type Cell, type Parsed } from './cells'
import type { TabName } from './tabs'

/** The enum each tab's read-only columns carry, by column key. */
const ENUM_COLUMNS: Record<TabName, Record<string, LabelGroup>> = {
  'targets-region': { status: 'targetStatus' },
  'targets-store': { pace: 'pace' },
  budgets: {},
  expenses: { status: 'expenseStatus', budgetAction: 'budgetAction' },
  'stock-limits': { alert: 'stockAlert' },
}

/** Tabs whose rows name a department and a category. */
const LINE_TABS: ReadonlySet<TabName> = new Set(['budgets', 'expenses'])

/** A cell of several values (a location's stock alerts): 补货、滞销, or restock, slow mover. */
const joined = (labels: string[], lang: Lang) => labels.join(lang === 'en' ? ', ' : '、')

/**
 * The cells of a row of `tab` as the reader sees them: the same keys, with department, category
 * and enum values labelled in `lang`. A value without a label (a key configured without a built-in
 * name, an enum value the table lacks) shows as itself; blanks stay blank.
 */
export function cellLabeller(env: SettingVars, tab: TabName, lang: Lang): (values: Record<string, unknown>) => Record<string, unknown> {
  const lists = LINE_TABS.has(tab) ? lineLists(env) : undefined
  const enums = Object.entries(ENUM_COLUMNS[tab])
  return (values) => {
    const out = { ...values }
    if (lists) {
      if (typeof out.department === 'string') out.department = lists.departments.label(out.department, lang)
      if (typeof out.category === 'string') out.category = lists.categories.label(out.category, lang)
    }
    for (const [key, group] of enums) {
      const value = out[key]
      if (Array.isArray(value)) out[key] = value.length === 0 ? null : joined(value.map((v) => labelOf(group, String(v), lang)), lang)
      else if (typeof value === 'string') out[key] = labelOf(group, value, lang)
    }
    return out
  }
}

/** The dropdown of a department or category column: the configured keys' names in `lang`. */
export const optionsOf = (list: LineList, lang: Lang) => list.keys.map((key) => list.label(key, lang))

/**
 * A department or category cell: required text, read as the configured key it names (the key or
 * its name in either language). Text that names none stays as typed, for the check to refuse
 * with the names the reader may choose from.
 */
export function parseLineCell(cell: Cell, list: LineList): Parsed<string> {
  const text = parseText(cell)
  return text.ok ? { ok: true, value: list.keyOf(text.value) ?? text.value } : text
}
