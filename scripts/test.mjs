#!/usr/bin/env node
// `npm test`: the type checks (worker, node tests, add-on), then every vitest project (worker
// tests inside workerd with a real local D1; node tests for the start script, the deploy bundle
// and the add-on). Ends with one plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' }
const bin = (name) => join('node_modules', '.bin', name)

const typecheck = ['tsconfig.json', 'test/node', 'sheets-addon'].map((project) =>
  spawnSync(bin('tsc'), ['--noEmit', '-p', project], { stdio: 'inherit', env }),
)
if (typecheck.some((run) => run.status !== 0)) {
  console.log('\ntypecheck failed')
  console.log('0 passed, 1 failed')
  process.exit(1)
}

mkdirSync('test-results', { recursive: true })
const report = join('test-results', 'vitest.json')
rmSync(report, { force: true })
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env },
)

let passed = 0
let failed = vitest.status === 0 ? 0 : 1
let skipped = 0
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'))
  passed = results.numPassedTests
  failed = results.numFailedTests + (vitest.status !== 0 && results.numFailedTests === 0 ? 1 : 0)
  skipped = results.numPendingTests + results.numTodoTests
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(vitest.status ?? 1)
