// The bar across the top of every report page: the other reports of the same scope, the regions
// the page may narrow to, and relative periods, so a manager moves between 看板, 门店排名, 周会,
// 违规 and 日清日报 without a new link. Plain links (the page runs no script); each keeps the
// region, the period and the language the reader chose.
import { isoWeeksInYear } from '../../lib/time'
import { RELATIVE_PERIODS, type RelativePeriod } from '../periods'
import type { ReportName, ReportParams } from '../report'
import { PERIOD_NAMES, REPORT_NAMES, type Lang } from './i18n'

export const NAV_REPORTS: ReportName[] = ['consolidated', 'stores', 'weekly', 'violations', 'completeness', 'pnl', 'scorecard']

export interface PageNav {
  /** `/r/{token}` or `/v1/reports`: the report's name follows. */
  base: string
  /** Query the base always needs (`format=html` for the API). */
  fixed: Record<string, string>
  /** The query parameter that narrows to a region (`region` on a link, `regionCode` on the API). */
  regionParam: string
  /** The regions the page may narrow to, with their names. */
  regions: { code: string; name: string }[]
  report: ReportName
  params: ReportParams
  region?: string
  store?: string
  lang: Lang
}

type Query = Record<string, string | number | undefined>

/** The page of `report` in the same scope, with `query` (undefined values left out). */
export function navHref(nav: PageNav, report: ReportName, query: Query): string {
  const search = new URLSearchParams(nav.fixed)
  for (const [key, value] of Object.entries({ lang: nav.lang, ...query })) if (value !== undefined) search.set(key, String(value))
  return `${nav.base}/${report}?${search.toString()}`
}

/** The period of the current page as another report reads it: the weekly pack needs a week, the dashboard a month at most. */
export function periodFor(report: ReportName, nav: PageNav): Query {
  const { params } = nav
  const periods = PERIODS_OF[report]
  // Violations are the open ones and the last 30 days whatever the period: any will do.
  if (report === 'violations') return params.period !== undefined ? { period: params.period } : { year: params.year }
  // The scorecard reads a quarter: the page's, its month's, or the one running.
  if (report === 'scorecard') return params.quarter !== undefined || params.month !== undefined ? { year: params.year, quarter: params.quarter ?? Math.ceil(params.month! / 3) } : { period: 'this-month' }
  if (report === 'pnl' && params.month === undefined && params.period === undefined) return { period: 'this-month' }
  if (params.period !== undefined) return periods.includes(params.period) ? { period: params.period } : { period: periods[0] }
  if (report === 'weekly') return params.week === undefined ? { period: 'this-week' } : { year: params.year, week: params.week }
  if (report === 'consolidated' && params.week !== undefined) return { year: params.year }
  return { year: params.year, month: params.month, week: params.week }
}

/** The relative periods each report reads: the dashboard is by month, the weekly pack by week; violations are the open ones. */
const PERIODS_OF: Record<ReportName, RelativePeriod[]> = {
  consolidated: ['this-month', 'last-month', 'ytd'],
  stores: [...RELATIVE_PERIODS],
  weekly: ['this-week', 'last-week'],
  violations: [],
  completeness: ['this-week', 'last-week', 'this-month', 'last-month'],
  pnl: ['this-month', 'last-month'],
  scorecard: [],
}

/** Reports that read a month of the year (the weekly pack reads a week, violations neither). */
const BY_MONTH: ReportName[] = ['consolidated', 'stores', 'completeness', 'pnl']

const tr = (lang: Lang, pair: readonly [string, string]) => pair[lang === 'en' ? 1 : 0]

/** The week before or after an ISO week, across the turn of a year. */
function stepWeek(year: number, week: number, step: 1 | -1): { year: number; week: number } {
  if (step === -1) return week > 1 ? { year, week: week - 1 } : { year: year - 1, week: isoWeeksInYear(year - 1) }
  return week < isoWeeksInYear(year) ? { year, week: week + 1 } : { year: year + 1, week: 1 }
}

function Chip(props: { href: string; current?: boolean; label: string }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'true' : undefined}>
        {props.label}
      </a>
    </li>
  )
}

export function NavBar(props: { nav: PageNav }) {
  const { nav } = props
  const { params, lang } = nav
  const region = { [nav.regionParam]: nav.region }
  const kept = { ...region, store: nav.store }
  const periods = PERIODS_OF[nav.report]
  const months = BY_MONTH.includes(nav.report) ? Array.from({ length: 12 }, (_, i) => i + 1) : []
  const week = params.week
  return (
    <nav class="nav" aria-label={lang === 'en' ? 'Reports' : '报表'}>
      <ul class="reports">
        {NAV_REPORTS.map((report) => (
          <li>
            <a href={navHref(nav, report, { ...region, ...periodFor(report, nav) })} aria-current={report === nav.report ? 'page' : undefined}>
              {tr(lang, REPORT_NAMES[report])}
            </a>
          </li>
        ))}
      </ul>
      {nav.regions.length > 1 && (
        <ul class="filters" data-filter="region">
          {/* Another region is another set of stores: the store narrowing is left behind. */}
          {[{ code: undefined, name: lang === 'en' ? 'All regions' : '全部区域' }, ...nav.regions].map((r) => (
            <Chip href={navHref(nav, nav.report, { [nav.regionParam]: r.code, ...periodFor(nav.report, nav) })} current={r.code === nav.region} label={r.name} />
          ))}
        </ul>
      )}
      {nav.store !== undefined && (
        <ul class="filters" data-filter="store">
          <Chip href={navHref(nav, nav.report, { ...region, ...periodFor(nav.report, nav) })} label={lang === 'en' ? `Store ${nav.store} · all stores` : `门店 ${nav.store} · 全部门店`} />
        </ul>
      )}
      {periods.length > 0 && (
        <ul class="filters" data-filter="period">
          {periods.map((period) => (
            <Chip href={navHref(nav, nav.report, { ...kept, period })} current={params.period === period} label={tr(lang, PERIOD_NAMES[period])} />
          ))}
        </ul>
      )}
      {months.length > 0 && (
        <ul class="filters" data-filter="month">
          {months.map((month) => (
            <Chip href={navHref(nav, nav.report, { ...kept, year: params.year, month })} current={params.month === month} label={lang === 'en' ? MONTHS_EN[month - 1]! : `${month}月`} />
          ))}
        </ul>
      )}
      {nav.report === 'scorecard' && (
        <ul class="filters" data-filter="quarter">
          {[1, 2, 3, 4].map((quarter) => (
            <Chip href={navHref(nav, nav.report, { ...kept, year: params.year, quarter })} current={params.quarter === quarter} label={lang === 'en' ? `Q${quarter}` : `第${quarter}季度`} />
          ))}
          <Chip href={navHref(nav, nav.report, { ...kept, year: params.year })} current={params.quarter === undefined} label={lang === 'en' ? 'Year-end review' : '年终评优'} />
        </ul>
      )}
      {nav.report === 'weekly' && week !== undefined && (
        <ul class="filters" data-filter="week">
          {([-1, 1] as const).map((step) => {
            const to = stepWeek(params.year, week, step)
            const label = lang === 'en' ? `${to.year}-W${String(to.week).padStart(2, '0')}` : `${to.year}年第${to.week}周`
            return <Chip href={navHref(nav, nav.report, { ...kept, ...to })} label={step === -1 ? `‹ ${label}` : `${label} ›`} />
          })}
        </ul>
      )}
    </nav>
  )
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
