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
  /** Bootstrap admin token (secret). Every other token is issued through /v1/admin/tokens. */
  ADMIN_TOKEN?: string
  COMPANY_TZ: string
  CURRENCY: string
  MAX_BODY_BYTES: string
  /** Share (0..1) of a lot's sold units outside its region above which the lot is flagged as diverted. */
  LOT_CROSS_REGION_SHARE: string
  /** Comma-separated department codes budgets and expenses may use. */
  BUDGET_DEPARTMENTS: string
  /** Comma-separated expense categories budgets and expenses may use. */
  EXPENSE_CATEGORIES: string
  /** Days over which turnover is measured (default 30). */
  INVENTORY_WINDOW_DAYS?: string
  /** Days without a sale after which stock on hand is a slow mover (default 30). */
  SLOW_MOVER_DAYS?: string
  /** Turnover days above which stock is a slow mover (default 90). */
  SLOW_TURNOVER_DAYS?: string
  /**
   * Seconds after which a receipt still `queued` is taken as lost and put on the queue again by the
   * worker (default 120; see src/sales/requeue.ts).
   */
  STALE_RECEIPT_SECONDS?: string
  /** Seconds a webhook body may take to arrive once its headers are checked (default 10; see src/sales/webhook-gate.ts). */
  WEBHOOK_BODY_SECONDS?: string
  /** Service-account key (JSON) for writing into bound spreadsheets (secret). */
  GOOGLE_SERVICE_ACCOUNT_JSON?: string
  /** The Sheets API base URL (default https://sheets.googleapis.com). */
  SHEETS_API_URL?: string
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
  }
}
