// The quarterly scorecard's weights over HTTP: HQ sets them, every token reads the set that applies.
// The rules are in ./weights.ts; ./weight-store.ts keeps the sets HQ saves.
import { z } from '@hono/zod-openapi'
import { readJsonBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute } from '../lib/openapi'
import { DEFAULT_SCORECARD_WEIGHTS } from './default-weights'
import { latestWeightSet, saveWeights } from './weight-store'
import { MEASURES, type Measure } from './weights'

const TAG = 'Scorecard'

const MEASURE_WORDS: Record<Measure, string> = {
  sales: 'sales achievement (销售达成率)',
  collection: 'collection achievement (回款达成率)',
  grossMargin: 'gross margin (毛利率)',
  violations: 'channel violations (渠道违规)',
  stockAlerts: 'stock alerts (库存预警)',
  reporting: 'reporting completeness (日清日报)',
}

const percent = (m: Measure) => z.number().openapi({ description: `Percent given to ${MEASURE_WORDS[m]}` })
const WeightsSchema = z.object(Object.fromEntries(MEASURES.map((m) => [m, percent(m)])) as Record<Measure, ReturnType<typeof percent>>).openapi('ScorecardWeights', { example: { ...DEFAULT_SCORECARD_WEIGHTS } })
const WeightsInput = z
  .object({ weights: z.object(Object.fromEntries(MEASURES.map((m) => [m, percent(m).optional()])) as Record<Measure, z.ZodOptional<ReturnType<typeof percent>>>) })
  .openapi({ example: { weights: { sales: 40, collection: 15, grossMargin: 20, violations: 10, stockAlerts: 5, reporting: 10 } } })

const WeightSet = z
  .object({
    weights: WeightsSchema,
    setBy: z.string().nullable().openapi({ description: 'The token that set them; null while the defaults apply' }),
    setAt: z.string().nullable().openapi({ description: 'When they were set; null while the defaults apply' }),
  })
  .openapi('ScorecardWeightSet')

const router = createRouter()

export const weightRoutes = router
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/scorecard/weights',
      tags: [TAG],
      summary: 'The scorecard weights that apply',
      description:
        'The weights the quarterly store scorecard (考核) scores by: percent per measure, summing to 100. The latest set HQ saved, ' +
        'with who set it and when; until HQ sets any, the defaults (sales 40, collection 15, gross margin 20, violations 10, stock ' +
        'alerts 5, reporting 10) with `setBy` and `setAt` null.',
      responses: { 200: { description: 'The weights', content: { 'application/json': { schema: WeightSet } } } },
    }),
    async (c) => c.json(await latestWeightSet(c.env), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'put',
      path: '/v1/scorecard/weights',
      tags: [TAG],
      summary: 'Set the scorecard weights (HQ)',
      description:
        'Sets the percent each measure weighs in the quarterly store scorecard from now on; a measure left out weighs 0. Percents are ' +
        '0–100 with at most 2 decimals and must sum to exactly 100: a 422 names every bad weight (`weights.<measure>`) and, at ' +
        '`weights`, what they sum to. Each set is kept with who set it and when, and audited (`scorecard-weights`); the set that ' +
        'applies already, sent again, changes nothing.',
      request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'ScorecardWeightsInput', WeightsInput) } } },
      responses: { 200: { description: 'The weights that now apply', content: { 'application/json': { schema: WeightSet } } } },
    }),
    async (c) => c.json(await saveWeights(c.env, c.get('principal').id, await readJsonBody(c)), 200),
  )
