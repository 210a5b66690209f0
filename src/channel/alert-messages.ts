// What an alert says to a group: one line per violation or stock alert, in Chinese, with the
// codes a manager looks up. Robots cut the lines to their size (robots/fit.ts); the Standard
// Webhooks JSON carries the records themselves.
import { toMajorUnits } from '../lib/money'
import { stockAlertReason } from '../inventory/reasons'
import type { RobotMessage } from './robots/robot'

export const KIND_TITLES: Record<string, string> = {
  cross_region: '窜货',
  unknown_code: '未知码（疑似假货）',
  duplicate_code: '重码',
  below_floor_price: '低于限价',
  sellout_exceeds_sellin: '销大于进',
}

export const STOCK_TITLES: Record<string, string> = { restock: '补货', overstock: '超储', slow_mover: '滞销' }

export interface AlertViolation {
  id: number
  kind: string
  regionCode: string
  storeCode: string | null
  dealerCode: string | null
  sku: string | null
  code: string | null
  expectedRegionCode: string | null
  unitPrice: number | null
  floorPrice: number | null
  detectedAt: string
  evidence: unknown
}

export interface StockAlertMessage {
  kind: string
  locationCode: string
  regionCode: string
  sku: string
  onHand: number
  reason: string
}

export function violationLine(v: AlertViolation): string {
  const parts = [KIND_TITLES[v.kind] ?? v.kind, `区域 ${v.regionCode}`]
  if (v.storeCode) parts.push(`门店 ${v.storeCode}`)
  if (v.dealerCode) parts.push(`经销商 ${v.dealerCode}`)
  if (v.sku) parts.push(`SKU ${v.sku}`)
  if (v.code) parts.push(`码 ${v.code}`)
  if (v.expectedRegionCode) parts.push(`应在 ${v.expectedRegionCode}`)
  if (v.unitPrice !== null && v.floorPrice !== null) parts.push(`售价 ${toMajorUnits(v.unitPrice)} < 限价 ${toMajorUnits(v.floorPrice)}`)
  return `#${v.id} ${parts.join('｜')}`
}

export const violationMessage = (violations: AlertViolation[], link?: string): RobotMessage => ({
  title: `regionops：${violations.length} 项新的渠道违规`,
  lines: violations.map(violationLine),
  link,
})

export const stockMessage = (alerts: StockAlertMessage[], link?: string): RobotMessage => ({
  title: `regionops：${alerts.length} 项新的库存预警`,
  lines: alerts.map((a) => `${STOCK_TITLES[a.kind] ?? a.kind}｜区域 ${a.regionCode}｜${a.locationCode}｜SKU ${a.sku}｜库存 ${a.onHand}｜${stockAlertReason(a, 'zh-CN', { onHand: false })}`),
  link,
})

export const testMessage = (link?: string): RobotMessage => ({
  title: 'regionops：测试消息',
  lines: ['告警接收端已连通：新的渠道违规和库存预警会发到这个群。'],
  link,
})
