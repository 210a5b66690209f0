// What the report queries share: grouped sums read back by region and key, and rows of a D1 batch.

/** Rows of `region, key, amount` as a lookup that answers 0 for what is not there. */
export function sumsBy(result: D1Result | undefined): (region: string, key: string) => number {
  const sums = new Map<string, number>()
  for (const row of rowsOf(result) as { region: string; key: string | number; amount: number }[]) sums.set(`${row.region}\u001f${row.key}`, row.amount)
  return (region, key) => sums.get(`${region}\u001f${key}`) ?? 0
}

/** The rows of one statement of a D1 batch. */
export const rowsOf = (result: D1Result | undefined): Record<string, unknown>[] => (result?.results ?? []) as Record<string, unknown>[]
