// A Chinese user reads the API's refusals in Chinese: title, detail and every field's message,
// by default and with a Chinese Accept-Language; English on request. The machine fields (`type`,
// `status`, `path`, `code`) are the same in both, so a client's handling never depends on it.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, issueToken, seedTwoRegions } from './helpers'

const CJK = /[\u3400-\u9fff]/
let east = ''

beforeAll(async () => {
  ;({ east } = await seedTwoRegions('EL'))
})

const badStores = () => ({
  stores: [
    { code: 'EL-OK', name: '好店', regionCode: east, channel: 'direct' },
    { code: 'EL-X', name: '无区域店', regionCode: 'NOWHERE', channel: 'direct' },
    { code: 'EL-Y', name: '坏日期', regionCode: east, channel: 'dealerish', openedOn: '2027-02-30', areaSqm: -5 },
    { code: 'EL-Z', regionCode: east, channel: 'direct' },
  ],
})

describe('refusals in the reader’s language', () => {
  it('reads Chinese when the request names no language, English when it asks for it', async () => {
    const zh = await call('PUT', '/v1/stores', { body: badStores(), lang: null })
    const en = await call('PUT', '/v1/stores', { body: badStores(), lang: 'en' })
    expect(zh.status).toBe(422)
    expect(zh.headers.get('Content-Language')).toBe('zh-CN')
    expect(zh.json.title).toBe('输入有误')
    expect(zh.json.detail).toBe('5 处输入有误，未写入任何数据。')
    expect(zh.json.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
      ['stores.1.regionCode', '区域 NOWHERE 不存在'],
      ['stores.2.channel', '应为以下之一：direct、franchise、dealer'],
      ['stores.2.openedOn', '不是日历上存在的日期'],
      ['stores.2.areaSqm', '应大于 0'],
      ['stores.3.name', '必填'],
    ])
    // The same refusal for a machine: type, status, paths and codes do not change with the language.
    expect(en.json.detail).toBe('5 invalid fields; nothing was written.')
    expect(en.json.errors.map((e: { message: string }) => e.message)).toEqual(['region NOWHERE does not exist', 'must be one of direct, franchise, dealer', 'is not a calendar date', 'must be positive', 'is required'])
    const machine = (body: { type: string; status: number; errors: { path: string; code?: string }[] }) => [body.type, body.status, body.errors.map((e) => [e.path, e.code])]
    expect(machine(zh.json)).toEqual(machine(en.json))
  })

  it('follows a Chinese or English Accept-Language as a browser sends it', async () => {
    const zh = await call('GET', '/v1/nowhere', { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' }, lang: null })
    expect([zh.status, zh.json.title, zh.json.detail]).toEqual([404, '未找到', '没有 GET /v1/nowhere 这个接口。'])
    const en = await call('GET', '/v1/nowhere', { headers: { 'Accept-Language': 'en-GB,en;q=0.9' }, lang: null })
    expect([en.status, en.json.title, en.json.detail]).toEqual([404, 'Not found', 'No route for GET /v1/nowhere.'])
  })

  it('says who may not do what in Chinese: no token, a viewer, another region', async () => {
    const none = await call('GET', '/v1/stores', { token: null, lang: null })
    expect([none.status, none.json.title, none.json.detail]).toEqual([401, '需要身份验证', '需要有效的 Bearer 令牌。'])
    const viewer = await issueToken('viewer', [east])
    const write = await call('PUT', '/v1/stores', { token: viewer.token, body: badStores(), lang: null })
    expect([write.status, write.json.title, write.json.detail]).toEqual([403, '无权操作', '只有总部（管理员）令牌可以执行此操作。'])
    const manager = await issueToken('manager', [east])
    const other = await call('GET', '/v1/stores?regionCode=EL-W', { token: manager.token, lang: null })
    expect([other.status, other.json.detail]).toEqual([403, '此令牌不包含区域 EL-W。'])
  })

  it('reads a schema check in Chinese and a malformed body too', async () => {
    const role = await call('POST', '/v1/admin/tokens', { body: { name: 'x', role: 'boss' }, lang: null })
    expect(role.status).toBe(422)
    expect(role.json.errors).toContainEqual(expect.objectContaining({ path: 'role', message: '应为以下之一：admin、manager、viewer' }))
    const json = await call('PUT', '/v1/stores', { body: '{"stores": [', lang: null })
    expect([json.status, json.json.title, json.json.detail]).toEqual([400, 'JSON 格式错误', '请求体不是有效的 JSON。'])
    for (const text of [role.json.title, role.json.detail, ...role.json.errors.map((e: { message: string }) => e.message)]) expect(text).toMatch(CJK)
  })
})
