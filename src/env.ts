// The worker's bindings and the per-request values that middleware hands to handlers.
import type { Principal } from './auth/principal'
import type { RegionScope } from './auth/scope'
import type { LiveSource } from './sales/sources'

/** A queued POS webhook: the receipt that holds its validated sales. */
export interface SalesMessage {
  sourceId: string
  webhookId: string
}

export interface Env {
  DB: D1Database
  SALES_QUEUE: Queue<SalesMessage>
  /** Raw sale lines past RAW_RETENTION_MONTHS, by store and month (sales/archive.ts). */
  ARCHIVE: R2Bucket
  /** Bootstrap admin token (secret). Every other token is issued through /v1/admin/tokens. */
  ADMIN_TOKEN?: string
  /**
   * Settings (wrangler.toml [vars]): each may be left out and takes its default; read them through
   * settingsOf() in src/config.ts, which parses them and documents what they mean.
   */
  COMPANY_TZ?: string
  CURRENCY?: string
  MAX_BODY_BYTES?: string
  LOT_CROSS_REGION_SHARE?: string
  BUDGET_DEPARTMENTS?: string
  EXPENSE_CATEGORIES?: string
  INVENTORY_WINDOW_DAYS?: string
  SLOW_MOVER_DAYS?: string
  SLOW_TURNOVER_DAYS?: string
  STALE_RECEIPT_SECONDS?: string
  WEBHOOK_BODY_SECONDS?: string
  WEBHOOK_SOURCE_CACHE_SECONDS?: string
  RAW_RETENTION_MONTHS?: string
  SHEETS_API_URL?: string
  /** Service-account key (JSON) for writing into bound spreadsheets (secret). */
  GOOGLE_SERVICE_ACCOUNT_JSON?: string
  /** Webhooks accepted per POS source per period ([[ratelimits]] in wrangler.toml). */
  WEBHOOK_LIMITER?: RateLimit
  /** Calls of the token endpoints per client address per period. */
  TOKEN_LIMITER?: RateLimit
}

export interface AppEnv {
  Bindings: Env
  Variables: {
    principal: Principal
    scope: RegionScope
    /** The POS source of a webhook, found before its body was read (src/sales/webhook-gate.ts). */
    webhookSource: LiveSource
    /** The source was read from D1 for this request, not taken from the isolate's cache. */
    webhookSourceFresh: boolean
    /** The language a report link was made in, for its page's refusals too (src/lib/lang.ts). */
    linkLang: string
  }
}
