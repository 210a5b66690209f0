// A product's cost price (成本价) over time, for the store P&L: a change is kept from the day it takes
// effect, so a sale is costed at the price of its own day (src/pnl/cost.ts) and a month already
// reported keeps its gross profit when the cost changes later. A product upsert row carries at most
// one cost; what it changes of the history is decided here, by the same rule the P&L reads it with.
import { asc, eq } from 'drizzle-orm'
import { inJsonArray, insertRows, type Statement } from '../db/bulk'
import { database, type Database } from '../db/client'
import { productCosts, products } from '../db/schema'
import type { Env } from '../env'
import { toMajorUnits } from '../lib/money'
import { notFound, type FieldError } from '../lib/problem'
import type { ParsedRow } from '../lib/rows'
import { costOn } from '../pnl/cost'
import type { ProductInput } from './schemas'

/** One entry of a cost history as upserts compare and audit it, in major units. */
export interface CostView {
  effectiveFrom: string
  costPrice: number
}

/** A product row of an upsert, with the cost history it changes once the stored product is loaded. */
export type ProductWrite = ProductInput & { priorCosts?: CostView[] }

const byDay = (a: CostView, b: CostView) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0)

/** The cost a row sends, on its day (withCostDays has filled in the default). */
export function rowCost(row: ProductInput): CostView | null {
  if (row.costPrice == null || row.costEffectiveFrom == null) return null
  return { effectiveFrom: row.costEffectiveFrom, costPrice: toMajorUnits(row.costPrice) }
}

/**
 * The history after a row's cost. Unchanged when the cost valid on that day is already this one,
 * so the same product sent again, on any later day, writes nothing; otherwise that day's entry is
 * added, or replaced when the day already has one (a correction of the same day).
 */
export function withCost(history: readonly CostView[], cost: CostView | null): CostView[] {
  const sorted = [...history].sort(byDay)
  if (cost === null || costOn(sorted, cost.effectiveFrom) === cost.costPrice) return sorted
  return [...sorted.filter((p) => p.effectiveFrom !== cost.effectiveFrom), cost].sort(byDay)
}

/** Rows that send a cost without its day take effect today (company time zone). */
export function withCostDays<B extends { rows: ParsedRow<ProductInput>[] }>(body: B, today: string): B {
  const dated = (value: ProductInput): ProductInput => (value.costPrice != null && value.costEffectiveFrom == null ? { ...value, costEffectiveFrom: today } : value)
  return { ...body, rows: body.rows.map((row) => ({ ...row, value: dated(row.value) })) }
}

/** Stored cost histories of the SKUs, by SKU, each in day order. */
export async function costHistories(db: Database, skus: string[]): Promise<Map<string, CostView[]>> {
  const rows = await db.select().from(productCosts).where(inJsonArray(productCosts.sku, skus)).orderBy(asc(productCosts.effectiveFrom)).all()
  const histories = new Map<string, CostView[]>()
  for (const r of rows) histories.set(r.sku, [...(histories.get(r.sku) ?? []), { effectiveFrom: r.effectiveFrom, costPrice: toMajorUnits(r.costPrice) }])
  return histories
}

/** The cost rows a write adds or replaces: only where the row changes its history. */
export function costWrites(inputs: ProductWrite[], now: string): Statement[] {
  const rows = inputs.flatMap((p) => {
    const cost = rowCost(p)
    const changed = cost !== null && costOn(p.priorCosts ?? [], cost.effectiveFrom) !== cost.costPrice
    return changed ? [{ sku: p.sku, effectiveFrom: cost.effectiveFrom, costPrice: p.costPrice!, setAt: now }] : []
  })
  return rows.length > 0 ? insertRows(productCosts, rows, { conflict: ['sku', 'effectiveFrom'] }) : []
}

/**
 * A cost above the row's list price is stored (a loss leader, a list price not yet raised) but
 * said, so a typo in either is seen before the P&L shows a negative margin.
 */
export function costWarnings(rows: readonly ParsedRow<ProductInput>[]): FieldError[] {
  return rows.flatMap(({ index, value }) =>
    value.costPrice != null && value.listPrice != null && value.costPrice > value.listPrice
      ? [{ path: `products.${index}.costPrice`, message: `is above listPrice (${toMajorUnits(value.listPrice)})`, code: 'above_list_price' }]
      : [],
  )
}

/** The cost price valid on `day` of every product that has one, minor units. */
export async function costsOn(env: Env, day: string): Promise<Map<string, number>> {
  const result = await env.DB.prepare(
    `SELECT sku, cost_price FROM product_costs c
     WHERE effective_from = (SELECT max(effective_from) FROM product_costs WHERE sku = c.sku AND effective_from <= ?)`,
  )
    .bind(day)
    .all<{ sku: string; cost_price: number }>()
  return new Map(result.results.map((r) => [r.sku, r.cost_price]))
}

/** A product's cost valid on `today` and its history, oldest first, with when each entry was written; 404 for an unknown SKU. */
export async function productCostHistory(env: Env, sku: string, today: string) {
  const db = database(env)
  const [product, rows] = await Promise.all([
    db.select({ sku: products.sku }).from(products).where(eq(products.sku, sku)).get(),
    db.select().from(productCosts).where(eq(productCosts.sku, sku)).orderBy(asc(productCosts.effectiveFrom)).all(),
  ])
  if (!product) throw notFound(`There is no product ${sku}.`)
  const current = costOn(rows, today)
  return {
    sku,
    costPrice: current === null ? null : toMajorUnits(current),
    costs: rows.map((r) => ({ effectiveFrom: r.effectiveFrom, costPrice: toMajorUnits(r.costPrice), setAt: r.setAt })),
  }
}
