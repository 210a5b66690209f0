// GET /v1/achievement: target, actual, rate, gap, YoY and forecast per store or region, for a
// month, an ISO week or the year to date. Actuals come from the daily rollups, targets from the
// monthly targets pro-rated to the period's days.
import { z } from '@hono/zod-openapi'
import { companyToday } from '../config'
import { codeSchema, dateSchema } from '../lib/fields'
import { createRouter, defineRoute } from '../lib/openapi'
import { invalid } from '../lib/problem'
import { isoWeeksInYear } from '../lib/time'
import { achievementRows } from './query'

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
    rate: z.number().nullable().openapi({ description: 'actual ÷ target; null when the target is 0 or the period has not begun' }),
    gap: z.number().openapi({ description: 'target − actual' }),
    yoy: z.number().nullable().openapi({ description: 'actual ÷ same period last year − 1; null when last year had none' }),
    forecast: z.number().nullable().openapi({ description: 'Period-end forecast; null before the period starts' }),
    targetToDate: z.number().openapi({ description: 'The target due by `period.through`: each month part’s target × its time progress' }),
    rateToDate: z.number().nullable().openapi({ description: 'actual ÷ targetToDate; null when nothing is due yet' }),
    timeProgress: z.number().openapi({ description: 'Time progress 时间进度 of the period as of `period.through`, 0..1 (a store counts its trading days only)' }),
    timeProgressBasis: z.enum(['days', 'last_year']).openapi({ description: '`last_year` when the running month is weighed by last year’s company sales on the same days, else `days`' }),
    pace: z.enum(['ahead', 'on_track', 'behind']).nullable().openapi({ description: 'ahead from 105% of the target to date, behind under 95%' }),
  })
  .openapi('AchievementRow')

export const achievementRoutes = createRouter().openapi(
  defineRoute('read', {
    method: 'get',
    path: '/v1/achievement',
    tags: ['Achievement'],
    summary: 'Achievement rate per store or region for a month, a week or the year to date',
    description:
      'A month or ISO week is measured against its whole target (a week takes each month’s target × its days in that month ÷ the ' +
      'month’s days); with neither, the year to date is measured against the target due by `asOf` (`targetToDate`). YoY compares the same ' +
      'elapsed days of last year; the forecast is the period end’s. `targetToDate`, `rateToDate`, `timeProgress` and `pace` read the ' +
      'actual against the share of the target due by `through` (时间进度), the same figures every report shows.',
    request: { query: AchievementQuery },
    responses: {
      200: {
        description: 'One row per store or region the token covers',
        content: {
          'application/json': {
            schema: z.object({
              period: z.object({ from: z.string(), to: z.string(), through: z.string(), timeProgress: z.number(), timeProgressBasis: z.enum(['days', 'last_year']) }),
              rows: z.array(AchievementRow),
            }),
          },
        },
      },
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    if (q.month !== undefined && q.week !== undefined) throw invalid([{ path: 'week', message: 'give a month or a week, not both' }])
    if (q.week !== undefined && q.week > isoWeeksInYear(q.year)) throw invalid([{ path: 'week', message: `${q.year} has ${isoWeeksInYear(q.year)} ISO weeks` }])
    const asOf = q.asOf ?? companyToday(c.env)
    const regionCodes = c.get('scope').readable(q.regionCode)
    const { period, rows } = await achievementRows(c.env, { request: { year: q.year, month: q.month, week: q.week }, level: q.level, regionCodes, asOf })
    return c.json({ period, rows }, 200)
  },
)
