// Collections (回款) over HTTP: invoices and payments from the ERP (idempotent by id), FIFO
// settlement with credit kept, receivables ageing as of any day, and collection achievement
// against the monthly `collection` targets of each region. The services are in ./ledger.ts,
// ./ageing.ts and ./achievement.ts.
import { z } from '@hono/zod-openapi'
import { companyToday } from '../config'
import { database } from '../db/client'
import { codeSchema, dateSchema, dealerCodeSchema } from '../lib/fields'
import { moneySchema } from '../lib/money'
import { readBulkBody } from '../lib/body'
import { bulkJsonContent, createRouter, defineRoute } from '../lib/openapi'
import { collectionAchievement } from './achievement'
import { receivablesAgeing } from './ageing'
import { recordInvoices, recordPayments } from './ledger'

const TAG = 'Collections'
const positive = moneySchema().refine((minor) => minor > 0, 'must be more than 0')

const InvoiceInput = z.object({ invoiceId: z.string().min(1).max(64).openapi({ example: 'DEMO-INV-D-SH01-3' }), dealerCode: dealerCodeSchema, issuedOn: dateSchema, dueOn: dateSchema, amount: positive })
const PaymentInput = z.object({ paymentId: z.string().min(1).max(64).openapi({ example: 'DEMO-PAY-D-SH01-3' }), dealerCode: dealerCodeSchema, receivedOn: dateSchema, amount: positive, invoiceId: z.string().min(1).max(64).optional() })

const INVOICES = { key: 'invoices', row: InvoiceInput, maxRows: 5000 }
const PAYMENTS = { key: 'payments', row: PaymentInput, maxRows: 5000 }
const router = createRouter()

const SettledPayment = z.object({ paymentId: z.string(), allocations: z.array(z.object({ invoiceId: z.string(), amount: z.number() })), credit: z.number() })

export const collectionRoutes = router
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/invoices',
      tags: [TAG],
      summary: 'Record invoices to dealers (idempotent by invoiceId); dealers’ credit settles them',
      description:
        'The ERP’s invoices to dealers (应收), up to 5,000 a call, atomically (every bad row in one 422; an unknown dealer is one). ' +
        'An `invoiceId` already recorded is listed in `duplicates` and left as it is. A dealer’s credit from earlier payments ' +
        'settles its new invoices at once, oldest first.',
      request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'InvoicesInput', z.object({ invoices: z.array(InvoiceInput).min(1).max(INVOICES.maxRows) })) } } },
      responses: {
        200: {
          description: 'Recorded',
          content: { 'application/json': { schema: z.object({ received: z.number().int(), duplicates: z.array(z.string()), settledByCredit: z.array(SettledPayment.pick({ paymentId: true, allocations: true })) }) } },
        },
      },
    }),
    async (c) => c.json(await recordInvoices(c, await readBulkBody(c, INVOICES)), 200),
  )
  .openapi(
    defineRoute('admin', {
      method: 'post',
      path: '/v1/payments',
      tags: [TAG],
      summary: 'Record payments from dealers (idempotent by paymentId); oldest open invoices first; the rest is credit',
      description:
        'The ERP’s payments received from dealers (回款), up to 5,000 a call, atomically. Each settles the dealer’s open invoices ' +
        'by due day, oldest first (FIFO), after the `invoiceId` it names, if any; what is left is kept as the dealer’s credit. ' +
        'Every bad row (an unknown dealer, another dealer’s invoice) is listed in one 422. A `paymentId` already recorded is ' +
        'listed in `duplicates` and not applied again.',
      request: { body: { required: true, content: { 'application/json': bulkJsonContent(router, 'PaymentsInput', z.object({ payments: z.array(PaymentInput).min(1).max(PAYMENTS.maxRows) })) } } },
      responses: {
        200: {
          description: 'How each new payment settled invoices, and the credit it left',
          content: { 'application/json': { schema: z.object({ received: z.number().int(), duplicates: z.array(z.string()), payments: z.array(SettledPayment) }) } },
        },
      },
    }),
    async (c) => c.json(await recordPayments(c, await readBulkBody(c, PAYMENTS)), 200),
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/receivables/ageing',
      tags: [TAG],
      summary: 'Receivables by days overdue as of a day, per dealer and region',
      description:
        'Receivables ageing (账龄) as of `asOf` (default today, company time zone): what each dealer of the token’s regions still ' +
        'owes, by days past the due day, with its unapplied credit, and the same per region. `regionCode` narrows it to one region.',
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
    async (c) => {
      const { asOf = companyToday(c.env), regionCode } = c.req.valid('query')
      return c.json(await receivablesAgeing(c.env.DB, c.get('scope').readable(regionCode), asOf), 200)
    },
  )
  .openapi(
    defineRoute('read', {
      method: 'get',
      path: '/v1/collections/achievement',
      tags: [TAG],
      summary: 'Collected against the monthly collection targets, per region',
      description:
        'Collection achievement (回款达成率) per region: payments received in `year` (or one `month`) through `asOf` against the ' +
        'region’s `collection` targets (set with `PUT /v1/targets` and `metric: collection`).',
      request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100), month: z.coerce.number().int().min(1).max(12).optional(), regionCode: codeSchema.optional(), asOf: dateSchema.optional() }) },
      responses: {
        200: {
          description: 'target, collected, rate (null without a target) and gap',
          content: { 'application/json': { schema: z.object({ rows: z.array(z.object({ regionCode: z.string(), target: z.number(), collected: z.number(), rate: z.number().nullable(), gap: z.number() })) }) } },
        },
      },
    }),
    async (c) => {
      const { year, month, regionCode, asOf = companyToday(c.env) } = c.req.valid('query')
      return c.json({ rows: await collectionAchievement(database(c.env), c.get('scope').readable(regionCode), year, month, asOf) }, 200)
    },
  )
