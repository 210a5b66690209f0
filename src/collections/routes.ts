// Collections (回款): invoices and payments from the ERP (idempotent by id), FIFO settlement with
// credit kept, receivables ageing as of any day, and collection achievement against the monthly
// `collection` targets of each region.
import { z } from '@hono/zod-openapi'
import { and, eq, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Context } from 'hono'
import { periodOf, ratio, spanTarget } from '../achievement/measures'
import { auditStatements } from '../audit/audit'
import { companyToday } from '../config'
import { inJsonArray, insertRows } from '../db/bulk'
import { database, type Database } from '../db/client'
import { inRegions } from '../db/region-filter'
import { writeWithRetry } from '../db/revision'
import { dealers, invoices, paymentAllocations, payments, regions, targets } from '../db/schema'
import type { AppEnv } from '../env'
import { duplicateKeyErrors } from '../lib/duplicates'
import { codeSchema, dateSchema } from '../lib/fields'
import { moneySchema, toMajorUnits } from '../lib/money'
import { createRouter, defineRoute } from '../lib/openapi'
import { invalid, type FieldError } from '../lib/problem'
import { settle, type Allocation, type OpenInvoice } from './fifo'

const TAG = 'Collections'
const RECEIVABLES_SCOPE = 'receivables'
const positive = moneySchema().refine((minor) => minor > 0, 'must be more than 0')

const InvoiceInput = z.object({ invoiceId: z.string().min(1).max(64), dealerCode: codeSchema, issuedOn: dateSchema, dueOn: dateSchema, amount: positive })
const PaymentInput = z.object({ paymentId: z.string().min(1).max(64), dealerCode: codeSchema, receivedOn: dateSchema, amount: positive, invoiceId: z.string().min(1).max(64).optional() })

interface DealerLedger {
  open: OpenInvoice[]
  /** Payments with money no invoice has taken yet, oldest first. */
  credits: { paymentId: string; left: number }[]
}

/** Open invoices and unused credit of the given dealers, as they stand now. */
async function ledgersOf(db: Database, dealerCodes: string[]): Promise<Map<string, DealerLedger>> {
  const [open, credit] = await Promise.all([
    db
      .select({
        invoiceId: invoices.invoiceId,
        dealerCode: invoices.dealerCode,
        dueOn: invoices.dueOn,
        issuedOn: invoices.issuedOn,
        // Qualified by hand: in a one-table select drizzle leaves columns unqualified, which would bind to `a`.
        open: sql<number>`invoices.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a WHERE a.invoice_id = invoices.invoice_id), 0)`,
      })
      .from(invoices)
      .where(inJsonArray(invoices.dealerCode, dealerCodes))
      .all(),
    db
      .select({
        paymentId: payments.paymentId,
        dealerCode: payments.dealerCode,
        left: sql<number>`payments.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a WHERE a.payment_id = payments.payment_id), 0)`,
      })
      .from(payments)
      .where(inJsonArray(payments.dealerCode, dealerCodes))
      .orderBy(payments.receivedOn, payments.paymentId)
      .all(),
  ])
  const ledgers = new Map<string, DealerLedger>(dealerCodes.map((code) => [code, { open: [], credits: [] }]))
  for (const row of open) if (row.open > 0) ledgers.get(row.dealerCode)!.open.push(row)
  for (const row of credit) if (row.left > 0) ledgers.get(row.dealerCode)!.credits.push(row)
  return ledgers
}

/** Credit left on earlier payments settles open invoices, oldest payment first. */
function applyCredits(ledger: DealerLedger): Allocation[] {
  const allocations: Allocation[] = []
  for (const credit of ledger.credits) {
    const { allocations: made, left } = settle(credit.paymentId, credit.left, ledger.open)
    allocations.push(...made)
    credit.left = left
  }
  return allocations
}

async function dealerRegions(db: Database, codes: string[]): Promise<Map<string, string>> {
  const rows = await db.select({ code: dealers.code, regionCode: dealers.regionCode }).from(dealers).where(inJsonArray(dealers.code, codes)).all()
  return new Map(rows.map((r) => [r.code, r.regionCode]))
}

const SettledPayment = z.object({ paymentId: z.string(), allocations: z.array(z.object({ invoiceId: z.string(), amount: z.number() })), credit: z.number() })

export const collectionRoutes = createRouter()
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/invoices',
      tags: [TAG],
      summary: 'Record invoices to dealers (idempotent by invoiceId); dealers’ credit settles them',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ invoices: z.array(InvoiceInput).min(1).max(5000) }) } } } },
      responses: {
        200: {
          description: 'Recorded',
          content: { 'application/json': { schema: z.object({ received: z.number().int(), duplicates: z.array(z.string()), settledByCredit: z.array(SettledPayment.pick({ paymentId: true, allocations: true })) }) } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const db = database(c.env)
      const dealerCodes = [...new Set(body.invoices.map((i) => i.dealerCode))]
      const regionOf = await dealerRegions(db, dealerCodes)
      const errors: FieldError[] = [
        ...duplicateKeyErrors(body.invoices, (inv) => inv.invoiceId, (i) => `invoices.${i}.invoiceId`),
        ...body.invoices.flatMap((inv, i) => [
          ...(regionOf.has(inv.dealerCode) ? [] : [{ path: `invoices.${i}.dealerCode`, message: `dealer ${inv.dealerCode} does not exist`, code: 'unknown_reference' }]),
          ...(inv.dueOn < inv.issuedOn ? [{ path: `invoices.${i}.dueOn`, message: 'must not be before issuedOn' }] : []),
        ]),
      ]
      if (errors.length > 0) throw invalid(errors)
      let duplicates: string[] = []
      let settled: Allocation[] = []
      await writeWithRetry(db, c.env.DB, RECEIVABLES_SCOPE, async () => {
        const known = new Set((await db.select({ id: invoices.invoiceId }).from(invoices).where(inJsonArray(invoices.invoiceId, body.invoices.map((i) => i.invoiceId))).all()).map((r) => r.id))
        duplicates = body.invoices.filter((i) => known.has(i.invoiceId)).map((i) => i.invoiceId)
        const fresh = body.invoices.filter((i) => !known.has(i.invoiceId))
        if (fresh.length === 0) return null
        const ledgers = await ledgersOf(db, dealerCodes)
        for (const inv of fresh) ledgers.get(inv.dealerCode)!.open.push({ invoiceId: inv.invoiceId, dueOn: inv.dueOn, issuedOn: inv.issuedOn, open: inv.amount })
        settled = [...ledgers.values()].flatMap(applyCredits)
        const now = new Date().toISOString()
        return (write) => [
          ...insertRows(invoices, fresh.map((i) => ({ ...i, regionCode: regionOf.get(i.dealerCode)!, createdAt: now })), { guard: write.guard }),
          ...insertRows(paymentAllocations, settled, { guard: write.guard }),
          ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, fresh.map((i) => ({ entity: 'invoice', key: i.invoiceId, before: null, after: { ...i, amount: toMajorUnits(i.amount) } })), write.guard),
        ]
      })
      const byPayment = new Map<string, { invoiceId: string; amount: number }[]>()
      for (const a of settled) byPayment.set(a.paymentId, [...(byPayment.get(a.paymentId) ?? []), { invoiceId: a.invoiceId, amount: toMajorUnits(a.amount) }])
      return c.json({ received: body.invoices.length - duplicates.length, duplicates, settledByCredit: [...byPayment].map(([paymentId, allocations]) => ({ paymentId, allocations })) }, 200)
    },
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/payments',
      tags: [TAG],
      summary: 'Record payments from dealers (idempotent by paymentId); oldest open invoices first; the rest is credit',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ payments: z.array(PaymentInput).min(1).max(5000) }) } } } },
      responses: {
        200: {
          description: 'How each new payment settled invoices, and the credit it left',
          content: { 'application/json': { schema: z.object({ received: z.number().int(), duplicates: z.array(z.string()), payments: z.array(SettledPayment) }) } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const db = database(c.env)
      const dealerCodes = [...new Set(body.payments.map((p) => p.dealerCode))]
      const regionOf = await dealerRegions(db, dealerCodes)
      const named = body.payments.flatMap((p) => (p.invoiceId ? [p.invoiceId] : []))
      const namedInvoices = new Map(
        (await db.select({ id: invoices.invoiceId, dealerCode: invoices.dealerCode }).from(invoices).where(inJsonArray(invoices.invoiceId, named)).all()).map((r) => [r.id, r.dealerCode]),
      )
      const today = companyToday(c.env)
      const errors: FieldError[] = [
        ...duplicateKeyErrors(body.payments, (p) => p.paymentId, (i) => `payments.${i}.paymentId`),
        ...body.payments.flatMap((p, i) => [
          ...(regionOf.has(p.dealerCode) ? [] : [{ path: `payments.${i}.dealerCode`, message: `dealer ${p.dealerCode} does not exist`, code: 'unknown_reference' }]),
          ...(p.receivedOn > today ? [{ path: `payments.${i}.receivedOn`, message: 'is in the future' }] : []),
          ...(p.invoiceId && namedInvoices.get(p.invoiceId) !== p.dealerCode
            ? [{ path: `payments.${i}.invoiceId`, message: namedInvoices.has(p.invoiceId) ? `invoice ${p.invoiceId} is not ${p.dealerCode}'s` : `invoice ${p.invoiceId} does not exist`, code: 'unknown_reference' }]
            : []),
        ]),
      ]
      if (errors.length > 0) throw invalid(errors)
      let duplicates: string[] = []
      let results: { paymentId: string; allocations: Allocation[]; credit: number }[] = []
      await writeWithRetry(db, c.env.DB, RECEIVABLES_SCOPE, async () => {
        const known = new Set((await db.select({ id: payments.paymentId }).from(payments).where(inJsonArray(payments.paymentId, body.payments.map((p) => p.paymentId))).all()).map((r) => r.id))
        duplicates = body.payments.filter((p) => known.has(p.paymentId)).map((p) => p.paymentId)
        const fresh = body.payments.filter((p) => !known.has(p.paymentId)).sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0))
        if (fresh.length === 0) return null
        const ledgers = await ledgersOf(db, dealerCodes)
        results = fresh.map((p) => {
          const { allocations, left } = settle(p.paymentId, p.amount, ledgers.get(p.dealerCode)!.open, p.invoiceId)
          return { paymentId: p.paymentId, allocations, credit: left }
        })
        const now = new Date().toISOString()
        return (write) => [
          ...insertRows(payments, fresh.map((p) => ({ ...p, invoiceId: p.invoiceId ?? null, regionCode: regionOf.get(p.dealerCode)!, createdAt: now })), { guard: write.guard }),
          ...insertRows(paymentAllocations, results.flatMap((r) => r.allocations), { guard: write.guard }),
          ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, fresh.map((p) => ({ entity: 'payment', key: p.paymentId, before: null, after: { ...p, amount: toMajorUnits(p.amount) } })), write.guard),
        ]
      })
      return c.json(
        {
          received: body.payments.length - duplicates.length,
          duplicates,
          payments: results.map((r) => ({ paymentId: r.paymentId, allocations: r.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: toMajorUnits(a.amount) })), credit: toMajorUnits(r.credit) })),
        },
        200,
      )
    },
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/receivables/ageing',
      tags: [TAG],
      summary: 'Receivables by days overdue as of a day, per dealer and region',
      request: { query: z.object({ asOf: dateSchema.optional(), regionCode: codeSchema.optional() }) },
      responses: {
        200: {
          description: 'Buckets: current (not yet due), 1–30, 31–60, 61–90 and over 90 days overdue; credit is money received but not yet applied',
          content: {
            'application/json': {
              schema: z.object({
                asOf: z.string(),
                dealers: z.array(z.object({ dealerCode: z.string(), regionCode: z.string(), current: z.number(), d1to30: z.number(), d31to60: z.number(), d61to90: z.number(), over90: z.number(), total: z.number(), credit: z.number() })),
                regions: z.array(z.object({ regionCode: z.string(), current: z.number(), d1to30: z.number(), d31to60: z.number(), d61to90: z.number(), over90: z.number(), total: z.number(), credit: z.number() })),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json(await ageing(c, c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/collections/achievement',
      tags: [TAG],
      summary: 'Collected against the monthly collection targets, per region',
      request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100), month: z.coerce.number().int().min(1).max(12).optional(), regionCode: codeSchema.optional(), asOf: dateSchema.optional() }) },
      responses: {
        200: {
          description: 'target, collected, rate (null without a target) and gap',
          content: { 'application/json': { schema: z.object({ rows: z.array(z.object({ regionCode: z.string(), target: z.number(), collected: z.number(), rate: z.number().nullable(), gap: z.number() })) }) } },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const rows = await collectionAchievement(database(c.env), c.get('scope').readable(q.regionCode), q.year, q.month, q.asOf ?? companyToday(c.env))
      return c.json({ rows }, 200)
    },
  )

/** Collected and collection targets per region for a month or the year to date. */
export async function collectionAchievement(db: Database, regionCodes: string[] | null, year: number, month: number | undefined, asOf: string) {
  const period = periodOf({ year, month }, asOf)
  const inScope = (column: SQLiteColumn) => inRegions(column, regionCodes)
  const [regionRows, collected, monthTargets] = await Promise.all([
    db.select({ code: regions.code }).from(regions).where(inScope(regions.code)).orderBy(regions.code).all(),
    db
      .select({ regionCode: payments.regionCode, amount: sql<number>`sum(${payments.amount})` })
      .from(payments)
      .where(and(sql`${payments.receivedOn} BETWEEN ${period.from} AND ${period.through}`, inScope(payments.regionCode)))
      .groupBy(payments.regionCode)
      .all(),
    db
      .select({ code: targets.code, month: targets.month, amount: targets.amount })
      .from(targets)
      .where(and(eq(targets.metric, 'collection'), eq(targets.level, 'region'), eq(targets.year, year), inScope(targets.regionCode)))
      .all(),
  ])
  const collectedBy = new Map(collected.map((r) => [r.regionCode, r.amount]))
  const targetOf = new Map(monthTargets.map((t) => [`${t.code}/${t.month}`, t.amount]))
  return regionRows.map(({ code }) => {
    const target = spanTarget(period.from, month === undefined ? period.through : period.to, (y, m) => (y === year ? (targetOf.get(`${code}/${m}`) ?? 0) : 0))
    const amount = collectedBy.get(code) ?? 0
    return { regionCode: code, target: toMajorUnits(target), collected: toMajorUnits(amount), rate: ratio(amount, target), gap: toMajorUnits(target - amount) }
  })
}

async function ageing(c: Context<AppEnv>, q: { asOf?: string; regionCode?: string }) {
  const asOf = q.asOf ?? companyToday(c.env)
  const codes = c.get('scope').readable(q.regionCode)
  const regionFilter = codes === null ? null : JSON.stringify(codes)
  const { results } = await c.env.DB.prepare(
    `WITH open AS (
       SELECT i.dealer_code, i.region_code, i.due_on,
              i.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a JOIN payments p ON p.payment_id = a.payment_id
                                   WHERE a.invoice_id = i.invoice_id AND p.received_on <= ?1), 0) AS open
       FROM invoices i WHERE i.issued_on <= ?1 AND (?2 IS NULL OR i.region_code IN (SELECT value FROM json_each(?2)))),
     credit AS (
       SELECT p.dealer_code, p.region_code,
              p.amount - coalesce((SELECT sum(a.amount) FROM payment_allocations a JOIN invoices i ON i.invoice_id = a.invoice_id
                                   WHERE a.payment_id = p.payment_id AND i.issued_on <= ?1), 0) AS credit
       FROM payments p WHERE p.received_on <= ?1 AND (?2 IS NULL OR p.region_code IN (SELECT value FROM json_each(?2))))
     SELECT dealer_code, region_code,
            sum(CASE WHEN overdue <= 0 THEN open ELSE 0 END) AS current,
            sum(CASE WHEN overdue BETWEEN 1 AND 30 THEN open ELSE 0 END) AS d1to30,
            sum(CASE WHEN overdue BETWEEN 31 AND 60 THEN open ELSE 0 END) AS d31to60,
            sum(CASE WHEN overdue BETWEEN 61 AND 90 THEN open ELSE 0 END) AS d61to90,
            sum(CASE WHEN overdue > 90 THEN open ELSE 0 END) AS over90,
            sum(open) AS total, sum(credit) AS credit
     FROM (SELECT dealer_code, region_code, CAST(julianday(?1) - julianday(due_on) AS INTEGER) AS overdue, open, 0 AS credit FROM open WHERE open > 0
           UNION ALL SELECT dealer_code, region_code, 0, 0, credit FROM credit WHERE credit > 0)
     GROUP BY dealer_code, region_code ORDER BY region_code, dealer_code`,
  )
    .bind(asOf, regionFilter)
    .all<Record<string, string | number>>()
  const money = ['current', 'd1to30', 'd31to60', 'd61to90', 'over90', 'total', 'credit'] as const
  const dealerRows = results.map((r) => ({
    dealerCode: String(r.dealer_code),
    regionCode: String(r.region_code),
    ...Object.fromEntries(money.map((k) => [k, toMajorUnits(Number(r[k]))])),
  })) as { dealerCode: string; regionCode: string; current: number; d1to30: number; d31to60: number; d61to90: number; over90: number; total: number; credit: number }[]
  const regionTotals = new Map<string, Record<(typeof money)[number], number>>()
  for (const row of results) {
    const totals = regionTotals.get(String(row.region_code)) ?? Object.fromEntries(money.map((k) => [k, 0]))
    for (const k of money) totals[k] += Number(row[k])
    regionTotals.set(String(row.region_code), totals as Record<(typeof money)[number], number>)
  }
  const regionRows = [...regionTotals].map(([regionCode, totals]) => ({
    regionCode,
    ...(Object.fromEntries(money.map((k) => [k, toMajorUnits(totals[k])])) as Record<(typeof money)[number], number>),
  }))
  return { asOf, dealers: dealerRows, regions: regionRows }
}
