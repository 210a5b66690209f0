// The tabs managers work in, defined once: fixed column keys (the add-on and bound sheets find columns by them), titles in Chinese
// and English, types, which cells are editable, and dropdown options. Targets and budgets are wide, one column per
// month, the way managers write them.
import type { Lang } from '../lib/lang'

export const TAB_NAMES = ['targets-region', 'targets-store', 'budgets', 'expenses', 'stock-limits'] as const
export type TabName = (typeof TAB_NAMES)[number]

export type ColumnType = 'code' | 'text' | 'money' | 'count' | 'date' | 'ratio' | 'status'

export interface Column {
  key: string
  /** In the reader's language, as the header row shows it; the key row above it is what the add-on and the write-back read. */
  title: string
  type: ColumnType
  editable: boolean
  options?: string[]
}

export interface Tab {
  name: TabName
  title: string
  params: string[]
  columns: Column[]
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const MONTH_KEYS = MONTH_NAMES.map((_, i) => `m${i + 1}`)

/**
 * A column with its title in both languages; `tabDefinitions` keeps the reader's. `mayBeLeftOut`:
 * an editable column added after sheets were set up, which a push from such a sheet may leave out
 * (what it leaves out has a meaning of its own, unlike a month that would read as 0).
 */
type ColumnWords = Omit<Column, 'title'> & { zh: string; en: string; mayBeLeftOut?: boolean }

const col = (key: string, zh: string, en: string, type: ColumnType, editable: boolean, options?: string[]): ColumnWords => ({
  key,
  zh,
  en,
  type,
  editable,
  ...(options ? { options } : {}),
})
const monthColumns = () => MONTH_NAMES.map((en, i) => col(`m${i + 1}`, `${i + 1}月`, en, 'money', true))

export interface TabOptions {
  regionCodes: string[]
  storeCodes: string[]
  departments: string[]
  categories: string[]
  skus: string[]
  locationCodes: string[]
}

/**
 * Every tab, its column titles in `lang`. Tab titles stay in both languages: they name the sheets
 * set up for them, and HQ binds a sheet by its name.
 */
export function tabDefinitions(options: TabOptions, lang: Lang = 'zh-CN'): Tab[] {
  return withWords(options).map((tab) => ({
    ...tab,
    columns: tab.columns.map(({ key, zh, en, type, editable, options: choices }) => ({ key, title: lang === 'en' ? en : zh, type, editable, ...(choices ? { options: choices } : {}) })),
  }))
}

function withWords(options: TabOptions): (Omit<Tab, 'columns'> & { columns: ColumnWords[] })[] {
  return [
    {
      name: 'targets-region',
      title: '区域目标 Region targets',
      params: ['year'],
      columns: [
        col('code', '区域', 'Region', 'code', true, options.regionCodes),
        col('name', '名称', 'Name', 'text', false),
        ...monthColumns(),
        col('total', '全年', 'Total', 'money', false),
        col('storeSum', '门店合计', 'Store sum', 'money', false),
        col('diff', '差额', 'Difference', 'money', false),
        col('status', '状态', 'Status', 'status', false),
      ],
    },
    {
      name: 'targets-store',
      title: '门店目标 Store targets',
      params: ['year', 'regionCode'],
      columns: [
        col('code', '门店', 'Store', 'code', true, options.storeCodes),
        col('name', '名称', 'Name', 'text', false),
        col('regionCode', '区域', 'Region', 'code', false),
        ...monthColumns(),
        col('total', '全年', 'Total', 'money', false),
        col('actualYtd', '累计实际', 'Actual YTD', 'money', false),
        col('targetToDate', '进度目标', 'Target to date', 'money', false),
        col('rate', '进度达成率', 'Rate to date', 'ratio', false),
        col('timeProgress', '时间进度', 'Time progress', 'ratio', false),
        col('pace', '进度', 'Pace', 'text', false),
      ],
    },
    {
      name: 'budgets',
      title: '费用预算 Budgets',
      params: ['year', 'regionCode'],
      columns: [
        col('regionCode', '区域', 'Region', 'code', true, options.regionCodes),
        col('department', '部门', 'Department', 'code', true, options.departments),
        col('category', '科目', 'Category', 'code', true, options.categories),
        ...monthColumns(),
        col('total', '全年', 'Total', 'money', false),
        col('spent', '已用', 'Spent', 'money', false),
        col('remaining', '剩余', 'Remaining', 'money', false),
      ],
    },
    {
      name: 'expenses',
      title: '费用报销 Expenses',
      params: ['year', 'regionCode'],
      columns: [
        col('expenseId', '单号', 'Expense id', 'text', true),
        col('regionCode', '区域', 'Region', 'code', true, options.regionCodes),
        // Blank for the region's own costs; a store's rent, staff or utilities go to its P&L.
        { ...col('storeCode', '门店', 'Store', 'code', true, options.storeCodes), mayBeLeftOut: true },
        col('department', '部门', 'Department', 'code', true, options.departments),
        col('category', '科目', 'Category', 'code', true, options.categories),
        col('incurredOn', '发生日期', 'Incurred on', 'date', true),
        col('amount', '金额', 'Amount', 'money', true),
        col('description', '说明', 'Description', 'text', true),
        col('status', '状态', 'Status', 'status', false),
        col('budgetAction', '预算检查', 'Budget check', 'status', false),
      ],
    },
    {
      name: 'stock-limits',
      title: '库存限额 Stock limits',
      params: ['regionCode'],
      columns: [
        col('locationCode', '门店/经销商', 'Location', 'code', true, options.locationCodes),
        col('sku', 'SKU', 'SKU', 'code', true, options.skus),
        col('min', '最低', 'Min', 'count', true),
        col('max', '最高', 'Max', 'count', true),
        col('onHand', '库存', 'On hand', 'count', false),
        col('turnoverDays', '周转天数', 'Turnover days', 'ratio', false),
        col('alert', '预警', 'Alert', 'status', false),
      ],
    },
  ]
}

/** A tab's column keys in order (options do not change them). */
export function columnKeys(tab: TabName): string[] {
  const none = { regionCodes: [], storeCodes: [], departments: [], categories: [], skus: [], locationCodes: [] }
  return tabDefinitions(none).find((t) => t.name === tab)!.columns.map((col) => col.key)
}

/** The keys a pushed row of the tab must carry: its editable columns, but those a push may leave out. */
export function editableKeys(tab: TabName): string[] {
  const none = { regionCodes: [], storeCodes: [], departments: [], categories: [], skus: [], locationCodes: [] }
  return withWords(none).find((t) => t.name === tab)!.columns.filter((col) => col.editable && !col.mayBeLeftOut).map((col) => col.key)
}
