// The worker the bench measures: `wrangler dev` on a fresh local state folder, with the bench's
// company written into its D1 before it starts, and the memory of its workerd process.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { companySql } from './data.mjs'

function wranglerRun({ root, wrangler, toolEnv }, args, what) {
  const result = spawnSync(wrangler, args, { cwd: root, env: toolEnv, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${what} failed:\n${result.stdout}${result.stderr}`)
}

/** The company goes into the fresh database before the worker starts, as one SQL file. */
function writeCompany(tools, scale, stateDir) {
  const file = join(stateDir, 'company.sql')
  writeFileSync(file, companySql(scale))
  const started = performance.now()
  wranglerRun(tools, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir], 'applying migrations')
  wranglerRun(tools, ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--file', file], 'writing the bench company')
  return +((performance.now() - started) / 1000).toFixed(1)
}

export async function startWorker({ root, wrangler, toolEnv, scale, port, adminToken }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'regionops-bench-'))
  const companySeconds = writeCompany({ root, wrangler, toolEnv }, scale, stateDir)
  const worker = spawn('node', ['scripts/start.mjs', '--port', String(port), '--state-dir', stateDir, '--no-seed'], {
    cwd: root,
    env: { ...process.env, ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let log = ''
  worker.stdout.on('data', (c) => (log += c))
  worker.stderr.on('data', (c) => (log += c))
  const deadline = Date.now() + 90_000
  while (!log.includes('regionops is running')) {
    if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return { pid: worker.pid, stateDir, companySeconds, stop: () => process.kill(-worker.pid, 'SIGTERM') }
}

/** The workerd processes started under `pid` (wrangler dev runs the worker in workerd). */
function workerdProcesses(pid) {
  const parents = new Map()
  const names = new Map()
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(Number(entry), ppid)
      names.set(Number(entry), name)
    } catch {
      // the process ended while we looked
    }
  }
  const descends = (p) => {
    for (let cur = p; cur > 1; cur = parents.get(cur) ?? 0) if (cur === pid) return true
    return false
  }
  return [...names].filter(([p, name]) => name === 'workerd' && descends(p)).map(([p]) => p)
}

/** Peak and current resident memory (MiB) of the worker's workerd process, from /proc. */
export function workerMemory(pid) {
  const status = workerdProcesses(pid).map((p) => readFileSync(`/proc/${p}/status`, 'utf8'))
  const mib = (text, field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) / 1024)
  return { processes: status.length, peakRssMiB: Math.max(0, ...status.map((t) => mib(t, 'VmHWM'))), rssMiB: Math.max(0, ...status.map((t) => mib(t, 'VmRSS'))) }
}
