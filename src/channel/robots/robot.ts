// What every group robot adapter says about its vendor: how a message is sent (its request and
// signing), how the vendor says it arrived, and its documented limits. A robot that answers HTTP
// 200 with an error code has not received the message: only the adapter's verdict counts.

/** An alert as a robot shows it: a title, one line per item, the count beyond and where to see them all. */
export interface RobotMessage {
  title: string
  lines: string[]
  /** The violations report, linked when the message is cut (and at its end). */
  link?: string
}

export interface RobotEndpoint {
  url: string
  secret: string | null
}

/** The receiver's answer, read the vendor's way. */
export type Verdict =
  | { ok: true }
  | {
      ok: false
      /** The vendor's own code (`130101`, `45009`, `HTTP 503`) and message, kept as the delivery's lastError. */
      code: string
      message: string
      /** Worth another try later; false for a robot that no longer exists. */
      retry: boolean
      /** A rate-limit answer: no message to this robot for this long. */
      pauseSeconds?: number
    }

export interface RobotLimits {
  /** Messages a minute the vendor documents for one robot. */
  perMinute: number
  /** The least time between two sends to one robot, where the vendor limits per second. */
  minIntervalMs: number
  /** Bytes of content (UTF-8) one message may carry. */
  contentBytes: number
}

export interface RobotAdapter {
  limits: RobotLimits
  request(endpoint: RobotEndpoint, message: RobotMessage, now: Date): Promise<{ url: string; init: RequestInit }>
  verdict(status: number, headers: Headers, body: string): Verdict
}

/** The sends a minute regionops allows itself to one robot: under the documented limit, with room for clock skew. */
export const paceBudget = (limits: RobotLimits) => Math.max(1, Math.floor(limits.perMinute * 0.9))

/** An answer that is not JSON, or not an object, read as a failed try with what it said. */
export function parseAnswer(status: number, body: string): Record<string, unknown> | Verdict {
  try {
    const json = JSON.parse(body) as unknown
    if (json && typeof json === 'object') return json as Record<string, unknown>
  } catch {
    // fall through
  }
  return { ok: false, code: `HTTP ${status}`, message: body.slice(0, 200) || 'not a JSON answer', retry: true }
}

/** The longest silence a vendor's answer can impose: a Retry-After of years would stop the outbox. */
export const MAX_SILENCE_SECONDS = 3600

/** The verdict of an HTTP status that is not a success, the same for every vendor. */
export function httpFailure(status: number, headers: Headers, body: string): Verdict {
  const retryAfter = Number(headers.get('Retry-After'))
  const pauseSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(Math.ceil(retryAfter), MAX_SILENCE_SECONDS) : 60
  if (status === 429) return { ok: false, code: 'HTTP 429', message: body.slice(0, 200) || 'rate limited', retry: true, pauseSeconds }
  return { ok: false, code: `HTTP ${status}`, message: body.slice(0, 200), retry: true }
}

export const isVerdict = (value: unknown): value is Verdict => typeof value === 'object' && value !== null && 'ok' in value && (value as Verdict).ok === false && 'retry' in value

export async function hmacSha256Base64(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder()
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)))
  return btoa(String.fromCharCode(...signature))
}

/**
 * An `errcode` answer (DingTalk, WeCom): 0 is success; `rateLimit` is the vendor's rate-limit code
 * and its silence; `gone` a code no later try can get past.
 */
export function errcodeVerdict(answer: Record<string, unknown>, rateLimit: { code: number; pauseSeconds: number }, gone?: number): Verdict {
  if (isZero(answer.errcode)) return { ok: true }
  const code = Number(answer.errcode)
  const message = String(answer.errmsg ?? '')
  if (code === rateLimit.code) return { ok: false, code: String(code), message, retry: true, pauseSeconds: rateLimit.pauseSeconds }
  return { ok: false, code: String(answer.errcode ?? 'no errcode'), message, retry: code !== gone }
}

/** A vendor's success code: the number 0 or the text "0" — not null, "", false or [], which Number() reads as 0. */
export const isZero = (code: unknown) => code === 0 || code === '0'

/** Which robot a URL posts to, whatever endpoint names it: its URL without a fragment, hashed. */
export async function robotKey(url: string): Promise<string> {
  const parsed = new URL(url)
  parsed.hash = ''
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parsed.toString())))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Data as plain text inside a robot's markdown: the characters that would make a link, a mention,
 * emphasis or a strike (`[`, `]`, `(`, `)`, `<`, `>`, `*`, `_`, `` ` ``, `~`, `@`, `|`, `!`) become their
 * full-width forms, which read the same to a person and mean nothing to the markdown.
 */
export const plainMarkdown = (text: string) => text.replace(/[[\]()<>*_`@~|!]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/[\r\n]+/g, ' ')

/** Data as plain text in Slack's mrkdwn: `&`, `<` and `>` escaped as Slack documents, so `<!channel>` pings nobody. */
export const plainSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\r\n]+/g, ' ')

/**
 * A robot URL as HQ may see it again: its key, token or hook path shortened, since for WeCom,
 * Slack, Feishu and DingTalk the URL itself is the credential.
 */
export function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const short = (value: string) => (value.length > 8 ? `${value.slice(0, 4)}…` : value)
    for (const [key, value] of parsed.searchParams) parsed.searchParams.set(key, short(value))
    parsed.pathname = parsed.pathname.split('/').map((part) => (part.length > 16 ? short(part) : part)).join('/')
    parsed.hash = ''
    return decodeURIComponent(parsed.toString())
  } catch {
    return '…'
  }
}
