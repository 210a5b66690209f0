import { describe, expect, it } from 'vitest'
import { writeBackRegions } from './walls'

const manager = (...regionCodes: string[]) => ({ role: 'manager' as const, regionCodes })

describe('writeBackRegions', () => {
  it('gives a manager’s binding its own region only, and nothing once the manager no longer covers it', () => {
    expect(writeBackRegions({ tab: 'targets-store', regionCode: 'EAST' }, manager('EAST', 'NORTH'))).toEqual(['EAST'])
    expect(writeBackRegions({ tab: 'budgets', regionCode: 'EAST' }, manager('NORTH'))).toEqual([])
    expect(writeBackRegions({ tab: 'targets-region', regionCode: 'EAST' }, manager('EAST'))).toEqual([])
  })

  it('gives HQ’s bindings their region, and the region-targets tab every region', () => {
    const hq = { role: 'admin' as const, regionCodes: [] }
    expect(writeBackRegions({ tab: 'stock-limits', regionCode: 'EAST' }, hq)).toEqual(['EAST'])
    expect(writeBackRegions({ tab: 'targets-region', regionCode: 'EAST' }, hq)).toBeNull()
  })

  it('gives a revoked binder and a viewer nothing', () => {
    expect(writeBackRegions({ tab: 'expenses', regionCode: 'EAST' }, null)).toEqual([])
    expect(writeBackRegions({ tab: 'expenses', regionCode: 'EAST' }, { role: 'viewer', regionCodes: ['EAST'] })).toEqual([])
  })
})
