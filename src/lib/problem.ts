// One error type for the whole API, rendered as RFC 9457 problem+json. Handlers throw a
// `Problem`; the app's error handler turns it (and anything else) into a response.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { langOf, type Lang } from './lang'
import { detailZh, fieldMessageZh, titleZh } from './messages/zh'

export const PROBLEM_BASE = 'https://regionops.dev/problems/'

/** One offending field or cell. `path` is dotted (`stores.17.regionCode`). */
export interface FieldError {
  path: string
  message: string
  row?: number
  column?: string
  code?: string
}

const titles: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Authentication required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  408: ['request-timeout', 'Request timeout'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['validation', 'Validation failed'],
  423: ['locked', 'Locked'],
  429: ['rate-limited', 'Too many requests'],
  500: ['internal', 'Internal server error'],
  503: ['unavailable', 'Service unavailable'],
}

export class Problem extends Error {
  readonly status: ContentfulStatusCode
  readonly type: string
  readonly title: string
  readonly errors?: FieldError[]
  /** Extra members of the problem body (e.g. `conflicts`, `budget`). */
  readonly extensions?: Record<string, unknown>
  readonly headers?: Record<string, string>
  /** The detail of the same problem answered to a read (GET, HEAD), where the write's wording would mislead. */
  readonly readDetail?: string

  constructor(
    status: ContentfulStatusCode,
    detail: string,
    options: {
      type?: string
      title?: string
      errors?: FieldError[]
      extensions?: Record<string, unknown>
      headers?: Record<string, string>
      readDetail?: string
    } = {},
  ) {
    super(detail)
    const [slug, title] = titles[status] ?? ['error', 'Error']
    this.status = status
    this.type = PROBLEM_BASE + (options.type ?? slug)
    this.title = options.title ?? title
    this.errors = options.errors
    this.extensions = options.extensions
    this.headers = options.headers
    this.readDetail = options.readDetail
  }

  /**
   * The body in the reader's language: `title`, `detail` and each error's `message`; machine fields
   * stay. `read`: the answer is to a GET, which writes nothing whatever the problem.
   */
  body(lang: Lang = 'en', read = false): Record<string, unknown> {
    const zh = lang === 'zh-CN'
    const detail = read && this.readDetail !== undefined ? this.readDetail : this.message
    return {
      ...this.extensions,
      type: this.type,
      title: zh ? titleZh(this.status, this.title) : this.title,
      status: this.status,
      detail: zh ? detailZh(detail) : detail,
      ...(this.errors ? { errors: zh ? this.errors.map((e) => ({ ...e, message: fieldMessageZh(e.message) })) : this.errors } : {}),
    }
  }
}

export const unauthorized = (detail = 'A valid bearer token is required.') =>
  new Problem(401, detail, { headers: { 'WWW-Authenticate': 'Bearer' } })
export const forbidden = (detail: string) => new Problem(403, detail)
export const notFound = (detail: string) => new Problem(404, detail)

/** 422 listing every bad field; the default detail says nothing was written, or, to a GET, read. */
export function invalid(errors: FieldError[], detail?: string): Problem {
  const count = errors.length
  return new Problem(422, detail ?? `${count} invalid field${count === 1 ? '' : 's'}; nothing was written.`, {
    errors,
    ...(detail === undefined ? { readDetail: `${count} invalid field${count === 1 ? '' : 's'}; nothing was read.` } : {}),
  })
}

export function problemResponse(c: Context, problem: Problem): Response {
  const lang = langOf(c)
  const read = c.req.method === 'GET' || c.req.method === 'HEAD'
  return c.newResponse(JSON.stringify(problem.body(lang, read)), problem.status, {
    'Content-Type': 'application/problem+json',
    'Content-Language': lang,
    Vary: 'Accept-Language',
    ...problem.headers,
  })
}
