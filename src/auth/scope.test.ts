import { describe, expect, it } from 'vitest'
import { Problem } from '../lib/problem'
import { RegionScope } from './scope'

const scope = (role: 'admin' | 'manager' | 'viewer', regionCodes: string[] = []) => new RegionScope({ id: 't', role, regionCodes })

describe('RegionScope', () => {
  it('an admin reads and writes every region', () => {
    expect(scope('admin').readable()).toBeNull()
    expect(scope('admin').readable('ANY')).toEqual(['ANY'])
    expect(() => scope('admin').assertWrite('ANY')).not.toThrow()
  })

  it('a manager reads and writes its regions only', () => {
    const s = scope('manager', ['EAST', 'SOUTH'])
    expect(s.readable()).toEqual(['EAST', 'SOUTH'])
    expect(() => s.assertWrite('EAST')).not.toThrow()
    expect(() => s.readable('WEST')).toThrow(Problem)
    expect(() => s.assertWrite('WEST')).toThrow(/WEST/)
  })

  it('a viewer reads its regions and writes nothing', () => {
    const s = scope('viewer', ['EAST'])
    expect(s.readable('EAST')).toEqual(['EAST'])
    expect(() => s.assertWrite('EAST')).toThrow(/read-only/)
  })

  it('a scope filter for a token without regions matches nothing rather than everything', () => {
    expect(scope('viewer', []).readable()).toEqual([])
  })
})
