// Bulk writes and sheet pushes drawn with several kinds of fault at once — shape, reference,
// duplicate, lock — must be answered with one 422 naming exactly the faulty fields or cells, all
// of them, locked rows included, and write nothing; a push whose only fault is a lock is a 423; a
// clean one is applied. property-one-answer-guards.test.ts does the same for the other writes.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'
import { sized } from './reliability'

const YEAR = 2033
const STORES = Array.from({ length: 9 }, (_, i) => `OPN-S${i + 1}`)
const LOCKED_STORE = 'LCK-S1'
const RUNS = sized(100, 1000)
let manager: string

const targetsState = async () =>
  JSON.stringify(await env.DB.prepare('SELECT count(*) AS n, sum(amount) AS total, max(revision) AS revision FROM targets WHERE year = ?').bind(YEAR).first())

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'OPN', name: '开放区' }, { code: 'LCK', name: '锁定区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'OPN-D', name: '经销商', regionCode: 'OPN' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [...STORES.map((code) => ({ code, name: code, regionCode: 'OPN', channel: 'direct' })), { code: LOCKED_STORE, name: '锁定店', regionCode: 'LCK', channel: 'direct' }],
      },
    }),
  )
  await expectOk(call('POST', '/v1/targets/plan', { body: { year: YEAR, companyAmount: 24_000, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal', save: true } }))
  await expectOk(call('POST', `/v1/targets/${YEAR}/regions/LCK/submit`, { body: {} }))
  await expectOk(call('POST', `/v1/targets/${YEAR}/regions/LCK/approve`, { body: {} }))
  manager = (await issueToken('manager', ['OPN', 'LCK'])).token
})

let run = 0

describe('PUT /v1/stores with faults of every kind at once', () => {
  const FAULTS = ['none', 'none', 'channel', 'name', 'region', 'dealer', 'duplicate'] as const
  const faultPath: Record<(typeof FAULTS)[number], string | null> = {
    none: null,
    channel: 'channel',
    name: 'name',
    region: 'regionCode',
    dealer: 'dealerCode',
    duplicate: 'code',
  }

  it('names exactly the faulty fields of every row, JSON or CSV, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FAULTS), { minLength: 0, maxLength: 7 }), fc.boolean(), async (faults, asCsv) => {
        const prefix = `PS${++run}`
        const rows = ['none' as const, ...faults].map((fault, i) => ({
          code: fault === 'duplicate' ? `${prefix}-0` : `${prefix}-${i}`,
          name: fault === 'name' ? '' : `店${i}`,
          regionCode: fault === 'region' ? 'NOWHERE' : 'OPN',
          channel: fault === 'channel' ? 'kiosk' : 'franchise',
          dealerCode: fault === 'dealer' ? 'NO-DEALER' : 'OPN-D',
        }))
        const expected = ['none' as const, ...faults].flatMap((fault, i) => (faultPath[fault] ? [`stores.${i}.${faultPath[fault]}`] : []))
        const csv = ['code,name,regionCode,channel,dealerCode', ...rows.map((r) => [r.code, r.name, r.regionCode, r.channel, r.dealerCode].join(','))].join('\n')
        const res = await call('PUT', '/v1/stores', asCsv ? { csv, direct: true } : { body: { stores: rows }, direct: true })
        const stored = (await env.DB.prepare('SELECT count(*) AS n FROM stores WHERE code LIKE ?').bind(`${prefix}-%`).first<{ n: number }>())!.n
        if (expected.length === 0) {
          expect(res.status, res.text).toBe(200)
          expect(stored).toBe(rows.length)
          return
        }
        expect(res.status, res.text).toBe(422)
        expect(res.json.errors.map((e: any) => e.path)).toEqual(expected)
        if (asCsv) expect(res.json.errors.map((e: any) => e.row)).toEqual(expected.map((p) => Number(p.split('.')[1]) + 2))
        expect(stored).toBe(0)
      }),
      { numRuns: RUNS },
    )
  })
})

const TARGET_FAULTS = ['none', 'none', 'month', 'decimals', 'unknown', 'duplicate', 'lock'] as const
type TargetFault = (typeof TARGET_FAULTS)[number]

describe('PUT /v1/targets with faults of every kind at once', () => {
  const faultPath: Record<TargetFault, string | null> = { none: null, month: 'month', decimals: 'amount', unknown: 'code', duplicate: '', lock: 'code' }

  it('names exactly the faulty fields, locked rows among them; a lock alone is a 423; nothing is written unless all is well', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TARGET_FAULTS), { minLength: 0, maxLength: 8 }), fc.integer({ min: 1, max: 900 }), async (faults, amount) => {
        const all: TargetFault[] = ['none', ...faults]
        const rows = all.map((fault, i) => ({
          code: fault === 'unknown' ? 'NO-STORE' : fault === 'lock' ? LOCKED_STORE : STORES[0]!,
          month: fault === 'month' ? 13 : fault === 'duplicate' ? 1 : i + 1,
          amount: fault === 'decimals' ? amount + 0.125 : amount,
        }))
        // Locked rows are named beside other faults; alone they are a 423.
        const named = all.some((fault) => fault !== 'lock' && faultPath[fault] !== null)
        const expected = named ? all.flatMap((fault, i) => (faultPath[fault] === null ? [] : [faultPath[fault] ? `rows.${i}.${faultPath[fault]}` : `rows.${i}`])) : []
        const before = await targetsState()
        const res = await call('PUT', '/v1/targets', { token: manager, body: { year: YEAR, level: 'store', rows }, direct: true })
        if (expected.length > 0) {
          expect(res.status, res.text).toBe(422)
          expect(res.json.errors.map((e: any) => e.path)).toEqual(expected)
        } else {
          expect(res.status, res.text).toBe(all.includes('lock') ? 423 : 200)
        }
        if (res.status !== 200) expect(await targetsState()).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('the targets-store tab with faults of every kind at once', () => {
  const SHEET_FAULTS = ['none', 'none', 'cell', 'unknown', 'duplicate', 'lock'] as const
  type SheetFault = (typeof SHEET_FAULTS)[number]
  const faultCell: Record<SheetFault, string | null> = { none: null, cell: 'm4', unknown: 'code', duplicate: 'code', lock: 'code' }

  it('names exactly the faulty cells, locked rows among them; a lock alone is a 423; nothing is written unless all is well', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SHEET_FAULTS), { minLength: 0, maxLength: 7 }), fc.integer({ min: 1, max: 900 }), async (faults, amount) => {
        const all: SheetFault[] = ['none', ...faults]
        const rows = all.map((fault, i) => {
          const code = fault === 'unknown' ? `NO-STORE-${i}` : fault === 'lock' ? LOCKED_STORE : fault === 'duplicate' ? STORES[0]! : STORES[i]!
          const months = Object.fromEntries(Array.from({ length: 12 }, (_, m) => [`m${m + 1}`, String(amount)]))
          return { row: i + 2, values: { code, ...months, ...(fault === 'cell' ? { m4: '1.2.3' } : {}) } }
        })
        // There is one locked store: a second lock row repeats its code, a fault of its own, so then
        // every lock row is named (the repeat once); a single lock row alone is a 423.
        const locks = all.filter((fault) => fault === 'lock').length
        const named = locks > 1 || all.some((fault) => fault !== 'lock' && faultCell[fault] !== null)
        const expected = named ? all.flatMap((fault, i) => (faultCell[fault] ? [[i + 2, faultCell[fault]]] : [])) : []
        const before = await targetsState()
        const res = await call('POST', '/v1/sheets/targets-store/sync', {
          token: manager,
          body: { spreadsheetId: 'prop', sheetName: '门店目标', params: { year: YEAR }, rows },
          direct: true,
        })
        if (expected.length > 0) {
          expect(res.status, res.text).toBe(422)
          expect(res.json.errors.map((e: any) => [e.row, e.column])).toEqual(expected)
        } else {
          expect(res.status, res.text).toBe(all.includes('lock') ? 423 : 200)
        }
        if (res.status !== 200) expect(await targetsState()).toBe(before)
      }),
      { numRuns: RUNS },
    )
  })
})
