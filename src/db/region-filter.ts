// The region filter of hand-written report and rollup queries: bound as one JSON parameter (?1) so
// any number of regions costs one parameter (D1 allows 100 a statement).

/** `region_code` limited to the regions in ?1 (a JSON array), or every region when ?1 is null. */
export const REGION_FILTER = `(?1 IS NULL OR region_code IN (SELECT value FROM json_each(?1)))`

export const regionFilterParam = (regionCodes: string[] | null): string | null => (regionCodes === null ? null : JSON.stringify(regionCodes))
