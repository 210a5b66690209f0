// POS sources (HQ): register a POS system, rotate its signing secret (by default the old one keeps
// verifying for 24 hours so no delivery in flight is refused; a leaked one is revoked at once),
// disable a source whose webhooks must stop, list them without their secrets.
import { z } from '@hono/zod-openapi'
import { and, eq, gt, isNull, or } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { fromQuery, runBatch, statement } from '../db/bulk'
import { database, type Database } from '../db/client'
import { posSources, posSourceSecrets } from '../db/schema'
import type { AppEnv, Env } from '../env'
import { nameSchema, posSourceIdSchema } from '../lib/fields'
import { invalid, notFound, Problem } from '../lib/problem'
import { newId } from '../lib/tokens'
import { forgetSource } from './source-cache'

/** How long rotated-out secrets keep verifying unless the rotation says otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 60 * 60
/** The longest grace a rotation may give: a week covers any POS redeploy. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 60 * 60

const secretSchema = z.string().min(16, 'must be at least 16 characters').max(256)

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return `whsec_${btoa(binary)}`
}

export interface LiveSource {
  id: string
  vendor: 'standard' | 'shopify'
  secrets: string[]
}

/** A live source with when each secret stops verifying (null: never), as the isolate keeps it. */
export interface TimedSource {
  id: string
  vendor: LiveSource['vendor']
  secrets: { secret: string; expiresAt: string | null }[]
}

/** The secrets of a timed source that verify at `now`. */
export const verifyingAt = (source: TimedSource, now: Date): LiveSource => ({
  id: source.id,
  vendor: source.vendor,
  secrets: source.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now.toISOString()).map((s) => s.secret),
})

/** An enabled source with the secrets that verify now (current, and rotated-out within their grace). */
export async function liveSource(db: Database, id: string, now: Date): Promise<LiveSource | null> {
  const source = await timedSource(db, id, now)
  return source && verifyingAt(source, now)
}

/** An enabled source with its secrets that verify at `now` and when each stops. */
export async function timedSource(db: Database, id: string, now: Date): Promise<TimedSource | null> {
  const rows = await db
    .select({ id: posSources.id, vendor: posSources.vendor, disabledAt: posSources.disabledAt, secret: posSourceSecrets.secret, expiresAt: posSourceSecrets.expiresAt })
    .from(posSources)
    .leftJoin(
      posSourceSecrets,
      and(eq(posSourceSecrets.sourceId, posSources.id), or(isNull(posSourceSecrets.expiresAt), gt(posSourceSecrets.expiresAt, now.toISOString()))),
    )
    .where(eq(posSources.id, id))
    .all()
  const first = rows[0]
  if (!first || first.disabledAt !== null) return null
  return { id: first.id, vendor: first.vendor, secrets: rows.flatMap((r) => (r.secret ? [{ secret: r.secret, expiresAt: r.expiresAt }] : [])) }
}

/** The secrets of a source that verify at `now`. */
function liveSecrets(db: Database, sourceId: string, now: Date) {
  return db
    .select({ id: posSourceSecrets.id, expiresAt: posSourceSecrets.expiresAt })
    .from(posSourceSecrets)
    .where(and(eq(posSourceSecrets.sourceId, sourceId), or(isNull(posSourceSecrets.expiresAt), gt(posSourceSecrets.expiresAt, now.toISOString()))))
    .orderBy(posSourceSecrets.createdAt)
    .all()
}

export const SourceInput = z
  .object({
    id: posSourceIdSchema,
    name: nameSchema,
    vendor: z.enum(['standard', 'shopify']),
    secret: secretSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.vendor === 'shopify' && !input.secret) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a Shopify source needs the secret Shopify issued to the app' })
    }
  })
  .openapi('PosSourceInput')

export const RotationInput = z.object({
  secret: secretSchema.optional(),
  graceSeconds: z
    .number()
    .int('must be whole seconds')
    .min(0, 'must be 0 (revoke at once) or more')
    .max(MAX_ROTATION_GRACE_SECONDS, `must be at most ${MAX_ROTATION_GRACE_SECONDS} (7 days)`)
    .optional()
    .openapi({ description: 'How long the old secrets keep verifying; 0 revokes them now. Default 86400.' }),
})

/** Registers a POS source with its first secret (given, or made here). */
export async function registerSource(c: Context<AppEnv>, input: z.infer<typeof SourceInput>) {
  if (input.vendor === 'standard' && input.secret && !input.secret.startsWith('whsec_')) {
    throw invalid([{ path: 'secret', message: 'a Standard Webhooks secret starts with whsec_' }])
  }
  const db = database(c.env)
  if (await db.select({ id: posSources.id }).from(posSources).where(eq(posSources.id, input.id)).get()) {
    throw new Problem(409, `POS source ${input.id} already exists; rotate its secret instead.`)
  }
  const secret = input.secret ?? newWebhookSecret()
  const now = new Date().toISOString()
  await runBatch(c.env.DB, [
    fromQuery(db.insert(posSources).values({ id: input.id, name: input.name, vendor: input.vendor, createdAt: now })),
    fromQuery(db.insert(posSourceSecrets).values({ id: newId('sec_'), sourceId: input.id, secret, createdAt: now, expiresAt: null })),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
      { entity: 'pos-source', key: input.id, before: null, after: { name: input.name, vendor: input.vendor } },
    ]),
  ])
  forgetSource(input.id)
  return { id: input.id, secret }
}

/** Adds a secret; the live ones keep verifying for the grace period, never longer than they already would. */
export async function rotateSourceSecret(c: Context<AppEnv>, id: string, body: z.infer<typeof RotationInput>) {
  const db = database(c.env)
  const source = await db.select().from(posSources).where(eq(posSources.id, id)).get()
  if (!source) throw notFound(`There is no POS source ${id}.`)
  if (source.disabledAt !== null) throw new Problem(409, `POS source ${id} is disabled; register a new source instead.`)
  if (source.vendor === 'shopify' && !body.secret) throw invalid([{ path: 'secret', message: 'give the new secret Shopify issued' }])
  if (source.vendor === 'standard' && body.secret && !body.secret.startsWith('whsec_')) {
    throw invalid([{ path: 'secret', message: 'a Standard Webhooks secret starts with whsec_' }])
  }
  const secret = body.secret ?? newWebhookSecret()
  const now = new Date()
  const graceSeconds = body.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS
  const previousExpiresAt = new Date(now.getTime() + graceSeconds * 1000).toISOString()
  const live = (await liveSecrets(db, id, now)).map((s) => ({ id: s.id, expiresAt: s.expiresAt }))
  const newSecretId = newId('sec_')
  const after = live.map((s) => ({ id: s.id, expiresAt: s.expiresAt !== null && s.expiresAt < previousExpiresAt ? s.expiresAt : previousExpiresAt }))
  await runBatch(c.env.DB, [
    // Live secrets end at previousExpiresAt, or sooner if they already did.
    statement('UPDATE pos_source_secrets SET expires_at = ?1 WHERE source_id = ?2 AND (expires_at IS NULL OR expires_at > ?1)', previousExpiresAt, id),
    fromQuery(db.insert(posSourceSecrets).values({ id: newSecretId, sourceId: id, secret, createdAt: now.toISOString(), expiresAt: null })),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now.toISOString() }, [
      { entity: 'pos-source', key: id, before: { secrets: live }, after: { secrets: [...after, { id: newSecretId, expiresAt: null }], graceSeconds } },
    ]),
  ])
  forgetSource(id)
  return { id, secret, previousExpiresAt }
}

/** Disables a source; disabling twice answers the first time. */
export async function disableSource(c: Context<AppEnv>, id: string) {
  const db = database(c.env)
  const source = await db.select().from(posSources).where(eq(posSources.id, id)).get()
  if (!source) throw notFound(`There is no POS source ${id}.`)
  if (source.disabledAt !== null) return { id, disabledAt: source.disabledAt }
  const disabledAt = new Date().toISOString()
  await runBatch(c.env.DB, [
    statement('UPDATE pos_sources SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL', disabledAt, id),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: disabledAt }, [
      { entity: 'pos-source', key: id, before: { name: source.name, vendor: source.vendor, disabledAt: null }, after: { name: source.name, vendor: source.vendor, disabledAt } },
    ]),
  ])
  forgetSource(id)
  return { id, disabledAt }
}

/** Every source with its secrets' ids and lifetimes, never the secrets. */
export async function listSources(env: Env) {
  const db = database(env)
  const [sources, secrets] = await Promise.all([
    db.select().from(posSources).orderBy(posSources.id).all(),
    db.select({ id: posSourceSecrets.id, sourceId: posSourceSecrets.sourceId, createdAt: posSourceSecrets.createdAt, expiresAt: posSourceSecrets.expiresAt }).from(posSourceSecrets).orderBy(posSourceSecrets.createdAt).all(),
  ])
  return {
    sources: sources.map((s) => ({
      ...s,
      secrets: secrets.filter((x) => x.sourceId === s.id).map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt })),
    })),
  }
}
