import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('deploying to Cloudflare', () => {
  it('wrangler deploy --dry-run bundles the worker with its D1 binding', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'regionops-bundle-'))
    const result = spawnSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    })
    const output = result.stdout + result.stderr
    expect(result.status, output).toBe(0)
    expect(output).toContain('env.DB (regionops)')
    const code = readFileSync(join(outdir, 'index.js'), 'utf8')
    // The bundle carries the routes it serves.
    expect(code).toContain('/v1/admin/tokens')
    // Swagger UI's script goes up beside it as a text module, whole (as JavaScript, wrangler would
    // bundle it and /docs would serve the source of one function).
    const swagger = readdirSync(outdir).find((file) => file.endsWith('-swagger-ui-bundle.js'))
    expect(swagger, readdirSync(outdir).join(', ')).toBeDefined()
    expect(readFileSync(join(outdir, swagger!), 'utf8')).toBe(readFileSync('node_modules/swagger-ui-dist/swagger-ui-bundle.js', 'utf8'))
  })
})
