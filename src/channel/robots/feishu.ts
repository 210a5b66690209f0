// Feishu/Lark custom bot (自定义机器人). Signature: `timestamp` (seconds) and `sign` — base64 of
// HMAC-SHA256 whose KEY is `timestamp + "\n" + secret`, over an empty message — in the JSON body.
// Success is `code: 0` (older bots answer `StatusCode: 0`); 11232 is "frequency limited". A bot
// takes 100 messages a minute and 5 a second, and a request body of at most 20 KB.
import { fitLines, jsonBytes, moreLine } from './fit'
import { hmacSha256Base64, httpFailure, isVerdict, isZero, parseAnswer, plainMarkdown, type RobotAdapter, type RobotEndpoint, type RobotMessage, type Verdict } from './robot'

export const feishuSign = (secret: string, timestampSeconds: number) => hmacSha256Base64(`${timestampSeconds}\n${secret}`, '')

export const feishu: RobotAdapter = {
  // 20 KB of body, less the card around the content.
  limits: { perMinute: 100, minIntervalMs: 250, contentBytes: 18_000 },

  async request(endpoint: RobotEndpoint, message: RobotMessage, now: Date) {
    // Feishu counts the body: the content is measured as it travels, JSON escapes included.
    const content = fitLines(
      message.lines,
      this.limits.contentBytes,
      (shown, hidden) => [...shown.map((l) => `- ${plainMarkdown(l)}`), moreLine(hidden), message.link ? `[查看全部违规](${message.link})` : ''].filter(Boolean).join('\n'),
      jsonBytes,
    )
    const card = { header: { title: { tag: 'plain_text', content: message.title }, template: 'red' }, elements: [{ tag: 'markdown', content }] }
    const body: Record<string, unknown> = { msg_type: 'interactive', card }
    if (endpoint.secret) {
      const timestamp = Math.floor(now.getTime() / 1000)
      body.timestamp = String(timestamp)
      body.sign = await feishuSign(endpoint.secret, timestamp)
    }
    return { url: endpoint.url, init: { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) } }
  },

  verdict(status: number, headers: Headers, body: string): Verdict {
    if (status < 200 || status > 299) return httpFailure(status, headers, body)
    const answer = parseAnswer(status, body)
    if (isVerdict(answer)) return answer
    const code = answer.code ?? answer.StatusCode
    if (isZero(code)) return { ok: true }
    const message = String(answer.msg ?? answer.StatusMessage ?? '')
    if (Number(code) === 11232) return { ok: false, code: '11232', message, retry: true, pauseSeconds: 60 }
    return { ok: false, code: String(code ?? 'no code'), message, retry: true }
  },
}
