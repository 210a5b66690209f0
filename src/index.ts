// Worker entry: fetch serves the API. Queue and scheduled handlers join as their modules land.
import { createApp } from './app'
import type { Env } from './env'

const app = createApp()

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
