// How figures read on a page: money with thousands separators, rates as percentages, big axis
// values in 万 and 亿 as Chinese managers read them.
import type { ColumnKind } from '../report'

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

export const formatMoney = (value: number) => money.format(value)

export const formatRate = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)

export function formatCompact(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e8) return `${+(value / 1e8).toFixed(1)}亿`
  if (abs >= 1e4) return `${+(value / 1e4).toFixed(1)}万`
  return String(Math.round(value))
}

/** Pace as a reader sees it (the JSON and CSV keep `ahead`, `on_track`, `behind`). */
export const PACE_LABELS: Record<string, string> = { ahead: '领先 ahead', on_track: '持平 on track', behind: '落后 behind' }

export function formatCell(kind: ColumnKind, value: string | number | boolean | null): string {
  if (value === null || value === '') return '—'
  if (kind === 'money' && typeof value === 'number') return formatMoney(value)
  if (kind === 'rate' && typeof value === 'number') return formatRate(value)
  if (kind === 'flag') return value ? 'yes' : 'no'
  if (kind === 'pace') return PACE_LABELS[String(value)] ?? String(value)
  return String(value)
}
