// Receivables ageing (账龄) as of any day: what each dealer still owes by days past the due date
// — current (not yet due), 1–30, 31–60, 61–90 and over 90 — counting only invoices issued and
// payments received by that day, and the credit received but not yet applied.
import { regionFilterParam, regionFilterSql } from '../db/region-filter'
import { toMajorUnits } from '../lib/money'

/** Open receivables by days overdue as of a day, per dealer and per region, with unapplied credit. */
export async function receivablesAgeing(d1: D1Database, regionCodes: string[] | null, asOf: string) {
  const { results } = await d1.prepare(
    `WITH open AS (
       SELECT i.dealer_code, i.region_code, i.due_on,
              i.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a JOIN payments p ON p.payment_id = a.payment_id
                                   WHERE a.invoice_id = i.invoice_id AND p.received_on <= ?1), 0) AS open
       FROM invoices i WHERE i.issued_on <= ?1 AND ${regionFilterSql(2, 'i.region_code')}),
     credit AS (
       SELECT p.dealer_code, p.region_code,
              p.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a JOIN invoices i ON i.invoice_id = a.invoice_id
                                   WHERE a.payment_id = p.payment_id AND i.issued_on <= ?1), 0) AS credit
       FROM payments p WHERE p.received_on <= ?1 AND ${regionFilterSql(2, 'p.region_code')})
     SELECT dealer_code, region_code,
            sum(CASE WHEN overdue <= 0 THEN open ELSE 0 END) AS current,
            sum(CASE WHEN overdue BETWEEN 1 AND 30 THEN open ELSE 0 END) AS d1to30,
            sum(CASE WHEN overdue BETWEEN 31 AND 60 THEN open ELSE 0 END) AS d31to60,
            sum(CASE WHEN overdue BETWEEN 61 AND 90 THEN open ELSE 0 END) AS d61to90,
            sum(CASE WHEN overdue > 90 THEN open ELSE 0 END) AS over90,
            sum(open) AS total, sum(credit) AS credit
     FROM (SELECT dealer_code, region_code, CAST(julianday(?1) - julianday(due_on) AS INTEGER) AS overdue, open, 0 AS credit FROM open WHERE open > 0
           UNION ALL SELECT dealer_code, region_code, 0, 0, credit FROM credit WHERE credit > 0)
     GROUP BY dealer_code, region_code ORDER BY region_code, dealer_code`,
  )
    .bind(asOf, regionFilterParam(regionCodes))
    .all<Record<string, string | number>>()
  const money = ['current', 'd1to30', 'd31to60', 'd61to90', 'over90', 'total', 'credit'] as const
  const dealerRows = results.map((r) => ({
    dealerCode: String(r.dealer_code),
    regionCode: String(r.region_code),
    ...Object.fromEntries(money.map((k) => [k, toMajorUnits(Number(r[k]))])),
  })) as { dealerCode: string; regionCode: string; current: number; d1to30: number; d31to60: number; d61to90: number; over90: number; total: number; credit: number }[]
  const regionTotals = new Map<string, Record<(typeof money)[number], number>>()
  for (const row of results) {
    const totals = regionTotals.get(String(row.region_code)) ?? Object.fromEntries(money.map((k) => [k, 0]))
    for (const k of money) totals[k] += Number(row[k])
    regionTotals.set(String(row.region_code), totals as Record<(typeof money)[number], number>)
  }
  const regionRows = [...regionTotals].map(([regionCode, totals]) => ({
    regionCode,
    ...(Object.fromEntries(money.map((k) => [k, toMajorUnits(totals[k])])) as Record<(typeof money)[number], number>),
  }))
  return { asOf, dealers: dealerRows, regions: regionRows }
}
