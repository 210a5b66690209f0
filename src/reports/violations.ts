// Violations to work on: every open one, and those decided or raised in the last 30 days, with a
// one-line summary of their evidence so a pulled sheet reads without opening the JSON (./evidence.ts).
import type { Lang } from '../lib/lang'
import { addDays } from '../lib/time'
import { evidenceSummary, evidenceText, type Evidence } from './evidence'
import type { Column, Report, ReportContext, ReportParams, Row } from './report'
import { REGION_FILTER, regionFilterParam } from '../db/region-filter'
import { rowsOf } from './sql'

/** How far back closed violations are still "recent". */
export const RECENT_DAYS = 30

export const VIOLATIONS_COLUMNS: Column[] = [
  { key: 'id', title: 'ID', kind: 'count' },
  { key: 'kind', title: 'Kind 类型', kind: 'text', labels: 'violationKind' },
  { key: 'status', title: 'Status 状态', kind: 'text', labels: 'violationStatus' },
  { key: 'regionCode', title: 'Region 区域', kind: 'text' },
  { key: 'storeCode', title: 'Store 门店', kind: 'text' },
  { key: 'dealerCode', title: 'Dealer 经销商', kind: 'text' },
  { key: 'sku', title: 'SKU', kind: 'text' },
  { key: 'code', title: 'Code 码', kind: 'text' },
  { key: 'detectedAt', title: 'Detected 发现时间', kind: 'instant' },
  { key: 'evidence', title: 'Evidence 证据', kind: 'text' },
  { key: 'note', title: 'Note 备注', kind: 'text' },
]

/** `lang`: the report is drawn for a person (a page, a workbook), whose evidence reads in it. */
export async function violationsReport(ctx: ReportContext, params: ReportParams, lang?: Lang): Promise<Report> {
  const since = `${addDays(ctx.asOf, -RECENT_DAYS)}T00:00:00Z`
  const result = await ctx.env.DB.prepare(
    `SELECT id, kind, status, region_code, store_code, dealer_code, sku, code, detected_at, evidence, note FROM violations
     WHERE (status = 'open' OR detected_at >= ?2 OR decided_at >= ?2) AND ${REGION_FILTER}
     ORDER BY status = 'open' DESC, detected_at DESC, id DESC`,
  )
    .bind(regionFilterParam(ctx.regionCodes), since)
    .all()
  const evidenceOf = (kind: string, evidence: Evidence) => (lang ? evidenceText(kind, evidence, lang) : evidenceSummary(kind, evidence))
  const rows: Row[] = rowsOf(result).map((v) => ({
    id: v.id as number,
    kind: v.kind as string,
    status: v.status as string,
    regionCode: v.region_code as string,
    storeCode: v.store_code as string | null,
    dealerCode: v.dealer_code as string | null,
    sku: v.sku as string | null,
    code: v.code as string | null,
    detectedAt: v.detected_at as string,
    evidence: evidenceOf(v.kind as string, JSON.parse(v.evidence as string) as Evidence),
    note: v.note as string | null,
  }))
  return { report: 'violations', title: `Violations: open, and the last ${RECENT_DAYS} days`, params, asOf: ctx.asOf, columns: VIOLATIONS_COLUMNS, rows }
}
