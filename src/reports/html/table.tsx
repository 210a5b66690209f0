// A report's rows as a table, each cell formatted by its column's kind. On a page the columns a
// reader looks for first (who, then the rate to date and the pace) come first, so a phone shows them
// without scrolling; CSV and JSON keep the report's own order.
import type { Column, Row } from '../report'
import { formatCell, type View } from './format'
import { titleIn } from './i18n'

const FIRST = ['rateToDate', 'pace', 'rate']
const rank = (key: string) => (FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length)

/** The leading text columns (code, name, month), then the rate to date, pace and rate, then the rest. */
export function pageColumns(columns: Column[]): Column[] {
  const lead = columns.findIndex((c) => c.kind !== 'text' && c.kind !== 'count')
  if (lead < 0) return columns
  const head = columns.slice(0, lead)
  const rest = columns.slice(lead)
  // The rate the page ranks by first, then its pace and the period's rate; other figures (a margin, YoY) keep their place.
  const rated = rest.filter((c) => FIRST.includes(c.key)).sort((a, b) => rank(a.key) - rank(b.key))
  return [...head, ...rated, ...rest.filter((c) => !rated.includes(c))]
}

export function ReportTable(props: { columns: Column[]; rows: Row[]; view: View; linkOf?: (key: string, row: Row) => string | undefined }) {
  const columns = pageColumns(props.columns)
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th data-key={c.key}>{titleIn(c.title, props.view.lang)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {columns.map((c) => {
                const text = formatCell(c, row[c.key] ?? null, props.view)
                const href = props.linkOf?.(c.key, row)
                return (
                  <td data-key={c.key} class={c.kind === 'pace' && row[c.key] ? `pace ${row[c.key]}` : c.kind}>
                    {href ? <a href={href}>{text}</a> : text}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
