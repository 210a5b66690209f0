// A report as an Excel workbook for Excel and WPS, written by exceljs (its browser build runs in
// workerd): one sheet named like the report's page (门店排名 2026年12月), whose header row carries
// the columns' titles in the reader's language (zh-CN unless `lang=en`) and stays frozen, and typed
// cells — money as numbers in ¥ with thousands separators, rates as percent, counts as whole
// numbers, days as dates, instants as date-times, flags as TRUE/FALSE, enum values by their labels
// as the page shows them. CSV and JSON keep the raw values.
// exceljs adds ~1.4 MB (~300 KB gzipped) to the worker; imported when a workbook is asked for, so
// no other request evaluates it.
import type { View } from './html/format'
import { labelOf, periodLabel, REPORT_NAMES, stockAlertsIn, titleIn, type Lang } from './html/i18n'
import type { Column, ColumnKind, Report } from './report'

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = { money: '"¥"#,##0.00', rate: '0.0%', count: '#,##0', day: 'yyyy-mm-dd', instant: 'yyyy-mm-dd hh:mm' }
const WIDTHS: Record<ColumnKind, number> = { text: 16, money: 16, rate: 10, count: 10, day: 12, flag: 8, pace: 14, instant: 18 }

function cellValue(column: Column, value: string | number | boolean | null, { lang, timeZone }: View): string | number | boolean | Date | null {
  if (value === null && column.unknown) return lang === 'en' ? 'unknown' : '未知'
  if (value === null || value === '') return null
  if (column.kind === 'day' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`)
  if (column.kind === 'instant' && typeof value === 'string') return wallClock(value, timeZone)
  if (column.kind === 'pace') return labelOf('pace', String(value), lang)
  if (column.labels === 'stockAlert') return stockAlertsIn(String(value), lang)
  if (column.labels) return labelOf(column.labels, String(value), lang)
  return value
}

const wallClocks = new Map<string, Intl.DateTimeFormat>()
/**
 * Excel has no time zones: an instant is written as the company's wall-clock time (as a page shows
 * it), a Date whose UTC fields are that time, which exceljs writes as the serial Excel reads.
 */
function wallClock(iso: string, timeZone: string): Date | string {
  let format = wallClocks.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
    wallClocks.set(timeZone, format)
  }
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  // An engine may say hour 24 for midnight; it is hour 0 of the same day.
  const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, Number(p.value)]))
  return new Date(Date.UTC(part.year!, part.month! - 1, part.day!, part.hour! % 24, part.minute!, part.second!))
}

const SHEET_NAME_MAX = 31

/** The sheet's name: the report's name and period as its page titles them (the page joins them with " · "). */
function sheetTitle(report: Report, lang: Lang): string {
  const name = REPORT_NAMES[report.report][lang === 'en' ? 1 : 0]
  if (report.report === 'violations') return name
  const { year, month, week } = report.params
  const full = `${name} ${periodLabel(report.params, lang, report.report)}`
  // "Store ranking 2026, year to date" is a character too long for a sheet name: it says YTD instead.
  const ytd = report.report !== 'completeness' && month === undefined && week === undefined
  return ytd && full.length > SHEET_NAME_MAX ? `${name} ${year} ${lang === 'en' ? 'YTD' : '年初至今'}` : full
}

/**
 * A name Excel accepts: none of []:*?/\ , no apostrophe at either end, at most 31 characters —
 * cut at the last space that fits rather than inside a word, and never inside a character.
 */
export function sheetName(title: string): string {
  const clean = title.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').replace(/^[' ]+|[' ]+$/g, '')
  const chars = [...clean]
  if (chars.length <= SHEET_NAME_MAX) return clean || 'Sheet1'
  const head = chars.slice(0, SHEET_NAME_MAX + 1).join('')
  const space = head.lastIndexOf(' ')
  const cut = space > 0 ? head.slice(0, space) : chars.slice(0, SHEET_NAME_MAX).join('')
  return cut.replace(/[\s,;:·–-]+$/, '').replace(/'+$/, '')
}

export async function reportWorkbook(report: Report, view: View): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs/dist/exceljs.min.js')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'regionops'
  const sheet = workbook.addWorksheet(sheetName(sheetTitle(report, view.lang)), { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = report.columns.map((c) => ({ header: titleIn(c.title, view.lang), key: c.key, width: WIDTHS[c.kind], style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {} }))
  sheet.getRow(1).font = { bold: true }
  for (const row of report.rows) sheet.addRow(Object.fromEntries(report.columns.map((c) => [c.key, cellValue(c, row[c.key] ?? null, view)])))
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer
}
