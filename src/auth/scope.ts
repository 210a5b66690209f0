// Region scoping in one place. Every handler that reads or writes region data asks the request's
// RegionScope, so a module cannot forget to limit a manager or viewer to their own regions.
import type { SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { inRegions } from '../db/region-filter'
import { forbidden } from '../lib/problem'
import type { Principal } from './principal'

export class RegionScope {
  constructor(private readonly principal: Principal) {}

  get isAdmin(): boolean {
    return this.principal.role === 'admin'
  }

  covers(regionCode: string): boolean {
    return this.isAdmin || this.principal.regionCodes.includes(regionCode)
  }

  /** Throws 403 unless the caller may read this region. */
  assertRead(regionCode: string): void {
    if (!this.covers(regionCode)) throw forbidden(`This token does not cover region ${regionCode}.`)
  }

  /** Throws 403 unless the caller may change data of this region (viewers never may). */
  assertWrite(regionCode: string): void {
    if (this.principal.role === 'viewer') throw forbidden('Viewer tokens are read-only.')
    this.assertRead(regionCode)
  }

  /**
   * The regions a read covers: `null` means every region (an admin who asked for none),
   * otherwise the list to filter by. Asking for a region outside the token is a 403.
   */
  readable(requested?: string): string[] | null {
    if (requested !== undefined) {
      this.assertRead(requested)
      return [requested]
    }
    return this.isAdmin ? null : [...this.principal.regionCodes]
  }

  /** A WHERE condition limiting `column` to the readable regions (undefined: no limit), bound as one parameter. */
  where(column: SQLiteColumn, requested?: string): SQL | undefined {
    return inRegions(column, this.readable(requested))
  }
}
