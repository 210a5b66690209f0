// Optimistic concurrency without interactive transactions. D1 runs a batch atomically but cannot
// read-check-write across round trips, so a guarded write goes like this:
//   1. read the set's revision R and check the request against the data at R;
//   2. run one batch whose FIRST statement moves the revision R → R+1 tagged with a fresh write id,
//      but only if it is still R, and whose every other statement carries `guard` (the tag exists);
//   3. if the first statement changed nothing, someone else wrote in between and nothing of ours
//      was applied: read again and retry (or report the conflict).
import { eq } from 'drizzle-orm'
import { Problem } from '../lib/problem'
import { runBatch, statement, type Guard, type Statement } from './bulk'
import type { Database } from './client'
import { revisions } from './schema'

export async function currentRevision(db: Database, scope: string): Promise<number> {
  const row = await db.select({ revision: revisions.revision }).from(revisions).where(eq(revisions.scope, scope)).get()
  return row?.revision ?? 0
}

export interface GuardedWrite {
  /** The revision the set will have if this write lands. */
  revision: number
  guard: Guard
}

/**
 * Runs `build(write)` as one batch if the set is still at `expected`. Returns the new revision,
 * or null when another write landed first (then nothing was applied).
 */
export async function writeAtRevision(
  d1: D1Database,
  scope: string,
  expected: number,
  build: (write: GuardedWrite) => Statement[],
): Promise<number | null> {
  const writeId = crypto.randomUUID()
  const revision = expected + 1
  const bump = statement(
    `INSERT INTO revisions (scope, revision, write_id, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope) DO UPDATE SET revision = excluded.revision, write_id = excluded.write_id, updated_at = excluded.updated_at
     WHERE revisions.revision = ?`,
    scope,
    revision,
    writeId,
    new Date().toISOString(),
    expected,
  )
  const guard: Guard = { sql: 'EXISTS (SELECT 1 FROM revisions WHERE scope = ? AND write_id = ?)', params: [scope, writeId] }
  const [bumped] = await runBatch(d1, [bump, ...build({ revision, guard })])
  return bumped && bumped.meta.changes === 1 ? revision : null
}

/** How often a write that lost a race is re-checked against fresh data before giving up. */
const ATTEMPTS = 3

/**
 * Reads the revision, lets `prepare` check the request against the data at that revision and
 * return the statements to write (or null when nothing changes), and writes them guarded; when
 * another write landed in between, starts over with fresh data.
 */
export async function writeWithRetry(
  db: Database,
  d1: D1Database,
  scope: string,
  prepare: (revision: number) => Promise<((write: GuardedWrite) => Statement[]) | null>,
): Promise<{ revision: number; written: boolean }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const revision = await currentRevision(db, scope)
    const build = await prepare(revision)
    if (build === null) return { revision, written: false }
    const landed = await writeAtRevision(d1, scope, revision, build)
    if (landed !== null) return { revision: landed, written: true }
  }
  throw new Problem(409, 'Others are changing the same data right now; try again.', { type: 'busy', title: 'Busy' })
}
