// The page around every report: readable on a laptop and a phone, no script, inline styles only
// (the response's Content-Security-Policy allows nothing else).
import type { Child } from 'hono/jsx'

const STYLE = `
:root { --good: #2e7d32; --near: #f9a825; --behind: #c62828; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: #f5f7fa; }
header, main { max-width: 1180px; margin: 0 auto; padding: 12px 16px; }
header h1 { font-size: 1.3rem; margin: 8px 0 2px; }
header p { margin: 0; color: var(--muted); font-size: .9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 8px 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card b { display: block; font-size: 1.25rem; }
.card span { color: var(--muted); font-size: .85rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 14px; }
.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart svg { width: 100%; max-width: 720px; height: auto; display: block; font-size: 13px; }
.bar.good { fill: var(--good); } .bar.near { fill: var(--near); } .bar.behind { fill: var(--behind); } .bar.count { fill: #3e5c76; }
.target-line { stroke: var(--ink); stroke-dasharray: 4 3; }
.progress-marker line { stroke: #1565c0; stroke-width: 2; } .due-tick { stroke: #0d2b52; stroke-width: 2; } .progress-marker text { fill: #1565c0; }
td.pace.ahead { color: var(--good); } td.pace.on_track { color: #8d6e00; } td.pace.behind { color: var(--behind); font-weight: 600; }
.series.target-to-date .line { stroke: #1565c0; stroke-dasharray: 5 3; } .series.target-to-date .point { fill: #1565c0; } .legend.target-to-date::before { background: #1565c0; }
.label, .value { fill: var(--ink); } .axis { fill: var(--muted); }
.grid { stroke: var(--line); }
.series .line { fill: none; stroke-width: 2.5; }
.series.target .line { stroke: #829ab1; stroke-dasharray: 6 4; } .series.target .point { fill: #829ab1; }
.series.actual .line { stroke: #0b7285; } .series.actual .point { fill: #0b7285; }
.legend { font-weight: normal; font-size: .85rem; margin-left: 12px; padding-left: 14px; position: relative; }
.legend::before { content: ""; position: absolute; left: 0; top: .45em; width: 10px; height: 3px; }
.legend.target::before { background: #829ab1; } .legend.actual::before { background: #0b7285; }
.table-wrap { overflow-x: auto; margin-top: 16px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: #eef2f6; position: sticky; top: 0; }
td.money, td.rate, td.count { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-size: .85rem; }
.nav ul { list-style: none; margin: 0 0 6px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 6px; }
.nav a { display: inline-block; padding: 3px 9px; border-radius: 14px; color: #1565c0; text-decoration: none; border: 1px solid var(--line); background: #fff; font-size: .9rem; }
.nav .reports a { font-weight: 600; }
.nav a[aria-current] { background: #1565c0; color: #fff; border-color: #1565c0; }
td a { color: #1565c0; }
th:first-child, td:first-child { position: sticky; left: 0; background: #fff; } th:first-child { background: #eef2f6; z-index: 1; }
@media (max-width: 600px) {
  body { font-size: 14px; } header h1 { font-size: 1.1rem; }
  /* A chart keeps its labels at 11 px or more: below 540 px it scrolls in its own box instead of shrinking. */
  .chart { overflow-x: auto; } .chart svg { min-width: 540px; }
  table { font-size: .85rem; } th, td { padding: 5px 6px; }
}
`

export function Page(props: { title: string; subtitle: string; lang: string; nav?: Child; children: Child }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        {/* A constant of this file, never data: safe to write unescaped (escaping would break its quotes). */}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <header>
          {props.nav}
          <h1>{props.title}</h1>
          <p>{props.subtitle}</p>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  )
}
