// Generators for the property tests: request bodies shaped like a route's OpenAPI schema but with
// wrong values slipped in at any depth, raw bodies that are not JSON at all, and cells as a sheet
// may hand them over. Shaped bodies get past the first check and exercise the deeper ones.
import fc from 'fast-check'

type Schema = Record<string, any>

/** Strings that have broken parsers and validators elsewhere. */
export const weirdString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e\u0645',
    '𠮷野家🍜',
    'x'.repeat(5000),
    "'; DROP TABLE stores;--",
    '__proto__',
    'constructor',
    '1,200',
    '¥1,200.5',
    '12%',
    '-1',
    '1e309',
    'NaN',
    'Infinity',
    '０１２３',
    '2027-02-30',
    '2027-13-01',
    '2027-03-14T25:00:00+08:00',
    'null',
    '=HYPERLINK("x")',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
)

export const weirdNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.001, 0.005, 1.005, 12, 13, 2026, 2027, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, 1e308, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

/** Anything JSON can carry, small. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 2 }), weirdString, weirdNumber)

export interface Vocabulary {
  /** Codes and ids that exist, so a shaped body sometimes names real things. */
  known: string[]
}

function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  let s = schema
  while (s && typeof s.$ref === 'string') s = components[s.$ref.split('/').pop()!]!
  return s ?? {}
}

/**
 * A value shaped like `schema`: mostly of the right type (enum members, real codes, plausible
 * dates and amounts), one in eight replaced by garbage, objects missing keys or carrying extra.
 */
export function shaped(schema: Schema, components: Record<string, Schema>, vocabulary: Vocabulary, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components)
  const right = rightShape(s, components, vocabulary, depth)
  return depth > 6 ? right : fc.oneof({ weight: 7, arbitrary: right }, { weight: 1, arbitrary: garbage })
}

function rightShape(s: Schema, components: Record<string, Schema>, vocabulary: Vocabulary, depth: number): fc.Arbitrary<unknown> {
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) return fc.oneof(...(alternatives as Schema[]).map((a) => shaped(a, components, vocabulary, depth + 1)))
  if (s.allOf) return shaped(Object.assign({}, ...(s.allOf as Schema[]).map((a) => resolve(a, components))), components, vocabulary, depth)
  if ('const' in s) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]))
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, Schema>
      const required = new Set<string>((s.required as string[]) ?? [])
      const fields = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, shaped(value, components, vocabulary, depth + 1)]))
      // Required keys are usually there; any key may be missing, and an unknown one may come along.
      return fc
        .tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.record(Object.fromEntries([...required].map((key) => [key, fields[key]!])) as Record<string, fc.Arbitrary<unknown>>),
          fc.boolean(),
          fc.option(fc.tuple(weirdString, garbage), { freq: 5 }),
        )
        .map(([some, all, full, extra]) => ({ ...some, ...(full ? all : {}), ...(extra ? { [extra[0]]: extra[1] } : {}) }))
    }
    case 'array':
      return fc.array(shaped(s.items ?? {}, components, vocabulary, depth + 1), { maxLength: depth === 0 ? 6 : 3 })
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -3, max: 3000 }), weirdNumber)
    case 'boolean':
      return fc.boolean()
    case 'string':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...vocabulary.known) },
        { weight: 2, arbitrary: fc.constantFrom('2026-03-14', '2027-06-01', '2027-06-01T10:00:00+08:00', '1200.50', 'sales', 'travel', '说明') },
        { weight: 1, arbitrary: weirdString },
      )
    default:
      return garbage
  }
}

/** Bodies that are not the JSON a route reads: broken, truncated, other types, bytes. */
export const rawBody = fc.oneof(
  fc.constantFrom('{', '[', '{"a":', '{"rows":[{"x":1},]}', 'null', 'true', '"text"', '1e999999', '{"__proto__":{"admin":true}}', '\uFEFF{}', '{"a":1,"a":2}', 'code,name\nA,"open'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v).slice(0, -1)),
)

export const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', '')
