// Worker entry: fetch serves the API; queue applies POS sales to the ledger.
import { createApp } from './app'
import type { Env, SalesMessage } from './env'
import { salesQueueConsumer } from './sales/consumer'

const app = createApp()

export default {
  fetch: app.fetch,
  queue: salesQueueConsumer,
} satisfies ExportedHandler<Env, SalesMessage>
