// The replay storm: every sale delivered three times — its first webhook, a resend under a new
// webhook id grouped differently (singles and batches mixed), and the first webhook again with
// the same id — all shuffled and sent concurrently, refunds arriving before or after the sales they
// refund. Mixed in: refunds that can never be reconciled (held and listed, never counted) and sales
// past the bounds or on impossible days (refused every time). Totals, rollups, held refunds and open
// violations must equal those of one clean delivery of the same sales, and both must equal what
// the generator says they are.
import { runBatch } from '../../src/db/bulk'
import { rebuildRollups, rollupDrift } from '../../src/sales/rollups'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, posSource, sendWebhook } from './helpers'
import { inParallel, SEED, seededRandom, sized } from './reliability'

const SALES = sized(1000, 10_000)
const CONCURRENCY = 8
const SOURCE = 'storm'
const REGIONS = { E: 'RS-E', W: 'RS-W' } as const
type Side = keyof typeof REGIONS
const STORES: Record<Side, string[]> = { E: ['RS-E1', 'RS-E2', 'RS-E3'], W: ['RS-W1', 'RS-W2', 'RS-W3'] }
const FLOOR: Record<string, number> = { A: 50, C: 80 }
const SKUS = ['A', 'B', 'C', 'D']
const POOL = SALES * 2 // unit codes shipped to each region

interface Line {
  sku: string
  qty: number
  unitPrice: number
  codes?: string[]
}
interface Sale {
  saleId: string
  storeCode: string
  occurredAt: string
  lines: Line[]
  refundOf?: string
}

/**
 * Sales in time order with what they must produce: net amount and quantity per store-day, and
 * the violations (by dedupe key) the channel checks must open.
 */
function generate(seed: number) {
  const rnd = seededRandom(seed)
  const fresh: Record<Side, string[]> = { E: Array.from({ length: POOL }, (_, i) => `E-${i}`), W: Array.from({ length: POOL }, (_, i) => `W-${i}`) }
  const returned: Record<Side, string[]> = { E: [], W: [] }
  /** Codes whose last event is a normal sale in their own region: what a duplicate may sell again. */
  const soldOnce: Record<Side, string[]> = { E: [], W: [] }
  const sales: Sale[] = []
  const refundable: Sale[] = []
  const expected = {
    byStoreDay: new Map<string, { amount: number; qty: number; sales: number }>(),
    violations: new Set<string>(),
    /** Refunds that must be held, by sale id, with their reason. */
    held: new Map<string, string>(),
    /** Sales whose webhook must be refused. */
    refused: [] as Sale[],
  }
  const start = Date.parse('2027-03-01T01:00:00Z')
  let fakes = 0

  for (let i = 0; i < SALES; i++) {
    const occurredAt = new Date(start + i * 37 * 60_000).toISOString().replace('.000Z', 'Z')
    const saleId = `S${i}`
    let sale: Sale
    if (i > 10 && refundable.length > 0 && rnd.chance(0.04)) {
      // A refund that can never be reconciled: it is listed with its reason and never counted.
      sales.push(unreconcilable(rnd, saleId, occurredAt, rnd.pick(refundable), expected.held))
      continue
    }
    if (rnd.chance(0.02)) {
      // A payload beyond the bounds or on a day that does not exist: refused, nothing kept.
      expected.refused.push(refusedSale(rnd, saleId, occurredAt))
      continue
    }
    if (i > 10 && refundable.length > 0 && rnd.chance(0.12)) {
      // A refund of one whole line of an earlier sale, with its codes listed or not (then the
      // ledger gives back the codes of that SKU on the original sale).
      const original = refundable.splice(rnd.int(0, refundable.length - 1), 1)[0]!
      const line = rnd.pick(original.lines)
      const listCodes = line.codes !== undefined && rnd.chance(0.5)
      sale = { saleId, storeCode: original.storeCode, occurredAt, refundOf: original.saleId, lines: [{ sku: line.sku, qty: line.qty, unitPrice: line.unitPrice, ...(listCodes ? { codes: line.codes } : {}) }] }
      const side: Side = original.storeCode.startsWith(REGIONS.E) ? 'E' : 'W'
      for (const code of line.codes ?? []) {
        const at = soldOnce[side].indexOf(code)
        if (at >= 0) soldOnce[side].splice(at, 1)
        returned[side].push(code)
      }
    } else {
      const side: Side = rnd.chance(0.5) ? 'E' : 'W'
      const other: Side = side === 'E' ? 'W' : 'E'
      const storeCode = rnd.pick(STORES[side])
      const skus = rnd.shuffle([...SKUS]).slice(0, rnd.int(1, 3))
      let plain = true // only sales of plain own-region codes are refunded later
      const ownCodes: string[] = []
      const lines = skus.map((sku, lineIndex): Line => {
        const qty = rnd.int(1, 3)
        const unitPrice = rnd.int(30, 150) + (rnd.chance(0.3) ? 0.5 : 0)
        if (FLOOR[sku] !== undefined && unitPrice < FLOOR[sku]!) expected.violations.add(`below_floor_price:${SOURCE}:${saleId}:${lineIndex + 1}`)
        if (!rnd.chance(0.35)) return { sku, qty, unitPrice }
        const codes = Array.from({ length: qty }, () => {
          const roll = rnd.next()
          if (roll < 0.06) {
            plain = false
            const code = fresh[other].pop()!
            expected.violations.add(`cross_region:${code}`)
            return code
          }
          if (roll < 0.12) {
            plain = false
            const code = `FAKE-${++fakes}`
            expected.violations.add(`unknown_code:${code}`)
            return code
          }
          if (roll < 0.18 && soldOnce[side].length > 0) {
            plain = false
            // Sold again without a refund in between: taken out of play so its history stays simple.
            const code = soldOnce[side].splice(rnd.int(0, soldOnce[side].length - 1), 1)[0]!
            expected.violations.add(`duplicate_code:${SOURCE}:${saleId}:${lineIndex + 1}:${code}`)
            return code
          }
          const code = returned[side].length > 0 && rnd.chance(0.4) ? returned[side].shift()! : fresh[side].pop()!
          ownCodes.push(code)
          return code
        })
        return { sku, qty, unitPrice, codes }
      })
      sale = { saleId, storeCode, occurredAt, lines }
      // A sale's own codes become sellable again (as duplicates) only after it, and only when
      // the sale is plain enough to be refunded later.
      if (plain) {
        refundable.push(sale)
        soldOnce[side].push(...ownCodes)
      }
    }
    sales.push(sale)
    // Shanghai is UTC+8: the day is the local calendar day.
    const day = new Date(Date.parse(occurredAt) + 8 * 3_600_000).toISOString().slice(0, 10)
    const key = `${sale.storeCode}|${day}`
    const sign = sale.refundOf ? -1 : 1
    const net = expected.byStoreDay.get(key) ?? { amount: 0, qty: 0, sales: 0 }
    for (const line of sale.lines) {
      net.amount += sign * Math.round(line.qty * line.unitPrice * 100)
      net.qty += sign * line.qty
    }
    if (!sale.refundOf) net.sales++
    expected.byStoreDay.set(key, net)
  }
  return { sales, expected }
}

/** A refund of `original` that asks back what it never had, of one of four kinds, or of a sale that never comes. */
function unreconcilable(rnd: ReturnType<typeof seededRandom>, saleId: string, occurredAt: string, original: Sale, held: Map<string, string>): Sale {
  const line = rnd.pick(original.lines)
  const kind = rnd.pick(['refund_exceeds_sale', 'refund_sku_not_in_sale', 'refund_price_above_sale', 'refund_store_mismatch', 'refund_awaiting_sale'] as const)
  held.set(saleId, kind)
  const refund = { saleId, storeCode: original.storeCode, occurredAt, refundOf: original.saleId, lines: [{ sku: line.sku, qty: line.qty, unitPrice: line.unitPrice }] }
  switch (kind) {
    case 'refund_exceeds_sale':
      return { ...refund, lines: [{ ...refund.lines[0]!, qty: original.lines.filter((l) => l.sku === line.sku).reduce((n, l) => n + l.qty, 0) + 1 }] }
    case 'refund_sku_not_in_sale':
      return { ...refund, lines: [{ ...refund.lines[0]!, sku: SKUS.find((sku) => !original.lines.some((l) => l.sku === sku))! }] }
    case 'refund_price_above_sale':
      return { ...refund, lines: [{ ...refund.lines[0]!, unitPrice: line.unitPrice + 1 }] }
    case 'refund_store_mismatch':
      return { ...refund, storeCode: original.storeCode.startsWith(REGIONS.E) ? rnd.pick(STORES.W) : rnd.pick(STORES.E) }
    case 'refund_awaiting_sale':
      return { ...refund, refundOf: `NEVER-${saleId}` }
  }
}

/** A sale no webhook may carry: a quantity past the bound, or a day that does not exist. */
function refusedSale(rnd: ReturnType<typeof seededRandom>, saleId: string, occurredAt: string): Sale {
  const storeCode = rnd.pick(STORES.E)
  return rnd.chance(0.5)
    ? { saleId, storeCode, occurredAt, lines: [{ sku: 'A', qty: 9007199254740991, unitPrice: 10.24 }] }
    : { saleId, storeCode, occurredAt: `2027-02-${rnd.int(29, 31)}T10:00:00+08:00`, lines: [{ sku: 'A', qty: 1, unitPrice: 60 }] }
}

const payloadOf = (group: Sale[]) =>
  group.length === 1
    ? { type: group[0]!.refundOf ? 'sale.refunded' : 'sale.completed', data: group[0] }
    : { type: 'sales.batch', data: { sales: group } }

interface Envelope {
  id: string
  sales: Sale[]
}

/** Cuts the sales into webhooks: 40% of them alone, the rest in batches of 2 to 60. */
function envelopes(sales: Sale[], prefix: string, rnd: ReturnType<typeof seededRandom>): Envelope[] {
  const groups: Sale[][] = []
  const batched: Sale[] = []
  for (const sale of rnd.shuffle([...sales])) {
    if (rnd.chance(0.4)) groups.push([sale])
    else batched.push(sale)
  }
  while (batched.length > 0) groups.push(batched.splice(0, rnd.int(2, 60)))
  return rnd.shuffle(groups).map((group, i) => ({ id: `${prefix}-${i}`, sales: group }))
}

async function ledgerState() {
  const rows = async (sql: string) => (await env.DB.prepare(sql).all()).results
  const rollups = (await rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('sales_daily', 'sales_daily_sku', 'sales_monthly') ORDER BY name")) as { name: string }[]
  const state: Record<string, unknown> = {
    sales: await rows('SELECT count(*) AS n, sum(kind = \'refund\') AS refunds, sum(matched) AS matched FROM sales'),
    lines: await rows('SELECT count(*) AS n, sum(qty) AS qty, sum(amount) AS amount FROM sale_lines'),
    summaryByDay: (await call('GET', '/v1/sales/summary?from=2027-02-01&to=2027-12-31&groupBy=day')).json.rows,
    summaryBySku: (await call('GET', '/v1/sales/summary?from=2027-02-01&to=2027-12-31&groupBy=sku')).json.rows,
    summaryByStore: (await call('GET', '/v1/sales/summary?from=2027-02-01&to=2027-12-31&groupBy=store')).json.rows,
    held: ((await call('GET', '/v1/sales/unmatched?limit=1000')).json.sales as { saleId: string; reason: string }[])
      .map((h) => [h.saleId, h.reason])
      .sort(),
    openViolations: await rows(
      "SELECT dedupe_key, kind, store_code, region_code, expected_region_code, sku, code, sale_id, unit_price, floor_price FROM violations WHERE status = 'open' ORDER BY dedupe_key",
    ),
  }
  for (const { name } of rollups) state[name] = await rows(`SELECT * FROM ${name} ORDER BY 1, 2, 3`)
  return state
}

/** Clears what ingest wrote, so the same sales can be delivered again from nothing. */
async function clearLedger() {
  const tables = ['sales', 'sale_lines', 'sales_daily', 'sales_daily_sku', 'sales_monthly', 'sold_codes', 'violations', 'webhook_receipts', 'alert_deliveries']
  const existing = new Set((await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>()).results.map((r) => r.name))
  await env.DB.batch(tables.filter((t) => existing.has(t)).map((t) => env.DB.prepare(`DELETE FROM ${t}`)))
}

let secret: string

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: REGIONS.E, name: '华东区' }, { code: REGIONS.W, name: '西南区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: { stores: (Object.keys(STORES) as Side[]).flatMap((side) => STORES[side].map((code) => ({ code, name: `门店${code}`, regionCode: REGIONS[side], channel: 'direct' }))) },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: SKUS.map((sku) => ({ sku, name: `商品${sku}`, ...(FLOOR[sku] ? { floorPrice: FLOOR[sku] } : {}) })) } }))
  for (const side of Object.keys(STORES) as Side[]) {
    const codes = Array.from({ length: POOL }, (_, i) => `${side}-${i}`)
    for (let i = 0; i < codes.length; i += 20_000) {
      const part = codes.slice(i, i + 20_000)
      await expectOk(call('POST', '/v1/shipments', { body: { shipmentId: `RS-SHIP-${side}-${i}`, storeCode: STORES[side][0], shippedAt: '2027-02-01', lines: [{ sku: 'B', qty: part.length, codes: part }] } }))
    }
  }
  secret = await posSource(SOURCE)
}, 120_000)

describe('the replay storm', () => {
  it(`${SALES} sales, each delivered three times in random order, count exactly as one clean delivery`, async () => {
    const { sales, expected } = generate(SEED)
    const refunds = sales.filter((s) => s.refundOf).length

    // One clean delivery: each sale once, in time order, in batches of 100.
    for (let i = 0; i < sales.length; i += 100) {
      const res = await sendWebhook(SOURCE, secret, payloadOf(sales.slice(i, i + 100)), { id: `clean-${i}`, direct: true })
      expect(res.status, res.text).toBe(202)
    }
    for (const sale of expected.refused) expect((await sendWebhook(SOURCE, secret, payloadOf([sale]), { id: `clean-${sale.saleId}`, direct: true })).status).toBe(422)
    await drainSalesQueue(300_000)
    const clean = await ledgerState()
    expect(clean.held).toEqual([...expected.held].sort())

    // The oracle: what the generator says, independent of the ledger.
    const rollup = (await env.DB.prepare('SELECT store_code, day, amount, qty, sales FROM sales_daily ORDER BY store_code, day').all<any>()).results
    expect(Object.fromEntries(rollup.map((r) => [`${r.store_code}|${r.day}`, { amount: r.amount, qty: r.qty, sales: r.sales }]))).toEqual(Object.fromEntries(expected.byStoreDay))
    expect((clean.openViolations as { dedupe_key: string }[]).map((v) => v.dedupe_key).sort()).toEqual([...expected.violations].sort())

    await clearLedger()

    // The storm: three deliveries of every sale, shuffled, eight at a time.
    const rnd = seededRandom(SEED + 1)
    const first = envelopes(sales, 'first', rnd)
    const resent = envelopes(sales, 'resent', rnd)
    const refused = expected.refused.map((sale) => ({ id: `refused-${sale.saleId}`, sales: [sale] }))
    const storm = rnd.shuffle([...first, ...resent, ...first, ...refused, ...refused, ...refused])
    const started = Date.now()
    const statuses = await inParallel(storm, CONCURRENCY, async (e) => (await sendWebhook(SOURCE, secret, payloadOf(e.sales), { id: e.id, direct: true })).status)
    await drainSalesQueue(300_000)
    const counts = statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {})
    console.log(
      `replay storm (seed ${SEED}): ${sales.length} sales (${refunds} refunds) in ${storm.length} webhooks ` +
        `(${storm.reduce((n, e) => n + e.sales.length, 0)} sale deliveries), answers ${JSON.stringify(counts)}, ` +
        `${expected.violations.size} violations expected, ${expected.held.size} refunds held, ${expected.refused.length} sales refused, ${Date.now() - started} ms`,
    )
    // Every delivery was taken: 202 the first time a webhook id came, 200 duplicate the second;
    // every refused one was refused each time.
    expect(counts).toEqual({ 202: first.length + resent.length, 200: first.length, ...(refused.length ? { 422: refused.length * 3 } : {}) })

    const stormed = await ledgerState()
    const keysOf = (state: Record<string, unknown>) => ((state.openViolations as { dedupe_key: string }[]).map((v) => v.dedupe_key))
    expect({ missing: keysOf(clean).filter((k) => !keysOf(stormed).includes(k)), extra: keysOf(stormed).filter((k) => !keysOf(clean).includes(k)) }).toEqual({ missing: [], extra: [] })
    for (const key of Object.keys(clean)) expect(stormed[key], key).toEqual(clean[key])

    // The rollups, added to batch by batch through the storm, equal the rollups rebuilt from the lines.
    const rollupTables = async () => {
      const state: Record<string, unknown> = {}
      for (const name of ['sales_daily', 'sales_daily_sku', 'sales_monthly']) state[name] = (await env.DB.prepare(`SELECT * FROM ${name} ORDER BY 1, 2, 3`).all()).results
      return state
    }
    expect(await rollupDrift(env.DB, '2027-01-01', '2027-12-31')).toBe(0)
    const incremental = await rollupTables()
    await runBatch(env.DB, rebuildRollups('2027-01-01', '2027-12-31'))
    expect(await rollupTables()).toEqual(incremental)
    expect((incremental.sales_daily as unknown[]).length).toBeGreaterThan(0)
  }, 300_000)
})
