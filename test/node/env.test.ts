// wrangler.toml and the Env type of src/env.ts must not drift apart: `wrangler types` generates the
// bindings and vars wrangler.toml declares, and each must be in Env with the same type; what Env
// declares beyond them must be optional (a secret, or a var left to its default); and every var
// Env declares must be a setting src/config.ts parses, or a secret. .dev.vars is kept out of the
// generation (an empty --env-file), so a local secret does not count as declared.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** Credentials: read where they are used, never defaulted (README, Configuration). */
const SECRETS = ['ADMIN_TOKEN', 'GOOGLE_SERVICE_ACCOUNT_JSON']

interface Member {
  type: string
  optional: boolean
}

function generatedEnv(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'regionops-types-'))
  const emptyEnvFile = join(dir, 'empty.env')
  writeFileSync(emptyEnvFile, '')
  const out = join(dir, 'env.d.ts')
  const result = spawnSync(
    'node_modules/.bin/wrangler',
    ['types', out, '--include-runtime=false', '--strict-vars=false', '--env-interface', 'GeneratedEnv', '--env-file', emptyEnvFile],
    { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' } },
  )
  expect(result.status, result.stdout + result.stderr).toBe(0)
  const body = /interface Env \{([^}]*)\}/.exec(readFileSync(out, 'utf8'))?.[1] ?? ''
  return new Map([...body.matchAll(/^\s*(\w+): ([^;]+);$/gm)].map((m) => [m[1]!, m[2]!]))
}

function declaredEnv(): Map<string, Member> {
  const source = ts.createSourceFile('env.ts', readFileSync('src/env.ts', 'utf8'), ts.ScriptTarget.Latest, true)
  const env = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Env')
  if (!env) throw new Error('src/env.ts declares no interface Env')
  return new Map(
    env.members.filter(ts.isPropertySignature).map((m) => [
      m.name.getText(source),
      // Queue<SalesMessage> is wrangler's Queue, typed with what this worker sends.
      { type: m.type!.getText(source).replace(/<.*>$/, ''), optional: m.questionToken !== undefined },
    ]),
  )
}

describe('wrangler.toml and src/env.ts', () => {
  const generated = generatedEnv()
  const declared = declaredEnv()

  it('wrangler types reads the bindings and vars', () => {
    expect(generated.get('DB')).toBe('D1Database')
    expect(generated.get('COMPANY_TZ')).toBe('string')
  })

  it('every binding and var wrangler.toml declares is in Env with the same type', () => {
    const drift = [...generated].filter(([name, type]) => declared.get(name)?.type !== type).map(([name, type]) => `${name}: ${type} (Env: ${declared.get(name)?.type ?? 'missing'})`)
    expect(drift).toEqual([])
  })

  it('what Env declares beyond wrangler.toml is optional', () => {
    const required = [...declared].filter(([name, member]) => !generated.has(name) && !member.optional).map(([name]) => name)
    expect(required).toEqual([])
  })

  it('every var of Env is a setting of src/config.ts, or a secret', () => {
    const config = readFileSync('src/config.ts', 'utf8')
    const unparsed = [...declared]
      .filter(([name, member]) => member.type === 'string' && !SECRETS.includes(name) && !new RegExp(`\\b${name}:`).test(config))
      .map(([name]) => name)
    expect(unparsed).toEqual([])
  })
})
