// The departments and expense categories a company uses: configured lists (settings in
// src/config.ts), so a typo in a sheet is an error rather than a new department. Each is stored
// and answered in JSON by its key (`travel`); people read and may type its name in Chinese or
// English (差旅, Travel), which the built-in names below give the usual keys. A configured key
// without a built-in name shows as itself.
import { settingsOf, type Settings, type SettingVars } from '../config'
import type { Lang } from '../lib/lang'

type Names = Readonly<Record<string, readonly [zh: string, en: string]>>

const DEPARTMENT_NAMES: Names = {
  sales: ['销售', 'Sales'],
  marketing: ['市场', 'Marketing'],
  operations: ['运营', 'Operations'],
  admin: ['行政', 'Admin'],
  hr: ['人力资源', 'HR'],
  finance: ['财务', 'Finance'],
  it: ['信息技术', 'IT'],
  logistics: ['物流', 'Logistics'],
  purchasing: ['采购', 'Purchasing'],
  customer_service: ['客服', 'Customer service'],
}

const CATEGORY_NAMES: Names = {
  rent: ['房租', 'Rent'],
  travel: ['差旅', 'Travel'],
  marketing: ['市场推广', 'Marketing'],
  staff: ['人工', 'Staff'],
  office: ['办公', 'Office'],
  logistics: ['物流', 'Logistics'],
  utilities: ['水电', 'Utilities'],
  entertainment: ['业务招待', 'Entertainment'],
  training: ['培训', 'Training'],
  advertising: ['广告', 'Advertising'],
  maintenance: ['维修', 'Maintenance'],
  equipment: ['设备', 'Equipment'],
  communication: ['通讯', 'Communication'],
  decoration: ['装修', 'Decoration'],
  other: ['其他', 'Other'],
}

/** A configured list with the names people read it by. */
export interface LineList {
  /** The configured keys, in their configured order. */
  readonly keys: readonly string[]
  /** A key's name in `lang`; a key without a built-in name shows as itself. */
  label(key: string, lang: Lang): string
  /** The configured key `text` names: the key, or its Chinese or English name (any case, full or half width); else undefined. */
  keyOf(text: string): string | undefined
}

/** What a typed name is compared by: `Ｔｒａｖｅｌ `, `TRAVEL` and `travel` are one. */
const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase()

function lineList(keys: readonly string[], names: Names): LineList {
  const label = (key: string, lang: Lang) => names[key]?.[lang === 'en' ? 1 : 0] ?? key
  const byText = new Map<string, string>()
  // Keys first: a configured key that reads like another key's name still means itself.
  for (const key of keys) if (!byText.has(fold(key))) byText.set(fold(key), key)
  for (const key of keys) for (const name of names[key] ?? []) if (!byText.has(fold(name))) byText.set(fold(name), key)
  return { keys, label, keyOf: (text) => (keys.includes(text) ? text : byText.get(fold(text))) }
}

const built = new WeakMap<Settings, { departments: LineList; categories: LineList }>()

/** The configured departments and categories with their names, built once per environment. */
export function lineLists(env: SettingVars): { departments: LineList; categories: LineList } {
  const settings = settingsOf(env)
  let lists = built.get(settings)
  if (!lists) {
    lists = { departments: lineList(settings.departments, DEPARTMENT_NAMES), categories: lineList(settings.expenseCategories, CATEGORY_NAMES) }
    built.set(settings, lists)
  }
  return lists
}

/**
 * The line with a department or category given by its name (销售, Travel) turned into its key,
 * as it is stored; one that names nothing configured (or is left out) stays as it was, for
 * `unknownLineErrors` to name.
 */
export function keyedLine<T extends { department?: string; category?: string }>(env: SettingVars, line: T): T {
  const { departments, categories } = lineLists(env)
  const department = line.department ? departments.keyOf(line.department) : undefined
  const category = line.category ? categories.keyOf(line.category) : undefined
  return { ...line, ...(department === undefined ? {} : { department }), ...(category === undefined ? {} : { category }) }
}

/**
 * What a reader may give instead: on a sheet the names its dropdown offers (销售, 市场…), in the
 * API the keys, each with its name where that says more than the key (`sales (销售)`).
 */
function choices(list: LineList, lang: Lang, shown: 'names' | 'keys'): string {
  if (shown === 'names') return list.keys.map((key) => list.label(key, lang)).join(', ')
  return list.keys.map((key) => (fold(list.label(key, lang)) === fold(key) ? key : `${key} (${list.label(key, lang)})`)).join(', ')
}

/** Errors for a department or category (keyed by keyedLine) outside the configured lists. */
export function unknownLineErrors(env: SettingVars, line: { department: string; category: string }, path: string, lang: Lang, shown: 'names' | 'keys' = 'keys') {
  const { departments, categories } = lineLists(env)
  return [
    ...(departments.keys.includes(line.department) ? [] : [{ path: `${path}department`, message: `must be one of ${choices(departments, lang, shown)}`, code: 'unknown_department' }]),
    ...(categories.keys.includes(line.category) ? [] : [{ path: `${path}category`, message: `must be one of ${choices(categories, lang, shown)}`, code: 'unknown_category' }]),
  ]
}

type Lined = { department?: string; category?: string }

/** `keyedLine` over every row of a bulk write, parsed or partial (CSV uploads too). */
export function keyedRows<B extends { rows: { index: number; value: Lined }[]; partial: { index: number; value: Lined }[] }>(env: SettingVars, body: B): B {
  const keyed = <R extends { index: number; value: Lined }>(rows: R[]): R[] => rows.map((r) => ({ ...r, value: keyedLine(env, r.value) }))
  return { ...body, rows: keyed(body.rows), partial: keyed(body.partial) }
}
