// The worker's settings: the vars of wrangler.toml (or `--var`, or the dashboard), parsed once per
// environment, with every default here and nowhere else. A var that is left out or does not parse
// takes its default, as it always has, so a typo cannot take the worker down; wrangler.toml's own
// values are checked against src/env.ts by test/node/env.test.ts. Secrets (ADMIN_TOKEN,
// GOOGLE_SERVICE_ACCOUNT_JSON) are credentials, not settings, and are read where they are used.
import { z } from 'zod'
import type { Env } from './env'
import { localDay } from './lib/time'

const isTimeZone = (name: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** A comma-separated list; an empty one is no list. */
const list = (fallback: string[]) =>
  z
    .string()
    .transform((text) => text.split(',').map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1))
    .catch(fallback)

const positive = (fallback: number) => z.coerce.number().positive().finite().catch(fallback)
/** Whole days: a fraction is cut off. */
const days = (fallback: number) => z.coerce.number().positive().finite().transform(Math.floor).catch(fallback)

const SettingsSchema = z
  .object({
    COMPANY_TZ: z.string().refine(isTimeZone).catch('Asia/Shanghai'),
    CURRENCY: z.string().regex(/^[A-Z]{3}$/).catch('CNY'),
    MAX_BODY_BYTES: z.coerce.number().int().positive().catch(5 * 1024 * 1024),
    LOT_CROSS_REGION_SHARE: z.coerce.number().min(0).max(1).catch(0.2),
    BUDGET_DEPARTMENTS: list(['sales', 'marketing', 'operations', 'admin']),
    EXPENSE_CATEGORIES: list(['rent', 'travel', 'marketing', 'staff', 'office', 'logistics']),
    INVENTORY_WINDOW_DAYS: days(30),
    SLOW_MOVER_DAYS: days(30),
    SLOW_TURNOVER_DAYS: days(90),
    // Longer than the queue's own retries of a batch (waits of 1, 2, 4, 8 and 16 s, each try within
    // a batch timeout of 1 s), so a receipt the queue is still trying is not sent twice for
    // nothing; shorter than the 5-minute cron, so every run heals what the run before it found.
    STALE_RECEIPT_SECONDS: positive(120),
    WEBHOOK_BODY_SECONDS: positive(10),
    // At most this long after a source is disabled or a secret revoked, each isolate still takes its webhooks.
    WEBHOOK_SOURCE_CACHE_SECONDS: z.coerce.number().min(0).max(60).catch(5),
    RAW_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).catch(13),
    SHEETS_API_URL: z.url().catch('https://sheets.googleapis.com'),
  })
  .transform((vars) => ({
    /** Days, ISO weeks and months are taken in this time zone. */
    timeZone: vars.COMPANY_TZ,
    currency: vars.CURRENCY,
    /** Larger request bodies are refused with 413. */
    maxBodyBytes: vars.MAX_BODY_BYTES,
    /** Share (0..1) of a lot's sold units outside its region above which the lot is flagged. */
    lotCrossRegionShare: vars.LOT_CROSS_REGION_SHARE,
    /** Departments and expense categories budgets and expenses may use. */
    departments: vars.BUDGET_DEPARTMENTS,
    expenseCategories: vars.EXPENSE_CATEGORIES,
    inventory: {
      /** Days over which turnover is measured. */
      windowDays: vars.INVENTORY_WINDOW_DAYS,
      /** Stock on hand is a slow mover after this many days without a sale, or above this turnover. */
      thresholds: { noSaleDays: vars.SLOW_MOVER_DAYS, turnoverDays: vars.SLOW_TURNOVER_DAYS },
    },
    /** A receipt still `queued` this long after it was put on the queue lost its message. */
    staleReceiptSeconds: vars.STALE_RECEIPT_SECONDS,
    /** A webhook body must have arrived this long after its headers were checked. */
    webhookBodySeconds: vars.WEBHOOK_BODY_SECONDS,
    /** A POS source and its secrets are kept in the isolate this long, so an accepted webhook costs one D1 round trip. */
    webhookSourceCacheSeconds: vars.WEBHOOK_SOURCE_CACHE_SECONDS,
    /** Raw sale lines of months older than this are archived to R2; rollups and sold codes stay. */
    rawRetentionMonths: vars.RAW_RETENTION_MONTHS,
    sheetsApiUrl: vars.SHEETS_API_URL,
  }))

export type Settings = z.output<typeof SettingsSchema>
/** The vars settings are read from; every one may be left out. */
export type SettingVars = Partial<Pick<Env, keyof z.input<typeof SettingsSchema>>>

const parsed = new WeakMap<SettingVars, Settings>()

/** The settings of an environment (parsed on first use; tests hand in environments of their own). */
export function settingsOf(env: SettingVars): Settings {
  let settings = parsed.get(env)
  if (!settings) {
    settings = SettingsSchema.parse(env)
    parsed.set(env, settings)
  }
  return settings
}

/** Today (`YYYY-MM-DD`) where the company is. */
export function companyToday(env: SettingVars, now: Date = new Date()): string {
  return localDay(now, settingsOf(env).timeZone)
}
