// The ledger at volume, for `npm run bench`: whether the cost of a batch stays flat as the day
// fills up (the same store-days batch after batch), how many bytes of D1 a stored sale line takes
// (read from the local D1 file with SQLite's dbstat), and what that means for a chain of 1,000
// stores × 100 sales a day × 2 lines in one 10 GB database, with and without archiving raw lines.
import Database from 'better-sqlite3'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The tables a stored sale line lives in, with their indexes. */
export const LEDGER_TABLES = ['sales', 'sale_lines', 'sold_codes', 'webhook_receipts', 'webhook_receipt_parts', 'sales_daily', 'sales_daily_sku', 'sales_monthly']

function d1File(stateDir) {
  const dir = join(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject')
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite'))
  if (!file) throw new Error(`no local D1 file in ${dir}`)
  return join(dir, file)
}

/** Bytes on disk (dbstat: pages in use, indexes included) and rows of each ledger table. */
export function ledgerBytes(stateDir) {
  const db = new Database(d1File(stateDir), { readonly: true, fileMustExist: true })
  try {
    const owner = new Map(db.prepare(`SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')`).all().map((r) => [r.name, r.tbl_name]))
    const tables = Object.fromEntries(LEDGER_TABLES.map((t) => [t, { bytes: 0, rows: db.prepare(`SELECT count(*) AS n FROM ${t}`).get().n }]))
    for (const { name, size } of db.prepare(`SELECT name, sum(pgsize) AS size FROM dbstat GROUP BY name`).all()) {
      const table = owner.get(name)
      if (table in tables) tables[table].bytes += size
    }
    return tables
  } finally {
    db.close()
  }
}

/** The chain of the goal: 1,000 stores × 100 sales a day × 2 lines, 50 SKUs sold per store-day. */
export const CHAIN = { stores: 1000, salesPerStoreDay: 100, linesPerSale: 2, skusPerStoreDay: 50 }
const RAW = ['sales', 'sale_lines', 'webhook_receipts', 'webhook_receipt_parts']
const ROLLUPS = ['sales_daily', 'sales_daily_sku', 'sales_monthly']
const TEN_GB = 10 * 1024 ** 3

/**
 * What D1 holds per stored sale line, from two readings around an ingest of `lines` lines: the raw
 * ledger and sold codes per line as measured, the rollups per row as measured and then counted at
 * the chain's density (one daily row per store-day, one SKU row per SKU sold in it); and how many
 * months of the chain fit in 10 GB, keeping raw lines for `retentionMonths` and then archiving them.
 */
export function storageFigures(before, after, lines, retentionMonths = 13) {
  const grew = (t) => ({ bytes: after[t].bytes - before[t].bytes, rows: after[t].rows - before[t].rows })
  const perLine = (tables) => tables.reduce((n, t) => n + grew(t).bytes, 0) / lines
  const perRow = (t) => (grew(t).rows > 0 ? grew(t).bytes / grew(t).rows : 0)
  const linesPerDay = CHAIN.stores * CHAIN.salesPerStoreDay * CHAIN.linesPerSale
  const rollupsPerDay = perRow('sales_daily') * CHAIN.stores + perRow('sales_daily_sku') * CHAIN.stores * CHAIN.skusPerStoreDay + (perRow('sales_monthly') * CHAIN.stores) / 30.4
  const rawPerDay = perLine(RAW) * linesPerDay
  const codesPerDay = perLine(['sold_codes']) * linesPerDay
  const perDay = rawPerDay + codesPerDay + rollupsPerDay
  const keptPerDay = codesPerDay + rollupsPerDay
  const monthsWithout = TEN_GB / (perDay * 30.4)
  const monthsKeeping = (retention) => (monthsWithout <= retention ? monthsWithout : retention + (TEN_GB - perDay * 30.4 * retention) / (keptPerDay * 30.4))
  const monthsWith = monthsKeeping(retentionMonths)
  // The longest retention of raw lines with which 10 GB still holds three years of the chain.
  let retentionForThreeYears = 0
  while (retentionForThreeYears < 36 && monthsKeeping(retentionForThreeYears + 1) >= 36) retentionForThreeYears++
  const round = (x) => +x.toFixed(1)
  return {
    lines,
    rawBytesPerLine: round(perLine(RAW)),
    soldCodeBytesPerLine: round(perLine(['sold_codes'])),
    rollupBytesPerRow: Object.fromEntries(ROLLUPS.map((t) => [t, round(perRow(t))])),
    chainBytesPerLine: round(perDay / linesPerDay),
    chainKeptBytesPerLine: round(keptPerDay / linesPerDay),
    retentionMonths,
    monthsWithoutArchive: round(monthsWithout),
    monthsWithArchive: round(monthsWith),
    yearsWithArchive: round(monthsWith / 12),
    retentionForThreeYears,
  }
}

/**
 * `batches` batches of 1,000 sales, every one into the same 100 store-days, applied one after the
 * other: the milliseconds from sending each until the ledger holds it. A ledger whose cost grows
 * with the day shows it here.
 */
export async function sameStoreDays({ batches, send, ledgerSales, stores, nextId }) {
  const days = 2
  const storeDays = stores.slice(0, 50)
  const times = []
  for (let b = 0; b < batches; b++) {
    const before = await ledgerSales()
    const sales = Array.from({ length: 1000 }, (_, i) => {
      const n = nextId()
      return {
        saleId: `sd${n}`,
        storeCode: storeDays[i % storeDays.length].code,
        occurredAt: `2027-10-${String(10 + (i % days)).padStart(2, '0')}T12:00:00+08:00`,
        lines: [
          { sku: `P${n % 50}`, qty: 1, unitPrice: 100 + (n % 50) },
          { sku: `P${(n + 7) % 50}`, qty: 2, unitPrice: 50 },
        ],
      }
    })
    const started = performance.now()
    await send(`same-days-${b}`, sales)
    while ((await ledgerSales()) < before + 1000) await new Promise((r) => setTimeout(r, 20))
    times.push(Math.round(performance.now() - started))
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
  // The first and last three batches, so one slow poll does not decide the ratio.
  const first = mean(times.slice(0, 3))
  const last = mean(times.slice(-3))
  return { batches, storeDays: storeDays.length * days, firstMs: Math.round(first), lastMs: Math.round(last), lastOverFirst: +(last / first).toFixed(2), times }
}
