// Achievement per store or region from the sales rollups (this period, and last year's for YoY and
// the forecast) and the monthly targets, for any region scope.
import { and, eq, inArray } from 'drizzle-orm'
import { database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { regions, stores, targets } from '../db/schema'
import type { Env } from '../env'
import { toMajorUnits } from '../lib/money'
import { lastYearCurve } from './curve'
import { forecast, lastYearOf, periodOf, ratio, spanTarget, yoy, type Period, type PeriodRequest } from './measures'
import { paceOf, rateToDate, toDate, type Pace, type ProgressBasis } from './progress'
import { salesOver } from './sales-over'

export interface AchievementRow {
  code: string
  regionCode: string
  /** Money in major units. */
  target: number
  actual: number
  /** Actual ÷ target; null before the period begins or without a target. */
  rate: number | null
  gap: number
  yoy: number | null
  forecast: number | null
  /** The target due by `through` (./progress.ts), major units. */
  targetToDate: number
  rateToDate: number | null
  timeProgress: number
  timeProgressBasis: ProgressBasis
  pace: Pace | null
}

/** The period's own time progress, every day counted (a store's may differ by its trading days). */
export interface CalendarProgress {
  timeProgress: number
  timeProgressBasis: ProgressBasis
}

export interface AchievementQuery {
  request: PeriodRequest
  level: 'store' | 'region'
  /** The regions to measure; null for every region. */
  regionCodes: string[] | null
  asOf: string
}

export async function achievementRows(env: Pick<Env, 'DB'>, query: AchievementQuery): Promise<{ period: Period & CalendarProgress; rows: AchievementRow[] }> {
  const { request, level, regionCodes } = query
  const period = periodOf(request, query.asOf)
  const lastYear = lastYearOf(request, period)
  const byStore = level === 'store'
  const db = database(env)

  const units = byStore
    ? await db
        .select({ code: stores.code, regionCode: stores.regionCode, openedOn: stores.openedOn, closedOn: stores.closedOn })
        .from(stores)
        .where(inRegions(stores.regionCode, regionCodes))
        .orderBy(stores.code)
        .all()
    : (await db.select({ code: regions.code }).from(regions).where(inRegions(regions.code, regionCodes)).orderBy(regions.code).all()).map((r) => ({
        code: r.code,
        regionCode: r.code,
        openedOn: null,
        closedOn: null,
      }))

  const [sums, targetRows, curve] = await Promise.all([
    salesOver(env.DB, level, regionCodes, [
      { from: period.from, to: period.through },
      { from: lastYear.from, to: lastYear.through },
      { from: lastYear.from, to: lastYear.to },
    ]),
    db
      .select({ code: targets.code, year: targets.year, month: targets.month, amount: targets.amount })
      .from(targets)
      .where(
        and(
          eq(targets.metric, 'sales'),
          eq(targets.level, level),
          inArray(targets.year, [...new Set([Number(period.from.slice(0, 4)), Number(period.to.slice(0, 4))])]),
          inRegions(targets.regionCode, regionCodes),
        ),
      )
      .all(),
    lastYearCurve(env.DB, period),
  ])
  const [actuals, lastYearElapsed, lastYearTotal] = sums as [Map<string, number>, Map<string, number>, Map<string, number>]
  const monthTargets = new Map<string, number>(targetRows.map((t) => [`${t.code}/${t.year}/${t.month}`, t.amount]))

  const yearToDate = request.month === undefined && request.week === undefined
  const rows = units.map(({ code, regionCode, openedOn, closedOn }): AchievementRow => {
    const actual = actuals.get(code) ?? 0
    const lyElapsed = lastYearElapsed.get(code) ?? 0
    const lyTotal = lastYearTotal.get(code) ?? 0
    const monthTarget = (year: number, month: number) => monthTargets.get(`${code}/${year}/${month}`) ?? 0
    const due = toDate({ ...period, monthTarget, lastYearByDay: curve, trading: { openedOn, closedOn } })
    // A month or week is measured against its whole target; the year to date against the target due by its day.
    const target = yearToDate ? due.targetToDate : spanTarget(period.from, period.to, monthTarget)
    const begun = period.through >= period.from
    const rateDue = rateToDate(actual, due.targetToDate)
    const expected = forecast(period, actual, { elapsed: lyElapsed, total: lyTotal })
    return {
      code,
      regionCode,
      target: toMajorUnits(target),
      actual: toMajorUnits(actual),
      rate: begun ? ratio(actual, target) : null,
      gap: toMajorUnits(target - actual),
      yoy: period.through < period.from ? null : yoy(actual, lyElapsed),
      forecast: expected === null ? null : toMajorUnits(expected),
      targetToDate: toMajorUnits(due.targetToDate),
      rateToDate: rateDue,
      timeProgress: due.timeProgress,
      timeProgressBasis: due.basis,
      pace: paceOf(rateDue),
    }
  })
  const calendar = toDate({ ...period, monthTarget: () => 0, lastYearByDay: curve })
  return { period: { ...period, timeProgress: calendar.timeProgress, timeProgressBasis: calendar.basis }, rows }
}
