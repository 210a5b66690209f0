// The stock-limits tab: minimum and maximum per location and SKU, with stock on hand, turnover
// days and the current alert computed beside them.
import { companyToday } from '../config'
import type { Env } from '../env'
import { limitGuards, limitRowErrors, regionOfLocation, saveLimits, type LimitInput } from '../inventory/limits'
import { locationsOf } from '../inventory/locations'
import { stockOf } from '../inventory/positions'
import { database } from '../db/client'
import type { FieldError } from '../lib/problem'
import { parseCode, parseCount } from './cells'
import type { CellError } from './protocol'
import { guardedCells, type TabSync } from './tab-sync'

/** On hand, turnover and alerts (their kinds, labelled in cell-labels.ts) of location × SKU pairs, for the computed columns. */
export async function stockColumns(env: Env, regionCodes: string[] | null) {
  const { lines, alerts } = await stockOf(env, regionCodes, companyToday(env))
  const key = (location: string, sku: string) => `${location}/${sku}`
  const alertOf = new Map<string, string[]>()
  for (const a of alerts) alertOf.set(key(a.locationCode, a.sku), [...(alertOf.get(key(a.locationCode, a.sku)) ?? []), a.kind])
  const positions = new Map(lines.map((l) => [key(l.locationCode, l.sku), l.position]))
  return (location: string, sku: string) => {
    const position = positions.get(key(location, sku))
    return { onHand: position?.onHand ?? null, turnoverDays: position?.turnoverDays ?? null, alert: alertOf.get(key(location, sku)) ?? null }
  }
}

const KEY_COLUMNS = ['locationCode', 'sku'] as const

/** A `limits.N.field` error of the API rule, where N is the sheet row, as the cell it names (a pair twice falls on the SKU). */
function limitCell(error: FieldError): CellError {
  const [, row, column] = /^limits\.(\d+)\.?(\w+)?/.exec(error.path) ?? []
  return { row: Number(row), column: column ?? 'sku', message: error.message }
}

/** The stock-limits tab: a location, a SKU and their minimum and maximum per row, checked by the API's own rule. */
export const stockLimitsTab: TabSync<LimitInput> = {
  parse: (values, cell) => ({
    locationCode: cell('locationCode', parseCode(values.locationCode), ''),
    sku: cell('sku', parseCode(values.sku), ''),
    min: cell('min', parseCount(values.min), 0),
    max: cell('max', parseCount(values.max), 0),
  }),
  async check(c, rows) {
    // Rows are named by their sheet row. A row whose location and SKU parsed is checked against the
    // data even when a count is bad; what a bad cell would make of a check (its fallback) is dropped.
    const keyed = rows.filter((r) => !KEY_COLUMNS.some((k) => r.bad.has(k)))
    const bad = new Map(keyed.map((r) => [r.row, r.bad]))
    const { errors } = await limitRowErrors(database(c.env), keyed.map((r) => ({ index: r.row, value: r.value })))
    return errors.map(limitCell).filter((e) => {
      const badCells = bad.get(e.row)!
      return !badCells.has(e.column) && !(e.column === 'min' && badCells.has('max'))
    })
  },
  async guard(c, rows) {
    const locations = await locationsOf(database(c.env), [...new Set(rows.map((r) => r.value.locationCode))])
    return guardedCells(rows, 'locationCode', (v) => regionOfLocation(locations, v.locationCode), limitGuards(c, locations))
  },
  async apply(c, rows, request) {
    const rowOfKey = new Map(rows.map((r) => [`${r.value.locationCode}/${r.value.sku}`, r.row]))
    await saveLimits(
      c,
      { rows: rows.map((r, index) => ({ index, value: r.value })), errors: [], partial: [] },
      { via: 'sheet', source: { spreadsheetId: request.spreadsheetId, sheetName: request.sheetName }, rowOf: (key) => rowOfKey.get(key) },
    )
    return { revision: 0 }
  },
  async computed(c) {
    const computed = await stockColumns(c.env, c.get('scope').readable())
    return (r) => computed(r.value.locationCode, r.value.sku)
  },
}
