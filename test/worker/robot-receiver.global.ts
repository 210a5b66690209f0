// Group robots as they answer in real life, started in Node before the worker tests: DingTalk,
// Feishu, WeCom and Slack receivers that check what their vendor checks (a DingTalk or Feishu
// signature recomputed from the robot's secret with node:crypto, its timestamp within an hour,
// WeCom's key and content size) and answer with the vendor's own bodies — errors inside HTTP 200
// included — and their rate limits (DingTalk: over 20 a minute, 130101 and 10 minutes' silence).
// Tests set a robot up and read what it took (`got`) and every request (`seen`) over HTTP: POST /__robot/{vendor}/{name} with
// { secret?, key?, answers? } (answers: the next replies, given instead of the vendor's own), GET
// /__robot/{vendor}/{name} for its messages.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    robotReceiverUrl: string
  }
}

interface Answer {
  status?: number
  body: unknown
  headers?: Record<string, string>
}
interface Robot {
  secret?: string
  /** A slow robot: each answer waits this long. */
  delayMs?: number
  key?: string
  answers: Answer[]
  /** Messages taken, with the moment the vendor counts them at (the signed timestamp, else arrival). */
  got: { at: number; query: Record<string, string>; body: unknown }[]
  /** Every request, taken or not. */
  seen: { at: number; query: Record<string, string>; body: unknown }[]
  /** Answers refused for rate, with the same moment. */
  refused: number[]
  throttledUntil: number
}

const HOUR_MS = 3_600_000
const robots = new Map<string, Robot>()
const robot = (id: string) => robots.get(id) ?? robots.set(id, { answers: [], got: [], seen: [], refused: [], throttledUntil: 0 }).get(id)!

const inLastMinute = (r: Robot, at: number) => r.got.filter((g) => g.at > at - 60_000 && g.at <= at).length
const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

function dingtalk(r: Robot, query: Record<string, string>, body: unknown, res: ServerResponse) {
  const at = query.timestamp ? Number(query.timestamp) : Date.now()
  if (r.secret) {
    const expected = createHmac('sha256', r.secret).update(`${query.timestamp}\n${r.secret}`).digest('base64')
    // query values arrive URL-decoded: the sign compared is the base64 itself.
    if (!query.timestamp || Math.abs(Date.now() - at) > HOUR_MS || query.sign !== expected) return reply(res, 200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' })
  }
  if (at < r.throttledUntil || inLastMinute(r, at) >= 20) {
    r.refused.push(at)
    if (at >= r.throttledUntil) r.throttledUntil = at + 10 * 60_000
    return reply(res, 200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' })
  }
  r.got.push({ at, query, body })
  reply(res, 200, { errcode: 0, errmsg: 'ok' })
}

function feishu(r: Robot, query: Record<string, string>, body: Record<string, unknown>, res: ServerResponse) {
  const at = body.timestamp ? Number(body.timestamp) * 1000 : Date.now()
  if (r.secret) {
    const expected = createHmac('sha256', `${body.timestamp}\n${r.secret}`).update('').digest('base64')
    if (!body.timestamp || Math.abs(Date.now() - at) > HOUR_MS || body.sign !== expected) return reply(res, 200, { code: 19021, data: {}, msg: 'sign match fail or timestamp is not within one hour from current time' })
  }
  if (inLastMinute(r, at) >= 100) return reply(res, 200, { code: 11232, data: {}, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]' })
  r.got.push({ at, query, body })
  reply(res, 200, { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' })
}

function wecom(r: Robot, query: Record<string, string>, body: Record<string, any>, res: ServerResponse) {
  if (!r.key || query.key !== r.key) return reply(res, 200, { errcode: 93000, errmsg: 'invalid webhook url, hint: [1733290000_1_abc], from ip: 127.0.0.1' })
  const at = Date.now()
  if (inLastMinute(r, at) >= 20) return reply(res, 200, { errcode: 45009, errmsg: 'api freq out of limit, hint: [1733290000_2_def]' })
  const content = body.msgtype === 'markdown' ? body.markdown?.content : body.text?.content
  const limit = body.msgtype === 'markdown' ? 4096 : 2048
  if (typeof content !== 'string' || Buffer.byteLength(content) > limit) return reply(res, 200, { errcode: 40058, errmsg: `${body.msgtype}.content exceed max length ${limit}` })
  r.got.push({ at, query, body })
  reply(res, 200, { errcode: 0, errmsg: 'ok' })
}

function slack(r: Robot, query: Record<string, string>, body: Record<string, unknown>, res: ServerResponse) {
  if (typeof body.text !== 'string' || body.text === '') return reply(res, 400, 'invalid_payload')
  r.got.push({ at: Date.now(), query, body })
  reply(res, 200, 'ok')
}

const VENDORS: Record<string, (r: Robot, query: Record<string, string>, body: any, res: ServerResponse) => void> = { dingtalk, feishu, wecom, slack }

function handle(req: IncomingMessage, res: ServerResponse, text: string) {
  const url = new URL(req.url ?? '/', 'http://robots')
  const [, first, vendor, name] = url.pathname.split('/')
  if (first === '__robot') {
    const r = robot(`${vendor}/${name}`)
    if (req.method === 'GET') return reply(res, 200, { got: r.got, seen: r.seen, refused: r.refused })
    const setup = JSON.parse(text || '{}') as Partial<Robot>
    robots.set(`${vendor}/${name}`, { answers: setup.answers ?? [], got: [], seen: [], refused: [], throttledUntil: 0, secret: setup.secret, key: setup.key, delayMs: setup.delayMs })
    return reply(res, 200, {})
  }
  const handler = VENDORS[first ?? '']
  if (!handler) return reply(res, 404, 'no such robot')
  const r = robot(`${first}/${vendor}`)
  const query = Object.fromEntries(url.searchParams)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return reply(res, 400, first === 'slack' ? 'invalid_payload' : { errcode: 40016, errmsg: 'invalid json' })
  }
  r.seen.push({ at: Date.now(), query, body })
  const scripted = r.answers.shift()
  if (scripted) {
    return reply(res, scripted.status ?? 200, scripted.body, scripted.headers)
  }
  handler(r, query, body, res)
}

export default async function setup(project: TestProject) {
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      const [, vendor, name] = new URL(req.url ?? '/', 'http://robots').pathname.split('/')
      const delay = robots.get(`${vendor}/${name}`)?.delayMs ?? 0
      setTimeout(() => handle(req, res, text), vendor === '__robot' ? 0 : delay)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  project.provide('robotReceiverUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
