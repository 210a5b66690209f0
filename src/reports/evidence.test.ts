import { describe, expect, it } from 'vitest'
import { evidenceSummary, evidenceText } from './evidence'

const FLOOR = { sku: 'TEE', unitPrice: 10, floorPrice: 1250.5, storeCode: 'E2', day: '2026-03-06' }
const UNKNOWN = { storeCode: 'EA003', day: '2026-12-02', saleId: 'demo-unknown-code' }

describe('a violation’s evidence', () => {
  it('keeps the English line the CSV always had, amounts as plain numbers', () => {
    expect(evidenceSummary('below_floor_price', FLOOR)).toBe('TEE at 10.00 below floor 1250.50, E2 on 2026-03-06')
    expect(evidenceSummary('unknown_code', UNKNOWN)).toBe('code never shipped, sold at EA003 on 2026-12-02 (sale demo-unknown-code)')
    expect(evidenceSummary('duplicate_code', { storeCode: 'E1', day: '2027-05-12', previousStoreCode: 'W1', previousDay: '2027-05-11' })).toBe('sold at E1 on 2027-05-12 after a sale at W1 on 2027-05-11')
    expect(evidenceSummary('sellout_exceeds_sellin', { dealerCode: 'D-E', sku: 'TEE', sellOutThrough: 8, sellInThrough: 5, through: '2027-06-30' })).toBe('D-E TEE: sold 8 but received 5 through 2027-06-30')
    expect(evidenceSummary('cross_region', { authorisedRegion: 'WEST', shipmentId: 'SH-1', storeCode: 'E1', regionCode: 'EAST', day: '2027-05-10' })).toBe('shipped to WEST (shipment SH-1), sold at E1 in EAST on 2027-05-10')
    expect(evidenceSummary('unknown_code', {})).toBe('code never shipped, sold at ? on ? (sale ?)')
  })

  it('reads in Chinese for a person, money in ¥', () => {
    expect(evidenceText('below_floor_price', FLOOR, 'zh-CN')).toBe('TEE 售价 ¥10，低于限价 ¥1,250.50；2026-03-06 在 E2')
    expect(evidenceText('unknown_code', UNKNOWN, 'zh-CN')).toBe('从未发货的码，2026-12-02 在 EA003 售出（销售单 demo-unknown-code）')
    expect(evidenceText('cross_region', { code: 'LOT-7', lotQty: 100, soldQty: 11, soldOutsideQty: 3, authorisedRegion: 'WEST', shipmentId: 'SH-2', storeCode: 'E1', day: '2027-05-10' }, 'zh-CN')).toBe(
      '批号 LOT-7：售出 11 件，其中 3 件在 WEST 以外（发货单 SH-2）；最近一次 2027-05-10 在 E1',
    )
    for (const kind of ['cross_region', 'unknown_code', 'duplicate_code', 'below_floor_price', 'sellout_exceeds_sellin']) {
      expect(evidenceText(kind, {}, 'zh-CN'), kind).not.toMatch(/\b[a-z]{2,} [a-z]{2,}\b/)
    }
  })

  it('in English on an English page, money in ¥ as the page shows it', () => {
    expect(evidenceText('below_floor_price', FLOOR, 'en')).toBe('TEE at ¥10 below floor ¥1,250.50, E2 on 2026-03-06')
    expect(evidenceText('unknown_code', UNKNOWN, 'en')).toBe(evidenceSummary('unknown_code', UNKNOWN))
  })
})
