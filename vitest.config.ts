import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Two projects: `worker` runs inside workerd with a real local D1 (migrations applied in the setup
// file); `node` runs what lives outside the worker (start script, deploy bundle, add-on, e2e).
export default defineConfig(async () => ({
  test: {
    reporters: ['default'],
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('migrations'),
                ADMIN_TOKEN: 'test-admin-token',
                // `RELIABILITY_FULL=1 npm test` runs the reliability tests at full size; RELIABILITY_SEED
                // replays a run's random choices (see RELIABILITY.md).
                RELIABILITY_FULL: process.env.RELIABILITY_FULL ?? '',
                RELIABILITY_SEED: process.env.RELIABILITY_SEED ?? '',
              },
              // A limiter with a budget small enough to reach in a test (rate-limits.test.ts).
              ratelimits: { TIGHT_LIMITER: { simple: { limit: 3, period: 60 } } },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['src/**/*.test.ts', 'test/worker/**/*.test.ts'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
          globalSetup: ['./test/worker/alert-receiver.global.ts', './test/worker/robot-receiver.global.ts', './test/worker/fake-sheets.global.ts'],
          // Ingest tests wait for the real queue consumer (a batch timeout of 1 s).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts', 'sheets-addon/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
}))
