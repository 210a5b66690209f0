// Targets on the wire.
import { z } from '@hono/zod-openapi'
import { TARGET_LEVELS, TARGET_METRICS, TARGET_STATUSES } from '../db/schema'
import { codeSchema } from '../lib/fields'
import { moneySchema } from '../lib/money'

export const yearSchema = z.coerce.number().int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier').openapi({ example: 2027 })
export const metricSchema = z.enum(TARGET_METRICS).default('sales').openapi({ description: 'sales (default) or collection' })
const reasonSchema = z.string().trim().min(1, 'a reason is required').max(2000)

export const CompanyTargetBody = z.object({ amount: moneySchema() }).openapi('CompanyTargetInput')

export const PlanBody = z
  .object({
    year: yearSchema,
    companyAmount: moneySchema(),
    basis: z.enum(['last_year_actual', 'last_year_target']),
    seasonality: z.union([
      z.enum(['last_year', 'even']),
      z
        .array(z.number().min(0, 'must not be negative'))
        .length(12, 'must have 12 monthly percentages')
        .refine((ps) => Math.abs(ps.reduce((a, b) => a + b, 0) - 100) <= 0.01, 'the 12 percentages must sum to 100 (±0.01)'),
    ]),
    storeWeights: z.enum(['last_year_actual', 'tier', 'area', 'equal']),
    save: z.boolean().default(false),
    reason: reasonSchema.optional().openapi({ description: 'Required to save a plan that changes months that have ended (kept in the audit)' }),
  })
  .openapi('PlanInput')

const months = z.array(z.number()).length(12)

export const PlanResult = z
  .object({
    year: z.number().int(),
    companyAmount: z.number(),
    saved: z.boolean(),
    revision: z.number().int().nullable(),
    regions: z.array(z.object({ code: z.string(), annual: z.number(), months, fromHistory: z.boolean() })),
    stores: z.array(z.object({ code: z.string(), regionCode: z.string(), months })),
    warnings: z.array(z.object({ regionCode: z.string(), month: z.number().int(), message: z.string() })),
  })
  .openapi('Plan')

export const TargetsQuery = z.object({
  year: yearSchema,
  level: z.enum(TARGET_LEVELS).optional(),
  regionCode: codeSchema.optional(),
  metric: metricSchema,
})

export const TargetRow = z.object({
  level: z.enum(TARGET_LEVELS),
  code: z.string(),
  regionCode: z.string(),
  month: z.number().int(),
  amount: z.number(),
  status: z.enum(TARGET_STATUSES),
})

export const SumWarning = z
  .object({ regionCode: z.string(), month: z.number().int(), storeSum: z.number(), regionTarget: z.number(), diff: z.number() })
  .openapi('StoreSumWarning')

export const RegionSummary = z.object({
  code: z.string(),
  status: z.enum(TARGET_STATUSES),
  reason: z.string().nullable(),
  annual: z.number(),
  storeSum: z.number(),
  diff: z.number().openapi({ description: 'store sum − region annual' }),
  contest: z
    .object({ proposedAmount: z.number(), reason: z.string(), status: z.enum(['pending', 'accepted', 'rejected']), decisionReason: z.string().nullable() })
    .nullable(),
})

export const TargetsResult = z
  .object({
    year: z.number().int(),
    metric: z.enum(TARGET_METRICS),
    revision: z.number().int(),
    company: z
      .object({ amount: z.number().nullable(), regionSum: z.number(), gap: z.number().nullable().openapi({ description: 'Σ regions − company target' }) })
      .nullable()
      .openapi({ description: 'For HQ only: the company target and how far the region targets are from it' }),
    regions: z.array(RegionSummary),
    rows: z.array(TargetRow),
  })
  .openapi('Targets')

export const MAX_TARGET_ROWS = 100_000

/** The fields of a target edit beside its rows. */
export const TargetEditFields = z.object({
  year: yearSchema,
  level: z.enum(TARGET_LEVELS),
  metric: metricSchema,
  baseRevision: z.number().int().min(0).optional(),
  reason: reasonSchema.optional().openapi({ description: 'Required for HQ to change a month that has ended (kept in the audit); managers cannot change ended months' }),
})

export const TargetEditRow = z.object({
  code: codeSchema,
  month: z.number().int().min(1, 'must be 1..12').max(12, 'must be 1..12'),
  amount: moneySchema(),
})

export const TargetsBody = TargetEditFields.extend({ rows: z.array(TargetEditRow).min(1).max(MAX_TARGET_ROWS) })

export const TARGET_EDIT = { key: 'rows', fields: TargetEditFields, row: TargetEditRow, maxRows: MAX_TARGET_ROWS }

export const TargetsWriteResult = z
  .object({ revision: z.number().int(), updated: z.number().int(), warnings: z.array(SumWarning) })
  .openapi('TargetsWriteResult')

export const RegionActionParams = z.object({ year: yearSchema, code: codeSchema })
export const ReasonBody = z.object({ reason: reasonSchema.optional(), metric: metricSchema })
export const RequiredReasonBody = z.object({ reason: reasonSchema, metric: metricSchema })
export const ContestBody = z.object({ proposedAmount: moneySchema(), reason: reasonSchema, metric: metricSchema })
export const RespreadBody = z.object({
  throughMonth: z.number().int().min(1, 'must be 1..11').max(11, 'must be 1..11'),
  metric: metricSchema,
  reason: reasonSchema.optional().openapi({ description: 'Required for HQ when the re-spread changes months that have ended' }),
})
