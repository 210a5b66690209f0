// The browser the page tests use, as a bare machine gets it: the Chromium that npm ships starts
// and draws Chinese with a real font, not with empty boxes — and so does the system's, when the
// machine has one.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, launchChromium, type BrowserSource } from './browser'

const SOURCES: BrowserSource[] = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? ['bundled', 'system'] : ['bundled']

describe.each(SOURCES)('Chromium (%s)', (source) => {
  it('draws 华东区 in a font that has the characters, and keeps a screenshot', async () => {
    const browser = await launchChromium(source)
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 200 } })
      await page.setContent('<html lang="zh-CN"><body style="font: 32px sans-serif"><p id="t">华东区 达成率 85.8%</p></body></html>')
      // A character no font has is drawn as the font's empty box; without a Chinese font, 华 would be
      // drawn as that same box.
      const drawn = await page.evaluate(() => {
        const pixels = (text: string) => {
          const canvas = document.createElement('canvas')
          canvas.width = 64
          canvas.height = 64
          const ctx = canvas.getContext('2d')!
          ctx.font = '48px sans-serif'
          ctx.fillText(text, 4, 52)
          return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',')
        }
        return { hua: pixels('华'), dong: pixels('东'), missing: pixels('\u{10FFFD}') }
      })
      expect(drawn.hua).not.toBe(drawn.missing)
      expect(drawn.hua).not.toBe(drawn.dong)
      await page.screenshot({ path: `${ARTIFACTS}/chinese-text-${source}.png` })
    } finally {
      await browser.close()
    }
  })
})
