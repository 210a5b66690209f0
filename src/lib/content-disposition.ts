// Content-Disposition for a file whose name carries codes (a region code may be `华东` or `X";a=b`):
// RFC 6266, so a code can neither add a parameter nor reach the header as raw bytes.

/** Lone surrogates have no UTF-8 form; encodeURIComponent would throw on them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Anything that is not printable ASCII, and what could end the quoted string, escape in it, start
 * another parameter or be percent-decoded by a browser that guesses, becomes `_` in the fallback.
 */
const UNSAFE_IN_FALLBACK = /[^\x20-\x7E]|["\\;%]/gu

/** RFC 5987 value-chars: encodeURIComponent leaves `'()*` as they are, which attr-char does not allow. */
const encodeExtValue = (text: string) =>
  encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** `inline; filename="<ASCII fallback>"; filename*=UTF-8''<the exact name, percent-encoded>`. */
export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(UNSAFE_IN_FALLBACK, '_')
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(fileName)}`
}
