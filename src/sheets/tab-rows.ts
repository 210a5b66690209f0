// What the add-on reads: the tab definitions with the caller's dropdown options, and a tab's rows
// in column order for the caller's regions, their names and statuses in the caller's language
// (cell-labels.ts).
import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { lineLists } from '../budgets/config'
import { database } from '../db/client'
import { dealers, expenses, inventoryLimits, products, regions, stores } from '../db/schema'
import type { AppEnv } from '../env'
import { langOf } from '../lib/lang'
import { toMajorUnits } from '../lib/money'
import { readBudgetsTab } from './budgets-tab'
import { cellLabeller, optionsOf } from './cell-labels'
import { stockColumns } from './stock-limits-tab'
import { readTargetsTab } from './targets-tabs'
import { columnKeys, MONTH_KEYS, tabDefinitions, type TabName } from './tabs'

/** Every tab with the dropdown options of the caller's regions, its column titles in the caller's language. */
export async function tabsWithOptions(c: Context<AppEnv>) {
  const db = database(c.env)
  const scope = c.get('scope')
  const [regionRows, storeRows, dealerRows, productRows] = await Promise.all([
    db.select({ code: regions.code }).from(regions).where(scope.where(regions.code)).orderBy(regions.code).all(),
    db.select({ code: stores.code }).from(stores).where(scope.where(stores.regionCode)).orderBy(stores.code).all(),
    db.select({ code: dealers.code }).from(dealers).where(scope.where(dealers.regionCode)).orderBy(dealers.code).all(),
    db.select({ sku: products.sku }).from(products).orderBy(products.sku).all(),
  ])
  const lang = langOf(c)
  const { departments, categories } = lineLists(c.env)
  const options = {
    regionCodes: regionRows.map((r) => r.code),
    storeCodes: storeRows.map((s) => s.code),
    // Departments and categories by name, as their cells show them; a push takes the name or the key.
    departments: optionsOf(departments, lang),
    categories: optionsOf(categories, lang),
    skus: productRows.map((p) => p.sku),
    locationCodes: [...storeRows.map((s) => s.code), ...dealerRows.map((d) => d.code)],
  }
  return tabDefinitions(options, lang)
}

/** A tab's rows in column order, with the revision a push must name. */
export async function tabRows(c: Context<AppEnv>, tab: TabName, year: number, regionCode?: string): Promise<{ revision: number; rows: unknown[][] }> {
  const keys = columnKeys(tab)
  const labelled = cellLabeller(c.env, tab, langOf(c))
  const line = (values: Record<string, unknown>) => {
    const cells = labelled(values)
    return keys.map((key) => cells[key] ?? null)
  }
  if (tab === 'targets-region' || tab === 'targets-store') {
    const { revision, codes, months, computed } = await readTargetsTab(c, tab === 'targets-region' ? 'region' : 'store', year, regionCode)
    return {
      revision,
      rows: codes.map((code) => {
        const m = months.get(code) ?? Array(12).fill(0)
        return line({ code, ...Object.fromEntries(MONTH_KEYS.map((key, i) => [key, toMajorUnits(m[i]!)])), ...computed.get(code) })
      }),
    }
  }
  if (tab === 'budgets') {
    const { revision, rows } = await readBudgetsTab(c, year, regionCode)
    return { revision, rows: rows.map((r) => line({ ...r, ...Object.fromEntries(MONTH_KEYS.map((key, i) => [key, toMajorUnits(r.months[i]!)])), ...r.computed })) }
  }
  const scope = c.get('scope')
  if (tab === 'expenses') {
    const rows = await database(c.env)
      .select()
      .from(expenses)
      .where(and(eq(expenses.year, year), scope.where(expenses.regionCode, regionCode)))
      .orderBy(expenses.incurredOn, expenses.expenseId)
      .all()
    return { revision: 0, rows: rows.map((e) => line({ ...e, amount: toMajorUnits(e.amount) })) }
  }
  const computed = await stockColumns(c.env, scope.readable(regionCode))
  const limits = await database(c.env).select().from(inventoryLimits).where(scope.where(inventoryLimits.regionCode, regionCode)).orderBy(inventoryLimits.locationCode, inventoryLimits.sku).all()
  return { revision: 0, rows: limits.map((l) => line({ ...l, ...computed(l.locationCode, l.sku) })) }
}

