// The rules that tie master data together, as plain functions over what the request brings and
// what the database already holds. Each returns every violation, not only the first, on the rows
// that parsed (a row keeps its index in the request, so errors name the row the user sent).
import type { FieldError } from '../lib/problem'
import type { ParsedRow } from '../lib/rows'
import type { DealerInput, StoreInput } from './schemas'

export function unknownRegionErrors(rows: ParsedRow<{ regionCode: string }>[], collection: string, regionCodes: Set<string>): FieldError[] {
  return rows.flatMap(({ index, value: row }) =>
    regionCodes.has(row.regionCode)
      ? []
      : [{ path: `${collection}.${index}.regionCode`, message: `region ${row.regionCode} does not exist`, code: 'unknown_reference' }],
  )
}

/**
 * A dealer may move to another region only if none of its dealer-channel stores stays behind:
 * goods shipped to a dealer are authorised for the dealer's region, so they must agree.
 */
export function dealerErrors(
  dealers: ParsedRow<DealerInput>[],
  known: { regionCodes: Set<string>; dealerChannelStores: { code: string; dealerCode: string; regionCode: string }[] },
): FieldError[] {
  const errors = unknownRegionErrors(dealers, 'dealers', known.regionCodes)
  for (const { index, value: dealer } of dealers) {
    const strays = known.dealerChannelStores.filter((s) => s.dealerCode === dealer.code && s.regionCode !== dealer.regionCode)
    if (strays.length > 0) {
      errors.push({
        path: `dealers.${index}.regionCode`,
        message: `dealer-channel stores ${strays.map((s) => `${s.code} (${s.regionCode})`).join(', ')} would be outside the dealer's region`,
        code: 'region_mismatch',
      })
    }
  }
  return errors
}

export function storeErrors(
  stores: ParsedRow<StoreInput>[],
  known: {
    regionCodes: Set<string>
    /** Dealer code → its region: dealers in the database. */
    dealerRegions: Map<string, string>
    /** `vendor:externalId` → the store that holds it in the database. */
    externalIdOwners: Map<string, string>
  },
): FieldError[] {
  const errors = unknownRegionErrors(stores, 'stores', known.regionCodes)
  const claimedInRequest = new Map<string, string>()
  // A store in this request gives up its stored ids (they are replaced), so only ids held by
  // stores outside the request can collide with the database.
  const codesInRequest = new Set(stores.map((row) => row.value.code))
  for (const { index, value: store } of stores) {
    if (store.dealerCode) {
      const dealerRegion = known.dealerRegions.get(store.dealerCode)
      if (dealerRegion === undefined) {
        errors.push({ path: `stores.${index}.dealerCode`, message: `dealer ${store.dealerCode} does not exist`, code: 'unknown_reference' })
      } else if (store.channel === 'dealer' && dealerRegion !== store.regionCode) {
        errors.push({
          path: `stores.${index}.dealerCode`,
          message: `dealer ${store.dealerCode} is authorised for region ${dealerRegion}, not ${store.regionCode}`,
          code: 'region_mismatch',
        })
      }
    }
    for (const [vendor, externalId] of Object.entries(store.externalIds ?? {})) {
      const key = `${vendor}:${externalId}`
      const storedOwner = known.externalIdOwners.get(key)
      const owner = claimedInRequest.get(key) ?? (storedOwner && !codesInRequest.has(storedOwner) ? storedOwner : undefined)
      if (owner !== undefined && owner !== store.code) {
        errors.push({
          path: `stores.${index}.externalIds.${vendor}`,
          message: `${vendor} id ${externalId} already belongs to store ${owner}`,
          code: 'duplicate',
        })
      }
      claimedInRequest.set(key, store.code)
    }
  }
  return errors
}
