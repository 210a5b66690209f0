// Slack incoming webhook: success is HTTP 200 with the body `ok`; errors are HTTP statuses with a
// reason (`invalid_payload`, `channel_not_found` 404, `channel_is_archived` 410), 429 with
// Retry-After when over about one message a second. Text is kept to 4,000 characters' worth of
// bytes, the length Slack shows before it truncates.
import { fitLines, moreLine } from './fit'
import { httpFailure, plainSlack, type RobotAdapter, type RobotEndpoint, type RobotMessage, type Verdict } from './robot'

export const slack: RobotAdapter = {
  limits: { perMinute: 60, minIntervalMs: 1_000, contentBytes: 4_000 },

  async request(endpoint: RobotEndpoint, message: RobotMessage) {
    const text = fitLines(message.lines, this.limits.contentBytes, (shown, hidden) =>
      [`*${message.title}*`, ...shown.map((l) => `• ${plainSlack(l)}`), moreLine(hidden), message.link ? `<${message.link}|查看全部违规>` : ''].filter(Boolean).join('\n'),
    )
    return { url: endpoint.url, init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) } }
  },

  verdict(status: number, headers: Headers, body: string): Verdict {
    if (status === 200 && body.trim() === 'ok') return { ok: true }
    if (status === 200) return { ok: false, code: 'HTTP 200', message: body.slice(0, 200) || 'no ok in the answer', retry: true }
    const failure = httpFailure(status, headers, body)
    // A channel that is gone stays gone.
    return failure.ok === false && (status === 404 || status === 410) ? { ...failure, retry: false } : failure
  },
}
