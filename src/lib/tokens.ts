// Bearer tokens and report-link tokens: random, recognisable by prefix, stored only as SHA-256.

const encoder = new TextEncoder()

/** 32 random bytes (256 bits) as base64url, behind a prefix that says what the token is for. */
export function newSecretToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return prefix + base64url(bytes)
}

/** A short random id for records (not a secret). */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9))
  return prefix + base64url(bytes)
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first so
 * the comparison also does not leak their lengths.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ])
  return crypto.subtle.timingSafeEqual(da, db)
}

export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
