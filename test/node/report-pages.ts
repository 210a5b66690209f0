// The report pages as a person reads them, in Chromium: each page of the manager's home link in
// Chinese and in English, on a laptop and a 390 px phone, reached through the nav bar and a
// drill-down. On every page: no raw enum value, no UTC timestamp, no text under 11 px, and on the
// phone the rate column in view. Screenshots are kept as test artefacts.
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import { ARTIFACTS } from './browser'

const REPORTS = ['consolidated', 'stores', 'weekly', 'violations', 'completeness', 'pnl', 'scorecard'] as const
const RAW_ENUMS = ['cross_region', 'unknown_code', 'duplicate_code', 'below_floor_price', 'sellout_exceeds_sellin', 'slow_mover', 'on_track', 'region_approved', 'hq_approved']
/** Values a Chinese page must show by their labels (an English page's labels may be these words). */
const RAW_WORDS_ZH = ['open', 'confirmed', 'dismissed', 'draft', 'approved', 'submitted', 'ahead', 'behind', 'restock', 'overstock', 'true', 'false', 'yes', 'no']

async function readPage(page: Page, lang: 'zh-CN' | 'en') {
  const cells = await page.locator('td').allInnerTexts()
  const body = await page.locator('body').innerText()
  expect(await page.getAttribute('html', 'lang')).toBe(lang)
  for (const raw of RAW_ENUMS) expect(body, raw).not.toContain(raw)
  if (lang === 'zh-CN') for (const cell of cells) expect(RAW_WORDS_ZH, cell).not.toContain(cell.trim())
  expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
  expect(body).not.toMatch(/\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b/)
  // The size each text is drawn at: an SVG's text scales with its chart, so its CTM counts.
  const smallest = await page.evaluate(() => {
    let min = Infinity
    let where = ''
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      if (!hasText || (el as HTMLElement).offsetParent === null && !(el instanceof SVGElement)) continue
      let size = parseFloat(getComputedStyle(el).fontSize)
      if (el instanceof SVGGraphicsElement) size *= el.getScreenCTM()?.a ?? 1
      if (size < min) [min, where] = [size, `${el.tagName} ${el.textContent!.trim().slice(0, 30)}`]
    }
    return { min, where }
  })
  expect(smallest.min, smallest.where).toBeGreaterThanOrEqual(11)
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
}

/** The first rate column of the table is on the screen without scrolling sideways. */
async function rateColumnInView(page: Page) {
  const header = page.locator('th[data-key="rateToDate"], th[data-key="rate"]').first()
  if ((await header.count()) === 0) return
  const box = (await header.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(390)
}

export async function checkReportPages(browser: Browser, home: string) {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const [device, viewport] of [['laptop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const page = await browser.newPage({ viewport, locale: lang })
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      expect((await page.goto(`${home}?lang=${lang}`, { waitUntil: 'load' }))!.status()).toBe(200)
      for (const report of REPORTS) {
        // Follow the nav bar, as a person clicks it.
        await Promise.all([page.waitForURL(new RegExp(`/${report}\\?`)), page.locator(`nav ul.reports a[href*="/${report}?"]`).click()])
        expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toContain(`/${report}?`)
        // The scorecard reached from a month's page is that month's quarter, not the year-end review.
        if (report === 'scorecard') expect(await page.locator('h1').innerText()).toMatch(/第\d季度|Q\d/)
        await readPage(page, lang)
        if (device === 'phone') await rateColumnInView(page)
        await page.screenshot({ path: `${ARTIFACTS}/pages-${report}-${lang}-${device}.png`, fullPage: true })
      }
      // Drill down: the dashboard's region row leads to its stores, a store to its week.
      await page.locator('nav ul.reports a[href*="/consolidated?"]').click()
      await page.waitForLoadState('load')
      const region = page.locator('td[data-key="regionCode"] a').first()
      const code = (await region.innerText()).trim()
      await Promise.all([page.waitForURL(/\/stores\?/), region.click()])
      const regions = await page.locator('td[data-key="regionCode"]').allInnerTexts()
      expect(regions.length).toBeGreaterThan(0)
      expect(new Set(regions)).toEqual(new Set([code]))
      const store = page.locator('td[data-key="storeCode"] a').first()
      const storeCode = (await store.innerText()).trim()
      await Promise.all([page.waitForURL(/\/weekly\?/), store.click()])
      expect(await page.locator('td[data-key="storeCode"]').allInnerTexts()).toEqual([storeCode])
      await readPage(page, lang)
      await page.screenshot({ path: `${ARTIFACTS}/pages-drill-down-${lang}-${device}.png`, fullPage: true })
      expect(problems).toEqual([])
      await page.close()
    }
  }
}
