// Every word the add-on shows a person — menu, sidebar, toasts, notes on cells, summaries — in
// Chinese, the managers' language and the default, and in English for a user whose Google locale
// is English. The worker is asked for the same language (Accept-Language), so its messages and
// column titles come back matching. Keys, tab names and the `regionops` marks never change with it.

export type Lang = 'zh-CN' | 'en'

/** Apps Script's locale ('zh_CN', 'en', 'en_US', '' when unknown): English only when it says so. */
export function langOfLocale(locale: unknown): Lang {
  return typeof locale === 'string' && /^en(?:[-_]|$)/i.test(locale.trim()) ? 'en' : 'zh-CN'
}

/** The active sheet as the sidebar describes it. */
export interface SheetLine {
  name: string
  tab: string | null
  title: string | null
  revision: number | null
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

const en = {
  menu: { open: 'Open sidebar', setup: 'Set up tabs', pull: 'Pull this tab', push: 'Push this tab' },
  needToken: 'Paste the token regionops issued you.',
  connected: (address: string, tabs: number) => `Saved. Connected to ${address}: ${tabs} tabs.`,
  notAccepted: (why: string) => `Saved, but regionops did not accept it: ${why}`,
  savedPullAgain: 'Saved. Pull this tab to see those figures.',
  saved: 'Saved.',
  setUp: (tabs: number) => `Set up ${tabs} tabs.`,
  lostKeys: 'This tab has lost its column keys (the hidden first row): run Set up tabs to bring them back.',
  pulled: (rows: number, revision: number) => `Pulled ${rows} rows at revision ${revision}.`,
  pullFirst: 'Pull this tab first: a push is checked against the figures you pulled.',
  noSuchTab: (tab: string) => `regionops no longer has a ${tab} tab.`,
  lostColumns: (titles: string[]) => `This tab has lost the columns ${titles.join(', ')}: run Set up tabs to bring them back.`,
  nothingToPush: 'Nothing to push: every row is empty.',
  stage: { reading: 'Reading the sheet', sending: (rows: number) => `Sending ${rows} rows`, writing: 'Writing back' },
  noSettings: 'Set the regionops address and your token in the sidebar first.',
  notATab: (name: string) => `"${name}" is not a regionops tab: run Set up tabs, then open one of the tabs it made.`,
  protectHeader: 'column keys and titles; regionops finds columns by these keys',
  protectComputed: (title: string) => `${title} is computed by regionops; a push does not send it`,
  pickFromList: (title: string) => `Pick a ${title} from the list.`,
  // Settings typed in the sidebar (state.ts)
  badUrl: 'The regionops address must start with https://, for example https://regionops.example.workers.dev',
  badYear: (text: string) => `${text} is not a year between 2000 and 2100`,
  longRegion: 'A region code is at most 64 characters',
  // The note on the first title cell (state.ts)
  note: {
    tab: (tab: string, title: string) => `regionops tab ${tab}: ${title}`,
    year: (year: number) => `year ${year}`,
    region: (code: string) => `region ${code}`,
    allRegions: 'all your regions',
    notPulled: 'not pulled yet',
    pulledAt: (revision: number, at?: string) => `pulled at revision ${revision}${at ? `, ${at}` : ''}`,
  },
  // After a push (summary.ts, marks.ts)
  more: (n: number) => `… and ${n} more`,
  storeSums: (region: string, month: number, storeSum: string, regionTarget: string) => `${region}, month ${month}: stores add up to ${storeSum}, the region target is ${regionTarget}`,
  pushed: (rows: number, revision: number) => `Pushed ${plural(rows, 'row')}; now at revision ${revision}.`,
  invalid: (cells: number) => `${plural(cells, 'cell')} cannot be used; nothing was applied. Bad cells are red, with the reason in their note.`,
  conflicted: (cells: number) =>
    `${plural(cells, 'cell was', 'cells were')} changed by someone else since your pull; nothing was applied. They are orange, with their value in the note: pull to take theirs, then edit again and push.`,
  /** A cell the sheet cannot show (its column is gone): by row and title. */
  rowColumn: (row: number, title: string) => `row ${row}, ${title}`,
  changed: (theirs: string, yours: string) => `changed by someone else since your pull: theirs ${theirs}, yours ${yours}`,
  blank: '(blank)',
  // Answers the client cannot use (client.ts)
  answeredHttp: (status: number) => `regionops answered HTTP ${status}`,
  cannotBeUsed: 'cannot be used',
  // The sidebar: its fixed words fill {{…}} in sidebar.html; the rest come with sidebarState.
  sidebar: {
    lang: 'en',
    connection: 'Connection',
    address: 'regionops address',
    token: 'Your token',
    save: 'Save',
    thisTab: 'This tab',
    year: 'Year',
    regionCode: 'Region code',
    allRegions: 'all your regions',
    sync: 'Sync',
    setup: 'Set up tabs',
    pull: 'Pull this tab',
    push: 'Push this tab',
    working: 'Working…',
    checking: 'Checking the connection…',
  },
  tokenSaved: 'saved; leave blank to keep it',
  sheetLine: (s: SheetLine) =>
    s.tab ? `${s.title} (${s.tab})` + (s.revision === null ? ', not pulled yet' : `, pulled at revision ${s.revision}`) : `"${s.name}" is not a regionops tab. Set up tabs, then open one.`,
}

export type Text = typeof en

const zh: Text = {
  menu: { open: '打开侧边栏', setup: '设置工作表', pull: '拉取本表', push: '推送本表' },
  needToken: '请粘贴 regionops 发给你的令牌。',
  connected: (address, tabs) => `已保存。已连接 ${address}：共 ${tabs} 个工作表。`,
  notAccepted: (why) => `已保存，但 regionops 未接受：${why}`,
  savedPullAgain: '已保存。请拉取本表以查看这些数据。',
  saved: '已保存。',
  setUp: (tabs) => `已设置 ${tabs} 个工作表。`,
  lostKeys: '本表的列键（隐藏的第 1 行）已丢失：请运行“设置工作表”恢复。',
  pulled: (rows, revision) => `已拉取 ${rows} 行，版本 ${revision}。`,
  pullFirst: '请先拉取本表：推送时会与你拉取的数据核对。',
  noSuchTab: (tab) => `regionops 已没有 ${tab} 表。`,
  lostColumns: (titles) => `本表缺少这些列：${titles.join('、')}。请运行“设置工作表”恢复。`,
  nothingToPush: '没有可推送的内容：每一行都是空的。',
  stage: { reading: '正在读取工作表', sending: (rows) => `正在发送 ${rows} 行`, writing: '正在写回' },
  noSettings: '请先在侧边栏填写 regionops 地址和你的令牌。',
  notATab: (name) => `“${name}”不是 regionops 工作表：请运行“设置工作表”，再打开它建好的工作表。`,
  protectHeader: '列键和标题；regionops 按这些键查找列',
  protectComputed: (title) => `${title}由 regionops 计算；推送不会发送此列`,
  pickFromList: (title) => `请从列表中选择${title}。`,
  badUrl: 'regionops 地址必须以 https:// 开头，例如 https://regionops.example.workers.dev',
  badYear: (text) => `${text} 不是 2000 到 2100 之间的年份`,
  longRegion: '区域代码最多 64 个字符',
  note: {
    tab: (tab, title) => `regionops 工作表 ${tab}：${title}`,
    year: (year) => `${year} 年`,
    region: (code) => `区域 ${code}`,
    allRegions: '你的全部区域',
    notPulled: '尚未拉取',
    pulledAt: (revision, at) => `已拉取，版本 ${revision}${at ? `，${at}` : ''}`,
  },
  more: (n) => `……另有 ${n} 条`,
  storeSums: (region, month, storeSum, regionTarget) => `${region} ${month}月：门店合计 ${storeSum}，区域目标为 ${regionTarget}`,
  pushed: (rows, revision) => `已推送 ${rows} 行，当前版本 ${revision}。`,
  invalid: (cells) => `${cells} 个单元格无法使用，未应用任何更改。有问题的单元格已标红，原因见单元格批注。`,
  conflicted: (cells) => `${cells} 个单元格在你拉取后已被他人修改，未应用任何更改。这些单元格已标为橙色，批注中有对方的值：请先拉取以采用对方的值，再重新编辑并推送。`,
  rowColumn: (row, title) => `第 ${row} 行，${title}`,
  changed: (theirs, yours) => `拉取后已被他人修改：对方为 ${theirs}，你的为 ${yours}`,
  blank: '（空）',
  answeredHttp: (status) => `regionops 返回了 HTTP ${status}`,
  cannotBeUsed: '无法使用',
  sidebar: {
    lang: 'zh-CN',
    connection: '连接',
    address: 'regionops 地址',
    token: '你的令牌',
    save: '保存',
    thisTab: '本表',
    year: '年份',
    regionCode: '区域代码',
    allRegions: '你的全部区域',
    sync: '同步',
    setup: '设置工作表',
    pull: '拉取本表',
    push: '推送本表',
    working: '处理中…',
    checking: '正在检查连接…',
  },
  tokenSaved: '已保存；留空则保留原令牌',
  sheetLine: (s) => (s.tab ? `${s.title}（${s.tab}）` + (s.revision === null ? '，尚未拉取' : `，已拉取，版本 ${s.revision}`) : `“${s.name}”不是 regionops 工作表。请先设置工作表，再打开其中一个。`),
}

export const textOf = (lang: Lang): Text => (lang === 'en' ? en : zh)

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/**
 * sidebar.html with its {{word}} placeholders filled, escaped for HTML. A placeholder the table
 * lacks is an error here, not a '{{…}}' in front of a manager.
 */
export function localiseSidebar(html: string, text: Text): string {
  const words: Record<string, string> = text.sidebar
  return html.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const word = words[name]
    if (word === undefined) throw new Error(`sidebar.html asks for {{${name}}}, which the add-on's words lack`)
    return escapeHtml(word)
  })
}
