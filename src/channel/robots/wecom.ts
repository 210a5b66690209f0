// WeCom group robot (企业微信群机器人): the key is in the URL. Success is `errcode: 0`; 45009 is
// "api freq out of limit" (20 messages a minute per robot); 93000 is "invalid webhook url" — the
// robot was removed, so no later try can reach it. A markdown message carries at most 4,096
// bytes of content (a text one 2,048).
import { fitLines, moreLine } from './fit'
import { errcodeVerdict, httpFailure, plainMarkdown, isVerdict, parseAnswer, type RobotAdapter, type RobotEndpoint, type RobotMessage, type Verdict } from './robot'

export const wecom: RobotAdapter = {
  limits: { perMinute: 20, minIntervalMs: 0, contentBytes: 4_096 },

  async request(endpoint: RobotEndpoint, message: RobotMessage) {
    const content = fitLines(message.lines, this.limits.contentBytes, (shown, hidden) =>
      [`**${message.title}**`, ...shown.map((l) => `> ${plainMarkdown(l)}`), moreLine(hidden), message.link ? `[查看全部违规](${message.link})` : ''].filter(Boolean).join('\n'),
    )
    return { url: endpoint.url, init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) } }
  },

  verdict(status: number, headers: Headers, body: string): Verdict {
    if (status < 200 || status > 299) return httpFailure(status, headers, body)
    const answer = parseAnswer(status, body)
    if (isVerdict(answer)) return answer
    return errcodeVerdict(answer, { code: 45009, pauseSeconds: 60 }, 93000)
  },
}
