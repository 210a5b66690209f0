// Seeds the demo company through the public API (so it is validated and audited like any other
// write) and keeps a manager and a viewer token for it. Running it again changes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dealers, products, regions, stores } from './demo-data.mjs'

async function api(baseUrl, token, method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : null }
}

async function put(baseUrl, token, path, body) {
  const result = await api(baseUrl, token, 'PUT', path, body)
  if (result.status !== 200) throw new Error(`seeding ${path} failed: ${result.status} ${JSON.stringify(result.json)}`)
  return result.json
}

/**
 * Demo tokens are kept beside the local database they belong to, so restarts print the same ones;
 * they are issued anew when that database was reset.
 */
async function demoTokens(baseUrl, adminToken, stateDir) {
  const file = join(stateDir, 'demo-tokens.json')
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    const check = await api(baseUrl, saved.manager, 'GET', '/v1/regions')
    if (check.status === 200) return saved
  }
  const issue = async (name, role) => {
    const result = await api(baseUrl, adminToken, 'POST', '/v1/admin/tokens', { name, role, regionCodes: ['EAST'] })
    if (result.status !== 201) throw new Error(`issuing the demo ${role} token failed: ${JSON.stringify(result.json)}`)
    return result.json.token
  }
  const tokens = { manager: await issue('华东区经理 (demo)', 'manager'), viewer: await issue('华东区只读 (demo)', 'viewer') }
  writeFileSync(file, JSON.stringify(tokens, null, 2) + '\n')
  return tokens
}

export async function seedDemo({ baseUrl, adminToken, stateDir }) {
  await put(baseUrl, adminToken, '/v1/regions', { regions })
  await put(baseUrl, adminToken, '/v1/dealers', { dealers })
  await put(baseUrl, adminToken, '/v1/stores', { stores })
  await put(baseUrl, adminToken, '/v1/products', { products })
  return demoTokens(baseUrl, adminToken, stateDir)
}
