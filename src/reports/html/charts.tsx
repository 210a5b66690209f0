// SVG charts drawn by the worker, so a report page needs no script: achievement bars against the
// 100% line and the time-progress marker (时间进度), coloured by pace, target and actual by month as
// lines, and counts as columns. Every label is a JSX text node, which hono/jsx escapes.
import type { Pace } from '../../achievement/progress'
import { formatCompact, formatRate, paceLabel } from './format'
import type { Lang } from './i18n'

export interface RateItem {
  label: string
  rate: number | null
  /** When set, the bar is coloured by it (against the target due so far) rather than by `rate`. */
  pace?: Pace | null
  rateToDate?: number | null
  /** The share of its period's target due by now (target to date ÷ target): where its bar is on pace. */
  due?: number | null
}

const BAR_HEIGHT = 18
const ROW_GAP = 6
const LABEL_WIDTH = 150
const BAR_AREA = 380
const RATE_LABEL = 60

/** Bars scale to the best rate, at least 120% (so the 100% line sits well inside) and at most 200%. */
export function rateScale(items: RateItem[]): number {
  const best = Math.max(0, ...items.map((i) => i.rate ?? 0))
  return Math.min(2, Math.max(1.2, best))
}

const rateClass = (rate: number | null) => (rate === null ? 'none' : rate >= 1 ? 'good' : rate >= 0.8 ? 'near' : 'behind')
const PACE_CLASS: Record<Pace, string> = { ahead: 'good', on_track: 'near', behind: 'behind' }
const barClass = (item: RateItem) => (item.pace === undefined ? rateClass(item.rate) : item.pace === null ? 'none' : PACE_CLASS[item.pace])

const tooltip = (item: RateItem, lang: Lang) =>
  [`${item.label}: ${formatRate(item.rate)}`, item.rateToDate !== undefined && `${lang === 'en' ? 'rate to date' : '进度达成率'} ${formatRate(item.rateToDate)}`, item.pace && paceLabel(item.pace, lang)]
    .filter(Boolean)
    .join(' · ')

/** `timeProgress`: where the marker is drawn, the share of the period passed (a rate on time sits on it). */
export function AchievementBars(props: { chart: string; title: string; items: RateItem[]; timeProgress?: number; lang: Lang }) {
  const scale = rateScale(props.items)
  const width = LABEL_WIDTH + BAR_AREA + RATE_LABEL
  const height = props.items.length * (BAR_HEIGHT + ROW_GAP) + 24
  const hundred = LABEL_WIDTH + BAR_AREA / scale
  // Each bar's own share due: a store that opened late, or a week whose months differ, is on pace elsewhere than the period's marker.
  const dueX = (due: number) => (LABEL_WIDTH + (Math.min(due, scale) / scale) * BAR_AREA).toFixed(1)
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg data-chart={props.chart} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        {props.items.map((item, i) => {
          const y = i * (BAR_HEIGHT + ROW_GAP)
          const barWidth = item.rate === null ? 0 : (Math.min(item.rate, scale) / scale) * BAR_AREA
          return (
            <g class="bar-row">
              <text x={LABEL_WIDTH - 6} y={y + BAR_HEIGHT - 4} text-anchor="end" class="label">
                {item.label}
              </text>
              <rect
                class={`bar ${barClass(item)}`}
                data-pace={item.pace ?? undefined}
                data-rate-to-date={item.rateToDate === undefined || item.rateToDate === null ? undefined : String(item.rateToDate)}
                x={LABEL_WIDTH}
                y={y}
                width={barWidth.toFixed(1)}
                height={BAR_HEIGHT}
              >
                <title>{tooltip(item, props.lang)}</title>
              </rect>
              {props.timeProgress !== undefined && item.due !== undefined && item.due !== null && item.due < 1 && (
                <line class="due-tick" x1={dueX(item.due)} x2={dueX(item.due)} y1={y - 2} y2={y + BAR_HEIGHT + 2} />
              )}
              <text x={LABEL_WIDTH + barWidth + 4} y={y + BAR_HEIGHT - 4} class="value">
                {item.rate === null ? (props.lang === 'en' ? 'no target' : '无目标') : formatRate(item.rate)}
              </text>
            </g>
          )
        })}
        <line class="target-line" x1={hundred.toFixed(1)} x2={hundred.toFixed(1)} y1={0} y2={height - 20} />
        <text class="axis" x={hundred.toFixed(1)} y={height - 6} text-anchor="middle">
          100%
        </text>
        {props.timeProgress !== undefined && props.timeProgress < 1 && (
          <ProgressMarker x={LABEL_WIDTH + (Math.min(props.timeProgress, scale) / scale) * BAR_AREA} bottom={height - 20} timeProgress={props.timeProgress} lang={props.lang} />
        )}
      </svg>
    </figure>
  )
}

function ProgressMarker(props: { x: number; bottom: number; timeProgress: number; lang: Lang }) {
  return (
    <g class="progress-marker" data-time-progress={String(props.timeProgress)}>
      <line x1={props.x.toFixed(1)} x2={props.x.toFixed(1)} y1={0} y2={props.bottom} />
      <text class="axis" x={props.x.toFixed(1)} y={props.bottom + 14} text-anchor="middle">
        {`${props.lang === 'en' ? 'time progress' : '时间进度'} ${formatRate(props.timeProgress)}`}
      </text>
    </g>
  )
}

export interface Series {
  name: string
  className: string
  values: (number | null)[]
}

const PLOT = { left: 56, right: 12, top: 12, bottom: 28, width: 600, height: 260 }

/** Nice round axis ticks from 0 to at least `max`. */
export function axisTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0]
  const raw = max / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step)
}

export function MonthLines(props: { chart: string; title: string; labels: string[]; series: Series[] }) {
  const values = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const ticks = axisTicks(Math.max(0, ...values))
  const top = ticks[ticks.length - 1] || 1
  const plotWidth = PLOT.width - PLOT.left - PLOT.right
  const plotHeight = PLOT.height - PLOT.top - PLOT.bottom
  const x = (i: number) => PLOT.left + (props.labels.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (props.labels.length - 1))
  const y = (v: number) => PLOT.top + plotHeight - (v / top) * plotHeight
  return (
    <figure class="chart">
      <figcaption>
        {props.title}
        {props.series.map((s) => (
          <span class={`legend ${s.className}`}>{s.name}</span>
        ))}
      </figcaption>
      <svg data-chart={props.chart} viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} role="img" aria-label={props.title}>
        {ticks.map((t) => (
          <g>
            <line class="grid" x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={y(t).toFixed(1)} y2={y(t).toFixed(1)} />
            <text class="axis" x={PLOT.left - 6} y={(y(t) + 4).toFixed(1)} text-anchor="end">
              {formatCompact(t)}
            </text>
          </g>
        ))}
        {props.labels.map((label, i) => (
          <text class="axis" x={x(i).toFixed(1)} y={PLOT.height - 8} text-anchor="middle">
            {label}
          </text>
        ))}
        {props.series.map((s) => {
          const points = s.values.flatMap((v, i) => (v === null ? [] : [[x(i), y(v)] as const]))
          return (
            <g class={`series ${s.className}`} data-series={s.name}>
              <polyline class="line" points={points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} />
              {points.map(([px, py]) => (
                <circle class="point" cx={px.toFixed(1)} cy={py.toFixed(1)} r="3" />
              ))}
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

export function CountColumns(props: { chart: string; title: string; items: { label: string; count: number }[] }) {
  const width = 600
  const height = 220
  const plotHeight = height - 60
  const max = Math.max(1, ...props.items.map((i) => i.count))
  const slot = width / Math.max(1, props.items.length)
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg data-chart={props.chart} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        {props.items.map((item, i) => {
          const barHeight = (item.count / max) * plotHeight
          const x = i * slot + slot * 0.2
          return (
            <g class="bar-column">
              <rect class="bar count" x={x.toFixed(1)} y={(20 + plotHeight - barHeight).toFixed(1)} width={(slot * 0.6).toFixed(1)} height={barHeight.toFixed(1)}>
                <title>{`${item.label}: ${item.count}`}</title>
              </rect>
              <text class="value" x={(x + slot * 0.3).toFixed(1)} y={(14 + plotHeight - barHeight).toFixed(1)} text-anchor="middle">
                {String(item.count)}
              </text>
              <text class="axis" x={(x + slot * 0.3).toFixed(1)} y={height - 22} text-anchor="middle">
                {item.label}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
