// Races a user can cause by clicking twice or by two people working at once: two pushes of the
// same sheet tab, two expenses against the last room of a `stop` budget, two shipments of the
// same codes. Requests are sent together, so they interleave at every database round trip.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk, issueToken } from './helpers'

const Y = 2027
let eastManager: string
let westManager: string

const months = (value: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`m${i + 1}`, value]))
const count = async (sql: string, ...params: unknown[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'CE', name: '华东区' }, { code: 'CW', name: '西南区' }] } }))
  await expectOk(call('PUT', '/v1/dealers', { body: { dealers: [{ code: 'CD-E', name: '上海经销商', regionCode: 'CE' }, { code: 'CD-W', name: '成都经销商', regionCode: 'CW' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: { stores: [{ code: 'CE1', name: '南京路店', regionCode: 'CE', channel: 'direct' }, { code: 'CW1', name: '春熙路店', regionCode: 'CW', channel: 'direct' }] },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'BAG', name: '托特包' }] } }))
  eastManager = (await issueToken('manager', ['CE'])).token
  westManager = (await issueToken('manager', ['CW'])).token
})

describe('two pushes of the same sheet tab at once', () => {
  it('one wins; the other is a 409 naming the cell, and nothing of it is applied', async () => {
    const push = (baseRevision: number, value: number) =>
      call('POST', '/v1/sheets/targets-store/sync', {
        token: eastManager,
        body: { baseRevision, spreadsheetId: 'race', sheetName: '门店目标', params: { year: Y }, rows: [{ row: 3, values: { code: 'CE1', ...months(value) } }] },
      })
    const rounds = 10
    for (let round = 1; round <= rounds; round++) {
      const base = (await call('GET', `/v1/sheets/targets-store?year=${Y}`, { token: eastManager })).json.revision
      const [a, b] = await Promise.all([push(base, round * 100), push(base, round * 100 + 1)])
      expect([a.status, b.status].sort(), `round ${round}`).toEqual([200, 409])
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a]
      expect(loser.headers.get('content-type')).toBe('application/problem+json')
      expect(loser.json.conflicts[0]).toMatchObject({ row: 3, column: 'm1', theirs: winner === a ? round * 100 : round * 100 + 1 })
      expect(winner.json.revision).toBe(base + 1)
      const stored = await env.DB.prepare("SELECT amount FROM targets WHERE code = 'CE1' AND year = ? AND month = 12").bind(Y).first<{ amount: number }>()
      expect(stored!.amount).toBe((winner === a ? round * 100 : round * 100 + 1) * 100)
    }
    // One audit entry per applied push: the losers left no trace.
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE entity = 'target' AND json_extract(context, '$.spreadsheetId') = 'race'")).toBe(rounds)
  })
})

describe('two expenses racing a stop budget', () => {
  it('over twenty rounds, never more pass than the budget holds', async () => {
    await expectOk(call('PUT', '/v1/budgets/controls', { body: { controls: [{ regionCode: 'CE', department: 'sales', category: 'travel', monthly: 'stop', annual: 'stop' }] } }))
    for (let round = 1; round <= 20; round++) {
      // A year of its own each round: the monthly check accumulates the year to date.
      const year = 2000 + round
      const month = 3
      await expectOk(call('PUT', '/v1/budgets', { token: eastManager, body: { year, rows: [{ regionCode: 'CE', department: 'sales', category: 'travel', month, amount: 1000 }] } }))
      const submit = (n: number) =>
        call('POST', '/v1/expenses', {
          token: eastManager,
          body: { expenseId: `RACE-${round}-${n}`, regionCode: 'CE', department: 'sales', category: 'travel', incurredOn: `${year}-${String(month).padStart(2, '0')}-10`, amount: 600, description: '出差' },
        })
      const results = await Promise.all([submit(1), submit(2)])
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual([201, 422])
      const spent = await env.DB.prepare("SELECT coalesce(sum(amount), 0) AS n FROM expenses WHERE expense_id LIKE ?").bind(`RACE-${round}-%`).first<{ n: number }>()
      expect(spent!.n).toBe(60_000)
    }
  })
})

describe('two shipments of the same codes at once', () => {
  it('the same shipment twice: recorded once, the other answer is the duplicate', async () => {
    for (let round = 1; round <= 10; round++) {
      const shipmentId = `RACE-SH-${round}`
      const body = { shipmentId, dealerCode: 'CD-E', shippedAt: '2027-05-01', lines: [{ sku: 'BAG', qty: 2, codes: [`RACE-U${round}a`, `RACE-U${round}b`] }] }
      const results = await Promise.all([call('POST', '/v1/shipments', { body }), call('POST', '/v1/shipments', { body })])
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 201])
      expect(results.find((r) => r.status === 200)!.json).toEqual({ shipmentId, duplicate: true })
      expect(await count('SELECT count(*) AS n FROM shipments WHERE shipment_id = ?', shipmentId)).toBe(1)
      expect(await count('SELECT count(*) AS n FROM shipment_lines WHERE shipment_id = ?', shipmentId)).toBe(1)
      expect(await count("SELECT count(*) AS n FROM audit_log WHERE entity = 'shipment' AND entity_key = ?", shipmentId)).toBe(1)
    }
  })

  it('one unit code shipped to two regions at once: one region gets it, the other is refused', async () => {
    for (let round = 1; round <= 10; round++) {
      const code = `RACE-X${round}`
      const to = (shipmentId: string, dealerCode: string) =>
        call('POST', '/v1/shipments', { body: { shipmentId, dealerCode, shippedAt: '2027-05-02', lines: [{ sku: 'BAG', qty: 1, codes: [code] }] } })
      const [east, west] = await Promise.all([to(`RACE-E${round}`, 'CD-E'), to(`RACE-W${round}`, 'CD-W')])
      expect([east.status, west.status].sort(), `round ${round}`).toEqual([201, 422])
      const loser = east.status === 422 ? east : west
      expect(loser.json.errors[0]).toMatchObject({ path: 'lines.0.codes.0', code: 'shipped_elsewhere' })
      const winnerRegion = east.status === 201 ? 'CE' : 'CW'
      const held = await env.DB.prepare('SELECT region_code, shipment_id FROM shipped_codes WHERE code = ?').bind(code).first()
      expect(held).toEqual({ region_code: winnerRegion, shipment_id: winnerRegion === 'CE' ? `RACE-E${round}` : `RACE-W${round}` })
      // The refused shipment left nothing behind.
      expect(await count('SELECT count(*) AS n FROM shipments WHERE shipment_id = ?', loser === east ? `RACE-E${round}` : `RACE-W${round}`)).toBe(0)
    }
  })
})

describe('a manager of another region racing in', () => {
  it('cannot push the tab at all', async () => {
    const res = await call('POST', '/v1/sheets/targets-store/sync', {
      token: westManager,
      body: { spreadsheetId: 'race', sheetName: 'x', params: { year: Y }, rows: [{ row: 3, values: { code: 'CE1', ...months(1) } }] },
    })
    expect(res.status).toBe(403)
  })
})
