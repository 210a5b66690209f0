// Reading master data: regions, dealers and stores within the caller's regions; products (which
// belong to no region) for everyone.
import type { RegionScope } from '../auth/scope'
import { companyToday } from '../config'
import { database } from '../db/client'
import { dealers, products, regions, stores } from '../db/schema'
import type { Env } from '../env'
import { dealerRecord, loadStores, productRecord, regionRecord } from './entities'
import { costsOn } from './product-costs'

export async function listRegions(env: Env, scope: RegionScope) {
  const rows = await database(env).select().from(regions).where(scope.where(regions.code)).orderBy(regions.code).all()
  return rows.map(regionRecord)
}

export async function listDealers(env: Env, scope: RegionScope, regionCode?: string) {
  const rows = await database(env).select().from(dealers).where(scope.where(dealers.regionCode, regionCode)).orderBy(dealers.code).all()
  return rows.map(dealerRecord)
}

export const listStores = (env: Env, scope: RegionScope, regionCode?: string) => loadStores(database(env), scope.where(stores.regionCode, regionCode))

export async function listProducts(env: Env) {
  const [rows, costs] = await Promise.all([database(env).select().from(products).orderBy(products.sku).all(), costsOn(env, companyToday(env))])
  return rows.map((p) => productRecord(p, costs.get(p.sku) ?? null))
}
