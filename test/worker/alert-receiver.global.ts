// A real HTTP receiver for alert deliveries, started in Node before the worker tests. Tests
// steer it over HTTP: make the next N requests fail, read what arrived, reset.
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

export default async function setup(project: TestProject) {
  let received: Received[] = []
  let failNext = 0
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver')
      if (url.pathname === '/__received') return res.end(JSON.stringify(received))
      if (url.pathname === '/__reset') {
        received = []
        failNext = 0
        return res.end('{}')
      }
      if (url.pathname === '/__fail') {
        failNext = Number(url.searchParams.get('times') ?? '1')
        return res.end('{}')
      }
      if (failNext > 0) {
        failNext--
        res.statusCode = 503
        return res.end('receiver down')
      }
      received.push({ path: url.pathname, headers: req.headers, body })
      res.end('{"errcode":0,"errmsg":"ok"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  project.provide('alertReceiverUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
