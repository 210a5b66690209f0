// The robot adapters as the worst sender and the worst robot would try them: a Retry-After of
// centuries, a slow robot, data that is markdown, a URL with a fragment, a success code that is
// not a number, one robot behind two endpoints, and a URL that is itself a credential.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { deliverDueAlerts } from '../../src/channel/alerts'
import { feishu } from '../../src/channel/robots/feishu'
import { busiestMinute } from '../../src/channel/robots/pacing'
import { MAX_SILENCE_SECONDS } from '../../src/channel/robots/robot'
import { call, drainSalesQueue, posSource, sendWebhook } from './helpers'
import { addEndpoint, DING_SECRET, deliveries, pausedUntil, queue, raise, regionFor, robot, robotTestSetup } from './robot-helpers'

robotTestSetup()

describe('a robot that answers badly', () => {
  it('a Retry-After of centuries silences the robot for an hour at most, and the run goes on', async () => {
    const hook = await robot('slack', 'forever', { answers: [{ status: 429, body: 'rate_limited', headers: { 'Retry-After': '10000000000000' } }] })
    await regionFor('RH-1')
    await raise('RH-1', 1)
    const endpoint = await addEndpoint('RH-1', { format: 'slack', url: hook.url })
    await queue(endpoint.id, 'RH-1')
    const t0 = Date.now()
    const outcome = await deliverDueAlerts(env, new Date(t0))
    expect(outcome.retrying).toBe(1)
    const silentUntil = Date.parse((await pausedUntil(endpoint.id))!)
    expect(silentUntil).toBeGreaterThan(t0)
    expect(silentUntil).toBeLessThanOrEqual(Date.now() + MAX_SILENCE_SECONDS * 1000)
    expect((await deliveries(endpoint.id))[0]!.next_attempt_at).toMatch(/^\d{4}-/)
  })

  it('a success code that is not a number is no success: null, "" and false are failed tries', async () => {
    const answers = [{ body: { errcode: null, errmsg: 'system busy' } }, { body: { errcode: '', errmsg: 'system busy' } }, { body: { errcode: false } }]
    const ding = await robot('dingtalk', 'odd-codes', { answers })
    await regionFor('RH-2')
    await raise('RH-2', 1)
    const endpoint = await addEndpoint('RH-2', { format: 'dingtalk', url: `${ding.url}?access_token=odd` })
    await queue(endpoint.id, 'RH-2')
    for (let i = 0; i < answers.length; i++) {
      await env.DB.prepare("UPDATE alert_deliveries SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE endpoint_id = ?").bind(endpoint.id).run()
      await deliverDueAlerts(env)
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'pending', attempts: i + 1 })
    }
    const feishuBot = await robot('feishu', 'odd-codes', { answers: [{ body: { code: '', msg: 'internal error' } }] })
    await regionFor('RH-3')
    const feishuEndpoint = await addEndpoint('RH-3', { format: 'feishu', url: feishuBot.url })
    expect((await call('POST', `/v1/alerts/endpoints/${feishuEndpoint.id}/test`)).json).toMatchObject({ ok: false, message: 'internal error' })
  })

  it('a slow robot: each send is signed and counted at the moment it is made', async () => {
    const ding = await robot('dingtalk', 'slow', { secret: DING_SECRET, delayMs: 700 })
    await regionFor('RH-4')
    await raise('RH-4', 1)
    await raise('RH-4', 1)
    const endpoint = await addEndpoint('RH-4', { format: 'dingtalk', url: `${ding.url}?access_token=slow`, secret: DING_SECRET })
    const ids = (await env.DB.prepare("SELECT id FROM violations WHERE region_code = 'RH-4' ORDER BY id").all<{ id: number }>()).results.map((v) => v.id)
    for (const id of ids) await queue(endpoint.id, 'RH-4', [id])
    await deliverDueAlerts(env)
    const [first, second] = (await ding.got()).got
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(650)
  })
})

describe('what a message may not carry', () => {
  it('data that is markdown or a mention reads as text: no @channel, no link of its own', async () => {
    const hook = await robot('slack', 'inject')
    const ding = await robot('dingtalk', 'inject')
    await regionFor('RH-5')
    const till = await posSource('rh-till')
    const codes = ['<!channel>', '<https://evil.example|查看全部违规>', '[点此核验](https://evil.example/login)', '**加急**']
    const sale = { saleId: 'rh-inject', storeCode: 'RH-5-S', occurredAt: '2027-05-10T12:00:00+08:00', lines: [{ sku: 'RB-BAG', qty: codes.length, unitPrice: 899, codes }] }
    expect((await sendWebhook('rh-till', till, { type: 'sale.completed', data: sale })).status).toBe(202)
    await drainSalesQueue()
    const slack = await addEndpoint('RH-5', { format: 'slack', url: hook.url })
    const dingtalk = await addEndpoint('RH-5', { format: 'dingtalk', url: `${ding.url}?access_token=inject` })
    await queue(slack.id, 'RH-5')
    await queue(dingtalk.id, 'RH-5')
    await deliverDueAlerts(env)
    const text = String((await hook.got()).got[0]!.body.text)
    expect(text).toContain('&lt;!channel&gt;')
    expect(text).not.toMatch(/<!channel>|<https:\/\/evil/)
    expect(text.match(/<https?:[^>]*\|/g)).toHaveLength(1) // the violations link, and only it
    const markdown = String((await ding.got()).got[0]!.body.markdown.text)
    expect(markdown).not.toMatch(/\]\(https:\/\/evil/)
    expect(markdown).not.toContain('**加急**')
    expect(markdown.match(/\]\(https?:/g)).toHaveLength(1)
  })

  it('a Feishu body stays within 20 KB even when every character needs a JSON escape', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `#${i} 码 ${'"'.repeat(120)}`)
    const { init } = await feishu.request({ url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 'k' }, { title: 't', lines, link: 'https://regionops.test/r/x' }, new Date())
    expect(new TextEncoder().encode(String(init.body)).length).toBeLessThanOrEqual(20 * 1024)
    expect(String(init.body)).toContain('另有')
  })
})

describe('one robot, its URL and its credential', () => {
  it('a DingTalk URL with a fragment is still signed', async () => {
    const ding = await robot('dingtalk', 'fragment', { secret: DING_SECRET })
    await regionFor('RH-6')
    const endpoint = await addEndpoint('RH-6', { format: 'dingtalk', url: `${ding.url}?access_token=abc#group`, secret: DING_SECRET })
    expect((await call('POST', `/v1/alerts/endpoints/${endpoint.id}/test`)).json).toEqual({ ok: true })
    expect((await ding.got()).got[0]!.query).toMatchObject({ access_token: 'abc' })
  })

  it('two endpoints of one robot share its minute: together they stay under its limit', async () => {
    const ding = await robot('dingtalk', 'shared', { secret: DING_SECRET })
    await regionFor('RH-7')
    await raise('RH-7', 30)
    const url = `${ding.url}?access_token=shared`
    const first = await addEndpoint('RH-7', { format: 'dingtalk', url, secret: DING_SECRET })
    const second = await addEndpoint('RH-7', { format: 'dingtalk', url, secret: DING_SECRET })
    const ids = (await env.DB.prepare("SELECT id FROM violations WHERE region_code = 'RH-7' ORDER BY id").all<{ id: number }>()).results.map((v) => v.id)
    for (const [i, id] of ids.entries()) await queue(i % 2 ? second.id : first.id, 'RH-7', [id])
    let clock = Date.now()
    for (let run = 0; run < 4; run++, clock += 61_000) await deliverDueAlerts(env, new Date(clock))
    const { got, refused } = await ding.got()
    expect(refused).toEqual([])
    expect(got).toHaveLength(30)
    expect(busiestMinute(got.map((g) => g.at))).toBeLessThan(20)
  })

  it('the URL is the credential: shown and audited only shortened', async () => {
    await regionFor('RH-8')
    const key = '693a91f6-7f9c-4bc4-97a0-0ec1eefa5898'
    const created = await addEndpoint('RH-8', { format: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` })
    const listed = await call('GET', '/v1/alerts/endpoints')
    expect(listed.text).not.toContain(key)
    expect(listed.json.endpoints.find((e: { id: string }) => e.id === created.id).url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…')
    await call('DELETE', `/v1/alerts/endpoints/${created.id}`)
    const audit = await call('GET', '/v1/audit?entity=alert-endpoint&limit=100')
    expect(audit.text).not.toContain(key)
  })
})
