// Collections on a fixture worked out by hand: FIFO settlement, credit, ageing at bucket edges,
// collection achievement, scoping and bad input.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

let manager: string
let otherManager: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'CE', name: '华东区' }, { code: 'CW', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'D1', name: '上海恒通', regionCode: 'CE' }, { code: 'D2', name: '成都蜀锦', regionCode: 'CW' }] } }))
  manager = (await issueToken('manager', ['CE'])).token
  otherManager = (await issueToken('manager', ['CW'])).token
  await expectOk(
    call('POST', '/v1/invoices', {
      body: {
        invoices: [
          { invoiceId: 'INV-1', dealerCode: 'D1', issuedOn: '2026-01-01', dueOn: '2026-01-31', amount: 1000 },
          { invoiceId: 'INV-2', dealerCode: 'D1', issuedOn: '2026-02-01', dueOn: '2026-03-01', amount: 2000 },
          { invoiceId: 'INV-3', dealerCode: 'D1', issuedOn: '2026-04-01', dueOn: '2026-05-31', amount: 500 },
          { invoiceId: 'INV-4', dealerCode: 'D1', issuedOn: '2026-06-01', dueOn: '2026-06-30', amount: 800 },
        ],
      },
    }),
  )
})

const ageing = async (asOf: string, token?: string) => (await call('GET', `/v1/receivables/ageing?asOf=${asOf}`, token === undefined ? {} : { token })).json

describe('payments', () => {
  it('settle the oldest open invoices first, a named invoice before others, and keep the rest as credit', async () => {
    const res = await call('POST', '/v1/payments', {
      body: {
        payments: [
          { paymentId: 'P1', dealerCode: 'D1', receivedOn: '2026-02-10', amount: 1500 },
          { paymentId: 'P2', dealerCode: 'D1', receivedOn: '2026-03-05', amount: 300, invoiceId: 'INV-3' },
          { paymentId: 'P3', dealerCode: 'D1', receivedOn: '2026-06-20', amount: 5000 },
        ],
      },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json).toEqual({
      received: 3,
      duplicates: [],
      payments: [
        { paymentId: 'P1', allocations: [{ invoiceId: 'INV-1', amount: 1000 }, { invoiceId: 'INV-2', amount: 500 }], credit: 0 },
        { paymentId: 'P2', allocations: [{ invoiceId: 'INV-3', amount: 300 }], credit: 0 },
        { paymentId: 'P3', allocations: [{ invoiceId: 'INV-2', amount: 1500 }, { invoiceId: 'INV-3', amount: 200 }, { invoiceId: 'INV-4', amount: 800 }], credit: 2500 },
      ],
    })
  })

  it('are idempotent by id', async () => {
    const again = await call('POST', '/v1/payments', { body: { payments: [{ paymentId: 'P1', dealerCode: 'D1', receivedOn: '2026-02-10', amount: 1500 }] } })
    expect(again.json).toEqual({ received: 0, duplicates: ['P1'], payments: [] })
  })

  it('credit settles a later invoice', async () => {
    const res = await call('POST', '/v1/invoices', { body: { invoices: [{ invoiceId: 'INV-5', dealerCode: 'D1', issuedOn: '2026-06-25', dueOn: '2026-07-25', amount: 1000 }] } })
    expect(res.json).toEqual({ received: 1, duplicates: [], settledByCredit: [{ paymentId: 'P3', allocations: [{ invoiceId: 'INV-5', amount: 1000 }] }] })
    expect((await ageing('2026-06-30')).dealers).toEqual([
      { dealerCode: 'D1', regionCode: 'CE', current: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0, total: 0, credit: 1500 },
    ])
  })

  it('refuse unknown dealers, another dealer’s invoice, future dates and bad amounts, writing nothing', async () => {
    await expectOk(call('POST', '/v1/invoices', { body: { invoices: [{ invoiceId: 'INV-W', dealerCode: 'D2', issuedOn: '2026-01-01', dueOn: '2026-01-31', amount: 100 }] } }))
    const res = await call('POST', '/v1/payments', {
      body: {
        payments: [
          { paymentId: 'X1', dealerCode: 'NOPE', receivedOn: '2026-02-10', amount: 1 },
          { paymentId: 'X2', dealerCode: 'D1', receivedOn: '2100-01-01', amount: 1, invoiceId: 'INV-W' },
        ],
      },
    })
    expect(res.json.errors.map((e: any) => e.path)).toEqual(['payments.0.dealerCode', 'payments.1.receivedOn', 'payments.1.invoiceId'])
    const shape = await call('POST', '/v1/payments', { body: { payments: [{ paymentId: 'X3', dealerCode: 'D1', receivedOn: '2026-02-30', amount: -5 }] } })
    expect(shape.json.errors.map((e: any) => e.path).sort()).toEqual(['payments.0.amount', 'payments.0.receivedOn'])
    const invoice = await call('POST', '/v1/invoices', { body: { invoices: [{ invoiceId: 'INV-X', dealerCode: 'D1', issuedOn: '2026-02-01', dueOn: '2026-01-01', amount: 1 }] } })
    expect(invoice.json.errors.map((e: any) => e.path)).toEqual(['invoices.0.dueOn'])
    expect((await call('POST', '/v1/payments', { token: manager, body: { payments: [] } })).status).toBe(403)
  })
})

describe('ageing', () => {
  it('as of a past day counts only what was issued and paid by then', async () => {
    // 15 May: INV-2 owes 1,500 (75 days overdue), INV-3 owes 200 (due 31 May); INV-4 is not issued yet.
    expect((await ageing('2026-05-15')).dealers[0]).toMatchObject({ current: 200, d61to90: 1500, total: 1700, credit: 0 })
  })

  it('puts invoices in buckets at their edges: due today is current, 30 days is 1–30, 31 is 31–60', async () => {
    expect((await ageing('2026-03-01')).dealers[0]).toMatchObject({ current: 1500, d1to30: 0 })
    expect((await ageing('2026-03-31')).dealers[0]).toMatchObject({ current: 0, d1to30: 1500, d31to60: 0 })
    expect((await ageing('2026-04-01')).dealers[0]).toMatchObject({ d1to30: 0, d31to60: 1500 })
    expect((await ageing('2026-05-30')).dealers[0]).toMatchObject({ d61to90: 1500, over90: 0, current: 200 }) // 90 days
    expect((await ageing('2026-05-31')).dealers[0]).toMatchObject({ d61to90: 0, over90: 1500, current: 200 }) // 91 days
    // 1 June: INV-3 is a day overdue, INV-4 is issued and not yet due.
    expect((await ageing('2026-06-01')).dealers[0]).toMatchObject({ over90: 1500, d1to30: 200, current: 800, total: 2500 })
  })

  it('is limited to the caller’s regions', async () => {
    const own = await ageing('2026-05-15', manager)
    expect(own.dealers.map((d: any) => d.dealerCode)).toEqual(['D1'])
    expect(own.regions).toEqual([{ regionCode: 'CE', current: 200, d1to30: 0, d31to60: 0, d61to90: 1500, over90: 0, total: 1700, credit: 0 }])
    expect((await call('GET', '/v1/receivables/ageing?regionCode=CE', { token: otherManager })).status).toBe(403)
    expect((await call('GET', '/v1/receivables/ageing', { token: null })).status).toBe(401)
  })
})

describe('collection achievement', () => {
  it('compares payments received with the region’s monthly collection targets', async () => {
    await expectOk(call('PUT', '/v1/targets', { body: { reason: '历史目标（测试数据）', year: 2026, level: 'region', metric: 'collection', rows: [{ code: 'CE', month: 2, amount: 2000 }, { code: 'CE', month: 3, amount: 1000 }] } }))
    const feb = await call('GET', '/v1/collections/achievement?year=2026&month=2&asOf=2026-11-01', { token: manager })
    expect(feb.json.rows).toEqual([{ regionCode: 'CE', target: 2000, collected: 1500, rate: 0.75, gap: 500 }])
    const march = await call('GET', '/v1/collections/achievement?year=2026&month=3&asOf=2026-11-01')
    expect(march.json.rows.find((r: any) => r.regionCode === 'CE')).toEqual({ regionCode: 'CE', target: 1000, collected: 300, rate: 0.3, gap: 700 })
    expect(march.json.rows.find((r: any) => r.regionCode === 'CW')).toEqual({ regionCode: 'CW', target: 0, collected: 0, rate: null, gap: 0 })
  })
})
