// A real HTTP receiver for alert deliveries, started in Node before the worker tests. Tests
// steer it over HTTP: make the next N requests fail, read what arrived, reset — for every
// mailbox (first path segment) or, with `?mailbox=isolated-…`, for one.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestProject } from 'vitest/node'

interface Received {
  path: string
  headers: IncomingMessage['headers']
  body: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    alertReceiverUrl: string
  }
}

/** The first path segment: `/isolated-faults/hook` → `isolated-faults`. */
const mailboxOf = (path: string) => path.split('/')[1] ?? ''
const isolated = (mailbox: string) => mailbox.startsWith('isolated-')

export default async function setup(project: TestProject) {
  let received: Received[] = []
  // Failures to answer, per mailbox; '' is every mailbox not named `isolated-…`.
  const failNext = new Map<string, number>()
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver')
      // Test files run side by side against this one receiver: without `mailbox`, the controls act
      // on every mailbox except `isolated-…` ones, which a test file names to keep to itself.
      const scope = url.searchParams.get('mailbox') ?? ''
      const inScope = (r: Received) => (scope ? mailboxOf(r.path) === scope : !isolated(mailboxOf(r.path)))
      if (url.pathname === '/__received') return res.end(JSON.stringify(received.filter(inScope)))
      if (url.pathname === '/__reset') {
        received = received.filter((r) => !inScope(r))
        failNext.set(scope, 0)
        return res.end('{}')
      }
      if (url.pathname === '/__fail') {
        failNext.set(scope, Number(url.searchParams.get('times') ?? '1'))
        return res.end('{}')
      }
      const mailbox = mailboxOf(url.pathname)
      const key = isolated(mailbox) ? mailbox : ''
      const failures = failNext.get(key) ?? 0
      if (failures > 0) {
        failNext.set(key, failures - 1)
        res.statusCode = 503
        return res.end('receiver down')
      }
      received.push({ path: url.pathname, headers: req.headers, body })
      // Slack says `ok` in plain text; the robots of China say errcode 0 in JSON.
      res.end(url.pathname.endsWith('/slack') || mailbox === 'slack' ? 'ok' : '{"errcode":0,"errmsg":"ok"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  project.provide('alertReceiverUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
