import { describe, expect, it } from 'vitest'
import { fitLines, moreLine } from './fit'

const render = (shown: string[], hidden: number) => ['标题', ...shown, moreLine(hidden), '[查看全部](https://x.test/r/abc)'].filter(Boolean).join('\n')
const bytes = (text: string) => new TextEncoder().encode(text).length

describe('a message cut to its vendor’s size', () => {
  it('keeps whole lines, says how many more there are and keeps the link', () => {
    const items = Array.from({ length: 200 }, (_, i) => `#${i + 1} 窜货｜区域 EAST｜门店 EA001｜码 SN-${i}`)
    const content = fitLines(items, 4_096, render)
    expect(bytes(content)).toBeLessThanOrEqual(4_096)
    const lines = content.split('\n')
    const shown = lines.filter((l) => l.startsWith('#'))
    expect(shown).toEqual(items.slice(0, shown.length))
    expect(lines).toContain(`… 另有 ${200 - shown.length} 项`)
    expect(lines.at(-1)).toBe('[查看全部](https://x.test/r/abc)')
    // One more line would not have fitted.
    expect(bytes(render(items.slice(0, shown.length + 1), 200 - shown.length - 1))).toBeGreaterThan(4_096)
  })

  it('sends everything when it fits, with no trailer', () => {
    expect(fitLines(['a', 'b'], 4_096, render)).toBe('标题\na\nb\n[查看全部](https://x.test/r/abc)')
  })
})
