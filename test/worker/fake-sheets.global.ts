// A local fake of the Google Sheets API for the worker tests: the OAuth token endpoint (it
// verifies the service account's RS256 JWT with the public key), values.get and
// values.batchUpdate with their real request and response shapes, and switches to answer 429 or
// 5xx. Test files run side by side against this one server: `__fail429` fails the next calls of
// any spreadsheet except those named `isolated-…`, which fail only through
// `__fail?spreadsheetId=isolated-…&status=500&times=N`, so one file's faults never reach another's.
import { generateKeyPairSync, verify } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    sheetsApiUrl: string
    serviceAccountJson: string
  }
}

type Grid = unknown[][]

/** 'Sheet'!B3:B5 → sheet name and the cell box (whole sheet when no cells are named). */
function parseRange(range: string) {
  const match = /^'?(.*?)'?(?:!([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?)?$/.exec(range)!
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
  const sheet = match[1]!.replace(/''/g, "'")
  if (!match[2]) return { sheet, box: null }
  return { sheet, box: { col: col(match[2]), row: Number(match[3]) - 1, endCol: col(match[4] ?? match[2]), endRow: Number(match[5] ?? match[3]) - 1 } }
}

export default async function setup(project: TestProject) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const sheets = new Map<string, Grid>() // `${spreadsheetId}/${sheet}` → rows
  const log: { method: string; path: string; at: number }[] = []
  let fail429 = 0
  const failuresOf = new Map<string, { status: number; times: number }>()
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const json = (status: number, value: unknown) => {
        res.statusCode = status
        res.setHeader('Content-Type', 'application/json')
        res.end(JSON.stringify(value))
      }
      if (url.pathname === '/__set') {
        const { spreadsheetId, sheet, values } = JSON.parse(body)
        sheets.set(`${spreadsheetId}/${sheet}`, values)
        return json(200, {})
      }
      if (url.pathname === '/__get') return json(200, sheets.get(`${url.searchParams.get('spreadsheetId')}/${url.searchParams.get('sheet')}`) ?? null)
      if (url.pathname === '/__log') return json(200, log)
      if (url.pathname === '/__fail') {
        const times = Number(url.searchParams.get('times') ?? '1')
        failuresOf.set(url.searchParams.get('spreadsheetId') ?? '', { status: Number(url.searchParams.get('status') ?? '500'), times })
        return json(200, {})
      }
      if (url.pathname === '/__fail429') {
        fail429 = Number(url.searchParams.get('times') ?? '1')
        return json(200, {})
      }
      if (url.pathname === '/token') {
        const assertion = new URLSearchParams(body).get('assertion') ?? ''
        const [header, claims, signature] = assertion.split('.')
        const valid = verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature ?? '', 'base64url'))
        if (!valid) return json(401, { error: 'invalid_grant' })
        return json(200, { access_token: 'ya29.fake-token', expires_in: 3599, token_type: 'Bearer' })
      }
      if (req.headers.authorization !== 'Bearer ya29.fake-token') return json(401, { error: { code: 401, status: 'UNAUTHENTICATED' } })
      log.push({ method: req.method ?? '', path: url.pathname, at: Date.now() })
      const spreadsheet = decodeURIComponent(/^\/v4\/spreadsheets\/([^/:]+)/.exec(url.pathname)?.[1] ?? '')
      const failure = failuresOf.get(spreadsheet)
      if (failure && failure.times > 0) {
        failure.times--
        if (failure.status === 429) return json(429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } })
        return json(failure.status, { error: { code: failure.status, message: 'Internal error encountered.', status: 'INTERNAL' } })
      }
      if (fail429 > 0 && !spreadsheet.startsWith('isolated-')) {
        fail429--
        return json(429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } })
      }
      const get = /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+)$/.exec(url.pathname)
      if (req.method === 'GET' && get) {
        const spreadsheetId = decodeURIComponent(get[1]!)
        const range = decodeURIComponent(get[2]!)
        const { sheet } = parseRange(range)
        return json(200, { range, majorDimension: 'ROWS', values: sheets.get(`${spreadsheetId}/${sheet}`) ?? [] })
      }
      const batch = /^\/v4\/spreadsheets\/([^/]+)\/values:batchUpdate$/.exec(url.pathname)
      if (req.method === 'POST' && batch) {
        const spreadsheetId = decodeURIComponent(batch[1]!)
        const request = JSON.parse(body) as { valueInputOption: string; data: { range: string; values: unknown[][] }[] }
        if (!['RAW', 'USER_ENTERED'].includes(request.valueInputOption)) return json(400, { error: { code: 400, status: 'INVALID_ARGUMENT' } })
        const responses = request.data.map(({ range, values }) => {
          const { sheet, box } = parseRange(range)
          const grid = sheets.get(`${spreadsheetId}/${sheet}`) ?? []
          values.forEach((row, r) =>
            row.forEach((value, c) => {
              const target = (grid[box!.row + r] ??= [])
              target[box!.col + c] = value
            }),
          )
          sheets.set(`${spreadsheetId}/${sheet}`, grid)
          const cells = values.reduce((n, row) => n + row.length, 0)
          return { spreadsheetId, updatedRange: range, updatedRows: values.length, updatedColumns: values[0]?.length ?? 0, updatedCells: cells }
        })
        return json(200, {
          spreadsheetId,
          totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
          totalUpdatedColumns: Math.max(0, ...responses.map((r) => r.updatedColumns)),
          totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
          totalUpdatedSheets: new Set(request.data.map((d) => parseRange(d.range).sheet)).size,
          responses,
        })
      }
      return json(404, { error: { code: 404, status: 'NOT_FOUND' } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  project.provide('sheetsApiUrl', url)
  project.provide(
    'serviceAccountJson',
    JSON.stringify({ type: 'service_account', client_email: 'regionops@demo.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), token_uri: `${url}/token` }),
  )
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
