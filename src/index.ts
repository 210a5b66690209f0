// Worker entry: fetch serves the API; queue applies POS sales to the ledger; scheduled retries
// alert deliveries, requeues receipts whose queue message was lost, finishes owed folds of waiting
// sales and, nightly, checks sell-out against sell-in for the month so far, announces new stock
// alerts, reconciles the rollups of the days just closed and archives raw sales past their
// retention; and writes fresh actuals into bound spreadsheets.
import { createApp } from './app'
import { companyToday } from './config'
import { deliverDueAlerts } from './channel/alerts'
import { checkSellout } from './channel/sellout'
import type { Env, SalesMessage } from './env'
import { announceStockAlerts } from './inventory/announce'
import { newCheckRun } from './channel/run'
import { addDays } from './lib/time'
import { salesQueueConsumer } from './sales/consumer'
import { archiveDueMonths } from './sales/archive'
import { runOwedFolds } from './sales/fold'
import { requeueStaleReceipts } from './sales/requeue'
import { reconcileRollups } from './sales/rollups'
import { writeBackBoundSheets } from './sheets/writeback'

const app = createApp()

// Must match wrangler.toml [triggers]; only handlers may be exported from this module.
const NIGHTLY_CRON = '30 18 * * *'

// A start may follow a crash that lost queue messages: the first request of this isolate looks
// for stale receipts at once instead of leaving them to the next cron run.
let lookedForStaleReceipts = false

/** Runs after the response (or the cron's other work) and never throws: a failure is logged, and the next run tries again. */
function requeueInBackground(env: Env, ctx: ExecutionContext, trigger: 'cron' | 'start') {
  const failed = (error: unknown) => console.error(`requeueing stale receipts (${trigger}) failed`, error)
  try {
    ctx.waitUntil(requeueStaleReceipts(env, new Date(), 'cron', trigger).catch(failed))
  } catch (error) {
    failed(error)
  }
}

export default {
  // Typed as any Request, as app.fetch is: tests hand it requests they build.
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (!lookedForStaleReceipts) {
      lookedForStaleReceipts = true
      requeueInBackground(env, ctx, 'start')
    }
    return app.fetch(request, env, ctx)
  },
  queue: salesQueueConsumer,
  async scheduled(controller, env, ctx) {
    if (controller.cron === NIGHTLY_CRON) {
      const today = companyToday(env, new Date(controller.scheduledTime))
      await checkSellout(env, Number(today.slice(0, 4)), Number(today.slice(5, 7)))
      await announceStockAlerts(env, today)
      // The two days just closed: their rollups, added to sale by sale, are checked against their lines.
      await reconcileRollups(env.DB, addDays(today, -2), addDays(today, -1))
      await archiveDueMonths(env, today)
    }
    // Folds of waiting sales that a master-data write could not finish.
    ctx.waitUntil(runOwedFolds(env.DB, () => newCheckRun(env, 'cron')).catch((error) => console.error('owed sale folds failed', error)))
    // At 18:30 UTC both crons run; a receipt is claimed by one run only.
    requeueInBackground(env, ctx, 'cron')
    ctx.waitUntil(deliverDueAlerts(env))
    ctx.waitUntil(writeBackBoundSheets(env))
  },
} satisfies ExportedHandler<Env, SalesMessage>
