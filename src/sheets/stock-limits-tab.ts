// The stock-limits tab: minimum and maximum per location and SKU, with stock on hand, turnover
// days and the current alert computed beside them.
import type { Context } from 'hono'
import { companyToday } from '../config'
import type { AppEnv, Env } from '../env'
import { saveLimits } from '../inventory/limits'
import { stockOf } from '../inventory/positions'
import { Problem } from '../lib/problem'
import { parseCode, parseCount } from './cells'
import { cellProblem, type CellError, type SyncRequest } from './protocol'

/** On hand, turnover and alerts of location × SKU pairs, for the computed columns. */
export async function stockColumns(env: Env, regionCodes: string[] | null) {
  const { lines, alerts } = await stockOf(env, regionCodes, companyToday(env))
  const key = (location: string, sku: string) => `${location}/${sku}`
  const alertOf = new Map<string, string[]>()
  for (const a of alerts) alertOf.set(key(a.locationCode, a.sku), [...(alertOf.get(key(a.locationCode, a.sku)) ?? []), a.kind])
  const positions = new Map(lines.map((l) => [key(l.locationCode, l.sku), l.position]))
  return (location: string, sku: string) => {
    const position = positions.get(key(location, sku))
    return { onHand: position?.onHand ?? null, turnoverDays: position?.turnoverDays ?? null, alert: alertOf.get(key(location, sku))?.join(', ') ?? null }
  }
}

export async function syncStockLimitsTab(c: Context<AppEnv>, request: SyncRequest) {
  const errors: CellError[] = []
  const parsed = request.rows.map(({ row, values }) => {
    const field = <T>(column: string, result: { ok: true; value: T } | { ok: false; message: string }, fallback: T): T => {
      if (!result.ok) errors.push({ row, column, message: result.message })
      return result.ok ? result.value : fallback
    }
    return {
      row,
      limit: {
        locationCode: field('locationCode', parseCode(values.locationCode), ''),
        sku: field('sku', parseCode(values.sku), ''),
        min: field('min', parseCount(values.min), 0),
        max: field('max', parseCount(values.max), 0),
      },
    }
  })
  if (errors.length > 0) throw cellProblem(errors)
  const rowOfKey = new Map(parsed.map((p) => [`${p.limit.locationCode}/${p.limit.sku}`, p.row]))
  try {
    await saveLimits(
      c,
      parsed.map((p) => p.limit),
      { via: 'sheet', source: { spreadsheetId: request.spreadsheetId, sheetName: request.sheetName }, rowOf: (key) => rowOfKey.get(key) },
    )
  } catch (error) {
    if (!(error instanceof Problem) || error.status !== 422 || !error.errors) throw error
    throw cellProblem(
      error.errors.map((e) => {
        const [, index, column] = /^limits\.(\d+)\.?(\w+)?/.exec(e.path) ?? []
        return { row: parsed[Number(index)]!.row, column: column ?? 'sku', message: e.message }
      }),
    )
  }
  const computed = await stockColumns(c.env, c.get('scope').readable())
  return { revision: 0, applied: parsed.length, computed: parsed.map((p) => ({ row: p.row, values: computed(p.limit.locationCode, p.limit.sku) })) }
}
