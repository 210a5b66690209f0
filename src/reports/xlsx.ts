// A report as an Excel workbook for Excel and WPS, written by exceljs (its browser build runs in
// workerd): one sheet whose header row carries the columns' titles in the reader's language (zh-CN
// unless `lang=en`) and stays frozen, and typed cells — money as numbers in ¥ with thousands separators, rates as percent,
// counts as whole numbers, days as dates, flags as TRUE/FALSE. CSV and JSON keep the raw values.
// exceljs adds ~1.4 MB (~300 KB gzipped) to the worker; imported when a workbook is asked for, so
// no other request evaluates it.
import { formatInstant, type View } from './html/format'
import { labelOf, titleIn } from './html/i18n'
import type { Column, ColumnKind, Report } from './report'

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = { money: '"¥"#,##0.00', rate: '0.0%', count: '#,##0', day: 'yyyy-mm-dd' }
const WIDTHS: Record<ColumnKind, number> = { text: 16, money: 16, rate: 10, count: 10, day: 12, flag: 8, pace: 14, instant: 18 }

function cellValue(column: Column, value: string | number | boolean | null, { lang, timeZone }: View): string | number | boolean | Date | null {
  if (value === null || value === '') return null
  if (column.kind === 'day' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`)
  // Excel has no time zone: an instant is written as the company's wall-clock time, as a page shows it.
  if (column.kind === 'instant' && typeof value === 'string') return formatInstant(value, timeZone)
  if (column.kind === 'pace') return labelOf('pace', String(value), lang)
  if (column.labels && column.labels !== 'stockAlert') return labelOf(column.labels, String(value), lang)
  return value
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
const sheetName = (title: string) => title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31)

export async function reportWorkbook(report: Report, view: View): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs/dist/exceljs.min.js')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'regionops'
  const sheet = workbook.addWorksheet(sheetName(report.title), { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = report.columns.map((c) => ({ header: titleIn(c.title, view.lang), key: c.key, width: WIDTHS[c.kind], style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {} }))
  sheet.getRow(1).font = { bold: true }
  for (const row of report.rows) sheet.addRow(Object.fromEntries(report.columns.map((c) => [c.key, cellValue(c, row[c.key] ?? null, view)])))
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer
}
