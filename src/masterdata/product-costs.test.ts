import { describe, expect, it } from 'vitest'
import { costWarnings, withCost, withCostDays } from './product-costs'
import type { ProductInput } from './schemas'

const jan = { effectiveFrom: '2026-01-01', costPrice: 80 }
const mar = { effectiveFrom: '2026-03-16', costPrice: 92 }

describe('withCost', () => {
  it('adds a cost from its day on, in day order, keeping the earlier ones', () => {
    expect(withCost([mar], jan)).toEqual([jan, mar])
    expect(withCost([jan], { effectiveFrom: '2026-02-01', costPrice: 85 })).toEqual([jan, { effectiveFrom: '2026-02-01', costPrice: 85 }])
  })

  it('replaces the entry of the same day', () => {
    expect(withCost([jan, mar], { effectiveFrom: '2026-03-16', costPrice: 90 })).toEqual([jan, { effectiveFrom: '2026-03-16', costPrice: 90 }])
  })

  it('changes nothing when the cost valid on the day is already this one, or none is sent', () => {
    expect(withCost([jan, mar], { effectiveFrom: '2026-02-10', costPrice: 80 })).toEqual([jan, mar])
    expect(withCost([jan, mar], { effectiveFrom: '2027-01-01', costPrice: 92 })).toEqual([jan, mar])
    expect(withCost([mar, jan], null)).toEqual([jan, mar])
  })

  it('adds a cost before the first entry, where none was valid', () => {
    expect(withCost([jan], { effectiveFrom: '2025-06-01', costPrice: 80 })).toEqual([{ effectiveFrom: '2025-06-01', costPrice: 80 }, jan])
  })
})

describe('withCostDays and costWarnings', () => {
  const row = (index: number, value: Partial<ProductInput>) => ({ index, value: { sku: `S${index}`, name: 'x', category: null, ...value } as ProductInput })

  it('dates a cost sent without a day today, and leaves the rest as sent', () => {
    const body = { rows: [row(0, { costPrice: 100 }), row(1, { costPrice: 100, costEffectiveFrom: '2026-01-01' }), row(2, {})] }
    expect(withCostDays(body, '2026-06-30').rows.map((r) => r.value.costEffectiveFrom)).toEqual(['2026-06-30', '2026-01-01', undefined])
  })

  it('warns of a cost above the list price only', () => {
    const rows = [row(0, { listPrice: 100, costPrice: 101 }), row(1, { listPrice: 100, costPrice: 100 }), row(2, { costPrice: 500 })]
    expect(costWarnings(rows).map((w) => w.path)).toEqual(['products.0.costPrice'])
  })
})
