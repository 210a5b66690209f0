// A report's rows as a table, each cell formatted by its column's kind.
import type { Column, Row } from '../report'
import { formatCell, type View } from './format'
import { titleIn } from './i18n'

export function ReportTable(props: { columns: Column[]; rows: Row[]; view: View }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th>{titleIn(c.title, props.view.lang)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((c) => (
                <td class={c.kind === 'pace' && row[c.key] ? `pace ${row[c.key]}` : c.kind}>{formatCell(c, row[c.key] ?? null, props.view)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
