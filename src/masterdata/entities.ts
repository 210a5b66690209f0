// The four kinds of master data, each described once: how it is keyed, how a stored row reads as
// an API record, which references it must satisfy, and the statements that write it.
import type { FoldKeys } from '../sales/fold'
import { and, eq, type SQL } from 'drizzle-orm'
import type { Database } from '../db/client'
import { deleteWhereIn, inJsonArray, insertRows, type Statement } from '../db/bulk'
import { dealers, products, regions, storeExternalIds, stores } from '../db/schema'
import type { FieldError } from '../lib/problem'
import type { ParsedRow } from '../lib/rows'
import { toMajorUnits } from '../lib/money'
import { costHistories, costWarnings, costWrites, rowCost, withCost, type CostView, type ProductWrite } from './product-costs'
import { dealerErrors, storeErrors } from './references'
import type { Dealer, DealerInput, Product, Region, RegionInput, Store, StoreInput } from './schemas'

export interface MasterEntity<Input, ApiRecord> {
  /** Audit entity name. */
  entity: string
  /** Key of the row array in the request body. */
  collection: string
  keyField: string
  keyOf(input: Input): string
  /** The record this input will read back as, for comparison and audit. */
  toRecord(input: Input): ApiRecord
  /** Stored records by key. */
  load(db: Database, keys: string[]): Promise<Map<string, ApiRecord>>
  /** Faults against other rows and the database, of the rows whose `referenceFields` are sound. */
  referenceErrors(db: Database, rows: ParsedRow<Input>[]): Promise<FieldError[]>
  /** The fields `referenceErrors` reads. */
  referenceFields: (keyof Input)[]
  /** The input with what it leaves out taken from the stored record (a store sent without `externalIds` keeps its own). */
  keepUnsent?(input: Input, stored: ApiRecord): Input
  /** What the rows may store but a person should look at again (answered beside the counts, never refused). */
  warnings?(rows: ParsedRow<Input>[]): FieldError[]
  writes(inputs: Input[], now: string): Statement[]
  /** What of the written rows sales may be waiting for: they are folded in once it is written. */
  unlocks?(inputs: Input[]): FoldKeys
}

async function allRegionCodes(db: Database): Promise<Set<string>> {
  const rows = await db.select({ code: regions.code }).from(regions).all()
  return new Set(rows.map((r) => r.code))
}

export const regionRecord = (r: { code: string; name: string; managerEmail?: string | null }): Region => ({
  code: r.code,
  name: r.name,
  managerEmail: r.managerEmail ?? null,
})

export const regionEntity: MasterEntity<RegionInput, Region> = {
  entity: 'region',
  collection: 'regions',
  keyField: 'code',
  keyOf: (r) => r.code,
  toRecord: regionRecord,
  async load(db, keys) {
    const rows = await db.select().from(regions).where(inJsonArray(regions.code, keys)).all()
    return new Map(rows.map((r) => [r.code, regionRecord(r)]))
  },
  referenceErrors: async () => [],
  referenceFields: [],
  writes: (inputs, now) =>
    insertRows(regions, inputs.map((r) => ({ ...regionRecord(r), createdAt: now, updatedAt: now })), {
      conflict: ['code'],
      keepOnUpdate: ['createdAt'],
    }),
}

export const dealerRecord = (d: { code: string; name: string; regionCode: string }): Dealer => ({
  code: d.code,
  name: d.name,
  regionCode: d.regionCode,
})

export const dealerEntity: MasterEntity<DealerInput, Dealer> = {
  entity: 'dealer',
  collection: 'dealers',
  keyField: 'code',
  keyOf: (d) => d.code,
  toRecord: dealerRecord,
  async load(db, keys) {
    const rows = await db.select().from(dealers).where(inJsonArray(dealers.code, keys)).all()
    return new Map(rows.map((d) => [d.code, dealerRecord(d)]))
  },
  referenceFields: ['code', 'regionCode'],
  async referenceErrors(db, rows) {
    const dealerChannelStores = await db
      .select({ code: stores.code, dealerCode: stores.dealerCode, regionCode: stores.regionCode })
      .from(stores)
      .where(and(eq(stores.channel, 'dealer'), inJsonArray(stores.dealerCode, rows.map((d) => d.value.code))))
      .all()
    return dealerErrors(rows, {
      regionCodes: await allRegionCodes(db),
      dealerChannelStores: dealerChannelStores.map((s) => ({ ...s, dealerCode: s.dealerCode ?? '' })),
    })
  },
  writes: (inputs, now) =>
    insertRows(dealers, inputs.map((d) => ({ ...dealerRecord(d), createdAt: now, updatedAt: now })), {
      conflict: ['code'],
      keepOnUpdate: ['createdAt'],
    }),
}

/** External ids sorted by vendor, so equal maps compare equal whatever order they came in. */
function sortedIds(ids: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(ids).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

export function storeRecord(
  s: Omit<StoreInput, 'externalIds'> | typeof stores.$inferSelect,
  externalIds: Record<string, string>,
): Store {
  return {
    code: s.code,
    name: s.name,
    regionCode: s.regionCode,
    dealerCode: s.dealerCode ?? null,
    channel: s.channel,
    openedOn: s.openedOn ?? null,
    closedOn: s.closedOn ?? null,
    tier: s.tier ?? null,
    areaSqm: s.areaSqm ?? null,
    managerName: s.managerName ?? null,
    externalIds: sortedIds(externalIds),
  }
}

/** Stores with their external ids, for the given store codes or for a region filter. */
export async function loadStores(db: Database, where: SQL | undefined): Promise<Store[]> {
  const rows = await db.select().from(stores).where(where).orderBy(stores.code).all()
  if (rows.length === 0) return []
  const ids = await db
    .select()
    .from(storeExternalIds)
    .where(inJsonArray(storeExternalIds.storeCode, rows.map((s) => s.code)))
    .all()
  const idsByStore = new Map<string, Record<string, string>>()
  for (const id of ids) {
    const forStore = idsByStore.get(id.storeCode) ?? {}
    forStore[id.vendor] = id.externalId
    idsByStore.set(id.storeCode, forStore)
  }
  return rows.map((s) => storeRecord(s, idsByStore.get(s.code) ?? {}))
}

export const storeEntity: MasterEntity<StoreInput, Store> = {
  entity: 'store',
  unlocks: (inputs) => ({
    storeCodes: inputs.map((s) => s.code),
    locations: inputs.flatMap((s) => Object.entries(s.externalIds ?? {}).map(([vendor, id]): [string, string] => [vendor, id])),
  }),
  collection: 'stores',
  keyField: 'code',
  keyOf: (s) => s.code,
  toRecord: (s) => storeRecord(s, s.externalIds ?? {}),
  async load(db, keys) {
    const found = await loadStores(db, inJsonArray(stores.code, keys))
    return new Map(found.map((s) => [s.code, s]))
  },
  referenceFields: ['code', 'regionCode', 'channel', 'dealerCode', 'externalIds'],
  keepUnsent: (input, stored) => (input.externalIds === undefined ? { ...input, externalIds: stored.externalIds } : input),
  async referenceErrors(db, rows) {
    const inputs = rows.map((row) => row.value)
    const dealerCodes = [...new Set(inputs.flatMap((s) => (s.dealerCode ? [s.dealerCode] : [])))]
    const idPairs = inputs.flatMap((s) => Object.entries(s.externalIds ?? {}).map(([vendor, id]) => ({ vendor, id })))
    const [regionCodes, dealerRows, owners] = await Promise.all([
      allRegionCodes(db),
      dealerCodes.length > 0
        ? db.select({ code: dealers.code, regionCode: dealers.regionCode }).from(dealers).where(inJsonArray(dealers.code, dealerCodes)).all()
        : Promise.resolve([]),
      idPairs.length > 0
        ? db
            .select()
            .from(storeExternalIds)
            .where(inJsonArray(storeExternalIds.externalId, [...new Set(idPairs.map((p) => p.id))]))
            .all()
        : Promise.resolve([]),
    ])
    return storeErrors(rows, {
      regionCodes,
      dealerRegions: new Map(dealerRows.map((d) => [d.code, d.regionCode])),
      externalIdOwners: new Map(owners.map((o) => [`${o.vendor}:${o.externalId}`, o.storeCode])),
    })
  },
  writes(inputs, now) {
    const rows = inputs.map(({ externalIds: _ids, ...store }) => {
      const { externalIds: _none, ...record } = storeRecord(store, {})
      return { ...record, createdAt: now, updatedAt: now }
    })
    const ids = inputs.flatMap((s) =>
      Object.entries(s.externalIds ?? {}).map(([vendor, externalId]) => ({ vendor, externalId, storeCode: s.code })),
    )
    return [
      ...insertRows(stores, rows, { conflict: ['code'], keepOnUpdate: ['createdAt'] }),
      // A store's external ids are replaced as a whole by what the request says (keepUnsent: when it says any).
      ...deleteWhereIn(storeExternalIds, storeExternalIds.storeCode, inputs.map((s) => s.code)),
      ...insertRows(storeExternalIds, ids),
    ]
  },
}

type ProductFields = { sku: string; name: string; category?: string | null; listPrice?: number | null; floorPrice?: number | null }

/** A product as GET answers it, with the cost price (minor units) valid today. */
export const productRecord = (p: ProductFields, costPrice: number | null): Product => ({
  sku: p.sku,
  name: p.name,
  category: p.category ?? null,
  listPrice: p.listPrice == null ? null : toMajorUnits(p.listPrice),
  floorPrice: p.floorPrice == null ? null : toMajorUnits(p.floorPrice),
  costPrice: costPrice == null ? null : toMajorUnits(costPrice),
})

/**
 * A product as an upsert compares and audits it: its fields and its whole cost history, since a
 * cost sent for a day changes the history, not one current value.
 */
type ProductState = Omit<Product, 'costPrice'> & { costs: CostView[] }
const productState = (p: ProductFields, costs: CostView[]): ProductState => {
  const { costPrice: _current, ...fields } = productRecord(p, null)
  return { ...fields, costs }
}

export const productEntity: MasterEntity<ProductWrite, ProductState> = {
  entity: 'product',
  unlocks: (inputs) => ({ skus: inputs.map((p) => p.sku) }),
  collection: 'products',
  keyField: 'sku',
  keyOf: (p) => p.sku,
  toRecord: (p) => productState(p, withCost(p.priorCosts ?? [], rowCost(p))),
  async load(db, keys) {
    const [rows, costs] = await Promise.all([db.select().from(products).where(inJsonArray(products.sku, keys)).all(), costHistories(db, keys)])
    return new Map(rows.map((p) => [p.sku, productState(p, costs.get(p.sku) ?? [])]))
  },
  referenceErrors: async () => [],
  referenceFields: [],
  // A row without a cost keeps the history; one with a cost changes it from its day on.
  keepUnsent: (input, stored) => ({ ...input, priorCosts: stored.costs }),
  warnings: costWarnings,
  writes: (inputs, now) => [
    ...insertRows(
      products,
      inputs.map((p) => ({
        sku: p.sku,
        name: p.name,
        category: p.category ?? null,
        listPrice: p.listPrice ?? null,
        floorPrice: p.floorPrice ?? null,
        createdAt: now,
        updatedAt: now,
      })),
      { conflict: ['sku'], keepOnUpdate: ['createdAt'] },
    ),
    ...costWrites(inputs, now),
  ],
}
