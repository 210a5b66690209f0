// GET /v1/achievement: target, actual, rate, gap, YoY and forecast per store or region, for a
// month, an ISO week or the year to date. Actuals come from the daily rollups, targets from the
// monthly targets pro-rated to the period's days.
import { z } from '@hono/zod-openapi'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { database } from '../db/client'
import { regions, salesDaily, stores, targets } from '../db/schema'
import { codeSchema, dateSchema } from '../lib/fields'
import { createRouter, defineRoute } from '../lib/openapi'
import { invalid } from '../lib/problem'
import { toMajorUnits } from '../lib/money'
import { isoWeeksInYear, localDay } from '../lib/time'
import { forecast, lastYearOf, periodOf, ratio, spanTarget, yoy, type PeriodRequest } from './measures'

const AchievementQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  month: z.coerce.number().int().min(1, 'must be 1..12').max(12, 'must be 1..12').optional(),
  week: z.coerce.number().int().min(1, 'must be 1..53').max(53, 'must be 1..53').optional().openapi({ description: 'ISO week of the ISO week-year `year`' }),
  level: z.enum(['store', 'region']).default('store'),
  regionCode: codeSchema.optional(),
  asOf: dateSchema.optional().openapi({ description: 'Count actuals through this day (default: today in the company time zone)' }),
})

const AchievementRow = z
  .object({
    code: z.string(),
    regionCode: z.string(),
    target: z.number(),
    actual: z.number(),
    rate: z.number().nullable().openapi({ description: 'actual ÷ target; null when the target is 0' }),
    gap: z.number().openapi({ description: 'target − actual' }),
    yoy: z.number().nullable().openapi({ description: 'actual ÷ same period last year − 1; null when last year had none' }),
    forecast: z.number().nullable().openapi({ description: 'Period-end forecast; null before the period starts' }),
  })
  .openapi('AchievementRow')

interface Totals {
  actual: number
  lyElapsed: number
  lyTotal: number
}

export const achievementRoutes = createRouter().openapi(
  defineRoute('read', {
    method: 'get',
    path: '/v1/achievement',
    tags: ['Achievement'],
    summary: 'Achievement rate per store or region for a month, a week or the year to date',
    description:
      'A month or ISO week is measured against its whole target (a week takes each month’s target × its days in that month ÷ the ' +
      'month’s days); with neither, the year to date is measured against the target of the days elapsed. YoY compares the same ' +
      'elapsed days of last year; the forecast is the period end’s.',
    request: { query: AchievementQuery },
    responses: {
      200: {
        description: 'One row per store or region the token covers',
        content: {
          'application/json': {
            schema: z.object({ period: z.object({ from: z.string(), to: z.string(), through: z.string() }), rows: z.array(AchievementRow) }),
          },
        },
      },
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    if (q.month !== undefined && q.week !== undefined) throw invalid([{ path: 'week', message: 'give a month or a week, not both' }])
    if (q.week !== undefined && q.week > isoWeeksInYear(q.year)) throw invalid([{ path: 'week', message: `${q.year} has ${isoWeeksInYear(q.year)} ISO weeks` }])
    const request: PeriodRequest = { year: q.year, month: q.month, week: q.week }
    const asOf = q.asOf ?? localDay(new Date(), c.env.COMPANY_TZ)
    const period = periodOf(request, asOf)
    const lastYear = lastYearOf(request, period)
    const db = database(c.env)
    const scope = c.get('scope')
    const byStore = q.level === 'store'

    const units = byStore
      ? await db.select({ code: stores.code, regionCode: stores.regionCode }).from(stores).where(scope.where(stores.regionCode, q.regionCode)).orderBy(stores.code).all()
      : (await db.select({ code: regions.code }).from(regions).where(scope.where(regions.code, q.regionCode)).orderBy(regions.code).all()).map((r) => ({
          code: r.code,
          regionCode: r.code,
        }))

    const key = byStore ? salesDaily.storeCode : salesDaily.regionCode
    const between = (from: string, to: string) => sql`${salesDaily.day} BETWEEN ${from} AND ${to}`
    const [actualRows, targetRows] = await Promise.all([
      db
        .select({
          code: key,
          actual: sql<number>`coalesce(sum(CASE WHEN ${between(period.from, period.through)} THEN ${salesDaily.amount} END), 0)`,
          lyElapsed: sql<number>`coalesce(sum(CASE WHEN ${between(lastYear.from, lastYear.through)} THEN ${salesDaily.amount} END), 0)`,
          lyTotal: sql<number>`coalesce(sum(CASE WHEN ${between(lastYear.from, lastYear.to)} THEN ${salesDaily.amount} END), 0)`,
        })
        .from(salesDaily)
        .where(and(sql`(${between(period.from, period.through)} OR ${between(lastYear.from, lastYear.to)})`, scope.where(salesDaily.regionCode, q.regionCode)))
        .groupBy(key)
        .all(),
      db
        .select({ code: targets.code, year: targets.year, month: targets.month, amount: targets.amount })
        .from(targets)
        .where(
          and(
            eq(targets.metric, 'sales'),
            eq(targets.level, q.level),
            inArray(targets.year, [...new Set([Number(period.from.slice(0, 4)), Number(period.to.slice(0, 4))])]),
            scope.where(targets.regionCode, q.regionCode),
          ),
        )
        .all(),
    ])
    const totals = new Map<string, Totals>(actualRows.map((r) => [r.code, r]))
    const monthTargets = new Map<string, number>(targetRows.map((t) => [`${t.code}/${t.year}/${t.month}`, t.amount]))

    const yearToDate = q.month === undefined && q.week === undefined
    const rows = units.map(({ code, regionCode }) => {
      const { actual, lyElapsed, lyTotal } = totals.get(code) ?? { actual: 0, lyElapsed: 0, lyTotal: 0 }
      // A month or week is measured against its whole target; the year to date against the target of its elapsed days.
      const targetTo = yearToDate ? period.through : period.to
      const target = spanTarget(period.from, targetTo, (year, month) => monthTargets.get(`${code}/${year}/${month}`) ?? 0)
      const expected = forecast(period, actual, { elapsed: lyElapsed, total: lyTotal })
      return {
        code,
        regionCode,
        target: toMajorUnits(target),
        actual: toMajorUnits(actual),
        rate: ratio(actual, target),
        gap: toMajorUnits(target - actual),
        yoy: period.through < period.from ? null : yoy(actual, lyElapsed),
        forecast: expected === null ? null : toMajorUnits(expected),
      }
    })
    return c.json({ period, rows }, 200)
  },
)
