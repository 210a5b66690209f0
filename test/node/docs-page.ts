// The API reference at /docs as an HQ integrator uses it in a browser that reaches nothing but the
// worker (a network in mainland China without Swagger's CDN, an office with no internet): the page
// must render from the worker's own assets, and "Try it out" must answer from the worker.
import type { Browser } from 'playwright-core'
import { ARTIFACTS } from './browser'

export interface DocsTry {
  /** The status Swagger UI shows for the executed request. */
  status: string
  /** What the response body shown holds. */
  body: string
  /** Operations the page lists. */
  operations: number
  /** Requests to anywhere but the worker, which were refused. */
  blocked: string[]
  /** Console errors and page errors (a CSP refusal is one). */
  problems: string[]
}

/**
 * Opens `${base}/docs`, authorises with `token` (the Authorize button, bearer), runs
 * `GET /v1/stores?regionCode=EAST` with "Try it out" and keeps a screenshot of the operation.
 */
export async function tryStoresInDocs(browser: Browser, base: string, token: string): Promise<DocsTry> {
  const origin = new URL(base).origin
  const blocked: string[] = []
  const problems: string[] = []
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  try {
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    page.on('pageerror', (error) => problems.push(error.message))
    await page.route('**/*', async (route) => {
      const url = route.request().url()
      if (new URL(url).origin === origin) return route.continue()
      blocked.push(url)
      return route.abort('internetdisconnected')
    })
    const response = await page.goto(`${base}/docs`, { waitUntil: 'load' })
    if (response?.status() !== 200) throw new Error(`/docs answered ${response?.status()}`)
    await page.locator('.swagger-ui .information-container .title').waitFor()
    const operations = await page.locator('.opblock').count()
    await page.screenshot({ path: `${ARTIFACTS}/docs-offline.png` })

    await page.locator('.auth-wrapper button.authorize').click()
    const dialog = page.locator('.dialog-ux')
    await dialog.locator('input').first().fill(token)
    await dialog.locator('button.authorize').click()
    await dialog.locator('button.btn-done').click()

    const op = page.locator('.opblock-get').filter({ has: page.locator('.opblock-summary-path[data-path="/v1/stores"]') })
    await op.locator('.opblock-summary-control').click()
    await op.locator('button.try-out__btn').click()
    await op.locator('tr[data-param-name="regionCode"] input').fill('EAST')
    await op.locator('button.execute').click()
    const live = op.locator('.live-responses-table .response')
    await live.first().waitFor()
    const status = (await live.first().locator('.response-col_status').innerText()).trim()
    const body = await op.locator('.live-responses-table .response-col_description pre').first().innerText()
    await op.scrollIntoViewIfNeeded()
    await op.screenshot({ path: `${ARTIFACTS}/docs-try-it-out.png` })
    return { status, body, operations, blocked, problems }
  } finally {
    await page.close()
  }
}
