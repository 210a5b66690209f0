// How figures read on a page: money in ¥ with thousands separators (whole amounts without .00),
// 万 and 亿 where a card or an axis has no room, rates as percentages, instants in the company's
// time zone, enum values by their labels in the reader's language.
import type { Column, ColumnKind } from '../report'
import { labelOf, stockAlertsIn, type Lang } from './i18n'

export interface View {
  lang: Lang
  /** Where the company is (COMPANY_TZ): every time on a page is read there. */
  timeZone: string
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** ¥47,586,408 and ¥1,234.50: the fen shown only when there are any. */
export function formatMoney(value: number): string {
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  return `${sign}¥${Number.isInteger(abs) ? whole.format(abs) : cents.format(abs)}`
}

/** ¥4,758.6万, ¥1.2亿: a card's figure; the exact one goes beside it. */
export function formatMoneyCompact(value: number): string {
  const abs = Math.abs(value)
  const sign = value < 0 ? '-' : ''
  // Rounded first: ¥99,999,600 is ¥1亿, not ¥10,000万.
  if (Math.round(abs / 1e3) >= 1e5) return `${sign}¥${cents.format(+(abs / 1e8).toFixed(2)).replace(/\.?0+$/, '')}亿`
  if (abs >= 1e5) return `${sign}¥${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(abs / 1e4)}万`
  return formatMoney(value)
}

export const formatRate = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)

export function formatCompact(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e8) return `${+(value / 1e8).toFixed(1)}亿`
  if (abs >= 1e4) return `${+(value / 1e4).toFixed(1)}万`
  return String(Math.round(value))
}

const instantFormats = new Map<string, Intl.DateTimeFormat>()
/** An ISO instant as "2026-12-03 14:05" where the company is. */
export function formatInstant(iso: string, timeZone: string): string {
  let format = instantFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    instantFormats.set(timeZone, format)
  }
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : format.format(date).replace(', ', ' ')
}

/** Pace as a reader sees it (JSON and CSV keep `ahead`, `on_track`, `behind`). */
export const paceLabel = (pace: string, lang: Lang) => labelOf('pace', pace, lang)

export function formatCell(column: Pick<Column, 'kind' | 'labels' | 'unknown'>, value: string | number | boolean | null, view: View): string {
  const kind: ColumnKind = column.kind
  if (value === null && column.unknown) return view.lang === 'en' ? 'unknown' : '未知'
  if (value === null || value === '') return '—'
  if (kind === 'money' && typeof value === 'number') return formatMoney(value)
  if (kind === 'rate' && typeof value === 'number') return formatRate(value)
  if (kind === 'flag') return labelOf('flag', String(Boolean(value)), view.lang)
  if (kind === 'pace') return paceLabel(String(value), view.lang)
  if (kind === 'instant' && typeof value === 'string') return formatInstant(value, view.timeZone)
  if (column.labels === 'stockAlert') return stockAlertsIn(String(value), view.lang)
  if (column.labels) return labelOf(column.labels, String(value), view.lang)
  return String(value)
}
