// The limit for batch ingest: the same sales and lines inserted straight into SQLite on disk with
// better-sqlite3 — the same tables and indexes (the migrations), one transaction per 1,000 sales,
// SQLite's default journal and sync settings — with each line added to the daily, daily-SKU and
// monthly rollups in the same transaction, as a hand-written ledger would. Nothing else: no
// signature, receipt, queue, matching or checks.
import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function rawSqliteInsert(root, batches, regionOf) {
  const dir = mkdtempSync(join(tmpdir(), 'regionops-raw-'))
  const db = new Database(join(dir, 'raw.sqlite'))
  try {
    for (const file of readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort()) {
      for (const sql of readFileSync(join(root, 'migrations', file), 'utf8').split('--> statement-breakpoint')) if (sql.trim()) db.exec(sql)
    }
    const insertSale = db.prepare(
      `INSERT INTO sales (source_id, sale_id, kind, refund_of, store_code, store_vendor, store_external_id, occurred_at, day, iso_week, currency, region_code, matched, webhook_id)
       VALUES ('raw', ?, 'sale', NULL, ?, NULL, NULL, ?, substr(?, 1, 10), '2027-W01', 'CNY', NULL, 0, ?)`,
    )
    const insertLine = db.prepare(`INSERT INTO sale_lines (source_id, sale_id, line_no, sku, qty, unit_price, amount, codes) VALUES ('raw', ?, ?, ?, ?, ?, ?, ?)`)
    const add = `amount = amount + excluded.amount, qty = qty + excluded.qty, sales = sales + excluded.sales`
    const daily = db.prepare(
      `INSERT INTO sales_daily (store_code, day, region_code, month, iso_week, amount, qty, sales) VALUES (@store, @day, @region, @month, '2027-W01', @amount, @qty, @sales)
       ON CONFLICT (store_code, day) DO UPDATE SET ${add}`,
    )
    const monthly = db.prepare(
      `INSERT INTO sales_monthly (store_code, month, region_code, amount, qty, sales) VALUES (@store, @month, @region, @amount, @qty, @sales) ON CONFLICT (store_code, month) DO UPDATE SET ${add}`,
    )
    const dailySku = db.prepare(
      `INSERT INTO sales_daily_sku (store_code, day, sku, region_code, amount, qty, sales) VALUES (@store, @day, @sku, @region, @amount, @qty, 1)
       ON CONFLICT (store_code, day, sku) DO UPDATE SET ${add}`,
    )
    const insertBatch = db.transaction((sales, webhookId) => {
      for (const sale of sales) {
        insertSale.run(sale.saleId, sale.storeCode, sale.occurredAt, sale.occurredAt, webhookId)
        const region = regionOf(sale.storeCode)
        sale.lines.forEach((line, i) => {
          const amount = Math.round(line.qty * line.unitPrice * 100)
          insertLine.run(sale.saleId, i + 1, line.sku, line.qty, Math.round(line.unitPrice * 100), amount, line.codes ? JSON.stringify(line.codes) : null)
          const figures = { store: sale.storeCode, day: sale.occurredAt.slice(0, 10), month: sale.occurredAt.slice(0, 7), region, amount, qty: line.qty }
          daily.run({ ...figures, sales: i === 0 ? 1 : 0 })
          monthly.run({ ...figures, sales: i === 0 ? 1 : 0 })
          dailySku.run({ ...figures, sku: line.sku })
        })
      }
    })
    let lines = 0
    const started = performance.now()
    batches.forEach((sales, b) => {
      insertBatch(sales, `raw-${b}`)
      lines += sales.reduce((n, s) => n + s.lines.length, 0)
    })
    const seconds = (performance.now() - started) / 1000
    return { saleLines: lines, seconds: +seconds.toFixed(3), linesPerSecond: Math.round(lines / seconds) }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
