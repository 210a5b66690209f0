// The bar across the top of every report page: the other reports of the same scope, the regions
// the page may narrow to, and relative periods, so a manager moves between 看板, 门店排名, 周会,
// 违规 and 日清日报 without a new link. Plain links (the page runs no script); each keeps the
// region, the period and the language the reader chose.
import { RELATIVE_PERIODS, type RelativePeriod } from '../periods'
import type { ReportName, ReportParams } from '../report'
import { PERIOD_NAMES, REPORT_NAMES, type Lang } from './i18n'

export const NAV_REPORTS: ReportName[] = ['consolidated', 'stores', 'weekly', 'violations', 'completeness']

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
  if (params.period !== undefined) return periods.includes(params.period) ? { period: params.period } : { period: periods[0] }
  if (report === 'weekly') return params.week === undefined ? { period: 'this-week' } : { year: params.year, week: params.week }
  if ((report === 'consolidated' || report === 'violations') && params.week !== undefined) return { year: params.year }
  return { year: params.year, month: params.month, week: params.week }
}

/** The relative periods each report reads: the dashboard is by month, the weekly pack by week; violations are the open ones. */
const PERIODS_OF: Record<ReportName, RelativePeriod[]> = {
  consolidated: ['this-month', 'last-month', 'ytd'],
  stores: [...RELATIVE_PERIODS],
  weekly: ['this-week', 'last-week'],
  violations: [],
  completeness: ['this-week', 'last-week', 'this-month', 'last-month'],
}

const tr = (lang: Lang, pair: readonly [string, string]) => pair[lang === 'en' ? 1 : 0]

export function NavBar(props: { nav: PageNav }) {
  const { nav } = props
  const region = { [nav.regionParam]: nav.region }
  const regionLinks = nav.regions.length > 1 ? [{ code: undefined, name: nav.lang === 'en' ? 'All regions' : '全部区域' }, ...nav.regions] : []
  const periods = PERIODS_OF[nav.report]
  return (
    <nav class="nav" aria-label={nav.lang === 'en' ? 'Reports' : '报表'}>
      <ul class="reports">
        {NAV_REPORTS.map((report) => (
          <li>
            <a href={navHref(nav, report, { ...region, ...periodFor(report, nav) })} aria-current={report === nav.report ? 'page' : undefined}>
              {tr(nav.lang, REPORT_NAMES[report])}
            </a>
          </li>
        ))}
      </ul>
      {regionLinks.length > 0 && (
        <ul class="filters" data-filter="region">
          {regionLinks.map((r) => (
            <li>
              <a href={navHref(nav, nav.report, { [nav.regionParam]: r.code, ...periodFor(nav.report, nav), store: nav.store })} aria-current={r.code === nav.region ? 'true' : undefined}>
                {r.code ? `${r.name}` : r.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      {periods.length > 0 && (
      <ul class="filters" data-filter="period">
        {periods.map((period) => (
          <li>
            <a href={navHref(nav, nav.report, { ...region, period, store: nav.store })} aria-current={nav.params.period === period ? 'true' : undefined}>
              {tr(nav.lang, PERIOD_NAMES[period])}
            </a>
          </li>
        ))}
      </ul>
      )}
    </nav>
  )
}
