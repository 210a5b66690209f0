// The sync API client over a fetch handed in: requests as the worker expects them, answers as
// outcomes the add-on can act on.
import { describe, expect, it } from 'vitest'
import { RegionopsClient, type HttpRequest, type HttpResponse } from '../src/client'
import type { Lang } from '../src/i18n'

function clientAnswering(response: HttpResponse, lang: Lang = 'en') {
  const sent: HttpRequest[] = []
  const client = new RegionopsClient({ url: 'https://regionops.test/', token: 'rgo_t', lang }, (request) => {
    sent.push(request)
    return response
  })
  return { client, sent }
}

const syncRequest = { baseRevision: 4, spreadsheetId: 's', sheetName: 'n', params: { year: 2031 }, rows: [{ row: 3, values: { code: 'A' } }] }

describe('RegionopsClient', () => {
  it('reads a tab with its params and the bearer token', () => {
    const { client, sent } = clientAnswering({ status: 200, text: JSON.stringify({ revision: 2, columns: ['code'], rows: [['A']] }) })
    expect(client.readTab('targets-store', { year: 2031, regionCode: 'EAST & co' })).toEqual({ revision: 2, columns: ['code'], rows: [['A']] })
    expect(sent[0]).toEqual({
      method: 'get',
      url: 'https://regionops.test/v1/sheets/targets-store?year=2031&regionCode=EAST%20%26%20co',
      headers: { Authorization: 'Bearer rgo_t', Accept: 'application/json', 'Accept-Language': 'en' },
    })
  })

  it('asks every call in the user’s language, so the worker answers in it', () => {
    const { client, sent } = clientAnswering({ status: 200, text: JSON.stringify({ tabs: [], revision: 1, applied: 1, computed: [] }) }, 'zh-CN')
    client.tabs()
    client.readTab('budgets', { year: 2031 })
    client.sync('budgets', syncRequest)
    expect(sent.map((r) => r.headers['Accept-Language'])).toEqual(['zh-CN', 'zh-CN', 'zh-CN'])
    // Its own words follow too, where the worker's are missing.
    expect(() => clientAnswering({ status: 502, text: 'Bad gateway' }, 'zh-CN').client.tabs()).toThrow('regionops 返回了 HTTP 502')
  })

  it('says a refused read in the problem’s own words, and a proxy’s error page by its status', () => {
    expect(() => clientAnswering({ status: 403, text: JSON.stringify({ title: 'Not allowed', detail: 'Region WEST is not yours.' }) }).client.tabs()).toThrow('Region WEST is not yours. (HTTP 403)')
    expect(() => clientAnswering({ status: 502, text: '<html>Bad gateway</html>' }).client.tabs()).toThrow('regionops answered HTTP 502')
  })

  it('posts a push as JSON and reads the applied answer', () => {
    const { client, sent } = clientAnswering({ status: 200, text: JSON.stringify({ revision: 5, applied: 1, computed: [{ row: 3, values: { total: 1 } }] }) })
    expect(client.sync('budgets', syncRequest)).toEqual({ kind: 'applied', revision: 5, applied: 1, computed: [{ row: 3, values: { total: 1 } }], warnings: [] })
    expect(sent[0]!.method).toBe('post')
    expect(sent[0]!.url).toBe('https://regionops.test/v1/sheets/budgets/sync')
    expect(JSON.parse(sent[0]!.body!)).toEqual(syncRequest)
  })

  it('splits a 422 into cell errors, with the column’s title where the worker gives it, and other errors', () => {
    const errors = [
      { path: 'row.3.m1', row: 3, column: 'm1', title: 'Jan', message: 'is not an amount' },
      { path: 'row.4.m2', row: 4, column: 'm2', message: 'must not be negative' },
      { path: 'params.year', message: 'the budgets tab needs a year' },
    ]
    expect(clientAnswering({ status: 422, text: JSON.stringify({ detail: '3 faults', errors }) }).client.sync('budgets', syncRequest)).toEqual({
      kind: 'invalid',
      detail: '3 faults (HTTP 422)',
      cells: [
        { row: 3, column: 'm1', title: 'Jan', message: 'is not an amount' },
        { row: 4, column: 'm2', message: 'must not be negative' },
      ],
      others: ['params.year: the budgets tab needs a year'],
    })
  })

  it('reads conflicts from a 409, and anything else as refused', () => {
    const conflicts = [{ row: 4, column: 'm3', title: 'Mar', yours: 444, theirs: 333 }]
    expect(clientAnswering({ status: 409, text: JSON.stringify({ detail: 'changed', conflicts }) }).client.sync('budgets', syncRequest)).toMatchObject({ kind: 'conflict', conflicts })
    expect(clientAnswering({ status: 413, text: JSON.stringify({ detail: 'Request body too large' }) }).client.sync('budgets', syncRequest)).toEqual({ kind: 'refused', status: 413, detail: 'Request body too large (HTTP 413)' })
  })
})
