// The HTML of each report. The consolidated report's page is the dashboard: achievement by region
// and store against the 100% line, target and actual by month, open violations by kind, and the
// table; the other reports show their table, with a chart where one helps.
import { dueShare, rateToDate, type Pace } from '../../achievement/progress'
import type { Report, Row } from '../report'
import { AchievementBars, CountColumns, MonthLines, type RateItem } from './charts'
import { formatMoney, formatMoneyCompact, formatRate, type View } from './format'
import { labelOf, periodLabel, REPORT_NAMES, type Lang } from './i18n'
import { Page } from './layout'
import { navHref, NavBar, type PageNav } from './nav'
import { ReportTable } from './table'

export interface DashboardData {
  report: Report
  regions: RateItem[]
  stores: RateItem[]
  /** Set when only the best and worst stores are drawn. */
  storesNote: { stores: number; drawn: number } | null
  violationsByKind: { kind: string; count: number }[]
  period: { from: string; to: string; through: string; timeProgress: number; timeProgressBasis: 'days' | 'last_year' }
}

/** One text in the reader's language. */
const tr = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh)

/** A page's title: the report's name and its period, in the reader's language. */
const pageTitle = (report: Report, lang: Lang) =>
  report.report === 'violations' ? REPORT_NAMES.violations[lang === 'en' ? 1 : 0] : `${REPORT_NAMES[report.report][lang === 'en' ? 1 : 0]} · ${periodLabel(report.params, lang, report.report)}`

const subtitle = (report: Report, scope: { regionCodes: string[] | null }, lang: Lang) =>
  lang === 'en'
    ? `As of ${report.asOf} · ${scope.regionCodes === null ? 'all regions' : `regions ${scope.regionCodes.join(', ')}`} · ${report.rows.length} row${report.rows.length === 1 ? '' : 's'}`
    : `截至 ${report.asOf} · ${scope.regionCodes === null ? '全部区域' : `区域 ${scope.regionCodes.join('、')}`} · ${report.rows.length} 行`

/** A money card: 万 or 亿 where the figure is large, the exact amount beside it (and in `data-value`). */
function MoneyCard(props: { card?: string; title: string; value: number }) {
  const exact = formatMoney(props.value)
  return (
    <div class="card" data-card={props.card}>
      <span>{props.title}</span>
      <b data-value={exact} title={exact}>
        {formatMoneyCompact(props.value)}
      </b>
    </div>
  )
}

/**
 * A month's or a week's bars show the period's rate against the time-progress marker; the year to
 * date has no whole-period rate to draw, so its bars are the rate to date against the 100% line.
 */
const periodic = (report: Report) => report.params.month !== undefined || report.params.week !== undefined
const markerOf = (report: Report, timeProgress: number | undefined) => (periodic(report) ? timeProgress : undefined)
const barRate = (report: Report, item: { rate: number | null; rateToDate?: number | null }) => (periodic(report) ? item.rate : (item.rateToDate ?? null))

const sum = (rows: Row[], key: string) => rows.reduce((total, r) => total + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0)

export function DashboardPage(props: { data: DashboardData; scope: { regionCodes: string[] | null }; view: View; nav: PageNav }) {
  const { report } = props.data
  const { lang } = props.view
  const months = [...new Set(report.rows.map((r) => String(r.month)))].sort()
  const begun = (m: string) => m <= props.data.period.through.slice(0, 7)
  const monthly = (key: string) => months.map((m) => sum(report.rows.filter((r) => r.month === m), key))
  // The cards read the table's own rows: the target due by the as-of day, as every view counts it.
  const due = sum(report.rows, 'targetToDate')
  const actual = sum(report.rows, 'actual')
  const { period } = props.data
  const unapproved = [
    ...new Map(report.rows.filter((r) => r.targetStatus !== 'approved').map((r) => [r.regionCode, lang === 'en' ? `${r.regionCode} (${labelOf('targetStatus', String(r.targetStatus), lang)})` : `${r.regionCode}（${labelOf('targetStatus', String(r.targetStatus), lang)}）`])).values(),
  ]
  return (
    <Page title={pageTitle(report, lang)} subtitle={subtitle(report, props.scope, lang)} lang={lang} nav={<NavBar nav={props.nav} />}>
      <section class="cards">
        <MoneyCard card="target-to-date" title={tr(lang, '进度目标', 'Target to date')} value={due} />
        <MoneyCard card="actual" title={tr(lang, '实际', 'Actual')} value={actual} />
        <div class="card" data-card="rate-to-date">
          <span>{tr(lang, '进度达成率', 'Rate to date')}</span>
          <b>{formatRate(rateToDate(Math.round(actual * 100), Math.round(due * 100)))}</b>
        </div>
        <div class="card" data-card="time-progress">
          <span>{period.timeProgressBasis === 'last_year' ? tr(lang, '时间进度（按去年销售曲线）', 'Time progress (by last year’s sales)') : tr(lang, '时间进度', 'Time progress')}</span>
          <b>{formatRate(period.timeProgress)}</b>
        </div>
        <MoneyCard title={tr(lang, '回款', 'Collected')} value={sum(report.rows, 'collected')} />
        <div class="card">
          <span>{tr(lang, '未结违规', 'Open violations')}</span>
          <b>{String(props.data.violationsByKind.reduce((n, k) => n + k.count, 0))}</b>
        </div>
      </section>
      <section class="charts">
        <AchievementBars
          chart="region-achievement"
          title={`${tr(lang, '区域达成率', 'Achievement by region')} (${period.from} – ${period.through})`}
          lang={lang}
          items={props.data.regions.map((r) => ({ ...r, rate: barRate(report, r) }))}
          timeProgress={markerOf(report, period.timeProgress)}
        />
        <MonthLines
          chart="month-target-actual"
          title={tr(lang, '月度目标与实际', 'Target vs actual by month')}
          labels={months.map((m) => m.slice(5))}
          series={[
            { name: tr(lang, '目标', 'Target'), className: 'target', values: monthly('target') },
            { name: tr(lang, '进度目标', 'Target to date'), className: 'target-to-date', values: months.map((m, i) => (begun(m) ? monthly('targetToDate')[i]! : null)) },
            { name: tr(lang, '实际', 'Actual'), className: 'actual', values: months.map((m, i) => (begun(m) ? monthly('actual')[i]! : null)) },
          ]}
        />
        <CountColumns
          chart="violations-by-kind"
          title={tr(lang, '未结违规类型', 'Open violations by kind')}
          items={props.data.violationsByKind.map((k) => ({ label: labelOf('violationKind', k.kind, lang), count: k.count }))}
        />
        <AchievementBars
          chart="store-achievement"
          title={tr(lang, '门店达成率', 'Achievement by store')}
          lang={lang}
          items={props.data.stores.map((r) => ({ ...r, rate: barRate(report, r) }))}
          timeProgress={markerOf(report, period.timeProgress)}
        />
      </section>
      {props.data.storesNote && (
        <p class="note">
          {tr(lang, `共 ${props.data.storesNote.stores} 家门店：图中只画最好和最差各 ${props.data.storesNote.drawn} 家，门店排名报表列出全部。`, `${props.data.storesNote.stores} stores: the best and the worst ${props.data.storesNote.drawn} are drawn; the stores report lists them all.`)}
        </p>
      )}
      {unapproved.length > 0 && (
        <p class="note" data-note="draft-targets">
          {lang === 'en' ? `Targets not yet approved: ${unapproved.join(', ')} — rates read against them may still change.` : `目标未审批：${unapproved.join('、')}——据此计算的达成率仍可能变化。`}
        </p>
      )}
      <ReportTable columns={report.columns} rows={report.rows} view={props.view} linkOf={drillDown(props.nav)} />
    </Page>
  )
}

/**
 * Where a cell leads: a region to its stores in that month, a store to its weekly figures (this
 * week's pack, narrowed to the store).
 */
const drillDown = (nav: PageNav) => (key: string, row: Row) => {
  if (key === 'regionCode' && nav.report === 'consolidated' && row.regionCode) {
    const [year, month] = String(row.month).split('-').map(Number)
    return navHref(nav, 'stores', { [nav.regionParam]: String(row.regionCode), year, month })
  }
  if (key === 'storeCode' && row.storeCode && row.regionCode && nav.report !== 'weekly') {
    return navHref(nav, 'weekly', { [nav.regionParam]: String(row.regionCode), store: String(row.storeCode), period: 'this-week' })
  }
  if (key === 'regionCode' && row.regionCode && nav.region === undefined && nav.regions.length > 1) {
    return navHref(nav, nav.report, { [nav.regionParam]: String(row.regionCode), ...(nav.params.period ? { period: nav.params.period } : { year: nav.params.year, month: nav.params.month, week: nav.params.week }) })
  }
  return undefined
}

/** Stores and the weekly pack get their rates drawn; completeness lists only the missing days. */
export function ReportPage(props: { report: Report; scope: { regionCodes: string[] | null }; view: View; nav: PageNav }) {
  const { report } = props
  const { lang } = props.view
  const rated = report.report === 'stores' || report.report === 'weekly'
  const rows = report.report === 'completeness' ? report.rows.filter((r) => r.missing === true) : report.rows
  return (
    <Page title={pageTitle(report, lang)} subtitle={subtitle(report, props.scope, lang)} lang={lang} nav={<NavBar nav={props.nav} />}>
      {rated && (
        <section class="charts">
          <AchievementBars
            chart="store-achievement"
            title={tr(lang, '门店达成率', 'Achievement by store')}
            lang={lang}
            items={report.rows.map((r) => ({
              label: `${r.storeCode} ${r.storeName}`,
              rate: barRate(report, { rate: (r.rate as number | null) ?? null, rateToDate: (r.rateToDate as number | null) ?? null }),
              rateToDate: (r.rateToDate as number | null) ?? null,
              pace: (r.pace as Pace | null) ?? null,
              due: dueShare(r.targetToDate as number, (r.target ?? r.weekTarget) as number),
            }))}
            timeProgress={markerOf(report, report.timeProgress)}
          />
        </section>
      )}
      {report.report === 'completeness' && (
        <p class="note">
          {tr(lang, `列出 ${report.rows.length} 个门店日中未上报 POS 数据的 ${rows.length} 个；CSV 和 JSON 含全部门店日。`, `${rows.length} of ${report.rows.length} store-days without POS data are listed; CSV and JSON carry every store-day.`)}
        </p>
      )}
      <ReportTable columns={report.columns} rows={rows} view={props.view} linkOf={drillDown(props.nav)} />
    </Page>
  )
}
