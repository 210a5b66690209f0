// Targets of months that have ended are what achievement was read against: a manager may no
// longer change them (lowering a closed month would turn a 95% store into 104%), and HQ changes
// them only with a reason, which the audit keeps. A row that sends a closed month's stored amount
// again (every sheet push carries all twelve months) changes nothing and passes.
import { and, eq } from 'drizzle-orm'
import { inJsonArray } from '../db/bulk'
import type { Database } from '../db/client'
import { targets } from '../db/schema'
import type { ParsedRow } from '../lib/rows'
import { monthEnd } from '../lib/time'
import type { Level, Metric } from './repository'

/** Whether a month's last day is before `today` (company time). */
export const monthEnded = (year: number, month: number, today: string): boolean => monthEnd(year, month) < today

export interface ClosedMonthRule {
  year: number
  today: string
  isAdmin: boolean
  reason?: string
}

type MonthAmount = { code: string; month: number; amount: number }

/** Rows that would change a month that has ended; `stored` answers undefined for a month never set (0). */
export function closedMonthChanges<T extends MonthAmount>(rows: ParsedRow<T>[], stored: (code: string, month: number) => number | undefined, rule: ClosedMonthRule): ParsedRow<T>[] {
  if (rule.isAdmin && rule.reason) return []
  return rows.filter(({ value }) => monthEnded(rule.year, value.month, rule.today) && (stored(value.code, value.month) ?? 0) !== value.amount)
}

export function closedMonthMessage(year: number, month: number, isAdmin: boolean): string {
  const label = `${year}-${String(month).padStart(2, '0')}`
  return isAdmin
    ? `${label} has ended: its target changes only through PUT /v1/targets with a reason, which the audit keeps`
    : `${label} has ended: its target is locked; HQ may change it with a reason`
}

/** The stored amounts of the ended months the rows name, for `closedMonthChanges`. */
export async function storedClosedMonths(db: Database, metric: Metric, level: Level, rows: ParsedRow<MonthAmount>[], rule: ClosedMonthRule) {
  const codes = [...new Set(rows.filter((r) => monthEnded(rule.year, r.value.month, rule.today)).map((r) => r.value.code))]
  if (codes.length === 0 || (rule.isAdmin && rule.reason)) return () => undefined
  const found = await db
    .select({ code: targets.code, month: targets.month, amount: targets.amount })
    .from(targets)
    .where(and(eq(targets.metric, metric), eq(targets.year, rule.year), eq(targets.level, level), inJsonArray(targets.code, codes)))
    .all()
  const amounts = new Map(found.map((t) => [`${t.code}/${t.month}`, t.amount]))
  return (code: string, month: number) => amounts.get(`${code}/${month}`)
}
