// A receipt's sales as stored: JSON arrays of whole sales, each part well under D1's 2 MB per
// value ("string or blob too big"), so whatever a webhook may carry within the body limit is kept.
import { chunkByBytes } from '../db/bulk'

/** Bytes of JSON per part; a single sale larger than this still gets a part of its own. */
export const RECEIPT_PART_BYTES = 900_000

/** The sales as JSON arrays of whole sales, in order (at least one part, even for no sales). */
export function receiptParts<T>(sales: readonly T[], limit = RECEIPT_PART_BYTES): string[] {
  const parts = chunkByBytes(sales, limit).map((part) => JSON.stringify(part))
  return parts.length > 0 ? parts : ['[]']
}

/** The sales of a receipt from its parts, in part order. */
export function salesOfParts<T>(parts: readonly string[]): T[] {
  return parts.flatMap((part) => JSON.parse(part) as T[])
}

/** The most bytes one sale may take once stored: D1 holds at most 2,000,000 bytes in one value. */
export const MAX_SALE_BYTES = 1_900_000

/** Sales too large to store, with their size, so the sender is told before anything is kept. */
export function oversizedSales(sales: readonly { saleId: string }[]): { index: number; saleId: string; bytes: number }[] {
  const encoder = new TextEncoder()
  return sales.flatMap((sale, index) => {
    const bytes = encoder.encode(JSON.stringify(sale)).length
    return bytes > MAX_SALE_BYTES ? [{ index, saleId: sale.saleId, bytes }] : []
  })
}
