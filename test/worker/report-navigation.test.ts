// Report pages a manager moves through: a nav bar across the reports of the link's regions,
// filters that narrow (never widen) what the link shows, relative periods that stay current, a
// link's own language, and drill-down from a region to its stores and from a store to its week.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { companyToday } from '../../src/config'
import { isoWeek } from '../../src/lib/time'
import { call, issueToken, seedTwoRegions } from './helpers'

let east = ''
let west = ''
let managerToken = ''
const today = companyToday(env)
const [year, month] = today.split('-').map(Number) as [number, number]
const [weekYear, week] = isoWeek(today).split('-W').map(Number) as [number, number]

beforeAll(async () => {
  ;({ east, west } = await seedTwoRegions('NV'))
  managerToken = (await issueToken('manager', [east, west])).token
})

async function link(body: Record<string, unknown>, token = managerToken) {
  const res = await call('POST', '/v1/report-links', { token, body })
  expect(res.status, res.text).toBe(201)
  return new URL(res.json.url).pathname
}
const open = (path: string, lang: 'en' | null = null) => call('GET', path, { token: null, lang })
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))
const storeCodes = (html: string) => [...html.matchAll(/<td data-key="storeCode"[^>]*>(?:<a[^>]*>)?([^<]*)</g)].map((m) => m[1])

describe('the nav bar of a link’s pages', () => {
  it('links every report page of the link’s regions, the regions it may narrow to and relative periods', async () => {
    const home = await link({ report: 'consolidated', params: { period: 'this-month' }, format: 'html' })
    const res = await open(home)
    expect(res.status).toBe(200)
    const links = hrefs(res.text)
    for (const report of ['consolidated', 'stores', 'weekly', 'violations', 'completeness']) expect(links.some((h) => h.startsWith(`${home}/${report}?`))).toBe(true)
    expect(links).toContain(`${home}/weekly?lang=zh-CN&period=this-week`)
    expect(links).toContain(`${home}/consolidated?lang=zh-CN&region=${east}&period=this-month`)
    for (const period of ['this-month', 'last-month', 'ytd']) expect(links).toContain(`${home}/consolidated?lang=zh-CN&period=${period}`)
    for (const path of links.filter((h) => h.startsWith(home))) expect((await open(path)).status, path).toBe(200)
  })

  it('narrows to a region of the link and refuses one outside it', async () => {
    const home = await link({ report: 'stores', params: { year, month }, format: 'html' })
    expect(storeCodes((await open(home)).text).sort()).toEqual([`${east}-S1`, `${east}-S2`, `${west}-S1`].sort())
    expect(storeCodes((await open(`${home}?region=${west}`)).text)).toEqual([`${west}-S1`])
    const outside = await open(`${home}?region=NOWHERE`)
    expect([outside.status, outside.json.detail]).toEqual([403, '此链接不包含区域 NOWHERE。'])
    // A link made for one region cannot be turned to the other, by HQ's link either.
    const eastOnly = await link({ report: 'stores', params: { year, month, regionCode: east }, format: 'csv' }, 'test-admin-token')
    expect((await open(`${eastOnly}?region=${west}`)).status).toBe(403)
    const narrowed = await open(`${eastOnly}?region=${east}`)
    expect(narrowed.text.split('\r\n').slice(1).filter(Boolean).every((line) => line.includes(`,${east},`))).toBe(true)
  })

  it('answers a CSV link’s one report only: its nav pages are the HTML link’s', async () => {
    const csv = await link({ report: 'consolidated', params: { year }, format: 'csv' })
    expect((await open(`${csv}/stores`)).status).toBe(404)
    expect((await open(csv)).status).toBe(200)
  })
})

describe('relative periods and a link’s language', () => {
  it('reads this-month and this-week on the day the link is opened', async () => {
    const monthLink = await link({ report: 'stores', params: { period: 'this-month' }, format: 'json' })
    expect((await open(monthLink)).json.params).toMatchObject({ year, month, period: 'this-month' })
    const weekLink = await link({ report: 'weekly', params: { period: 'this-week', regionCode: east }, format: 'json' })
    expect((await open(weekLink)).json.params).toMatchObject({ year: weekYear, week })
    const refused = await call('POST', '/v1/report-links', { token: managerToken, body: { report: 'stores', params: { year, period: 'ytd' }, format: 'csv' } })
    expect(refused.status).toBe(422)
    expect(refused.json.errors).toContainEqual(expect.objectContaining({ path: 'params.period' }))
  })

  it('keeps the language a link was made in; the page’s lang parameter still changes it', async () => {
    const english = await link({ report: 'stores', params: { year, month }, format: 'html', lang: 'en' })
    expect((await open(english)).text).toContain('<html lang="en">')
    expect((await open(`${english}?lang=zh-CN`)).text).toContain('<html lang="zh-CN">')
    expect((await call('GET', '/v1/report-links', { token: managerToken })).json.links.find((l: { lang: string | null }) => l.lang === 'en')).toBeTruthy()
  })
})

describe('drill-down', () => {
  it('leads from a region row to its stores that month, and from a store to its week', async () => {
    const home = await link({ report: 'consolidated', params: { year, month }, format: 'html' })
    const toStores = hrefs((await open(home)).text).find((h) => h.startsWith(`${home}/stores?`) && h.includes(`region=${west}`) && h.includes(`month=${month}`))
    expect(toStores).toBeDefined()
    const stores = await open(toStores!)
    expect(storeCodes(stores.text)).toEqual([`${west}-S1`])
    const toWeek = hrefs(stores.text).find((h) => h.includes('/weekly?') && h.includes(`store=${west}-S1`))
    expect(toWeek).toBeDefined()
    const weekly = await open(toWeek!)
    expect(weekly.status).toBe(200)
    expect(storeCodes(weekly.text)).toEqual([`${west}-S1`])
  })
})

describe('filters a manager tries', () => {
  it('reads a month asked alone in the link’s year, and offers every month of it', async () => {
    const home = await link({ report: 'consolidated', params: { period: 'this-month' }, format: 'html' })
    const november = await open(`${home}?month=11`)
    expect(november.status).toBe(200)
    expect(november.text).toContain(`${year}年11月`)
    for (let m = 1; m <= 12; m++) expect(hrefs(november.text)).toContain(`${home}/consolidated?lang=zh-CN&year=${year}&month=${m}`)
  })

  it('steps the weekly pack a week back and forth, across the turn of a year', async () => {
    const pack = await link({ report: 'weekly', params: { year: 2026, week: 53, regionCode: east }, format: 'html' })
    const links = hrefs((await open(pack)).text)
    expect(links).toContain(`${pack}/weekly?lang=zh-CN&region=${east}&year=2026&week=52`)
    expect(links).toContain(`${pack}/weekly?lang=zh-CN&region=${east}&year=2027&week=1`)
  })

  it('every nav link of an API page answers, violations included', async () => {
    const page = await call('GET', `/v1/reports/consolidated?format=html&period=this-month`, { lang: null })
    const links = hrefs(page.text).filter((h) => h.startsWith('/v1/reports/'))
    expect(links.length).toBeGreaterThan(10)
    for (const path of links) expect((await call('GET', path, { lang: null })).status, path).toBe(200)
  })

  it('refuses a dashboard of a week and a region that does not exist, in the link’s language', async () => {
    const home = await link({ report: 'consolidated', params: { year }, format: 'html', lang: 'en' })
    const week = await open(`${home}?period=this-week`)
    expect([week.status, week.json.errors[0].path]).toEqual([422, 'period'])
    expect(week.json.title).toBe('Validation failed')
    // HQ's link covers every region: one that does not exist is named, not shown empty.
    const hq = await link({ report: 'consolidated', params: { year }, format: 'html', lang: 'en' }, 'test-admin-token')
    const nowhere = await open(`${hq}?region=NOPE`)
    expect([nowhere.status, nowhere.json.errors[0].message]).toEqual([422, 'region NOPE does not exist'])
  })

  it('says when a page is narrowed to a store, and leaves the store behind for another region', async () => {
    const home = await link({ report: 'weekly', params: { period: 'this-week' }, format: 'html' })
    const narrowed = await open(`${home}?region=${east}&store=${east}-S1`)
    expect(narrowed.text).toContain(`门店 ${east}-S1 · 全部门店`)
    const regionLinks = hrefs(narrowed.text).filter((h) => h.includes(`region=${west}`))
    expect(regionLinks.length).toBeGreaterThan(0)
    expect(regionLinks.every((h) => !h.includes('store='))).toBe(true)
  })
})

describe('the P&L and scorecard pages of a link', () => {
  it('follow a quarter and an allocation asked on the page', async () => {
    const home = await link({ report: 'consolidated', params: { period: 'this-month' }, format: 'html' })
    const quarter = await open(`${home}/scorecard?year=${year}&quarter=2`)
    expect(quarter.text).toContain(`${year}年第2季度`)
    const review = await open(`${home}/scorecard?year=${year}`)
    expect(review.text).toContain('年终评优')
    const pnl = await open(`${home}/pnl?period=this-month&allocation=none`)
    expect(pnl.status).toBe(200)
    expect(hrefs(pnl.text).some((h) => h.includes('/scorecard?') && h.includes(`quarter=${Math.ceil(month / 3)}`))).toBe(true)
  })
})
