import { describe, expect, it } from 'vitest'
import { indexed } from '../lib/rows'
import { dealerErrors, storeErrors } from './references'
import type { StoreInput } from './schemas'

const store = (over: Partial<StoreInput>): StoreInput => ({
  code: 'S1',
  name: '店',
  regionCode: 'EAST',
  channel: 'direct',
  tier: null,
  ...over,
})

describe('storeErrors', () => {
  const known = {
    regionCodes: new Set(['EAST', 'WEST']),
    dealerRegions: new Map([['D-E', 'EAST'], ['D-W', 'WEST']]),
    externalIdOwners: new Map([['shopify:1', 'OLD']]),
  }

  it('accepts a consistent set', () => {
    expect(
      storeErrors(indexed([store({}), store({ code: 'S2', channel: 'dealer', dealerCode: 'D-E' }), store({ code: 'S3', channel: 'franchise', dealerCode: 'D-W' })]), known),
    ).toEqual([])
  })

  it('names unknown regions and dealers, and dealer stores outside the dealer region', () => {
    const errors = storeErrors(
      indexed([store({ regionCode: 'NORTH' }), store({ code: 'S2', dealerCode: 'D-X' }), store({ code: 'S3', channel: 'dealer', dealerCode: 'D-W' })]),
      known,
    )
    expect(errors.map((e) => e.path)).toEqual(['stores.0.regionCode', 'stores.1.dealerCode', 'stores.2.dealerCode'])
  })

  it('refuses an external id held by another store, in the database or earlier in the request', () => {
    const errors = storeErrors(
      indexed([store({ externalIds: { shopify: '1' } }), store({ code: 'S2', externalIds: { shopify: '2' } }), store({ code: 'S3', externalIds: { shopify: '2' } })]),
      known,
    )
    expect(errors.map((e) => e.message)).toEqual(['shopify id 1 already belongs to store OLD', 'shopify id 2 already belongs to store S2'])
  })

  it('names each row by its place in the request, whatever rows before it failed to parse', () => {
    // Rows 0 and 2 did not parse; rows 1 and 3 are checked and named as 1 and 3.
    const rows = [
      { index: 1, value: store({ code: 'S2', regionCode: 'NORTH' }) },
      { index: 3, value: store({ code: 'S4', dealerCode: 'D-X' }) },
    ]
    expect(storeErrors(rows, known).map((e) => e.path)).toEqual(['stores.1.regionCode', 'stores.3.dealerCode'])
  })

  it('lets a store in the request take over an id that another store in the same request gives up', () => {
    expect(storeErrors(indexed([store({ code: 'OLD', externalIds: {} }), store({ code: 'NEW', externalIds: { shopify: '1' } })]), known)).toEqual([])
  })
})

describe('dealerErrors', () => {
  it('keeps a dealer in the region of its dealer-channel stores', () => {
    const errors = dealerErrors(indexed([{ code: 'D-E', name: 'x', regionCode: 'WEST' }]), {
      regionCodes: new Set(['EAST', 'WEST']),
      dealerChannelStores: [{ code: 'S9', dealerCode: 'D-E', regionCode: 'EAST' }],
    })
    expect(errors).toEqual([expect.objectContaining({ path: 'dealers.0.regionCode', code: 'region_mismatch' })])
  })
})
