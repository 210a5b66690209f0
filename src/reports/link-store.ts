// Report links kept: a link is bound to one report, its params, its format and the regions its
// creator could see; only the SHA-256 of its token is stored, and it dies with its creator's token.
import { z } from '@hono/zod-openapi'
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { companyToday } from '../config'
import { database } from '../db/client'
import { runBatch, fromQuery } from '../db/bulk'
import { apiTokens, regions, REPORT_FORMATS, reportLinks, REPORTS } from '../db/schema'
import type { AppEnv } from '../env'
import { instantSchema } from '../lib/fields'
import { invalid, notFound } from '../lib/problem'
import { newId, newSecretToken, sha256Hex } from '../lib/tokens'
import { reportResponse } from './build'
import { LANGS } from '../lib/lang'
import { narrowScope } from './page-scope'
import { resolveParams, ReportParamsSchema, type ReportInput, type ReportName } from './report'

export const REPORT_LINK_PREFIX = 'rpt_'

/** How often lastAccessAt is refreshed: a sheet refreshing hourly needs no write per pull. */
const LAST_ACCESS_RESOLUTION_MS = 60_000

export const LinkInput = z
  .object({
    report: z.enum(REPORTS),
    params: ReportParamsSchema.omit({ year: true }).extend({ year: z.number().int().min(2000).max(2100).optional().openapi({ description: 'Required unless `period` is given' }) }),
    format: z.enum(REPORT_FORMATS).default('csv'),
    lang: z.enum(LANGS).optional().openapi({ description: 'The language of the link’s pages and workbooks (default: the reader’s Accept-Language, else zh-CN)' }),
    expiresAt: instantSchema.optional(),
  })
  .openapi('ReportLinkInput')

export const LinkInfo = z
  .object({
    id: z.string(),
    report: z.enum(REPORTS),
    params: z.record(z.string(), z.unknown()),
    format: z.enum(REPORT_FORMATS),
    lang: z.enum(LANGS).nullable(),
    regionCodes: z.array(z.string()).nullable().openapi({ description: 'The regions the link shows; null for every region' }),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastAccessAt: z.string().nullable(),
  })
  .openapi('ReportLink')

type LinkRow = typeof reportLinks.$inferSelect

const linkInfo = (row: LinkRow): z.infer<typeof LinkInfo> => ({
  id: row.id,
  report: row.report,
  params: JSON.parse(row.params) as Record<string, unknown>,
  format: row.format,
  lang: row.lang,
  regionCodes: row.regionCodes === null ? null : (JSON.parse(row.regionCodes) as string[]),
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  lastAccessAt: row.lastAccessAt,
})

/** Creates a link within the caller's regions; its URL is in the answer only. */
export async function createReportLink(c: Context<AppEnv>, input: Omit<z.output<typeof LinkInput>, 'format'> & { format?: z.output<typeof LinkInput>['format'] }, options: { createdBy?: string } = {}) {
  const params: ReportInput = input.params
  resolveParams(input.report, params, params.asOf ?? companyToday(c.env), 'params.')
  const scope = c.get('scope')
  if (params.regionCode !== undefined) {
    scope.assertRead(params.regionCode)
    const region = await database(c.env).select({ code: regions.code }).from(regions).where(eq(regions.code, params.regionCode)).get()
    if (!region) throw invalid([{ path: 'params.regionCode', message: `region ${params.regionCode} does not exist`, code: 'unknown_reference' }])
  }
  const now = new Date()
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) throw invalid([{ path: 'expiresAt', message: 'must be in the future' }])
  const token = newSecretToken(REPORT_LINK_PREFIX)
  const regionCodes = scope.readable(params.regionCode)
  const row: LinkRow = {
    id: newId('rl_'),
    tokenHash: await sha256Hex(token),
    report: input.report,
    params: JSON.stringify(params),
    format: input.format ?? 'csv',
    lang: input.lang ?? null,
    regionCodes: regionCodes === null ? null : JSON.stringify(regionCodes),
    // An alert endpoint's link is its own: it lives until the endpoint is removed.
    createdBy: options.createdBy ?? c.get('principal').id,
    createdAt: now.toISOString(),
    expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt).toISOString(),
    revokedAt: null,
    lastAccessAt: null,
  }
  const info = linkInfo(row)
  await runBatch(c.env.DB, [
    fromQuery(database(c.env).insert(reportLinks).values(row)),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: row.createdAt }, [{ entity: 'report_link', key: row.id, before: null, after: info }]),
  ])
  return { ...info, url: new URL(`/r/${token}`, c.req.url).toString() }
}

/** HQ sees every link; a manager the links they made. */
export async function listReportLinks(c: Context<AppEnv>) {
  const principal = c.get('principal')
  const db = database(c.env)
  const rows = await db
    .select()
    .from(reportLinks)
    .where(c.get('scope').isAdmin ? undefined : eq(reportLinks.createdBy, principal.id))
    .orderBy(desc(reportLinks.createdAt))
    .all()
  return rows.map(linkInfo)
}

/** Revokes at once; another manager's link answers as a missing one. */
export async function revokeReportLink(c: Context<AppEnv>, id: string) {
  const principal = c.get('principal')
  const db = database(c.env)
  const row = await db.select().from(reportLinks).where(eq(reportLinks.id, id)).get()
  // Another manager's link is answered like a missing one: its existence is not theirs to know.
  if (!row || (!c.get('scope').isAdmin && row.createdBy !== principal.id)) throw notFound(`There is no report link ${id}.`)
  if (row.revokedAt !== null) return linkInfo(row)
  const revoked = { ...row, revokedAt: new Date().toISOString() }
  await runBatch(c.env.DB, [
    fromQuery(db.update(reportLinks).set({ revokedAt: revoked.revokedAt }).where(and(eq(reportLinks.id, id), isNull(reportLinks.revokedAt)))),
    ...auditStatements({ actor: principal.id, via: 'api', at: revoked.revokedAt }, [{ entity: 'report_link', key: id, before: linkInfo(row), after: linkInfo(revoked) }]),
  ])
  return linkInfo(revoked)
}

/**
 * The report behind a live link, as the link was made (format, params, regions, language), narrowed
 * by the page's query. An HTML link also opens the other report pages of its regions (`report`),
 * which its nav bar links to; any other link answers its one report.
 */
export async function openReportLink(c: Context<AppEnv>, token: string, page?: ReportName) {
  const now = new Date()
  const db = database(c.env)
  const row = await db.select().from(reportLinks).where(eq(reportLinks.tokenHash, await sha256Hex(token))).get()
  // A link's own language answers its refusals too (a page's lang, or the reader's, still comes first).
  if (row?.lang) c.set('linkLang', row.lang)
  const usable = row && row.revokedAt === null && (row.expiresAt === null || Date.parse(row.expiresAt) > now.getTime())
  const reachable = usable && (page === undefined || page === row.report || row.format === 'html')
  if (!reachable || !(await creatorActive(c.env.DB, row.createdBy))) throw notFound('This report link is unknown, revoked or expired.')
  if (!row.lastAccessAt || now.getTime() - Date.parse(row.lastAccessAt) > LAST_ACCESS_RESOLUTION_MS) {
    await db.update(reportLinks).set({ lastAccessAt: now.toISOString() }).where(eq(reportLinks.id, row.id)).run()
  }
  const stored = { params: JSON.parse(row.params) as ReportInput, regionCodes: row.regionCodes === null ? null : (JSON.parse(row.regionCodes) as string[]) }
  const scope = narrowScope(stored, c.req.query(), stored.params.asOf ?? companyToday(c.env, now))
  if (scope.region !== undefined && scope.region !== stored.params.regionCode && !(await regionExists(c.env.DB, scope.region))) {
    throw invalid([{ path: 'region', message: `region ${scope.region} does not exist`, code: 'unknown_reference' }])
  }
  const asOf = scope.params.asOf ?? companyToday(c.env, now)
  const report = page ?? row.report
  const params = resolveParams(report, scope.params, asOf)
  const context = { env: c.env, regionCodes: scope.regionCodes, asOf, lang: row.lang ?? undefined }
  const scopeRegions = stored.params.regionCode === undefined ? stored.regionCodes : [stored.params.regionCode]
  const nav = { base: `/r/${token}`, fixed: {}, regionParam: 'region', scopeRegions, region: scope.region, store: scope.store }
  return (await reportResponse(c, report, row.format, context, params, nav)) as never
}

const regionExists = async (d1: D1Database, code: string) => (await d1.prepare('SELECT 1 FROM regions WHERE code = ?').bind(code).first()) !== null

/** A link dies with the token that made it: revoking a manager's token also stops their links. */
async function creatorActive(d1: D1Database, createdBy: string): Promise<boolean> {
  const creator = await database({ DB: d1 }).select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, createdBy)).get()
  // The bootstrap admin (ADMIN_TOKEN) has no row and is not revocable here.
  return creator === undefined || creator.revokedAt === null
}
