// Alerts that really arrive: each robot adapter against a local receiver that answers as its vendor
// does (test/worker/robot-receiver.global.ts) — signatures recomputed from the secret, stale ones
// refused, errors inside HTTP 200, rate limits — and the delivery's outcome as HQ sees it.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { deliverDueAlerts } from '../../src/channel/alerts'
import { busiestMinute } from '../../src/channel/robots/pacing'
import { call, issueToken } from './helpers'
import { addEndpoint, DING_SECRET, deliveries, endpointFor, FEISHU_SECRET, makeDue, pausedUntil, queue, raise, regionFor, robot, robotTestSetup, until } from './robot-helpers'

robotTestSetup()


describe('DingTalk custom robot', () => {
  it('signs with 加签 as DingTalk checks it, sends markdown with a working link, and never shows the secret', async () => {
    const ding = await robot('dingtalk', 'signed', { secret: DING_SECRET })
    const endpoint = await endpointFor('RB-D1', { format: 'dingtalk', url: `${ding.url}?access_token=t1`, secret: DING_SECRET })
    expect(endpoint.secret).toBeNull()
    await raise('RB-D1', 2)
    // The run that raised them sends them at once.
    const [message] = (await until(ding.got, (g) => g.got.length > 0)).got
    expect(message!.body.msgtype).toBe('markdown')
    expect(message!.body.markdown.text).toContain('2 项新的渠道违规')
    const link = /\((https:\/\/regionops\.test\/r\/rpt_[^)]+)\)/.exec(message!.body.markdown.text)![1]!
    const page = await call('GET', new URL(link).pathname, { token: null, lang: null })
    expect([page.status, page.text.includes('渠道违规')]).toEqual([200, true])
    expect((await until(() => deliveries(endpoint.id), (d) => d[0]?.status === 'delivered'))[0]).toMatchObject({ status: 'delivered', attempts: 1, last_error: null })
    const listed = await call('GET', '/v1/alerts/endpoints')
    expect(listed.text).not.toContain(DING_SECRET)
    expect(listed.json.endpoints.find((e: { id: string }) => e.id === endpoint.id)).toMatchObject({ format: 'dingtalk', signed: true, pausedUntil: null })
  })

  it('hears "sign not match" inside an HTTP 200: a failed try with DingTalk’s code, retried, and the test button says so', async () => {
    const ding = await robot('dingtalk', 'wrong-secret', { secret: DING_SECRET })
    await regionFor('RB-D2')
    await raise('RB-D2', 1)
    const endpoint = await addEndpoint('RB-D2', { format: 'dingtalk', url: `${ding.url}?access_token=t2`, secret: 'SEC0000000000000000000000000000000000000000000000000000000000000000' })
    await queue(endpoint.id, 'RB-D2')
    await deliverDueAlerts(env)
    const [delivery] = await deliveries(endpoint.id)
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 })
    expect(delivery!.last_error).toMatch(/^310000 sign not match/)
    expect(Date.parse(delivery!.next_attempt_at) - Date.now()).toBeGreaterThan(20_000)
    expect((await ding.got()).got).toHaveLength(0)
    const test = await call('POST', `/v1/alerts/endpoints/${endpoint.id}/test`)
    expect(test.json).toMatchObject({ ok: false, vendorCode: '310000' })
    expect(test.json.message).toMatch(/^sign not match/)
  })

  it('a signature an hour old is refused as DingTalk refuses it', async () => {
    const ding = await robot('dingtalk', 'stale', { secret: DING_SECRET })
    await regionFor('RB-D3')
    await raise('RB-D3', 1)
    const endpoint = await addEndpoint('RB-D3', { format: 'dingtalk', url: `${ding.url}?access_token=t3`, secret: DING_SECRET })
    await queue(endpoint.id, 'RB-D3')
    await deliverDueAlerts(env, new Date(Date.now() - 61 * 60_000))
    expect((await deliveries(endpoint.id))[0]!.last_error).toMatch(/^310000/)
    await makeDue(endpoint.id)
    await deliverDueAlerts(env)
    expect((await deliveries(endpoint.id))[0]!.status).toBe('delivered')
  })

  it('130101 silences the robot for 10 minutes: the next try waits for it, and other alerts wait without using a try', async () => {
    const ding = await robot('dingtalk', 'throttled', { secret: DING_SECRET, answers: [{ body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } }] })
    await regionFor('RB-D4')
    await raise('RB-D4', 1)
    await raise('RB-D4', 1)
    const endpoint = await addEndpoint('RB-D4', { format: 'dingtalk', url: `${ding.url}?access_token=t4`, secret: DING_SECRET })
    const [one, two] = (await env.DB.prepare("SELECT id FROM violations WHERE region_code = 'RB-D4' ORDER BY id").all<{ id: number }>()).results.map((v) => v.id)
    await queue(endpoint.id, 'RB-D4', [one!])
    const t0 = Date.now()
    await deliverDueAlerts(env, new Date(t0))
    const [first] = await deliveries(endpoint.id)
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: '130101 send too fast, exceed 20 times per minute' })
    expect(Date.parse(first!.next_attempt_at)).toBeGreaterThanOrEqual(t0 + 600_000)
    expect(Date.parse((await pausedUntil(endpoint.id))!)).toBeGreaterThanOrEqual(t0 + 600_000)
    await queue(endpoint.id, 'RB-D4', [two!])
    const waiting = await deliverDueAlerts(env, new Date(t0 + 60_000))
    expect(waiting.waiting).toBeGreaterThanOrEqual(1)
    const second = (await deliveries(endpoint.id))[1]!
    expect(second).toMatchObject({ status: 'pending', attempts: 0 })
    expect(Date.parse(second.next_attempt_at)).toBeGreaterThanOrEqual(t0 + 600_000)
    await deliverDueAlerts(env, new Date(t0 + 601_000))
    expect((await deliveries(endpoint.id)).map((d) => [d.status, d.attempts])).toEqual([['delivered', 2], ['delivered', 1]])
  })

  it('paces a burst of 25 alerts under 20 a minute, and loses none', async () => {
    const ding = await robot('dingtalk', 'burst', { secret: DING_SECRET })
    await regionFor('RB-D5')
    await raise('RB-D5', 25)
    const endpoint = await addEndpoint('RB-D5', { format: 'dingtalk', url: `${ding.url}?access_token=t5`, secret: DING_SECRET })
    // 25 alerts, one delivery each, as 25 runs close together leave them.
    const ids = (await env.DB.prepare("SELECT id FROM violations WHERE region_code = 'RB-D5' ORDER BY id").all<{ id: number }>()).results.map((v) => v.id)
    expect(ids).toHaveLength(25)
    for (const id of ids) await queue(endpoint.id, 'RB-D5', [id])
    let clock = Date.now()
    for (let run = 0; run < 6 && (await deliveries(endpoint.id)).some((d) => d.status !== 'delivered'); run++) {
      await deliverDueAlerts(env, new Date(clock))
      clock += 30_000
    }
    const { got, refused } = await ding.got()
    expect(refused).toEqual([])
    expect(got).toHaveLength(25)
    expect(busiestMinute(got.map((g) => g.at))).toBeLessThan(20)
    const announced = got.flatMap((g) => [...String(g.body.markdown.text).matchAll(/#(\d+) /g)].map((m) => Number(m[1])))
    expect(announced.sort((a, b) => a - b)).toEqual(ids)
    expect((await deliveries(endpoint.id)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true)
  })
})

describe('Feishu custom bot', () => {
  it('signs in the body as Feishu checks it; a wrong secret is 19021; an old bot’s StatusCode 0 is success', async () => {
    const bot = await robot('feishu', 'signed', { secret: FEISHU_SECRET })
    const endpoint = await endpointFor('RB-F1', { format: 'feishu', url: bot.url, secret: FEISHU_SECRET })
    await raise('RB-F1', 3)
    const [message] = (await until(bot.got, (g) => g.got.length > 0)).got
    expect(message!.body.msg_type).toBe('interactive')
    expect(message!.body.card.elements[0].content).toContain('码 RB-F1-FAKE')
    expect((await until(() => deliveries(endpoint.id), (d) => d[0]?.status === 'delivered'))[0]!.status).toBe('delivered')

    const wrong = await robot('feishu', 'wrong', { secret: FEISHU_SECRET })
    const bad = await endpointFor('RB-F2', { format: 'feishu', url: wrong.url, secret: 'not-the-secret' })
    expect((await call('POST', `/v1/alerts/endpoints/${bad.id}/test`)).json).toMatchObject({ ok: false, vendorCode: '19021', message: 'sign match fail or timestamp is not within one hour from current time' })

    const old = await robot('feishu', 'old', { answers: [{ body: { StatusCode: 0, StatusMessage: 'success' } }, { body: { code: 11232, msg: 'frequency limited', data: {} } }] })
    const oldEndpoint = await endpointFor('RB-F3', { format: 'feishu', url: old.url })
    expect((await call('POST', `/v1/alerts/endpoints/${oldEndpoint.id}/test`)).json).toEqual({ ok: true })
    // Feishu takes 5 a second: a second send within 250 ms would be paced.
    await new Promise((r) => setTimeout(r, 300))
    const limited = await call('POST', `/v1/alerts/endpoints/${oldEndpoint.id}/test`)
    expect(limited.json).toMatchObject({ ok: false, vendorCode: '11232' })
    expect(await pausedUntil(oldEndpoint.id)).not.toBeNull()
    expect((await call('POST', `/v1/alerts/endpoints/${oldEndpoint.id}/test`)).json).toMatchObject({ ok: false, vendorCode: 'paced' })
  })
})

describe('WeCom group robot', () => {
  it('cuts a long alert to 4,096 bytes of markdown on a line boundary, with the count beyond and the link', async () => {
    const bot = await robot('wecom', 'long', { key: 'k-long' })
    const endpoint = await endpointFor('RB-W1', { format: 'wecom', url: `${bot.url}?key=k-long` })
    await raise('RB-W1', 200)
    const [message] = (await until(bot.got, (g) => g.got.length > 0)).got
    const content = String(message!.body.markdown.content)
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(4_096)
    const shown = content.split('\n').filter((l) => l.startsWith('> #')).length
    expect(shown).toBeGreaterThan(10)
    expect(content).toContain(`… 另有 ${200 - shown} 项`)
    expect(content).toMatch(/\[查看全部违规\]\(https:\/\/regionops\.test\/r\/rpt_/)
    expect((await until(() => deliveries(endpoint.id), (d) => d[0]?.status === 'delivered'))[0]!.status).toBe('delivered')
  })

  it('45009 waits a minute before the next try; 93000 (a removed robot) fails at once', async () => {
    const busy = await robot('wecom', 'busy', { key: 'k-busy', answers: [{ body: { errcode: 45009, errmsg: 'api freq out of limit' } }] })
    await regionFor('RB-W2')
    await raise('RB-W2', 1)
    const endpoint = await addEndpoint('RB-W2', { format: 'wecom', url: `${busy.url}?key=k-busy` })
    await queue(endpoint.id, 'RB-W2')
    const t0 = Date.now()
    await deliverDueAlerts(env, new Date(t0))
    const [limited] = await deliveries(endpoint.id)
    expect(limited).toMatchObject({ status: 'pending', attempts: 1, last_error: '45009 api freq out of limit' })
    expect(Date.parse((await pausedUntil(endpoint.id))!)).toBeGreaterThanOrEqual(t0 + 60_000)

    const gone = await robot('wecom', 'gone', { key: 'k-right' })
    const removed = await endpointFor('RB-W3', { format: 'wecom', url: `${gone.url}?key=k-wrong` })
    await raise('RB-W3', 1)
    const [failed] = await until(() => deliveries(removed.id), (d) => d[0]?.status === 'failed')
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 })
    expect(failed!.last_error).toMatch(/^93000 invalid webhook url/)
  })
})

describe('Slack incoming webhook', () => {
  it('success is 200 with ok; anything else is heard: another 200 body, 429 with Retry-After, a channel that is gone', async () => {
    const hook = await robot('slack', 'main', {
      answers: [{ status: 200, body: 'no_service' }, { status: 429, body: 'rate_limited', headers: { 'Retry-After': '30' } }],
    })
    await regionFor('RB-S1')
    await raise('RB-S1', 1)
    const endpoint = await addEndpoint('RB-S1', { format: 'slack', url: hook.url })
    await queue(endpoint.id, 'RB-S1')
    const t0 = Date.now()
    await deliverDueAlerts(env, new Date(t0))
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 200 no_service' })
    await makeDue(endpoint.id)
    await deliverDueAlerts(env, new Date(t0 + 5_000))
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ attempts: 2, last_error: 'HTTP 429 rate_limited' })
    // Retry-After: 30 from the moment of the try (the run's clock moves on with real time).
    const silentUntil = Date.parse((await pausedUntil(endpoint.id))!)
    expect(silentUntil).toBeGreaterThanOrEqual(t0 + 35_000)
    expect(silentUntil).toBeLessThan(t0 + 36_000)
    await makeDue(endpoint.id)
    await deliverDueAlerts(env, new Date(t0 + 36_000))
    const [delivered] = await deliveries(endpoint.id)
    expect(delivered!.status).toBe('delivered')
    expect((await hook.got()).got.at(-1)!.body.text).toContain('*regionops：1 项新的渠道违规*')

    const gone = await robot('slack', 'archived', { answers: [{ status: 410, body: 'channel_is_archived' }] })
    const archived = await endpointFor('RB-S2', { format: 'slack', url: gone.url })
    await raise('RB-S2', 1)
    expect((await until(() => deliveries(archived.id), (d) => d[0]?.status === 'failed'))[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: 'HTTP 410 channel_is_archived' })
  })
})

describe('setting up an endpoint', () => {
  it('takes a secret where the vendor signs, refuses one where it does not, and only HQ may test', async () => {
    const bad = await call('POST', '/v1/alerts/endpoints', { body: { format: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', secret: 'whatever-secret' } })
    expect([bad.status, bad.json.errors.map((e: { path: string }) => e.path)]).toEqual([422, ['secret']])
    const ding = await call('POST', '/v1/alerts/endpoints', { body: { format: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: 'not-a-ding-secret' } })
    expect(ding.json.errors).toEqual([expect.objectContaining({ path: 'secret', message: 'a DingTalk 加签 secret starts with SEC' })])
    const manager = await issueToken('manager', ['RB-D1'])
    const listed = (await call('GET', '/v1/alerts/endpoints')).json.endpoints
    expect((await call('POST', `/v1/alerts/endpoints/${listed[0].id}/test`, { token: manager.token })).status).toBe(403)
    expect((await call('POST', '/v1/alerts/endpoints/ae_nope/test')).status).toBe(404)
  })
})
