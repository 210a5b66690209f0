#!/usr/bin/env node
// `npm run addon:build`: bundles the add-on into sheets-addon/dist/ for clasp — Code.js, the
// manifest and the sidebar. Apps Script only calls top-level functions (menu items, triggers,
// google.script.run), so the bundle is one IIFE and each export of src/main.ts is declared after
// it as a top-level function that calls into it.
//
//   node sheets-addon/build.mjs [--outdir DIR]
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const entry = join(here, 'src', 'main.ts')
const GLOBAL = 'RegionOps'

/** The names src/main.ts exports, read from esbuild's own view of the module. */
async function exportedNames() {
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, metafile: true, outdir: 'out', logLevel: 'silent' })
  return Object.values(result.metafile.outputs).flatMap((output) => output.exports ?? [])
}

export async function buildAddon({ outdir = join(here, 'dist') } = {}) {
  const names = await exportedNames()
  rmSync(outdir, { recursive: true, force: true })
  mkdirSync(outdir, { recursive: true })
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL,
    // Apps Script's V8 runtime; older syntax costs nothing and spares surprises.
    target: 'es2019',
    platform: 'neutral',
    outfile: join(outdir, 'Code.js'),
    footer: { js: names.map((name) => `function ${name}() { return ${GLOBAL}.${name}.apply(this, arguments); }`).join('\n') },
    logLevel: 'warning',
  })
  copyFileSync(join(here, 'appsscript.json'), join(outdir, 'appsscript.json'))
  copyFileSync(join(here, 'src', 'sidebar.html'), join(outdir, 'sidebar.html'))
  return { outdir, globals: names }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } })
  const { outdir, globals } = await buildAddon(values.outdir ? { outdir: resolve(values.outdir) } : {})
  console.log(`built ${outdir}: ${globals.join(', ')}`)
}
