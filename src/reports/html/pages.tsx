// The HTML of each report. The consolidated report's page is the dashboard: achievement by region
// and store against the 100% line, target and actual by month, open violations by kind, and the
// table; the other reports show their table, with a chart where one helps.
import { dueShare, rateToDate, type Pace } from '../../achievement/progress'
import type { Report, Row } from '../report'
import { AchievementBars, CountColumns, MonthLines, type RateItem } from './charts'
import { formatMoney, formatRate } from './format'
import { Page } from './layout'
import { ReportTable } from './table'

export interface DashboardData {
  report: Report
  regions: RateItem[]
  stores: RateItem[]
  /** Set when only the best and worst stores are drawn. */
  storesNote: string | null
  violationsByKind: { label: string; count: number }[]
  period: { from: string; to: string; through: string; timeProgress: number; timeProgressBasis: 'days' | 'last_year' }
}

const subtitle = (report: Report, scope: string) => `As of ${report.asOf} · ${scope} · ${report.rows.length} rows`

/**
 * A month's or a week's bars show the period's rate against the time-progress marker; the year to
 * date has no whole-period rate to draw, so its bars are the rate to date against the 100% line.
 */
const periodic = (report: Report) => report.params.month !== undefined || report.params.week !== undefined
const markerOf = (report: Report, timeProgress: number | undefined) => (periodic(report) ? timeProgress : undefined)
const barRate = (report: Report, item: { rate: number | null; rateToDate?: number | null }) => (periodic(report) ? item.rate : (item.rateToDate ?? null))

const sum = (rows: Row[], key: string) => rows.reduce((total, r) => total + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0)

export function DashboardPage(props: { data: DashboardData; scope: string }) {
  const { report } = props.data
  const months = [...new Set(report.rows.map((r) => String(r.month)))].sort()
  const begun = (m: string) => m <= props.data.period.through.slice(0, 7)
  const monthly = (key: string) => months.map((m) => sum(report.rows.filter((r) => r.month === m), key))
  // The cards read the table's own rows: the target due by the as-of day, as every view counts it.
  const due = sum(report.rows, 'targetToDate')
  const actual = sum(report.rows, 'actual')
  const { period } = props.data
  const unapproved = [...new Map(report.rows.filter((r) => r.targetStatus !== 'approved').map((r) => [r.regionCode, `${r.regionCode} (${r.targetStatus})`])).values()]
  return (
    <Page title={report.title} subtitle={subtitle(report, props.scope)}>
      <section class="cards">
        <div class="card" data-card="target-to-date">
          <span>Target to date 进度目标</span>
          <b>{formatMoney(due)}</b>
        </div>
        <div class="card" data-card="actual">
          <span>Actual 实际</span>
          <b>{formatMoney(actual)}</b>
        </div>
        <div class="card" data-card="rate-to-date">
          <span>Rate to date 进度达成率</span>
          <b>{formatRate(rateToDate(Math.round(actual * 100), Math.round(due * 100)))}</b>
        </div>
        <div class="card" data-card="time-progress">
          <span>{period.timeProgressBasis === 'last_year' ? 'Time progress 时间进度 (by last year’s sales)' : 'Time progress 时间进度'}</span>
          <b>{formatRate(period.timeProgress)}</b>
        </div>
        <div class="card">
          <span>Collected 回款</span>
          <b>{formatMoney(sum(report.rows, 'collected'))}</b>
        </div>
        <div class="card">
          <span>Open violations 未结违规</span>
          <b>{String(props.data.violationsByKind.reduce((n, k) => n + k.count, 0))}</b>
        </div>
      </section>
      <section class="charts">
        <AchievementBars
          chart="region-achievement"
          title={`Achievement by region 区域达成率 (${period.from} – ${period.through})`}
          items={props.data.regions.map((r) => ({ ...r, rate: barRate(report, r) }))}
          timeProgress={markerOf(report, period.timeProgress)}
        />
        <MonthLines
          chart="month-target-actual"
          title="Target vs actual by month 月度目标与实际"
          labels={months.map((m) => m.slice(5))}
          series={[
            { name: 'Target 目标', className: 'target', values: monthly('target') },
            { name: 'Target to date 进度目标', className: 'target-to-date', values: months.map((m, i) => (begun(m) ? monthly('targetToDate')[i]! : null)) },
            { name: 'Actual 实际', className: 'actual', values: months.map((m, i) => (begun(m) ? monthly('actual')[i]! : null)) },
          ]}
        />
        <CountColumns chart="violations-by-kind" title="Open violations by kind 未结违规类型" items={props.data.violationsByKind} />
        <AchievementBars
          chart="store-achievement"
          title="Achievement by store 门店达成率"
          items={props.data.stores.map((r) => ({ ...r, rate: barRate(report, r) }))}
          timeProgress={markerOf(report, period.timeProgress)}
        />
      </section>
      {props.data.storesNote && <p class="note">{props.data.storesNote}</p>}
      {unapproved.length > 0 && (
        <p class="note" data-note="draft-targets">
          {`Targets not yet approved 目标未审批: ${unapproved.join(', ')} — rates read against them may still change.`}
        </p>
      )}
      <ReportTable columns={report.columns} rows={report.rows} />
    </Page>
  )
}

/** Stores and the weekly pack get their rates drawn; completeness lists only the missing days. */
export function ReportPage(props: { report: Report; scope: string }) {
  const { report } = props
  const rated = report.report === 'stores' || report.report === 'weekly'
  const rows = report.report === 'completeness' ? report.rows.filter((r) => r.missing === true) : report.rows
  return (
    <Page title={report.title} subtitle={subtitle(report, props.scope)}>
      {rated && (
        <section class="charts">
          <AchievementBars
            chart="store-achievement"
            title="Achievement by store 门店达成率"
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
          {`${rows.length} of ${report.rows.length} store-days without POS data are listed; CSV and JSON carry every store-day.`}
        </p>
      )}
      <ReportTable columns={report.columns} rows={rows} />
    </Page>
  )
}
