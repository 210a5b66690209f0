// The bench's targets and its results table in bench/README.md: each target is measured in the
// same run as the ceiling it is a ratio of (the runtime's own /health, raw SQLite).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const TARGETS = [
  ['single-sale webhooks, concurrency 16, vs `GET /health`', '≥ 60% of /health, p99 ≤ 3× its p99', (r) => {
    const c16 = r.singleWebhooks.find((w) => w.concurrency === 16)
    const h16 = r.runtimeCeiling.find((h) => h.concurrency === 16)
    if (!c16 || !h16) return null
    const share = +((c16.perSecond / h16.perSecond) * 100).toFixed(0)
    const p99 = +(c16.p99 / h16.p99).toFixed(1)
    return { measured: `${c16.perSecond}/s vs ${h16.perSecond}/s: ${share}%; p99 ${c16.p99} vs ${h16.p99} ms: ${p99}×`, met: share >= 60 && p99 <= 3 }
  }],
  ['batch ingest end to end vs raw SQLite with rollups', '≥ 25% in the same run', (r) => ({ measured: `${r.ingestVsRaw.percentOfRaw}% (${r.ingestVsRaw.endToEnd.toLocaleString('en-US')} vs ${r.ingestVsRaw.rawSqlite.toLocaleString('en-US')} lines/s)`, met: r.ingestVsRaw.percentOfRaw >= 25 })],
  ['the last 1,000-sale batches into the same 100 store-days vs the first', '≤ 1.15×', (r) => ({ measured: `${r.sameStoreDays.lastMs} vs ${r.sameStoreDays.firstMs} ms: ${r.sameStoreDays.lastOverFirst}× (mean of 3 each, ${r.sameStoreDays.batches} batches)`, met: r.sameStoreDays.lastOverFirst <= 1.15 })],
  ['D1 bytes per stored sale line (raw, codes, receipts, rollups at the chain’s density, indexes)', '≤ 120 B', (r) => ({ measured: `${r.storage.chainBytesPerLine} B (raw ${r.storage.rawBytesPerLine} B, codes ${r.storage.soldCodeBytesPerLine} B)`, met: r.storage.chainBytesPerLine <= 120 })],
  ['1,000 stores × 100 sales/day × 2 lines in one 10 GB D1', '≥ 3 years of figures', (r) => ({ measured: `${r.storage.monthsWithoutArchive} months without archiving; ${r.storage.monthsWithArchive} months (${r.storage.yearsWithArchive} years) archiving raw lines after ${r.storage.retentionMonths} months; 3 years with a retention of ${r.storage.retentionForThreeYears} months or less`, met: r.storage.yearsWithArchive >= 3 })],
  ['consolidated report, 1,000 stores × 2 years', 'p95 ≤ 150 ms', (r) => ({ measured: `p95 ${r.reports[0].p95} ms (p50 ${r.reports[0].p50} ms)`, met: r.reports[0].p95 <= 150 })],
  ['10,000-row sheet push', '≤ 2 s, one request', (r) => ({ measured: `${(r.sheetPushes[0].ms / 1000).toFixed(2)} s, one request`, met: r.sheetPushes[0].ms <= 2000 })],
  ['plan 5,000 stores', '≤ 1 s', (r) => ({ measured: `${r.plan.p50} ms (p50 of ${r.plan.runs}; ${r.plan.withSaveMs} ms with save)`, met: r.plan.p50 <= 1000 })],
]

export function summaryTable(results) {
  const lines = ['| scenario | target | measured | met |', '|---|---|---|---|']
  for (const [scenario, target, measure] of TARGETS) {
    const m = measure(results)
    if (m) lines.push(`| ${scenario} | ${target} | ${m.measured} | ${m.met ? 'yes' : '**no**'} |`)
  }
  const w = results.singleWebhooks.map((s) => `c=${s.concurrency}: ${s.perSecond}/s, p50 ${s.p50} ms, p99 ${s.p99} ms`).join('; ')
  lines.push('', `All figures of the run of ${results.date.slice(0, 10)} (\`npm run bench\`, ${results.machine}):`, '')
  const h = results.runtimeCeiling.map((s) => `c=${s.concurrency}: ${s.perSecond}/s, p50 ${s.p50} ms, p99 ${s.p99} ms`).join('; ')
  lines.push(`- the runtime's ceiling, \`GET /health\` (does nothing) through the same \`wrangler dev\`: ${h}`)
  lines.push(`- single-sale webhooks: ${w}`)
  if (results.webhookPath) lines.push(`- the webhook's path step by step at c=16 (each step adds to the one before): ${results.webhookPath.map((s) => `${s.step}: ${s.perSecond}/s, p50 ${s.p50} ms, p99 ${s.p99} ms`).join('; ')}`)
  for (const b of results.batchIngest) lines.push(`- batch ingest, ${b.codedShare * 100}% of sales with a unit code: ${b.linesPerSecond.toLocaleString('en-US')} sale lines/s end to end (${b.saleLines.toLocaleString('en-US')} lines in ${b.endToEndSeconds} s; accepted in ${b.acceptSeconds} s)`)
  lines.push(`- raw SQLite (better-sqlite3, same tables and indexes, 1,000-sale transactions, each line added to the three rollups): ${results.rawSqlite.linesPerSecond.toLocaleString('en-US')} lines/s`)
  lines.push(`- ${results.sameStoreDays.batches} batches of 1,000 sales into the same ${results.sameStoreDays.storeDays} store-days, ms each until applied: ${results.sameStoreDays.times.join(', ')}`)
  const st = results.storage
  lines.push(`- D1 bytes measured over ${st.lines.toLocaleString('en-US')} ingested lines (dbstat, indexes included): raw ledger and receipts ${st.rawBytesPerLine} B/line, sold codes ${st.soldCodeBytesPerLine} B/line; rollup rows ${Object.entries(st.rollupBytesPerRow).map(([t, b]) => `${t} ${b} B`).join(', ')}`)
  lines.push(`- the chain (1,000 stores × 100 sales × 2 lines a day, 50 SKUs per store-day): ${st.chainBytesPerLine} B per line in D1, ${st.chainKeptBytesPerLine} B once raw lines are archived; 10 GB lasts ${st.monthsWithoutArchive} months, or ${st.monthsWithArchive} months archiving after ${st.retentionMonths}`)
  for (const r of results.reports) lines.push(`- \`${r.path}\`: p50 ${r.p50} ms, p95 ${r.p95} ms over ${r.runs} requests (${r.bytes.toLocaleString('en-US')} bytes)`)
  for (const p of results.sheetPushes) lines.push(`- sheet push, ${p.push}: ${p.rows.toLocaleString('en-US')} rows, ${p.ms} ms, HTTP ${p.status}${p.errors ? `, ${p.errors} errors listed` : ''}`)
  lines.push(`- plan ${results.plan.regions} regions × ${results.plan.stores.toLocaleString('en-US')} stores: p50 ${results.plan.p50} ms, max ${results.plan.max} ms, with save ${results.plan.withSaveMs} ms`)
  lines.push(`- workerd peak memory (VmHWM): ${results.memory.peakRssMiB} MiB (${results.memory.rssMiB} MiB at the end)`)
  return lines.join('\n')
}

export function writeReadme(root, results) {
  const file = join(root, 'bench', 'README.md')
  const text = readFileSync(file, 'utf8')
  const start = '<!-- results:start -->'
  const end = '<!-- results:end -->'
  const updated = text.slice(0, text.indexOf(start) + start.length) + '\n' + summaryTable(results) + '\n' + text.slice(text.indexOf(end))
  writeFileSync(file, updated)
}

