// One small company read on several "as of" days in every view — /v1/achievement, the
// consolidated report as JSON, CSV and dashboard (cards and region bars), the stores report and
// the weekly pack — each figure fixed by hand, to the fen and the 0.1%.
//
// FA-E: Nov 30,000, Dec 31,000 (¥1,000 a day); FA-W: Nov 15,000, Dec 62,000 (¥2,000 a day).
// Stores: FA-E1 (Nov 20,000, Dec 15,500), FA-E2 opening 16 November (Nov 10,000, Dec 15,500),
// FA-W1 (Nov 15,000, Dec 62,000). No sales last year, so time passes by days.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, drainSalesQueue, expectOk, issueToken, posSource, sendWebhook } from './helpers'

const Y = 2033
let manager: string

const SALES: [string, string, number][] = [
  ['FA-E1', '11-05', 6000], ['FA-E1', '11-18', 4000], ['FA-E1', '11-30', 1000], ['FA-E1', '12-01', 600], ['FA-E1', '12-02', 400], ['FA-E1', '12-10', 5000], ['FA-E1', '12-31', 2000],
  ['FA-E2', '11-17', 1500], ['FA-E2', '12-01', 300], ['FA-E2', '12-14', 2000],
  ['FA-W1', '11-10', 5000], ['FA-W1', '12-01', 1000], ['FA-W1', '12-15', 30000],
]

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'FA-E', name: '华东区' }, { code: 'FA-W', name: '西南区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'FA-E1', name: '一店', regionCode: 'FA-E', channel: 'direct' },
          { code: 'FA-E2', name: '新店', regionCode: 'FA-E', channel: 'direct', openedOn: `${Y}-11-16` },
          { code: 'FA-W1', name: '西店', regionCode: 'FA-W', channel: 'direct' },
        ],
      },
    }),
  )
  await expectOk(call('PUT', '/v1/products', { body: { products: [{ sku: 'FA-TEE', name: 'T恤' }] } }))
  const month = (code: string, nov: number, dec: number) => [{ code, month: 11, amount: nov }, { code, month: 12, amount: dec }]
  await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'region', rows: [...month('FA-E', 30000, 31000), ...month('FA-W', 15000, 62000)] } }))
  await expectOk(call('PUT', '/v1/targets', { body: { year: Y, level: 'store', rows: [...month('FA-E1', 20000, 15500), ...month('FA-E2', 10000, 15500), ...month('FA-W1', 15000, 62000)] } }))
  const secret = await posSource('fa-till')
  for (const [i, [storeCode, day, amount]] of SALES.entries()) {
    const res = await sendWebhook('fa-till', secret, {
      type: 'sale.completed',
      data: { saleId: `fa-${i}`, storeCode, occurredAt: `${Y}-${day}T12:00:00+08:00`, lines: [{ sku: 'FA-TEE', qty: 1, unitPrice: amount }] },
    })
    expect(res.status, res.text).toBe(202)
  }
  await drainSalesQueue()
  manager = (await issueToken('manager', ['FA-E', 'FA-W'])).token
})

interface RegionFigures {
  targetToDate: number
  actual: number
  rateToDate: number | null
  pace: string | null
}

interface Case {
  name: string
  asOf: string
  timeProgress: number
  regions: Record<'FA-E' | 'FA-W', RegionFigures>
  /** The dashboard's cards: the company's target to date, actual, rate to date (as shown). */
  cards: { targetToDate: string; actual: string; rateToDate: string; timeProgress: string }
  /** Store rows of the stores report for the month, where the case is about a store. */
  stores?: Record<string, { targetToDate: number; actual: number; rateToDate: number | null; timeProgress: number }>
  /** The weekly pack of the ISO week holding the day. */
  weekly?: { week: number; timeProgress: number; stores: Record<string, { rank: number; weekTarget: number; targetToDate: number; actual: number; rateToDate: number | null; pace: string | null }> }
}

const CASES: Case[] = [
  {
    name: 'the first day of a month: 1 of 31 days',
    asOf: `${Y}-12-01`,
    timeProgress: 0.0323,
    regions: {
      'FA-E': { targetToDate: 1000, actual: 900, rateToDate: 0.9, pace: 'behind' },
      'FA-W': { targetToDate: 2000, actual: 1000, rateToDate: 0.5, pace: 'behind' },
    },
    cards: { targetToDate: '¥3,000', actual: '¥1,900', rateToDate: '63.3%', timeProgress: '3.2%' },
  },
  {
    name: 'mid-month: 15 of 31 days',
    asOf: `${Y}-12-15`,
    timeProgress: 0.4839,
    regions: {
      'FA-E': { targetToDate: 15000, actual: 8300, rateToDate: 0.5533, pace: 'behind' },
      'FA-W': { targetToDate: 30000, actual: 31000, rateToDate: 1.0333, pace: 'on_track' },
    },
    cards: { targetToDate: '¥45,000', actual: '¥39,300', rateToDate: '87.3%', timeProgress: '48.4%' },
    // ISO week 50 is Mon 12 … Sun 18 December: Thursday is 4 of 7. E1 is due 15,500 × 4/31 = 2,000 and sold nothing.
    weekly: {
      week: 50,
      timeProgress: 0.5714,
      stores: {
        'FA-E2': { rank: 1, weekTarget: 3500, targetToDate: 2000, actual: 2000, rateToDate: 1, pace: 'on_track' },
        'FA-E1': { rank: 2, weekTarget: 3500, targetToDate: 2000, actual: 0, rateToDate: 0, pace: 'behind' },
        'FA-W1': { rank: 1, weekTarget: 14000, targetToDate: 8000, actual: 30000, rateToDate: 3.75, pace: 'ahead' },
      },
    },
  },
  {
    name: 'the last day of a month: all of it',
    asOf: `${Y}-12-31`,
    timeProgress: 1,
    regions: {
      'FA-E': { targetToDate: 31000, actual: 10300, rateToDate: 0.3323, pace: 'behind' },
      'FA-W': { targetToDate: 62000, actual: 31000, rateToDate: 0.5, pace: 'behind' },
    },
    cards: { targetToDate: '¥93,000', actual: '¥41,300', rateToDate: '44.4%', timeProgress: '100.0%' },
  },
  {
    name: 'a month in which a store opens: FA-E2 counts its own 15 trading days',
    asOf: `${Y}-11-20`,
    timeProgress: 0.6667,
    regions: {
      'FA-E': { targetToDate: 20000, actual: 11500, rateToDate: 0.575, pace: 'behind' },
      'FA-W': { targetToDate: 10000, actual: 5000, rateToDate: 0.5, pace: 'behind' },
    },
    cards: { targetToDate: '¥30,000', actual: '¥16,500', rateToDate: '55.0%', timeProgress: '66.7%' },
    // E1: 20,000 × 20/30 due. E2 opened on the 16th: 5 of its 15 days, a third of 10,000.
    stores: {
      'FA-E1': { targetToDate: 13333.33, actual: 10000, rateToDate: 0.75, timeProgress: 0.6667 },
      'FA-E2': { targetToDate: 3333.33, actual: 1500, rateToDate: 0.45, timeProgress: 0.3333 },
    },
  },
  {
    name: 'a week across two months: Friday 2 December of the week from Monday 28 November',
    asOf: `${Y}-12-02`,
    timeProgress: 0.0645,
    regions: {
      'FA-E': { targetToDate: 2000, actual: 1300, rateToDate: 0.65, pace: 'behind' },
      'FA-W': { targetToDate: 4000, actual: 1000, rateToDate: 0.25, pace: 'behind' },
    },
    cards: { targetToDate: '¥6,000', actual: '¥2,300', rateToDate: '38.3%', timeProgress: '6.5%' },
    // The November part (3 days) is whole, half the December part (2 of 4 days): 5 of 7.
    // E1: 20,000 × 3/30 + 15,500 × 4/31 = 4,000 for the week; 2,000 + 1,000 due; 2,000 sold.
    weekly: {
      week: 48,
      timeProgress: 0.7143,
      stores: {
        'FA-E1': { rank: 1, weekTarget: 4000, targetToDate: 3000, actual: 2000, rateToDate: 0.6667, pace: 'behind' },
        'FA-E2': { rank: 2, weekTarget: 3000, targetToDate: 2000, actual: 300, rateToDate: 0.15, pace: 'behind' },
        'FA-W1': { rank: 1, weekTarget: 9500, targetToDate: 5500, actual: 1000, rateToDate: 0.1818, pace: 'behind' },
      },
    },
  },
]

const get = async (path: string) => {
  const res = await call('GET', path, { token: manager })
  expect(res.status, res.text).toBe(200)
  return res
}

function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\r\n').map((l) => l.split(','))
  return lines.map((cells) => Object.fromEntries(header!.map((key, i) => [key, cells[i]!])))
}

/** A card's exact figure: its `data-value` where it shows 万 or 亿, else its text. */
const cardValue = (html: string, card: string) => {
  const [, exact, shown] = /<b(?: data-value="([^"]*)")?[^>]*>([^<]*)<\/b>/.exec(html.slice(html.indexOf(`data-card="${card}"`)))!
  return exact ?? shown
}

describe.each(CASES)('figures agree: $name', (c) => {
  const month = Number(c.asOf.slice(5, 7))
  const query = `year=${Y}&month=${month}&asOf=${c.asOf}`

  it('the achievement API and the consolidated report, as JSON and CSV', async () => {
    const api = Object.fromEntries((await get(`/v1/achievement?${query}&level=region`)).json.rows.map((r: any) => [r.code, r]))
    const json = Object.fromEntries((await get(`/v1/reports/consolidated?${query}&format=json`)).json.rows.map((r: any) => [r.regionCode, r]))
    const csv = Object.fromEntries(csvRows((await get(`/v1/reports/consolidated?${query}&format=csv`)).text).map((r) => [r.regionCode, r]))
    for (const [code, want] of Object.entries(c.regions)) {
      expect(api[code], code).toMatchObject({ ...want, timeProgress: c.timeProgress, timeProgressBasis: 'days' })
      expect(json[code], code).toMatchObject({ ...want, timeProgress: c.timeProgress })
      expect(csv[code], code).toMatchObject({
        targetToDate: String(want.targetToDate),
        actual: String(want.actual),
        rateToDate: want.rateToDate === null ? '' : String(want.rateToDate),
        timeProgress: String(c.timeProgress),
        pace: want.pace ?? '',
      })
    }
  })

  it('the dashboard’s cards and region bars read the same figures, with the time-progress marker', async () => {
    const html = (await get(`/v1/reports/consolidated?${query}&format=html`)).text
    expect(cardValue(html, 'target-to-date')).toBe(c.cards.targetToDate)
    expect(cardValue(html, 'actual')).toBe(c.cards.actual)
    expect(cardValue(html, 'rate-to-date')).toBe(c.cards.rateToDate)
    expect(cardValue(html, 'time-progress')).toBe(c.cards.timeProgress)
    const regionChart = html.slice(html.indexOf('data-chart="region-achievement"'), html.indexOf('data-chart="month-target-actual"'))
    const bars = [...regionChart.matchAll(/data-pace="([a-z_]+)" data-rate-to-date="([\d.]+)"/g)].map((m) => ({ pace: m[1], rateToDate: Number(m[2]) }))
    expect(bars).toEqual(Object.values(c.regions).map((r) => ({ pace: r.pace, rateToDate: r.rateToDate })))
    if (c.timeProgress < 1) expect(regionChart).toContain(`data-time-progress="${c.timeProgress}"`)
    else expect(regionChart).not.toContain('data-time-progress')
  })

})

describe.each(CASES.filter((c) => c.stores !== undefined))('store figures agree: $name', (c) => {
  const query = `year=${Y}&month=${Number(c.asOf.slice(5, 7))}&asOf=${c.asOf}`

  it('the stores report and the achievement API read the same store figures', async () => {
    const rows = Object.fromEntries((await get(`/v1/reports/stores?${query}&format=json`)).json.rows.map((r: any) => [r.storeCode, r]))
    const api = Object.fromEntries((await get(`/v1/achievement?${query}&level=store`)).json.rows.map((r: any) => [r.code, r]))
    for (const [code, want] of Object.entries(c.stores!)) {
      expect(rows[code], code).toMatchObject(want)
      expect(api[code], code).toMatchObject(want)
    }
  })

})

describe.each(CASES.filter((c) => c.weekly !== undefined))('weekly figures agree: $name', (c) => {
  it('the weekly pack reads the week’s days that have passed, as the achievement API does', async () => {
    const w = c.weekly!
    const res = await get(`/v1/reports/weekly?year=${Y}&week=${w.week}&asOf=${c.asOf}&format=json`)
    expect(res.json.timeProgress).toBe(w.timeProgress)
    const rows = Object.fromEntries(res.json.rows.map((r: any) => [r.storeCode, r]))
    for (const [code, want] of Object.entries(w.stores)) expect(rows[code], code).toMatchObject({ ...want, timeProgress: w.timeProgress })
    const api = Object.fromEntries((await get(`/v1/achievement?year=${Y}&week=${w.week}&asOf=${c.asOf}&level=store`)).json.rows.map((r: any) => [r.code, r]))
    for (const [code, want] of Object.entries(w.stores)) expect(api[code], code).toMatchObject({ targetToDate: want.targetToDate, rateToDate: want.rateToDate, pace: want.pace })
  })
})

describe('the year to date on the dashboard', () => {
  it('sums the months that have passed and the running one’s share; its bars are the rate to date, with no marker', async () => {
    // 15 December: November whole and half of December are due. FA-E 30,000 + 15,000 against 12,500 + 8,300 sold.
    const asOf = `${Y}-12-15`
    const api = Object.fromEntries((await get(`/v1/achievement?year=${Y}&asOf=${asOf}&level=region`)).json.rows.map((r: any) => [r.code, r]))
    // The year to date's target is the target due: one figure, one rate.
    expect(api['FA-E']).toMatchObject({ target: 45000, targetToDate: 45000, actual: 20800, rate: 0.4622, rateToDate: 0.4622, pace: 'behind', timeProgress: 0.9562 })
    expect(api['FA-W']).toMatchObject({ targetToDate: 45000, actual: 36000, rateToDate: 0.8, pace: 'behind' })
    const html = (await get(`/v1/reports/consolidated?year=${Y}&asOf=${asOf}&format=html`)).text
    expect(cardValue(html, 'target-to-date')).toBe('¥90,000')
    expect(cardValue(html, 'actual')).toBe('¥56,800')
    expect(cardValue(html, 'rate-to-date')).toBe('63.1%')
    const regionChart = html.slice(html.indexOf('data-chart="region-achievement"'), html.indexOf('data-chart="month-target-actual"'))
    expect(regionChart).not.toContain('data-time-progress')
    expect([...regionChart.matchAll(/class="value">([^<]+)</g)].map((m) => m[1])).toEqual(['46.2%', '80.0%'])
  })
})

describe('a weekly pack of a week not begun', () => {
  it('counts nothing after the as-of day: the month’s gap and the week stay as of today', async () => {
    // As of 20 November, week 49 (Mon 5 … Sun 11 December) has not begun; December has sold nothing yet as of then.
    const res = await get(`/v1/reports/weekly?year=${Y}&week=49&asOf=${Y}-11-20&format=json`)
    const e1 = res.json.rows.find((r: any) => r.storeCode === 'FA-E1')
    expect(e1).toMatchObject({ actual: 0, rate: null, targetToDate: 0, rateToDate: null, pace: null, monthGap: 15500 })
  })
})
