import { describe, expect, it } from 'vitest'
import { verifyingAt, type TimedSource } from './sources'

describe('verifyingAt', () => {
  const source: TimedSource = {
    id: 'till',
    vendor: 'standard',
    secrets: [
      { secret: 'current', expiresAt: null },
      { secret: 'rotated-out', expiresAt: '2026-12-03T12:00:00.000Z' },
    ],
  }

  it('keeps a rotated-out secret until its time and drops it after, whenever the source was read', () => {
    expect(verifyingAt(source, new Date('2026-12-03T11:59:59.999Z')).secrets).toEqual(['current', 'rotated-out'])
    expect(verifyingAt(source, new Date('2026-12-03T12:00:00.000Z')).secrets).toEqual(['current'])
  })
})
