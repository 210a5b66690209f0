import { describe, expect, it } from 'vitest'
import { busiestMinute, nextSlot, withSend } from './pacing'

const dingtalk = { perMinute: 20, minIntervalMs: 0, contentBytes: 5_000 }
const feishu = { perMinute: 100, minIntervalMs: 250, contentBytes: 18_000 }

describe('pacing the sends to one robot', () => {
  it('sends at once while the minute has room, and at most 18 a minute to a robot that takes 20', () => {
    let recent: number[] = []
    const sent: number[] = []
    let now = 1_000_000
    for (let i = 0; i < 25; i++) {
      const slot = nextSlot(recent, now, dingtalk)
      now = Math.max(now, slot)
      sent.push(now)
      recent = withSend(recent, now, dingtalk)
    }
    expect(sent.slice(0, 18).every((t) => t === 1_000_000)).toBe(true)
    // The 19th waits until the first has left the window.
    expect(sent[18]).toBe(1_060_000)
    expect(busiestMinute(sent)).toBe(18)
  })

  it('keeps a per-second robot’s sends apart', () => {
    const recent = withSend([], 5_000, feishu)
    expect(nextSlot(recent, 5_000, feishu)).toBe(5_250)
    expect(nextSlot(recent, 6_000, feishu)).toBe(6_000)
  })

  it('forgets sends older than a minute and counts a window by its busiest minute', () => {
    expect(withSend([1, 2, 3], 70_000, dingtalk)).toEqual([70_000])
    expect(busiestMinute([0, 59_999, 60_000, 119_999])).toBe(2)
  })
})
