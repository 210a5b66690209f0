// The API reference as HQ's analysts and integrators read it at /docs: every operation says what it
// does and who may call it, and every example in the served document is one its own schema accepts
// (validated as JSON Schema 2020-12, as OpenAPI 3.1 means it), so "Try it out" starts from values
// the worker takes, with the demo company's codes.
import { Validator } from '@cfworker/json-schema'
import { describe, expect, it } from 'vitest'
import { ACCESS_HEADING } from '../../src/lib/openapi'
import { OPERATION_DOCS } from '../../src/lib/operation-docs'
import { call } from './helpers'

/** Operations in the document; a new one is counted here once it is documented like the others. */
const OPERATIONS = 86

type Json = Record<string, any>

async function servedSpec(): Promise<Json> {
  const res = await call('GET', '/openapi.json', { token: null })
  expect(res.status).toBe(200)
  return res.json
}

function operations(spec: Json): { key: string; op: Json }[] {
  return Object.entries(spec.paths as Record<string, Json>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })))
}

interface Example {
  at: string
  value: unknown
  schema: unknown
}

/**
 * Every example of the document with the schema it illustrates: a media type's or a parameter's
 * `example` (and each of its named `examples`) against its `schema`, and a schema's own `example`
 * (or `examples`) against that schema. Example values are not searched: they are data.
 */
function examplesOf(node: unknown, at: string, found: Example[]): Example[] {
  if (Array.isArray(node)) node.forEach((item, i) => examplesOf(item, `${at}/${i}`, found))
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return found
  const o = node as Json
  const schema = 'schema' in o ? o.schema : o
  if ('example' in o) found.push({ at: `${at}/example`, value: o.example, schema })
  if (Array.isArray(o.examples)) o.examples.forEach((value: unknown, i: number) => found.push({ at: `${at}/examples/${i}`, value, schema }))
  else if (o.examples && typeof o.examples === 'object') for (const [name, ex] of Object.entries(o.examples as Json)) found.push({ at: `${at}/examples/${name}`, value: ex.value, schema })
  for (const [key, value] of Object.entries(o)) if (key !== 'example' && key !== 'examples') examplesOf(value, `${at}/${key}`, found)
  return found
}

/** Validates against `schema` as a part of the document, so its `#/components/…` references resolve. */
function validate(spec: Json, schema: unknown, value: unknown) {
  const root = structuredClone({ components: spec.components, allOf: [schema] })
  return new Validator(root as never, '2020-12', false).validate(value)
}

const resolve = (spec: Json, schema: Json): Json => (typeof schema?.$ref === 'string' ? resolve(spec, schema.$ref.slice(2).split('/').reduce((o: Json, k: string) => o[k], spec)) : schema)

describe('every operation of the reference', () => {
  it('has a summary, and a description of what it does that ends with who may call it', async () => {
    const ops = operations(await servedSpec())
    expect(ops).toHaveLength(OPERATIONS)
    const heading = ACCESS_HEADING.replace(/\*/g, '\\*')
    const missing: string[] = []
    for (const { key, op } of ops) {
      const parts = new RegExp(`^([\\s\\S]+?)\\n\\n${heading} \\(\`x-access: (\\w+)\`\\): \\S[^\\n]+$`).exec(op.description ?? '')
      if (!op.summary?.trim() || !parts || parts[1]!.trim().length < 40 || parts[1]!.trim() === op.summary.trim()) missing.push(key)
      else expect(parts[2], key).toBe(op['x-access'])
    }
    expect(missing).toEqual([])
  })

  it('has its reference text kept apart only for operations that exist', async () => {
    const keys = new Set(operations(await servedSpec()).map((o) => o.key))
    for (const key of Object.keys(OPERATION_DOCS)) expect(keys, key).toContain(key)
  })
})

describe('examples of the reference', () => {
  it('are each accepted by the schema they illustrate', async () => {
    const spec = await servedSpec()
    const examples = examplesOf(spec, '#', [])
    expect(examples.length).toBeGreaterThan(100)
    const refused = examples.flatMap((ex) => {
      const result = validate(spec, ex.schema, ex.value)
      return result.valid ? [] : [`${ex.at} ${JSON.stringify(ex.value)}: ${result.errors.map((e) => `${e.instanceLocation} ${e.error}`).join('; ')}`]
    })
    expect(refused).toEqual([])
  })

  it('refuse what the schema refuses, so the check above checks something', async () => {
    const spec = await servedSpec()
    const push = spec.paths['/v1/sheets/{tab}/sync'].post.requestBody.content['application/json']
    expect(validate(spec, push.schema, push.example).valid).toBe(true)
    expect(validate(spec, push.schema, { ...push.example, rows: [] }).valid).toBe(false)
    const month = spec.paths['/v1/sales/archive/{storeCode}/{month}'].get.parameters.find((p: Json) => p.name === 'month')
    expect(validate(spec, month.schema, '2025-13').valid).toBe(false)
  })

  it('use patterns that are JSON Schema (ECMA-262) regexes, not regex literals', async () => {
    const patterns: string[] = []
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return
      for (const [key, value] of Object.entries(node as Json)) {
        if (key === 'pattern' && typeof value === 'string') patterns.push(value)
        if (key === 'patternProperties') patterns.push(...Object.keys(value as Json))
        if (key !== 'example' && key !== 'examples') walk(value)
      }
    }
    walk(await servedSpec())
    expect(patterns.length).toBeGreaterThan(0)
    for (const pattern of patterns) {
      expect(pattern, pattern).not.toMatch(/^\/.*\/[dgimsuvy]*$/)
      expect(() => new RegExp(pattern, 'u'), pattern).not.toThrow()
    }
  })

  it('give every map in a request body an example, so Swagger UI never fills in additionalProp1', async () => {
    const spec = await servedSpec()
    const bare: string[] = []
    const walk = (schema: Json, at: string, shown: boolean, seen: Set<Json>): void => {
      const s = resolve(spec, schema)
      if (typeof s !== 'object' || s === null || seen.has(s)) return
      const inner = new Set(seen).add(s)
      const withExample = shown || 'example' in s
      if (typeof s.additionalProperties === 'object' && !withExample) bare.push(at)
      for (const [key, sub] of Object.entries((s.properties ?? {}) as Json)) walk(sub, `${at}.${key}`, withExample, inner)
      if (s.items) walk(s.items, `${at}[]`, withExample, inner)
      for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(sub, at, withExample, inner)
    }
    for (const { key, op } of operations(spec)) {
      const media = op.requestBody?.content?.['application/json']
      if (media) walk(media.schema, key, 'example' in media, new Set())
    }
    expect(bare).toEqual([])
  })

  it('show the sheet sync as the add-on pushes a targets-store tab, and its 409 with conflicts', async () => {
    const spec = await servedSpec()
    const sync = spec.paths['/v1/sheets/{tab}/sync'].post
    const push = sync.requestBody.content['application/json'].example
    expect(push.params).toEqual({ year: 2027, regionCode: 'EAST' })
    expect(push.rows.map((r: Json) => r.values.code)).toEqual(['EA001', 'EA002'])
    for (const row of push.rows) expect(Object.keys(row.values)).toEqual(['code', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'])
    const conflict = sync.responses['409'].content['application/problem+json']
    const conflicts = conflict.schema.allOf.map((s: Json) => resolve(spec, s)).find((s: Json) => s.properties?.conflicts).properties.conflicts
    expect(conflicts.items.required).toEqual(['row', 'column', 'title', 'yours', 'theirs'])
    expect(conflict.example).toMatchObject({ status: 409, conflicts: [{ row: 3, column: 'm2', yours: 98_000, theirs: 105_000 }] })
    expect(sync.description).toContain('conflicts')
  })

  it('use the demo company’s codes: regions EAST, stores EA001, dealers D-SH01, SKUs TOP-001', async () => {
    const spec = await servedSpec()
    const param = (path: string, name: string) => spec.paths[path].get.parameters.find((p: Json) => p.name === name).schema.example
    expect(param('/v1/stores', 'regionCode')).toBe('EAST')
    expect(param('/v1/sales/summary', 'storeCode')).toBe('EA001')
    expect(param('/v1/sales/archive/{storeCode}/{month}', 'storeCode')).toBe('EA001')
    const store = spec.components.schemas.StoreInput.properties
    expect([store.code.example, store.regionCode.example, store.dealerCode.example]).toEqual(['EA001', 'EAST', 'D-SH01'])
    expect(spec.components.schemas.ProductInput.properties.sku.example).toBe('TOP-001')
    expect(spec.components.schemas.PosSale.properties.lines.items.properties.sku.example).toBe('TOP-001')
  })
})
