// Property: whatever body reaches a write endpoint — shaped like its schema with wrong values at
// any depth, not JSON at all, of another content type, with odd path parameters — the answer is
// never a 5xx; a refusal is a problem+json whose status matches the response; and a refused
// request writes nothing (every table, row by row, is as it was). Signed POS webhooks carrying
// such payloads obey the same. Counts are printed for RELIABILITY.md.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { signShopify, signStandardWebhook } from '../../src/lib/webhook-signature'
import { ADMIN, call, drainSalesQueue, expectOk, issueToken, posSource, seedTwoRegions, sendWebhook } from './helpers'
import { contentType, garbage, rawBody, shaped, weirdString, type Vocabulary } from './fuzz'
import { databaseFingerprint, sized } from './reliability'

const RUNS_PER_ROUTE = sized(40, 500)
const WEBHOOK_RUNS = sized(400, 5000)

interface WriteRoute {
  method: string
  path: string
  schema: Record<string, any> | null
  params: string[]
}

let routes: WriteRoute[]
let components: Record<string, any>
let vocabulary: Vocabulary
let managerToken: string
let knownIds: Record<string, string[]>
const SHOPIFY_SECRET = 'shpss_property-test-secret-0123456789'
let posSecret: string

beforeAll(async () => {
  const { east, west } = await seedTwoRegions('PW')
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'PW-P', name: '商品', floorPrice: 10 }] } }))
  managerToken = (await issueToken('manager', [east])).token
  posSecret = await posSource('pw-till')
  await expectOk(call('POST', '/v1/admin/pos-sources', { body: { id: 'pw-shop', name: 'Shopify', vendor: 'shopify', secret: SHOPIFY_SECRET } }))
  await sendWebhook('pw-till', posSecret, { type: 'sale.completed', data: { saleId: 'pw-1', storeCode: `${east}-S1`, occurredAt: '2026-03-10T12:00:00+08:00', lines: [{ sku: 'PW-P', qty: 1, unitPrice: 5, codes: ['PW-FAKE'] }] } })
  await drainSalesQueue()
  await expectOk(call('POST', '/v1/expenses', { body: { expenseId: 'PW-EXP', regionCode: east, department: 'sales', category: 'travel', incurredOn: '2026-03-01', amount: 1, description: '出差' } }))
  const violation = String((await call('GET', '/v1/violations')).json.violations[0].id)
  knownIds = {
    code: [east, west],
    year: ['2026', '2027'],
    tab: ['targets-region', 'targets-store', 'budgets', 'expenses', 'stock-limits'],
    id: ['PW-EXP', violation, 'pw-till', 'tok_none', 'rl_none'],
    report: ['consolidated', 'stores', 'violations', 'weekly'],
    sourceId: ['pw-till'],
  }
  vocabulary = { known: [east, west, `${east}-S1`, `${east}-S2`, `${west}-S1`, `${east}-D1`, `${west}-D1`, 'PW-P', 'PW-EXP', 'sales', 'travel', 'office', 'direct', 'manager'] }

  const spec = (await call('GET', '/openapi.json', { token: null })).json
  components = spec.components.schemas
  routes = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method, op]) => method !== 'get' && op['x-access'] !== 'public' && op['x-access'] !== 'signature')
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        schema: op.requestBody?.content?.['application/json']?.schema ?? null,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      })),
  )
})

/** What a caller sees must hold for any answer; a refusal must leave the database as it was. */
function checkAnswer(res: { status: number; headers: Headers; json: any }, label: string) {
  expect(res.status, label).toBeLessThan(500)
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), label).toBe('application/problem+json')
    expect(res.json, label).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status, detail: expect.any(String) })
    expect(JSON.stringify(res.json), label).not.toMatch(/at \w+ \(|\.ts:\d+/) // no stack trace
  }
}

describe('every write endpoint, with random and malformed bodies', () => {
  it('never answers 5xx, always problem+json, and a refusal writes nothing', async () => {
    const tally = { cases: 0, refused: 0, accepted: 0 }
    let fingerprint = await databaseFingerprint()
    for (const route of routes) {
      const body = fc.oneof(
        { weight: 6, arbitrary: route.schema ? shaped(route.schema, components, vocabulary).map((v) => ({ text: JSON.stringify(v) ?? 'null', type: 'application/json' })) : fc.constant({ text: '', type: '' }) },
        { weight: 2, arbitrary: fc.tuple(rawBody.map(String), contentType).map(([text, type]) => ({ text, type })) },
        { weight: 1, arbitrary: garbage.map((v) => ({ text: JSON.stringify(v) ?? 'null', type: 'application/json' })) },
      )
      const params = fc.record(Object.fromEntries(route.params.map((p) => [p, fc.oneof(fc.constantFrom(...(knownIds[p] ?? ['x'])), weirdString.filter((s) => s.length > 0 && s.length < 300))])))
      const token = fc.constantFrom(ADMIN, ADMIN, managerToken)
      await fc.assert(
        fc.asyncProperty(body, params, token, async ({ text, type }, values, bearer) => {
          const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(String(values[p])))
          const res = await call(route.method, path, { token: bearer, direct: true, body: text === '' ? undefined : text, headers: type ? { 'Content-Type': type } : {} })
          const label = `${route.method} ${path} ${type} ${text.slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`
          checkAnswer(res, label)
          tally.cases++
          const after = await databaseFingerprint()
          if (res.status >= 400) {
            tally.refused++
            expect(after, `wrote although refused: ${label}`).toBe(fingerprint)
          } else {
            tally.accepted++
            fingerprint = after
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      )
    }
    console.log(`write endpoints: ${routes.length} routes, ${tally.cases} cases, ${tally.refused} refused with nothing written, ${tally.accepted} accepted as valid`)
    expect(tally.refused).toBeGreaterThan(tally.cases * 0.8)
  }, 600_000)
})

describe('signed POS webhooks with random payloads', () => {
  it('never answer 5xx; a refused payload stores nothing; an accepted one is queued once', async () => {
    // Mostly right, so that some payloads pass and the ledger side is reached too.
    const often = <T, U>(right: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) => fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrong })
    const line = fc.record(
      {
        sku: often(fc.constant('PW-P'), weirdString),
        qty: often(fc.integer({ min: 1, max: 5 }), fc.oneof(fc.integer({ min: -2, max: 0 }), garbage)),
        unitPrice: often(fc.constantFrom(9.99, '12.50', 5, 0), fc.oneof(fc.constantFrom(-1, 1.001, '1,2'), garbage)),
        codes: often(fc.array(fc.uuid(), { maxLength: 3 }), fc.oneof(fc.array(weirdString, { maxLength: 3 }), garbage)),
      },
      { requiredKeys: ['sku', 'qty', 'unitPrice'] },
    )
    const sale = fc.record(
      {
        saleId: often(fc.uuid(), weirdString),
        storeCode: often(fc.constantFrom(...vocabulary.known.slice(2, 5)), weirdString),
        occurredAt: often(fc.constantFrom('2026-03-10T12:00:00+08:00', '2026-03-10T12:00:00Z'), fc.oneof(fc.constantFrom('2026-03-10 12:00', '2026-02-30T10:00:00+08:00'), weirdString)),
        currency: often(fc.constant('CNY'), fc.oneof(fc.constantFrom('USD', 'cny'), weirdString)),
        refundOf: often(fc.constant('pw-1'), weirdString),
        lines: often(fc.array(line, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant([]), garbage)),
      },
      { requiredKeys: ['saleId', 'storeCode', 'occurredAt', 'lines'] },
    )
    const payload = fc.oneof(
      fc.record({ type: often(fc.constantFrom('sale.completed', 'sale.refunded'), fc.constant('sale.voided')), data: often(sale, garbage) }),
      fc.record({ type: fc.constant('sales.batch'), data: fc.record({ sales: fc.array(often(sale, garbage), { maxLength: 4 }) }) }),
      garbage,
    )
    const tally = { cases: 0, refused: 0, accepted: 0 }
    let n = 0
    await fc.assert(
      fc.asyncProperty(payload, fc.boolean(), async (value, shopify) => {
        const text = JSON.stringify(value) ?? 'null'
        const id = `pw-fuzz-${++n}`
        const before = await databaseFingerprint()
        let res
        if (shopify) {
          res = await call('POST', '/v1/webhooks/shopify/pw-shop', {
            token: null,
            direct: true,
            body: text,
            headers: { 'X-Shopify-Hmac-Sha256': await signShopify(SHOPIFY_SECRET, text), 'X-Shopify-Webhook-Id': id, 'X-Shopify-Topic': n % 2 ? 'orders/create' : 'refunds/create' },
          })
        } else {
          const timestamp = Math.floor(Date.now() / 1000)
          res = await call('POST', '/v1/webhooks/pos/pw-till', {
            token: null,
            direct: true,
            body: text,
            headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': await signStandardWebhook(posSecret, id, timestamp, text) },
          })
        }
        const label = `${shopify ? 'shopify' : 'standard'} ${text.slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`
        checkAnswer(res, label)
        tally.cases++
        if (res.status >= 400) {
          tally.refused++
          expect(await databaseFingerprint(), `wrote although refused: ${label}`).toBe(before)
        } else {
          tally.accepted++
          const receipts = await env.DB.prepare('SELECT count(*) AS n FROM webhook_receipts WHERE webhook_id = ?').bind(id).first<{ n: number }>()
          expect(receipts!.n, label).toBe(res.status === 202 ? 1 : 0)
        }
      }),
      { numRuns: WEBHOOK_RUNS },
    )
    await drainSalesQueue()
    console.log(`signed webhooks: ${tally.cases} random payloads, ${tally.refused} refused with nothing written, ${tally.accepted} accepted`)
  }, 600_000)
})
