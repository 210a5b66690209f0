// Which regions a bound tab may receive figures of. The cron writes into a spreadsheet the binder
// chose and anyone with the sheet can read, so it writes only what the binder could read through
// the API right now, and only inside the binding's region: a manager who lists another region's
// store codes in their sheet gets those rows left as they are. HQ's region-targets tab spans
// every region by design.
import { eq } from 'drizzle-orm'
import { BOOTSTRAP_ACTOR, type Principal } from '../auth/principal'
import { database } from '../db/client'
import { apiTokens } from '../db/schema'
import type { Env } from '../env'
import type { TabName } from './tabs'

/** The regions whose figures a binding may receive: null for every region, [] for none. */
export function writeBackRegions(binding: { tab: TabName; regionCode: string }, binder: Pick<Principal, 'role' | 'regionCodes'> | null): string[] | null {
  if (!binder) return []
  if (binder.role === 'admin') return binding.tab === 'targets-region' ? null : [binding.regionCode]
  // A manager never binds the region-targets tab; a viewer never binds at all.
  if (binder.role !== 'manager' || binding.tab === 'targets-region') return []
  return binder.regionCodes.includes(binding.regionCode) ? [binding.regionCode] : []
}

/** The live principal of a token id (a binding's `createdBy`); null once the token is revoked or gone. */
export async function liveBinder(env: Env, tokenId: string): Promise<Principal | null> {
  if (tokenId === BOOTSTRAP_ACTOR) return { id: tokenId, role: 'admin', regionCodes: [] }
  const row = await database(env).select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get()
  if (!row || row.revokedAt !== null) return null
  return { id: row.id, role: row.role, regionCodes: JSON.parse(row.regionCodes) as string[] }
}
