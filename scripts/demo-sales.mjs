// The demo company's sales history: one POS summary sale per store and trading day from 1 January
// last year to yesterday, sent through the real webhook path so the ledger, rollups, achievement
// and YoY work from the first start. Deterministic: the same days give the same sales and ids.
import { createHmac } from 'node:crypto'
import { giftProduct, products as allProducts, random, stores } from './demo-data.mjs'

// The gift box never sells: it shows up as a slow mover.
const products = allProducts.filter((p) => p.sku !== giftProduct.sku)

// Month weights of a fashion retailer: Spring Festival, 618 and Double 11 stand out.
const MONTH_WEIGHT = [1.3, 1.1, 0.9, 0.9, 1.0, 1.2, 0.9, 0.9, 1.0, 1.1, 1.5, 1.3]
const TIER_DAILY = { A: 2600, B: 1800, C: 1200 }

const dayString = (date) => date.toISOString().slice(0, 10)

function* days(from, to) {
  for (let d = new Date(`${from}T00:00:00Z`); dayString(d) <= to; d.setUTCDate(d.getUTCDate() + 1)) yield dayString(d)
}

/** Every demo sale from 1 January of last year to `yesterday` (a `YYYY-MM-DD` in company time). */
export function demoSales(yesterday) {
  const lastYear = Number(yesterday.slice(0, 4)) - 1
  const next = random(2026)
  const sales = []
  for (const day of days(`${lastYear}-01-01`, yesterday)) {
    const date = new Date(`${day}T00:00:00Z`)
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 1.4 : 1
    const growth = Number(day.slice(0, 4)) > lastYear ? 1.08 : 1
    const season = MONTH_WEIGHT[date.getUTCMonth()]
    for (const store of stores) {
      if ((store.openedOn && store.openedOn > day) || (store.closedOn && store.closedOn < day)) continue
      const budget = TIER_DAILY[store.tier] * weekend * growth * season * (0.8 + next() * 0.4)
      const lines = []
      let spent = 0
      while (spent < budget && lines.length < 4) {
        const product = products[Math.floor(next() * products.length)]
        const qty = 1 + Math.floor(next() * 3)
        lines.push({ sku: product.sku, qty, unitPrice: product.listPrice })
        spent += qty * product.listPrice
      }
      sales.push({ saleId: `demo-${store.code}-${day}`, storeCode: store.code, occurredAt: `${day}T20:00:00+08:00`, lines })
    }
  }
  return sales
}

function sign(secret, id, timestamp, body) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

/** Sends the sales as signed `sales.batch` webhooks of 1,000; repeated runs are duplicates. */
export async function sendDemoSales(baseUrl, sourceId, secret, sales) {
  for (let i = 0; i < sales.length; i += 1000) {
    const chunk = sales.slice(i, i + 1000)
    const id = `demo-${chunk[0].saleId}-${chunk.length}`
    const timestamp = Math.floor(Date.now() / 1000)
    const body = JSON.stringify({ type: 'sales.batch', data: { sales: chunk } })
    const response = await fetch(`${baseUrl}/v1/webhooks/pos/${sourceId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) },
      body,
    })
    if (response.status !== 202 && response.status !== 200) throw new Error(`demo sales refused: ${response.status} ${await response.text()}`)
  }
}
