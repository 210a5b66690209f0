// The Google Sheets REST API, spoken directly with fetch (values.get and values.batchUpdate), with
// a service-account token signed by WebCrypto (RS256 JWT bearer grant). 429 and 5xx answers are
// retried with exponential backoff.

export interface ServiceAccount {
  client_email: string
  private_key: string
  token_uri: string
}

export interface SheetsClientOptions {
  /** https://sheets.googleapis.com, or a local fake in tests. */
  apiUrl: string
  account: ServiceAccount
  /** First retry delay; doubles each time. */
  backoffMs?: number
  maxAttempts?: number
}

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets'
const encoder = new TextEncoder()

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

async function signedAssertion(account: ServiceAccount, nowSeconds: number): Promise<string> {
  const pem = account.private_key.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '')
  const der = Uint8Array.from(atob(pem), (ch) => ch.charCodeAt(0))
  const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
  const header = base64url(encoder.encode(JSON.stringify({ alg: 'RS256', typ: 'JWT' })))
  const claims = base64url(encoder.encode(JSON.stringify({ iss: account.client_email, scope: SCOPE, aud: account.token_uri, iat: nowSeconds, exp: nowSeconds + 3600 })))
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, encoder.encode(`${header}.${claims}`))
  return `${header}.${claims}.${base64url(signature)}`
}

export class SheetsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

export class SheetsClient {
  private token: string | null = null

  constructor(private readonly options: SheetsClientOptions) {}

  private async accessToken(): Promise<string> {
    if (this.token) return this.token
    const assertion = await signedAssertion(this.options.account, Math.floor(Date.now() / 1000))
    const response = await fetch(this.options.account.token_uri, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    })
    if (!response.ok) throw new SheetsApiError(`token request refused: HTTP ${response.status}`, response.status)
    this.token = ((await response.json()) as { access_token: string }).access_token
    return this.token
  }

  /** One API call, retried with backoff on 429 and 5xx. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const attempts = this.options.maxAttempts ?? 5
    let delay = this.options.backoffMs ?? 1000
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.options.apiUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${await this.accessToken()}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
      if (response.ok) return (await response.json()) as T
      const retryable = response.status === 429 || response.status >= 500
      await response.arrayBuffer()
      if (!retryable || attempt >= attempts) throw new SheetsApiError(`${method} ${path}: HTTP ${response.status} after ${attempt} tries`, response.status)
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay *= 2
    }
  }

  /** values.get: the cells of a range, rows first, unformatted. */
  async getValues(spreadsheetId: string, range: string): Promise<unknown[][]> {
    const result = await this.call<{ values?: unknown[][] }>(
      'GET',
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}?majorDimension=ROWS&valueRenderOption=UNFORMATTED_VALUE`,
    )
    return result.values ?? []
  }

  /** values.batchUpdate: many ranges in one request. */
  async batchUpdate(spreadsheetId: string, data: { range: string; values: unknown[][] }[]): Promise<{ totalUpdatedCells?: number }> {
    return this.call('POST', `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values:batchUpdate`, {
      valueInputOption: 'RAW',
      data: data.map((d) => ({ ...d, majorDimension: 'ROWS' })),
    })
  }
}

/** A1 column letters of a 0-based column index (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let letters = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

/** A sheet name quoted for A1 notation ('门店目标'!A1). */
export const quotedSheet = (name: string) => `'${name.replace(/'/g, "''")}'`
