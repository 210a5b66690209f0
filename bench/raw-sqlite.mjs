// The limit for batch ingest: the same sales and lines inserted straight into SQLite on disk with
// better-sqlite3 — the same tables and indexes (the migrations), one transaction per 1,000 sales,
// SQLite's default journal and sync settings. Nothing else: no signature, receipt, queue,
// matching, rollups or checks.
import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function rawSqliteInsert(root, batches) {
  const dir = mkdtempSync(join(tmpdir(), 'regionops-raw-'))
  const db = new Database(join(dir, 'raw.sqlite'))
  try {
    for (const file of readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort()) {
      for (const sql of readFileSync(join(root, 'migrations', file), 'utf8').split('--> statement-breakpoint')) if (sql.trim()) db.exec(sql)
    }
    const insertSale = db.prepare(
      `INSERT INTO sales (source_id, sale_id, kind, refund_of, store_code, store_vendor, store_external_id, occurred_at, day, iso_week, currency, region_code, matched, webhook_id, received_at)
       VALUES ('raw', ?, 'sale', NULL, ?, NULL, NULL, ?, substr(?, 1, 10), '2027-W01', 'CNY', NULL, 0, ?, ?)`,
    )
    const insertLine = db.prepare(`INSERT INTO sale_lines (source_id, sale_id, line_no, sku, qty, unit_price, amount, codes) VALUES ('raw', ?, ?, ?, ?, ?, ?, ?)`)
    const insertBatch = db.transaction((sales, webhookId, receivedAt) => {
      for (const sale of sales) {
        insertSale.run(sale.saleId, sale.storeCode, sale.occurredAt, sale.occurredAt, webhookId, receivedAt)
        sale.lines.forEach((line, i) =>
          insertLine.run(sale.saleId, i + 1, line.sku, line.qty, Math.round(line.unitPrice * 100), Math.round(line.qty * line.unitPrice * 100), line.codes ? JSON.stringify(line.codes) : null),
        )
      }
    })
    let lines = 0
    const started = performance.now()
    batches.forEach((sales, b) => {
      insertBatch(sales, `raw-${b}`, new Date().toISOString())
      lines += sales.reduce((n, s) => n + s.lines.length, 0)
    })
    const seconds = (performance.now() - started) / 1000
    return { saleLines: lines, seconds: +seconds.toFixed(3), linesPerSecond: Math.round(lines / seconds) }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
