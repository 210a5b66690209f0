// The bytes of an uploaded CSV as text. Excel's "CSV (逗号分隔)" on a Chinese Windows saves GBK
// without a BOM, WPS and newer Excel save UTF-8 with one, scripts UTF-8 without: a BOM says
// UTF-8; else bytes that are valid UTF-8 are UTF-8; else they are read as GB18030 (a superset of
// GBK and GB2312, as the Encoding Standard decodes all three).

export type UploadEncoding = 'utf-8' | 'gb18030'

export function decodeUpload(bytes: Uint8Array): { text: string; encoding: UploadEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}
