// The two-command start, tried as a new user would: `npm start` applies migrations, starts the
// worker, seeds the demo company and prints URLs and tokens; seeding again changes nothing.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launchChromium } from './browser'
import { tryStoresInDocs } from './docs-page'
import { checkReportPages } from './report-pages'
// @ts-expect-error plain ES module without types
import { seedDemo } from '../../scripts/demo-seed.mjs'

const port = 18000 + Math.floor(Math.random() * 2000)
const base = `http://127.0.0.1:${port}`
const adminToken = 'rgo_admin_start-test'
const stateDir = mkdtempSync(join(tmpdir(), 'regionops-state-'))
let worker: ChildProcess
let printed = ''

async function get(path: string, token?: string) {
  const response = await fetch(base + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') }
}

beforeAll(async () => {
  worker = spawn('node', ['scripts/start.mjs', '--port', String(port), '--state-dir', stateDir], {
    env: { ...process.env, ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also stops wrangler dev and workerd, even after a failed start.
    detached: true,
  })
  worker.stdout!.on('data', (chunk) => (printed += chunk))
  worker.stderr!.on('data', (chunk) => (printed += chunk))
  const deadline = Date.now() + 110_000
  while (!printed.includes('regionops is running')) {
    if (worker.exitCode !== null) throw new Error(`npm start exited early:\n${printed}`)
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${printed}`)
    await new Promise((r) => setTimeout(r, 200))
  }
})

afterAll(async () => {
  if (!worker?.pid) return
  const group = -worker.pid
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name)
    } catch {
      // the whole group is gone already
    }
  }
  const exited = worker.exitCode !== null ? Promise.resolve() : new Promise((resolve) => worker.once('exit', resolve))
  signal('SIGTERM')
  const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))])
  // wrangler dev may outlive a start that failed half way; nothing of it may stay behind.
  signal(stopped ? 'SIGTERM' : 'SIGKILL')
})

describe('npm start', () => {
  it('prints the URLs and the demo tokens', () => {
    expect(printed).toContain(`${base}/health`)
    expect(printed).toContain(`${base}/docs`)
    expect(printed).toContain(`admin token    ${adminToken}`)
    expect(printed).toMatch(/manager token {2}rgo_\S{40,}/)
    expect(printed).toMatch(/viewer token {3}rgo_\S{40,}/)
  })

  it('answers /health and serves the API reference', async () => {
    expect(JSON.parse((await get('/health')).text)).toMatchObject({ ok: true })
    const docs = await get('/docs')
    expect(docs.status).toBe(200)
    expect(docs.text).toContain('/docs/swagger-ui-bundle.js')
    expect((await get('/docs/init.js')).text).toContain('/openapi.json')
    // Served by the worker itself, as wrangler dev bundles it: the page needs no CDN. Whole, as text.
    const bundle = await get('/docs/swagger-ui-bundle.js')
    expect(bundle.status).toBe(200)
    expect(bundle.text.length).toBeGreaterThan(1_000_000)
    const spec = JSON.parse((await get('/openapi.json')).text)
    expect(Object.keys(spec.paths)).toContain('/v1/stores')
  })

  it('seeds the demo company: 4 regions with Chinese names, 40 stores, 6 dealers, 61 SKUs', async () => {
    const regions = JSON.parse((await get('/v1/regions', adminToken)).text).regions
    expect(regions.map((r: { name: string }) => r.name)).toEqual(['华东区', '华北区', '华南区', '西南区'])
    const stores = JSON.parse((await get('/v1/stores', adminToken)).text).stores
    expect(stores).toHaveLength(40)
    expect(new Set(stores.map((s: { channel: string }) => s.channel))).toEqual(new Set(['direct', 'franchise', 'dealer']))
    expect(JSON.parse((await get('/v1/dealers', adminToken)).text).dealers).toHaveLength(6)
    const products = JSON.parse((await get('/v1/products', adminToken)).text).products
    expect(products).toHaveLength(61)
    expect(products.every((p: { floorPrice: number | null }) => p.floorPrice !== null)).toBe(true)
  })

  it('has last year’s and this year’s sales in the ledger, so achievement and YoY show from the start', async () => {
    const manager = /manager token {2}(\S+)/.exec(printed)![1]!
    // The demo sells through yesterday (company time), and plans targets for the current year.
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000))
    const [year, month] = yesterday.split('-').map(Number)
    const res = JSON.parse((await get(`/v1/achievement?year=${year}&month=${month}&level=region`, manager)).text)
    expect(res.rows).toHaveLength(1)
    const [east] = res.rows
    expect(east.code).toBe('EAST')
    expect(east.actual).toBeGreaterThan(0)
    expect(east.yoy).not.toBeNull()
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
    // The demo sells at about its targets' pace: the month's rate against the share of the month
    // that has passed through yesterday (early in a month, a rate of the whole month is small).
    const monthPassed = Number(yesterday.slice(8, 10)) / new Date(Date.UTC(year!, month!, 0)).getUTCDate()
    if (year === thisYear) expect(east.rate / monthPassed).toBeGreaterThan(0.5)
  })

  it('shows each kind of stock alert', async () => {
    const manager = /manager token {2}(\S+)/.exec(printed)![1]!
    const alerts = JSON.parse((await get('/v1/inventory/alerts', manager)).text).alerts as { kind: string }[]
    expect(new Set(alerts.map((a) => a.kind))).toEqual(new Set(['restock', 'overstock', 'slow_mover']))
  })

  it('gives the demo manager its own region only', async () => {
    const manager = /manager token {2}(\S+)/.exec(printed)![1]!
    const stores = JSON.parse((await get('/v1/stores', manager)).text).stores
    expect(stores).toHaveLength(10)
    expect(new Set(stores.map((s: { regionCode: string }) => s.regionCode))).toEqual(new Set(['EAST']))
    expect((await get('/v1/stores?regionCode=WEST', manager)).status).toBe(403)
  })

  it('flags one of each channel violation in the demo', async () => {
    const violations = JSON.parse((await get('/v1/violations?status=open', adminToken)).text).violations as { kind: string }[]
    expect(new Set(violations.map((v) => v.kind))).toEqual(new Set(['cross_region', 'unknown_code', 'duplicate_code', 'below_floor_price']))
  })

  it('prints report links that answer without a token: the dashboard, a CSV for =IMPORTDATA, the weekly pack', async () => {
    const link = (label: string) => new RegExp(`${label} +(http\\S+/r/rpt_\\S+)`).exec(printed)![1]!
    const csv = await fetch(link('consolidated'))
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const [header, ...rows] = (await csv.text()).trim().split('\r\n')
    expect(header).toBe(
      'regionCode,regionName,month,target,actual,rate,gap,yoy,forecast,collectionTarget,collected,budget,expenses,openViolations,targetToDate,rateToDate,timeProgress,pace,targetStatus',
    )
    expect(rows).toHaveLength(4 * 12)
    const weekly = await fetch(link('weekly pack'))
    expect(weekly.status).toBe(200)
    expect(await weekly.text()).toContain('EA001')
  })

  it('draws the dashboard in Chromium: bars per region and store, lines by month, violations by kind, no console errors', async () => {
    const url = /dashboard +(\S+)/.exec(printed)![1]!
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
    const stores = JSON.parse((await get(`/v1/reports/stores?year=${year}`, adminToken)).text).rows
    const browser = await launchChromium()
    try {
      for (const [device, viewport] of [['laptop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
        const page = await browser.newPage({ viewport, locale: 'zh-CN' })
        const problems: string[] = []
        page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
        page.on('pageerror', (error) => problems.push(error.message))
        const response = await page.goto(url, { waitUntil: 'load' })
        expect(response!.status()).toBe(200)
        expect(await page.locator('svg[data-chart="region-achievement"] rect.bar').count()).toBe(4)
        expect(await page.locator('svg[data-chart="store-achievement"] rect.bar').count()).toBe(stores.length)
        expect(await page.locator('svg[data-chart="violations-by-kind"] rect.bar').count()).toBe(5)
        // Target, target to date and actual.
        expect(await page.locator('svg[data-chart="month-target-actual"] polyline').count()).toBe(3)
        // Drawn, not just present: the region bars have width on the screen.
        const widths = await page.locator('svg[data-chart="region-achievement"] rect.bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width))
        expect(widths.every((w) => w > 0)).toBe(true)
        // Readable on a phone: the page itself never scrolls sideways (the table scrolls in its own box).
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
        await page.screenshot({ path: `${ARTIFACTS}/dashboard-${device}.png`, fullPage: true })
        expect(problems).toEqual([])
        await page.close()
      }
    } finally {
      await browser.close()
    }
  })

  it('draws the time-progress marker and colours bars by pace: the dashboard mid-month, the weekly pack mid-week', async () => {
    // Days the demo has sold through (it sells through yesterday), inside a month and inside a week:
    // the 15th of yesterday's month (or yesterday, before the 15th), and the last Wednesday before today.
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000))
    const [year, month] = yesterday.split('-').map(Number) as [number, number]
    const midMonth = yesterday.slice(8) < '15' ? yesterday : `${yesterday.slice(0, 8)}15`
    const back = (new Date(`${yesterday}T00:00:00Z`).getUTCDay() + 4) % 7 // days back from yesterday to a Wednesday
    const wednesday = new Date(Date.parse(`${yesterday}T00:00:00Z`) - back * 86_400_000)
    const thursday = new Date(wednesday.getTime() + 86_400_000)
    const weekYear = thursday.getUTCFullYear()
    const week = Math.ceil(((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7)
    const midWeek = wednesday.toISOString().slice(0, 10)
    const pages = [
      {
        name: 'dashboard-mid-month',
        path: `/v1/reports/consolidated?year=${year}&month=${month}&asOf=${midMonth}&format=html`,
        json: `/v1/reports/stores?year=${year}&month=${month}&asOf=${midMonth}&format=json`,
      },
      { name: 'weekly-mid-week', path: `/v1/reports/weekly?year=${weekYear}&week=${week}&asOf=${midWeek}&format=html`, json: `/v1/reports/weekly?year=${weekYear}&week=${week}&asOf=${midWeek}&format=json` },
    ]
    const PACE_FILL: Record<string, string> = { ahead: 'rgb(46, 125, 50)', on_track: 'rgb(249, 168, 37)', behind: 'rgb(198, 40, 40)' }
    const browser = await launchChromium()
    try {
      for (const target of pages) {
        const report = JSON.parse((await get(target.json, adminToken)).text)
        const progress = report.timeProgress
        expect(progress).toBeGreaterThan(0)
        expect(progress).toBeLessThan(1)
        for (const [device, viewport] of [['laptop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
          const page = await browser.newPage({ viewport, locale: 'zh-CN', extraHTTPHeaders: { Authorization: `Bearer ${adminToken}` } })
          expect((await page.goto(base + target.path, { waitUntil: 'load' }))!.status()).toBe(200)
          const chart = page.locator('svg[data-chart="store-achievement"]')
          // The marker is drawn where the share of the period passed falls between the bars' start and the 100% line.
          const marker = await chart.locator('.progress-marker line').boundingBox()
          const hundred = await chart.locator('line.target-line').boundingBox()
          const start = await chart.locator('rect.bar').first().boundingBox()
          expect(marker && hundred && start).toBeTruthy()
          expect((marker!.x - start!.x) / (hundred!.x - start!.x)).toBeCloseTo(progress, 1)
          // Each bar's colour on the screen follows the pace the report gives its store.
          const bars = await chart.locator('rect.bar').evaluateAll((rects) => rects.map((r) => ({ pace: r.getAttribute('data-pace'), fill: getComputedStyle(r).fill })))
          const paces = report.rows.filter((r: { pace: string | null }) => r.pace !== null).map((r: { pace: string }) => r.pace)
          expect(paces.length).toBeGreaterThan(0)
          expect(bars.filter((b) => b.pace !== null).map((b) => b.pace)).toEqual(paces)
          for (const bar of bars) if (bar.pace) expect(bar.fill, bar.pace).toBe(PACE_FILL[bar.pace])
          await page.screenshot({ path: `${ARTIFACTS}/${target.name}-${device}.png`, fullPage: true })
          await page.close()
        }
      }
    } finally {
      await browser.close()
    }
  })

  it('the manager’s home page and every report page it leads to read well in Chinese and English, on a laptop and a phone', async () => {
    const home = /manager home +(http\S+\/r\/rpt_\S+)/.exec(printed)![1]!
    const browser = await launchChromium()
    try {
      await checkReportPages(browser, home)
    } finally {
      await browser.close()
    }
  })

  it('runs "Try it out" in /docs in Chromium that reaches nothing but the worker: GET /v1/stores?regionCode=EAST answers 200', async () => {
    const browser = await launchChromium()
    try {
      const tried = await tryStoresInDocs(browser, base, adminToken)
      expect(tried.operations).toBe(Object.values(JSON.parse((await get('/openapi.json')).text).paths as object[]).flatMap(Object.keys).length)
      expect(tried.status).toBe('200')
      expect(JSON.parse(tried.body).stores.map((s: { code: string }) => s.code)).toContain('EA001')
      expect(tried.blocked).toEqual([])
      expect(tried.problems).toEqual([])
    } finally {
      await browser.close()
    }
  })

  it('seeding twice changes nothing', async () => {
    const before = JSON.parse((await get('/v1/audit?limit=1000', adminToken)).text).entries.length
    const tokens = await seedDemo({ baseUrl: base, adminToken, stateDir })
    const after = JSON.parse((await get('/v1/audit?limit=1000', adminToken)).text).entries.length
    expect(after).toBe(before)
    // The demo tokens printed at start are the ones kept for this database.
    expect(printed).toContain(tokens.manager)
  })
})
