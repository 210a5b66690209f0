// A closed loop of `concurrency` callers sending `total` requests between them, as a POS fleet or
// a sheet does: each sends its next request once its last one is answered.

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** `send()` answers { status, ms }; `expected` is the status every answer must have. */
export async function closedLoop(total, concurrency, expected, send) {
  const latencies = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++
        const { status, ms } = await send()
        if (status !== expected) throw new Error(`answered ${status}, expected ${expected}`)
        latencies.push(ms)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return { concurrency, requests: total, perSecond: Math.round(total / seconds), p50: +percentile(latencies, 50).toFixed(1), p99: +percentile(latencies, 99).toFixed(1) }
}
