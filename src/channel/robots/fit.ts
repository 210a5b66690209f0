// A message cut to a vendor's size on a line boundary: as many items as fit, then "… 另有 N 项"
// and the link to the violations report, so the group sees how many there are and where.

/** UTF-8 bytes of a text; `jsonBytes` as it travels inside a JSON string, escapes included. */
export const bytes = (text: string) => new TextEncoder().encode(text).length
export const jsonBytes = (text: string) => bytes(JSON.stringify(text))

/**
 * The lines of `items` that fit in `maxBytes` once `render` wraps them (title, trailer, link),
 * the rest counted in the trailer. Pure: `render(shown, hidden)` gives the whole content.
 */
export function fitLines(items: string[], maxBytes: number, render: (shown: string[], hidden: number) => string, measure = bytes): string {
  let low = 0
  let high = items.length
  // The most items that fit: content only grows with each item shown, so a binary search finds it.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (measure(render(items.slice(0, mid), items.length - mid)) <= maxBytes) low = mid
    else high = mid - 1
  }
  const content = render(items.slice(0, low), items.length - low)
  if (measure(content) <= maxBytes) return content
  // Not even the title and the trailer fit: cut by characters, never inside one.
  const chars = Array.from(content)
  while (chars.length > 0 && measure(chars.join('')) > maxBytes) chars.pop()
  return chars.join('')
}

export const moreLine = (hidden: number) => (hidden > 0 ? `… 另有 ${hidden} 项` : '')
