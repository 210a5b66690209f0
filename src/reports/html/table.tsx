// A report's rows as a table, each cell formatted by its column's kind.
import type { Column, Row } from '../report'
import { formatCell } from './format'

export function ReportTable(props: { columns: Column[]; rows: Row[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th>{c.title}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((c) => (
                <td class={c.kind === 'pace' && row[c.key] ? `pace ${row[c.key]}` : c.kind}>{formatCell(c.kind, row[c.key] ?? null)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
