import type { Env as WorkerEnv } from '../../src/env'

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
      /** '1' runs the reliability tests at full size. */
      RELIABILITY_FULL: string
      /** Replays the random choices of an earlier run. */
      RELIABILITY_SEED: string
      /** A rate limiter of 3 calls a minute per key, to reach a limit in a test. */
      TIGHT_LIMITER: RateLimit
    }
  }
}
