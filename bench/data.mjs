// The bench's deterministic company, written straight into the fresh local D1 before the worker
// starts (the API would take minutes for two years of rollups): regions, stores, products, daily
// and monthly sales rollups for the report scenarios, and this year's region targets.

export const REPORT_YEAR = 2026
/** The day the report scenarios are measured as of; the rollups run up to the day before. */
export const REPORT_AS_OF = '2026-11-28'

export const storeCode = (i) => `S${String(i).padStart(5, '0')}`
export const regionCode = (i) => `R${String(i).padStart(2, '0')}`

/**
 * `regions` × `storesPerRegion` stores; the first `rolledUpStores` of them get a daily rollup row
 * for each of the `days` days up to REPORT_AS_OF, and the monthly rollup of those.
 */
export function companySql({ regions, storesPerRegion, rolledUpStores, days }) {
  const stores = regions * storesPerRegion
  const now = `'2026-01-01T00:00:00Z'`
  const firstDay = new Date(Date.parse(`${REPORT_AS_OF}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
  return `
WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < ${regions - 1})
INSERT INTO regions (code, name, manager_email, created_at, updated_at)
SELECT printf('R%02d', i), '区域' || i, NULL, ${now}, ${now} FROM r;

WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${stores - 1})
INSERT INTO stores (code, name, region_code, dealer_code, channel, opened_on, closed_on, tier, area_sqm, created_at, updated_at)
SELECT printf('S%05d', i), '门店' || i, printf('R%02d', i / ${storesPerRegion}), NULL, 'direct', '2020-01-01', NULL,
       substr('ABC', 1 + i % 3, 1), 60 + i % 200, ${now}, ${now} FROM s;

WITH RECURSIVE p(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM p WHERE i < 49)
INSERT INTO products (sku, name, category, list_price, floor_price, created_at, updated_at)
SELECT 'P' || i, '商品' || i, NULL, 10000 + i * 100, NULL, ${now}, ${now} FROM p;

WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${rolledUpStores - 1}),
d(n, day) AS (SELECT 0, '${firstDay}' UNION ALL SELECT n + 1, date(day, '+1 day') FROM d WHERE n < ${days - 1})
INSERT INTO sales_daily (store_code, day, region_code, month, iso_week, amount, qty, sales)
SELECT printf('S%05d', i), day, printf('R%02d', i / ${storesPerRegion}), substr(day, 1, 7), strftime('%Y-W%W', day),
       100000 + (i * 7919 + n * 104729) % 50000, 10 + (i + n) % 20, 5 + (i * 3 + n) % 10
FROM s, d;

INSERT INTO sales_monthly (store_code, month, region_code, amount, qty, sales)
SELECT store_code, month, MAX(region_code), SUM(amount), SUM(qty), SUM(sales) FROM sales_daily GROUP BY store_code, month;

WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < ${regions - 1}),
m(month) AS (SELECT 1 UNION ALL SELECT month + 1 FROM m WHERE month < 12)
INSERT INTO targets (metric, year, level, code, month, region_code, amount, revision, updated_at, updated_by)
SELECT 'sales', ${REPORT_YEAR}, 'region', printf('R%02d', i), month, printf('R%02d', i), 300000000, 1, ${now}, 'bench' FROM r, m;
`
}
