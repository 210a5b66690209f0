// The API's English messages read in Chinese. Every message is written once, in English, where the
// check is; this catalog turns each phrase into its Chinese at the moment the answer is rendered,
// so checks stay plain and a message without an entry is still given (in English) rather than lost.
// Codes, ids and amounts inside a message are carried over as they are. The entries are in
// ./zh-fields.ts (field and cell messages) and ./zh-details.ts (problem details).
import { DETAIL } from './zh-details'
import { FIELD } from './zh-fields'
import type { Entry } from './zh-words'

const TITLE: Record<number, string> = {
  400: '请求有误',
  401: '需要身份验证',
  403: '无权操作',
  404: '未找到',
  405: '不支持的方法',
  408: '请求超时',
  409: '冲突',
  413: '请求体过大',
  415: '不支持的内容类型',
  422: '输入有误',
  423: '已锁定',
  429: '请求太频繁',
  500: '服务端错误',
  503: '服务暂不可用',
}

function translate(entries: Entry[], text: string): string {
  for (const [pattern, template] of entries) {
    if (!pattern.test(text)) continue
    return typeof template === 'string' ? text.replace(pattern, template) : text.replace(pattern, (...m) => template(...(m.slice(0, -2) as string[])))
  }
  return text
}

/** A field's or cell's message in Chinese (the English when no entry knows it). */
export const fieldMessageZh = (message: string) => translate(FIELD, message)

/** A problem's detail in Chinese; a sentence no entry knows may still end in a field phrase. */
export const detailZh = (detail: string) => translate(DETAIL, detail)

const NAMED_TITLE: Record<string, string> = {
  'Budget exceeded': '超出预算',
  'Malformed JSON': 'JSON 格式错误',
  'Malformed CSV': 'CSV 格式错误',
  'JSON nested too deeply': 'JSON 嵌套过深',
  Busy: '系统繁忙',
}

/** A problem's title in Chinese: its own when it has one, else its status's. */
export const titleZh = (status: number, title: string) => NAMED_TITLE[title] ?? TITLE[status] ?? title
