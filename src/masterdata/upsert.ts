// One upsert flow for every kind of master data: every row's faults (shape, duplicates,
// references) in one answer, then only what changed written with its audit entries in one batch.
import type { Context } from 'hono'
import { auditStatements, sameRecord, type AuditChange } from '../audit/audit'
import { runBatch } from '../db/bulk'
import { database } from '../db/client'
import type { AppEnv } from '../env'
import { withCsvLines, type BulkBody } from '../lib/body'
import { langOf } from '../lib/lang'
import { fieldMessageZh } from '../lib/messages/zh'
import type { FieldError } from '../lib/problem'
import { assertNoErrors, checkable, duplicateRowErrors } from '../lib/rows'
import { deliverDueAlerts } from '../channel/alerts'
import { newCheckRun } from '../channel/run'
import { owedFold, runOwedFold } from '../sales/fold'
import type { MasterEntity } from './entities'

export interface UpsertCounts {
  upserted: number
  created: number
  updated: number
  unchanged: number
  /** Sales that were waiting for this master data and now count. */
  salesMatched?: number
  /** What was stored but looks wrong, in the reader's language; present when there is any. */
  warnings?: FieldError[]
}

export async function upsertMasterData<Input, ApiRecord>(
  c: Context<AppEnv>,
  entity: MasterEntity<Input, ApiRecord>,
  body: BulkBody<unknown, Input>,
): Promise<UpsertCounts> {
  const db = database(c.env)
  // Rows with a shape fault are still checked on their sound fields: one answer names them all.
  const keyed = checkable(body, [entity.keyField as keyof Input])
  const referenced = checkable(body, entity.referenceFields)
  const errors = [
    ...body.errors,
    ...duplicateRowErrors(keyed, entity.keyOf, (i) => `${entity.collection}.${i}.${entity.keyField}`),
    ...(referenced.length > 0 ? await entity.referenceErrors(db, referenced) : []),
  ]
  assertNoErrors(withCsvLines(errors, body.csvLines))
  const existing = await entity.load(db, body.rows.map((row) => entity.keyOf(row.value)))
  const inputs = body.rows.map(({ value }) => {
    const stored = existing.get(entity.keyOf(value))
    return stored && entity.keepUnsent ? entity.keepUnsent(value, stored) : value
  })
  const changed: Input[] = []
  const changes: AuditChange[] = []
  let created = 0
  for (const input of inputs) {
    const key = entity.keyOf(input)
    const before = existing.get(key) ?? null
    const after = entity.toRecord(input)
    if (before !== null && sameRecord(before, after)) continue
    if (before === null) created += 1
    changed.push(input)
    changes.push({ entity: entity.entity, key, before, after })
  }

  // The fold this write owes is recorded with it, so it happens even if the fold below fails.
  const fold = entity.unlocks && changed.length > 0 ? { id: crypto.randomUUID(), keys: entity.unlocks(changed) } : null
  if (changed.length > 0) {
    const now = new Date().toISOString()
    await runBatch(c.env.DB, [
      ...entity.writes(changed, now),
      ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, changes),
      ...(fold ? [owedFold(fold.id, fold.keys, now)] : []),
    ])
  }
  const counts: UpsertCounts = { upserted: inputs.length, created, updated: changed.length - created, unchanged: inputs.length - changed.length }
  // A 200 is not rendered by the problem handler, so its warnings are put in the reader's language here.
  const warnings = withCsvLines(entity.warnings?.(body.rows) ?? [], body.csvLines)
  const zh = langOf(c) !== 'en'
  if (warnings.length > 0) counts.warnings = warnings.map((w) => (zh ? { ...w, message: fieldMessageZh(w.message) } : w))
  if (fold) {
    counts.salesMatched = await runOwedFold(c.env.DB, () => newCheckRun(c.env, 'api'), fold.id, fold.keys)
    if (counts.salesMatched > 0) c.executionCtx.waitUntil(deliverDueAlerts(c.env))
  }
  return counts
}
