// Deeply nested JSON is refused before anything parses or validates it: no request of this API
// nests more than a few levels (a Shopify order is the deepest, under ten), while a body of 5 MB
// could nest a million arrays, which costs every later step and, for code that recurses over
// values (JSON.stringify, schema walks), can exhaust the stack.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { Problem } from './problem'

export const MAX_JSON_DEPTH = 64

const OPEN_OBJECT = 0x7b // {
const OPEN_ARRAY = 0x5b // [
const CLOSE_OBJECT = 0x7d // }
const CLOSE_ARRAY = 0x5d // ]
const QUOTE = 0x22 // "
const BACKSLASH = 0x5c // \

/** True when JSON text nests objects and arrays deeper than `limit` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === BACKSLASH) i++
      else if (ch === QUOTE) inString = false
    } else if (ch === QUOTE) {
      inString = true
    } else if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      if (++depth > limit) return true
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      depth--
    }
  }
  return false
}

/** JSON bodies (or bodies sent without a type, as some POS systems do) nested too deeply are a 400. */
export const jsonDepthLimit = createMiddleware<AppEnv>(async function jsonDepthLimit(c, next) {
  const type = c.req.header('Content-Type') ?? ''
  const json = type === '' || /^application\/([\w.+-]+\+)?json\b/i.test(type)
  if (json && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    // The body is read once here and kept by Hono for the validators and handlers after.
    if (nestsDeeperThan(await c.req.text(), MAX_JSON_DEPTH)) {
      throw new Problem(400, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels; nothing was read.`, { type: 'too-deep', title: 'JSON nested too deeply' })
    }
  }
  await next()
})
