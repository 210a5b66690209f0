// Worker entry: fetch serves the API; queue applies POS sales to the ledger; scheduled retries
// alert deliveries and, nightly, checks sell-out against sell-in for the month so far and
// announces new stock alerts; and writes fresh actuals into bound spreadsheets.
import { createApp } from './app'
import { deliverDueAlerts } from './channel/alerts'
import { checkSellout } from './channel/routes'
import type { Env, SalesMessage } from './env'
import { announceStockAlerts } from './inventory/routes'
import { localDay } from './lib/time'
import { salesQueueConsumer } from './sales/consumer'
import { writeBackBoundSheets } from './sheets/writeback'

const app = createApp()

// Must match wrangler.toml [triggers]; only handlers may be exported from this module.
const NIGHTLY_CRON = '30 18 * * *'

export default {
  fetch: app.fetch,
  queue: salesQueueConsumer,
  async scheduled(controller, env, ctx) {
    if (controller.cron === NIGHTLY_CRON) {
      const today = localDay(new Date(controller.scheduledTime), env.COMPANY_TZ)
      await checkSellout(env, Number(today.slice(0, 4)), Number(today.slice(5, 7)))
      await announceStockAlerts(env, today)
    }
    ctx.waitUntil(deliverDueAlerts(env))
    ctx.waitUntil(writeBackBoundSheets(env))
  },
} satisfies ExportedHandler<Env, SalesMessage>
