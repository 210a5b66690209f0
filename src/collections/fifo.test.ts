import { describe, expect, it } from 'vitest'
import { settle, type OpenInvoice } from './fifo'

const invoice = (invoiceId: string, dueOn: string, open: number, issuedOn = '2026-01-01'): OpenInvoice => ({ invoiceId, dueOn, issuedOn, open })

describe('settle', () => {
  it('settles the oldest due first and keeps the rest as credit', () => {
    const open = [invoice('B', '2026-03-01', 2000), invoice('A', '2026-01-31', 1000)]
    expect(settle('P1', 1500, open)).toEqual({ allocations: [{ paymentId: 'P1', invoiceId: 'A', amount: 1000 }, { paymentId: 'P1', invoiceId: 'B', amount: 500 }], left: 0 })
    expect(open.map((i) => i.open)).toEqual([1500, 0])
    expect(settle('P2', 2000, open)).toEqual({ allocations: [{ paymentId: 'P2', invoiceId: 'B', amount: 1500 }], left: 500 })
  })

  it('settles a named invoice first, then the oldest', () => {
    const open = [invoice('A', '2026-01-31', 1000), invoice('B', '2026-03-01', 200)]
    expect(settle('P', 500, open, 'B').allocations).toEqual([{ paymentId: 'P', invoiceId: 'B', amount: 200 }, { paymentId: 'P', invoiceId: 'A', amount: 300 }])
  })

  it('breaks equal due dates by issue date, then by id', () => {
    const open = [invoice('Z', '2026-02-01', 10, '2026-01-02'), invoice('Y', '2026-02-01', 10, '2026-01-01'), invoice('X', '2026-02-01', 10, '2026-01-02')]
    expect(settle('P', 25, open).allocations.map((a) => a.invoiceId)).toEqual(['Y', 'X', 'Z'])
  })
})
