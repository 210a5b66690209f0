// The one region filter of every query. A manager's token may hold up to 100 regions and D1 binds
// at most 100 parameters a statement, so the regions are always bound as ONE JSON array and
// expanded in SQL with json_each: any number of regions costs one parameter, in drizzle queries
// and hand-written SQL alike. `null` means every region (an admin who asked for none).
import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'

/** A drizzle condition limiting `column` to `regionCodes`; undefined (no limit) for null. */
export function inRegions(column: SQLiteColumn, regionCodes: readonly string[] | null): SQL | undefined {
  return regionCodes === null ? undefined : sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(regionCodes)}))`
}

/** Hand-written SQL: `column` limited to the regions in parameter ?n (a JSON array), or every region when it is null. */
export const regionFilterSql = (n: number, column = 'region_code') => `(?${n} IS NULL OR ${column} IN (SELECT value FROM json_each(?${n})))`

/** `region_code` limited to the regions in ?1 (see regionFilterParam). */
export const REGION_FILTER = regionFilterSql(1)

/** The parameter of regionFilterSql: the regions as one JSON array, or null for every region. */
export const regionFilterParam = (regionCodes: readonly string[] | null): string | null => (regionCodes === null ? null : JSON.stringify(regionCodes))
