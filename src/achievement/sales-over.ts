// Net sales over any span of days per store or region: whole months from the monthly rollup,
// and only the days at either end from the daily one — a year to date reads 12 rows a store, not
// 330. Every span's statements go in one D1 batch.
import { REGION_FILTER, regionFilterParam } from '../db/region-filter'
import { addDays, monthEnd, monthStart } from '../lib/time'

export interface Span {
  from: string
  to: string
}

/** The whole months of a span (`YYYY-MM`), and the runs of days outside them. */
export function splitSpan(span: Span): { months: string[]; days: Span[] } {
  const months: string[] = []
  const days: Span[] = []
  for (let cursor = span.from; cursor <= span.to; ) {
    const year = Number(cursor.slice(0, 4))
    const month = Number(cursor.slice(5, 7))
    const end = monthEnd(year, month) < span.to ? monthEnd(year, month) : span.to
    if (cursor === monthStart(year, month) && end === monthEnd(year, month)) months.push(cursor.slice(0, 7))
    else days.push({ from: cursor, to: end })
    cursor = addDays(end, 1)
  }
  return { months, days }
}

/** For each span, code (store or region) → net sales in minor units; codes without sales are absent. */
export async function salesOver(d1: D1Database, level: 'store' | 'region', regionCodes: string[] | null, spans: Span[]): Promise<Map<string, number>[]> {
  const key = level === 'store' ? 'store_code' : 'region_code'
  const regions = regionFilterParam(regionCodes)
  const statements: { span: number; statement: D1PreparedStatement }[] = []
  spans.forEach((span, index) => {
    const { months, days } = splitSpan(span)
    if (months.length > 0) {
      statements.push({
        span: index,
        statement: d1
          .prepare(`SELECT ${key} AS code, sum(amount) AS amount FROM sales_monthly WHERE month IN (SELECT value FROM json_each(?2)) AND ${REGION_FILTER} GROUP BY 1`)
          .bind(regions, JSON.stringify(months)),
      })
    }
    for (const run of days) {
      statements.push({
        span: index,
        statement: d1.prepare(`SELECT ${key} AS code, sum(amount) AS amount FROM sales_daily WHERE day BETWEEN ?2 AND ?3 AND ${REGION_FILTER} GROUP BY 1`).bind(regions, run.from, run.to),
      })
    }
  })
  const sums = spans.map(() => new Map<string, number>())
  if (statements.length === 0) return sums
  const results = await d1.batch<{ code: string; amount: number }>(statements.map((s) => s.statement))
  results.forEach((result, i) => {
    const into = sums[statements[i]!.span]!
    for (const row of result.results) into.set(row.code, (into.get(row.code) ?? 0) + row.amount)
  })
  return sums
}
