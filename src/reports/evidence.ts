// A violation's evidence in one line. The CSV (and the JSON) keep the English line HQ's sheets
// have always pulled by IMPORTDATA, amounts as plain numbers; a page or a workbook reads the same
// evidence in the reader's language, money in ¥ as the page shows it.
import type { Lang } from '../lib/lang'
import { formatMoney } from './html/format'

export type Evidence = Record<string, unknown>

/** The line in `lang`, with `money` writing each amount. */
function evidenceLine(kind: string, evidence: Evidence, lang: Lang, money: (value: unknown) => string): string {
  const e = (key: string) => (evidence[key] === undefined || evidence[key] === null ? '?' : String(evidence[key]))
  const en = lang === 'en'
  switch (kind) {
    case 'cross_region':
      if (evidence.lotQty !== undefined) {
        return en
          ? `lot ${e('code')}: ${e('soldOutsideQty')} of ${e('soldQty')} sold outside ${e('authorisedRegion')} (shipment ${e('shipmentId')}); last at ${e('storeCode')} on ${e('day')}`
          : `批号 ${e('code')}：售出 ${e('soldQty')} 件，其中 ${e('soldOutsideQty')} 件在 ${e('authorisedRegion')} 以外（发货单 ${e('shipmentId')}）；最近一次 ${e('day')} 在 ${e('storeCode')}`
      }
      return en
        ? `shipped to ${e('authorisedRegion')} (shipment ${e('shipmentId')}), sold at ${e('storeCode')} in ${e('regionCode')} on ${e('day')}`
        : `发往 ${e('authorisedRegion')}（发货单 ${e('shipmentId')}），${e('day')} 在 ${e('regionCode')} 的 ${e('storeCode')} 售出`
    case 'unknown_code':
      return en ? `code never shipped, sold at ${e('storeCode')} on ${e('day')} (sale ${e('saleId')})` : `从未发货的码，${e('day')} 在 ${e('storeCode')} 售出（销售单 ${e('saleId')}）`
    case 'duplicate_code':
      return en
        ? `sold at ${e('storeCode')} on ${e('day')} after a sale at ${e('previousStoreCode')} on ${e('previousDay')}`
        : `${e('day')} 在 ${e('storeCode')} 售出，此前 ${e('previousDay')} 已在 ${e('previousStoreCode')} 售出`
    case 'below_floor_price':
      return en
        ? `${e('sku')} at ${money(evidence.unitPrice)} below floor ${money(evidence.floorPrice)}, ${e('storeCode')} on ${e('day')}`
        : `${e('sku')} 售价 ${money(evidence.unitPrice)}，低于限价 ${money(evidence.floorPrice)}；${e('day')} 在 ${e('storeCode')}`
    case 'sellout_exceeds_sellin':
      return en
        ? `${e('dealerCode')} ${e('sku')}: sold ${e('sellOutThrough')} but received ${e('sellInThrough')} through ${e('through')}`
        : `${e('dealerCode')} ${e('sku')}：截至 ${e('through')} 售出 ${e('sellOutThrough')}，但只进货 ${e('sellInThrough')}`
    default:
      return JSON.stringify(evidence)
  }
}

const plain = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : '?')
const yuan = (value: unknown) => (typeof value === 'number' ? formatMoney(value) : '?')

/** The line the CSV and the JSON carry: English, amounts as `10.00`. */
export const evidenceSummary = (kind: string, evidence: Evidence) => evidenceLine(kind, evidence, 'en', plain)

/** The line a person reads on a page or in a workbook: in `lang`, money in ¥. */
export const evidenceText = (kind: string, evidence: Evidence, lang: Lang) => evidenceLine(kind, evidence, lang, yuan)
