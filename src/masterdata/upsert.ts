// One upsert flow for every kind of master data: check every row (duplicates, references), then
// write only what changed together with its audit entries in one atomic batch.
import type { Context } from 'hono'
import { auditStatements, sameRecord, type AuditChange } from '../audit/audit'
import { runBatch } from '../db/bulk'
import { database } from '../db/client'
import type { AppEnv } from '../env'
import { invalid } from '../lib/problem'
import { deliverDueAlerts } from '../channel/alerts'
import { newCheckRun } from '../channel/run'
import { foldUnmatched } from '../sales/ledger'
import type { MasterEntity } from './entities'
import { duplicateKeyErrors } from '../lib/duplicates'

export interface UpsertCounts {
  upserted: number
  created: number
  updated: number
  unchanged: number
  /** Sales that were waiting for this master data and now count. */
  salesMatched?: number
}

export async function upsertMasterData<Input, ApiRecord>(
  c: Context<AppEnv>,
  entity: MasterEntity<Input, ApiRecord>,
  inputs: Input[],
): Promise<UpsertCounts> {
  const db = database(c.env)
  const errors = [
    ...duplicateKeyErrors(inputs, entity.keyOf, (i) => `${entity.collection}.${i}.${entity.keyField}`),
    ...(await entity.referenceErrors(db, inputs)),
  ]
  if (errors.length > 0) throw invalid(errors)

  const existing = await entity.load(db, inputs.map(entity.keyOf))
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

  if (changed.length > 0) {
    const now = new Date().toISOString()
    await runBatch(c.env.DB, [
      ...entity.writes(changed, now),
      ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, changes),
    ])
  }
  const counts: UpsertCounts = { upserted: inputs.length, created, updated: changed.length - created, unchanged: inputs.length - changed.length }
  if (entity.foldsSales && changed.length > 0) {
    counts.salesMatched = await foldUnmatched(c.env.DB, newCheckRun(c.env, 'api'))
    if (counts.salesMatched > 0) c.executionCtx.waitUntil(deliverDueAlerts(c.env))
  }
  return counts
}
