// Secrets are compared in constant time. Inside workerd the clock does not move while code runs,
// so timing cannot be measured there; instead this reads the worker's source: no secret, token,
// signature, MAC or hash is compared with == or ===, and the comparisons that decide access use
// crypto.subtle.timingSafeEqual (or look up a SHA-256, which reveals nothing byte by byte).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SECRET_NAME = /(secret|token|signature|hmac|mac|digest|hash|assertion|password)s?$/i
/** Operands that are not secrets even if named so: their type, length, prefix checks, literals. */
const HARMLESS = /^(typeof\b.*|.*\.length|.*\.(role|vendor|kind|status|format)|null|undefined|true|false|-?\d+|'.*'|".*"|`.*`)$/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

/** Each `a === b` (or ==, !==, !=) in the code, with its two operands. */
function comparisons(code: string) {
  const operand = String.raw`[\w$.\[\]'"\`!()?]+`
  const pattern = new RegExp(String.raw`(${operand})\s*(===|!==|==|!=)\s*(${operand})`, 'g')
  return [...code.matchAll(pattern)].map((m) => ({ left: m[1]!, right: m[3]!, text: m[0] }))
}

const secretLike = (operand: string) => !HARMLESS.test(operand) && SECRET_NAME.test(operand.replace(/[()!?]+$/g, '').split('.').pop() ?? '')

describe('constant-time comparison of secrets', () => {
  const files = sourceFiles('src')

  it('reads the whole worker', () => {
    expect(files.length).toBeGreaterThan(50)
  })

  it('no secret, token, signature, MAC or hash is compared with == or ===', () => {
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          comparisons(line.replace(/\/\/.*$/, ''))
            .filter((c) => secretLike(c.left) || secretLike(c.right))
            .map((c) => `${file}:${i + 1}: ${c.text}`),
        ),
    )
    expect(found).toEqual([])
  })

  it('the check finds such a comparison when there is one', () => {
    expect(comparisons('if (signature === expected) ok()').filter((c) => secretLike(c.left) || secretLike(c.right))).toHaveLength(1)
    expect(comparisons("if (token.length === 32 && role === 'admin')").filter((c) => secretLike(c.left) || secretLike(c.right))).toHaveLength(0)
  })

  it('bearer tokens, webhook signatures and Shopify HMACs are checked with timingSafeEqual', () => {
    const tokens = readFileSync('src/lib/tokens.ts', 'utf8')
    const signatures = readFileSync('src/lib/webhook-signature.ts', 'utf8')
    const principal = readFileSync('src/auth/principal.ts', 'utf8')
    expect(tokens).toMatch(/export async function secretsEqual[\s\S]*?timingSafeEqual/)
    expect(principal).toMatch(/secretsEqual\(token, env\.ADMIN_TOKEN\)/)
    // Issued tokens are found by the SHA-256 of the presented token, never compared as text.
    expect(principal).toMatch(/eq\(apiTokens\.tokenHash, hash\)/)
    expect(signatures).toMatch(/function macEquals[\s\S]*?timingSafeEqual/)
    expect(signatures.match(/macEquals\(/g)?.length).toBeGreaterThanOrEqual(3)
  })
})
