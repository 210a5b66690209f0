// DingTalk custom robot (自定义机器人). 加签: `timestamp` (ms) and `sign` — the URL-encoded base64
// of HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret` — added to the URL.
// Success is `errcode: 0`; 130101 is "send too fast, exceed 20 times per minute", after which
// DingTalk throttles the robot for 10 minutes. DingTalk documents no size for a markdown
// message: it is kept to 5,000 bytes, a summary a phone shows whole.
import { fitLines, moreLine } from './fit'
import { errcodeVerdict, hmacSha256Base64, plainMarkdown, httpFailure, isVerdict, parseAnswer, type RobotAdapter, type RobotEndpoint, type RobotMessage, type Verdict } from './robot'

export async function dingtalkSign(secret: string, timestampMs: number): Promise<string> {
  return encodeURIComponent(await hmacSha256Base64(secret, `${timestampMs}\n${secret}`))
}

const THROTTLE_SECONDS = 10 * 60

export const dingtalk: RobotAdapter = {
  limits: { perMinute: 20, minIntervalMs: 0, contentBytes: 5_000 },

  async request(endpoint: RobotEndpoint, message: RobotMessage, now: Date) {
    const url = new URL(endpoint.url)
    url.hash = ''
    if (endpoint.secret) {
      const timestamp = now.getTime()
      url.searchParams.set('timestamp', String(timestamp))
      // searchParams encodes the base64 itself: it is given the sign before its URL-encoding.
      url.searchParams.set('sign', decodeURIComponent(await dingtalkSign(endpoint.secret, timestamp)))
    }
    const text = fitLines(message.lines, this.limits.contentBytes, (shown, hidden) =>
      [`#### ${message.title}`, ...shown.map((l) => `- ${plainMarkdown(l)}`), moreLine(hidden), message.link ? `[查看全部违规](${message.link})` : ''].filter(Boolean).join('\n'),
    )
    return { url: url.toString(), init: { method: 'POST', headers: { 'Content-Type': 'application/json;charset=utf-8' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text } }) } }
  },

  verdict(status: number, headers: Headers, body: string): Verdict {
    if (status < 200 || status > 299) return httpFailure(status, headers, body)
    const answer = parseAnswer(status, body)
    if (isVerdict(answer)) return answer
    return errcodeVerdict(answer, { code: 130101, pauseSeconds: THROTTLE_SECONDS })
  },
}
