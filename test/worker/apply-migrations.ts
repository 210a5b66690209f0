import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Applies the same migrations wrangler applies; already-applied ones are skipped.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
