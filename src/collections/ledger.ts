// Dealers' receivables (回款): invoices and payments from the ERP, idempotent by id, settled FIFO
// (./fifo.ts) with credit kept: a payment settles open invoices, and credit left on earlier
// payments settles new invoices. Each write is checked and applied at one revision of the
// receivables, so two writes at once cannot settle the same money twice.
import { sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditStatements } from '../audit/audit'
import { companyToday } from '../config'
import { inJsonArray, insertRows } from '../db/bulk'
import { database, type Database } from '../db/client'
import { writeWithRetry } from '../db/revision'
import { dealers, invoices, paymentAllocations, payments } from '../db/schema'
import type { AppEnv } from '../env'
import type { BulkBody } from '../lib/body'
import { assertNoErrors, checkable, duplicateRowErrors } from '../lib/rows'
import { toMajorUnits } from '../lib/money'
import type { FieldError } from '../lib/problem'
import { settle, type Allocation, type OpenInvoice } from './fifo'

const RECEIVABLES_SCOPE = 'receivables'

export interface InvoiceInput {
  invoiceId: string
  dealerCode: string
  issuedOn: string
  dueOn: string
  /** Minor units. */
  amount: number
}

export interface PaymentInput {
  paymentId: string
  dealerCode: string
  receivedOn: string
  /** Minor units. */
  amount: number
  invoiceId?: string
}

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

/** Records new invoices (those already known are listed as duplicates); dealers' credit settles them. */
export async function recordInvoices(c: Context<AppEnv>, body: BulkBody<unknown, InvoiceInput>) {
  const db = database(c.env)
  // Rows with a shape fault are still checked on their sound fields: one answer names them all.
  const dealt = checkable(body, ['dealerCode'])
  const dealerCodes = [...new Set(body.rows.map((r) => r.value.dealerCode))]
  const regionOf = await dealerRegions(db, [...new Set(dealt.map((r) => r.value.dealerCode))])
  const errors: FieldError[] = [
    ...body.errors,
    ...duplicateRowErrors(checkable(body, ['invoiceId']), (inv) => inv.invoiceId, (i) => `invoices.${i}.invoiceId`),
    ...dealt.flatMap(({ index: i, value: inv }) =>
      regionOf.has(inv.dealerCode) ? [] : [{ path: `invoices.${i}.dealerCode`, message: `dealer ${inv.dealerCode} does not exist`, code: 'unknown_reference' }],
    ),
    ...body.rows.flatMap(({ index: i, value: inv }) => (inv.dueOn < inv.issuedOn ? [{ path: `invoices.${i}.dueOn`, message: 'must not be before issuedOn' }] : [])),
  ]
  assertNoErrors(errors)
  const invoiceList = body.rows.map((r) => r.value)
  let duplicates: string[] = []
  let settled: Allocation[] = []
  await writeWithRetry(db, c.env.DB, RECEIVABLES_SCOPE, async () => {
    const known = new Set((await db.select({ id: invoices.invoiceId }).from(invoices).where(inJsonArray(invoices.invoiceId, invoiceList.map((i) => i.invoiceId))).all()).map((r) => r.id))
    duplicates = invoiceList.filter((i) => known.has(i.invoiceId)).map((i) => i.invoiceId)
    const fresh = invoiceList.filter((i) => !known.has(i.invoiceId))
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
  return { received: invoiceList.length - duplicates.length, duplicates, settledByCredit: [...byPayment].map(([paymentId, allocations]) => ({ paymentId, allocations })) }
}

/** Records new payments, oldest first: each settles the named invoice, then the oldest open ones; the rest is credit. */
export async function recordPayments(c: Context<AppEnv>, body: BulkBody<unknown, PaymentInput>) {
  const db = database(c.env)
  const paymentList = body.rows.map((r) => r.value)
  const dealerCodes = [...new Set(paymentList.map((p) => p.dealerCode))]
  // Rows with a shape fault are still checked on their sound fields: one answer names them all.
  const dealt = checkable(body, ['dealerCode'])
  const regionOf = await dealerRegions(db, [...new Set(dealt.map((r) => r.value.dealerCode))])
  const invoiced = checkable(body, ['dealerCode', 'invoiceId'])
  const named = invoiced.flatMap((p) => (p.value.invoiceId ? [p.value.invoiceId] : []))
  const namedInvoices = new Map(
    (await db.select({ id: invoices.invoiceId, dealerCode: invoices.dealerCode }).from(invoices).where(inJsonArray(invoices.invoiceId, named)).all()).map((r) => [r.id, r.dealerCode]),
  )
  const today = companyToday(c.env)
  const errors: FieldError[] = [
    ...body.errors,
    ...duplicateRowErrors(checkable(body, ['paymentId']), (p) => p.paymentId, (i) => `payments.${i}.paymentId`),
    ...dealt.flatMap(({ index: i, value: p }) =>
      regionOf.has(p.dealerCode) ? [] : [{ path: `payments.${i}.dealerCode`, message: `dealer ${p.dealerCode} does not exist`, code: 'unknown_reference' }],
    ),
    ...checkable(body, ['receivedOn']).flatMap(({ index: i, value: p }) => (p.receivedOn > today ? [{ path: `payments.${i}.receivedOn`, message: 'is in the future' }] : [])),
    ...invoiced.flatMap(({ index: i, value: p }) =>
      p.invoiceId && namedInvoices.get(p.invoiceId) !== p.dealerCode
        ? [{ path: `payments.${i}.invoiceId`, message: namedInvoices.has(p.invoiceId) ? `invoice ${p.invoiceId} is not ${p.dealerCode}'s` : `invoice ${p.invoiceId} does not exist`, code: 'unknown_reference' }]
        : [],
    ),
  ]
  assertNoErrors(errors)
  let duplicates: string[] = []
  let results: { paymentId: string; allocations: Allocation[]; credit: number }[] = []
  await writeWithRetry(db, c.env.DB, RECEIVABLES_SCOPE, async () => {
    const known = new Set((await db.select({ id: payments.paymentId }).from(payments).where(inJsonArray(payments.paymentId, paymentList.map((p) => p.paymentId))).all()).map((r) => r.id))
    duplicates = paymentList.filter((p) => known.has(p.paymentId)).map((p) => p.paymentId)
    const fresh = paymentList.filter((p) => !known.has(p.paymentId)).sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0))
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
  return {
    received: paymentList.length - duplicates.length,
    duplicates,
    payments: results.map((r) => ({ paymentId: r.paymentId, allocations: r.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: toMajorUnits(a.amount) })), credit: toMajorUnits(r.credit) })),
  }
}
