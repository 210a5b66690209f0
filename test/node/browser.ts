// Headless Chromium for page tests, driven by playwright-core (which never downloads a browser):
// the system's Chromium (Debian package `chromium`) when there is one, otherwise the Chromium that
// the npm package @sparticuz/chromium ships, with the libraries it needs and a Chinese font from
// npm (Noto Sans SC), so `npm install && npm test` is enough on a bare machine and the screenshots
// show Chinese text, not empty boxes. REGIONOPS_BROWSER=bundled picks the npm one on any machine.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Where screenshots are kept as test artifacts. */
export const ARTIFACTS = 'test-results'

// This machine has no internet: without these, Chromium keeps trying to reach Google's services.
const OFFLINE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export type BrowserSource = 'system' | 'bundled'

export function browserSource(): BrowserSource {
  if (process.env.REGIONOPS_BROWSER === 'bundled') return 'bundled'
  return existsSync(SYSTEM_CHROMIUM) ? 'system' : 'bundled'
}

/** A fontconfig file that knows only the given font directories, so pages render the same on any machine. */
function fontConfig(dirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'regionops-fonts-'))
  const file = join(dir, 'fonts.conf')
  const cache = join(dir, 'cache')
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${dirs.map((d) => `  <dir>${d}</dir>\n`).join('')}  <cachedir>${cache}</cachedir>\n` +
      // Every generic family (sans-serif, serif, monospace) falls back to Noto Sans SC for Chinese.
      `  <alias><family>sans-serif</family><prefer><family>Noto Sans SC</family></prefer></alias>\n` +
      `  <alias><family>serif</family><prefer><family>Noto Sans SC</family></prefer></alias>\n` +
      `  <alias><family>monospace</family><prefer><family>Noto Sans SC</family></prefer></alias>\n</fontconfig>\n`,
  )
  return file
}

/**
 * Runs `task` while holding a lock shared by every test process: the package unpacks to fixed paths
 * in the temp directory, and two test files unpacking at once would each see the other's half file.
 */
async function withUnpackLock<T>(task: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'regionops-chromium.lock')
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // A lock left by a killed run is taken over after two minutes.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 120_000) rmSync(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  try {
    return await task()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** The npm-shipped Chromium, unpacked into the temp directory, and the environment it needs. */
async function bundledChromium(): Promise<{ executablePath: string; env: Record<string, string> }> {
  const require = createRequire(import.meta.url)
  const { default: Chromium, inflate } = await import('@sparticuz/chromium')
  // The package ships the shared libraries a bare Linux lacks (nss, nspr, expat); unpacked by hand,
  // as the package does it only on Amazon Linux.
  const bin = join(dirname(require.resolve('@sparticuz/chromium')), '..', 'bin')
  const libs = join(tmpdir(), 'al2023', 'lib')
  const executablePath = await withUnpackLock(async () => {
    const path = await Chromium.executablePath()
    if (!existsSync(libs)) await inflate(join(bin, 'al2023.tar.br'))
    return path
  })
  const notoSansSc = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'))
  const notoSansScBold = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'))
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value
  env.LD_LIBRARY_PATH = [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':')
  env.FONTCONFIG_FILE = fontConfig([notoSansSc, notoSansScBold, join(tmpdir(), 'fonts')])
  return { executablePath, env }
}

export async function launchChromium(source: BrowserSource = browserSource()): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true })
  if (source === 'system') return chromium.launch({ executablePath: SYSTEM_CHROMIUM, args: OFFLINE_ARGS })
  const { executablePath, env } = await bundledChromium()
  return chromium.launch({ executablePath, env, args: OFFLINE_ARGS })
}
