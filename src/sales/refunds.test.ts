import { describe, expect, it } from 'vitest'
import { reconcileRefunds, type RefundClaim, type RefundedSale } from './refunds'

const sale = (over: Partial<RefundedSale> = {}): RefundedSale => ({
  kind: 'sale',
  storeRef: 'S1',
  lines: [
    { sku: 'TEE', qty: 2, unitPrice: 9950 },
    { sku: 'CAP', qty: 1, unitPrice: 3000 },
  ],
  refunded: {},
  ...over,
})

let counter = 0
const claim = (lines: RefundClaim['lines'], over: Partial<RefundClaim> = {}): RefundClaim => {
  counter += 1
  return { key: `r${counter}`, storeRef: 'S1', occurredAt: `2027-06-1${counter % 10}T10:00:00+08:00`, saleId: `r${counter}`, lines, ...over }
}

const verdictOf = (s: RefundedSale | null, c: RefundClaim) => reconcileRefunds(s, [c]).get(c.key)

describe('reconcileRefunds', () => {
  it('counts a refund of what was sold, at the sold price or less, at the same store', () => {
    expect(verdictOf(sale(), claim([{ sku: 'TEE', qty: 2, unitPrice: 9950 }]))).toBeNull()
    expect(verdictOf(sale(), claim([{ sku: 'TEE', qty: 1, unitPrice: 5000 }, { sku: 'CAP', qty: 1, unitPrice: 3000 }]))).toBeNull()
    // A refund that names no store belongs to the sale's.
    expect(verdictOf(sale(), claim([{ sku: 'CAP', qty: 1, unitPrice: 3000 }], { storeRef: null }))).toBeNull()
  })

  it('waits for a sale that has not arrived', () => {
    expect(verdictOf(null, claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }]))).toBe('refund_awaiting_sale')
  })

  it('holds 50 units back from a 1-unit sale, another SKU, a higher price, another store and a refund of a refund', () => {
    expect(verdictOf(sale(), claim([{ sku: 'CAP', qty: 50, unitPrice: 3000 }]))).toBe('refund_exceeds_sale')
    expect(verdictOf(sale(), claim([{ sku: 'SOCK', qty: 1, unitPrice: 100 }]))).toBe('refund_sku_not_in_sale')
    expect(verdictOf(sale(), claim([{ sku: 'TEE', qty: 1, unitPrice: 9951 }]))).toBe('refund_price_above_sale')
    expect(verdictOf(sale(), claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }], { storeRef: 'W1' }))).toBe('refund_store_mismatch')
    expect(verdictOf(sale({ kind: 'refund' }), claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }]))).toBe('refund_not_of_a_sale')
  })

  it('adds up the lines of one SKU in a refund', () => {
    expect(verdictOf(sale(), claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }, { sku: 'TEE', qty: 2, unitPrice: 9950 }]))).toBe('refund_exceeds_sale')
  })

  it('takes what earlier refunds gave back into account', () => {
    expect(verdictOf(sale({ refunded: { TEE: 2 } }), claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }]))).toBe('refund_exceeds_sale')
    expect(verdictOf(sale({ refunded: { TEE: 1 } }), claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }]))).toBeNull()
  })

  it('gives the units to refunds in the order they happened, whatever order they are listed in', () => {
    const early = claim([{ sku: 'TEE', qty: 2, unitPrice: 9950 }], { occurredAt: '2027-06-11T09:00:00+08:00' })
    const late = claim([{ sku: 'TEE', qty: 1, unitPrice: 9950 }], { occurredAt: '2027-06-12T09:00:00+08:00' })
    for (const claims of [[early, late], [late, early]]) {
      const verdicts = reconcileRefunds(sale(), claims)
      expect(verdicts.get(early.key)).toBeNull()
      expect(verdicts.get(late.key)).toBe('refund_exceeds_sale')
    }
  })

  it('a held refund takes no units from the ones after it', () => {
    const tooMuch = claim([{ sku: 'TEE', qty: 5, unitPrice: 9950 }], { occurredAt: '2027-06-11T09:00:00+08:00' })
    const fine = claim([{ sku: 'TEE', qty: 2, unitPrice: 9950 }], { occurredAt: '2027-06-12T09:00:00+08:00' })
    const verdicts = reconcileRefunds(sale(), [tooMuch, fine])
    expect(verdicts.get(tooMuch.key)).toBe('refund_exceeds_sale')
    expect(verdicts.get(fine.key)).toBeNull()
  })
})
