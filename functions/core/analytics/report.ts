/**
 * The analysts' HTML report (F16): pure rendering of the named queries' results into ONE self-contained page —
 * inline CSS, inline SVG charts drawn here, one table per query, a few lines of inline script that check the
 * charts laid out (no CDN, no network, no external file).
 */
import type { NamedQuery } from './queries.js';

export type Cell = string | number | boolean | null;
export type ResultRow = Record<string, Cell>;

export interface QueryResult {
  readonly query: NamedQuery;
  readonly rows: readonly ResultRow[];
  readonly millis: number;
}

export interface ReportInput {
  readonly title: string;
  readonly generatedAt: Date;
  readonly from?: string;
  readonly to?: string;
  /** Rows per dataset the queries ran over. */
  readonly counts: Readonly<Record<string, number>>;
  readonly results: readonly QueryResult[];
}

/** The five charts: id (the `data-chart` attribute) and title. */
export const REPORT_CHARTS = [
  { id: 'volume-by-hour', title: 'Volume by hour of day (UTC)' },
  { id: 'abandonment', title: 'Abandonment rate by day' },
  { id: 'csat-trend', title: 'CSAT trend (share of 4–5 scores)' },
  { id: 'complaints-by-category', title: 'Complaints by category' },
  { id: 'sla-compliance', title: 'Ticket SLA compliance by department' },
] as const;

/** The order centre's charts (shown when the order datasets have rows): id and title. */
export const ORDER_REPORT_CHARTS = [
  { id: 'orders-by-day', title: 'Orders per day (placed)' },
  { id: 'supply-fill-rate', title: 'Supply fill rate by product (sold / supplied)' },
  { id: 'ivr-share', title: 'IVR self-service share of orders by day' },
  { id: 'below-lower-limit', title: 'Retailers below their lower limit by period' },
] as const;

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const num = (v: Cell | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function formatCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return String(v);
}

interface Point {
  readonly label: string;
  readonly value: number;
}

/** The next even integer (so the mid grid line of a count axis is a whole number). */
const evenCeil = (v: number): number => Math.ceil(v / 2) * 2;

const W = 640;
const H = 240;
const PAD = { left: 48, right: 12, top: 12, bottom: 44 };

/** Vertical bar chart; `max` fixes the scale (rates: 1). */
export function barChart(
  id: string,
  title: string,
  points: readonly Point[],
  fmt: (v: number) => string,
  max?: number,
): string {
  const top = max ?? evenCeil(Math.max(1, ...points.map((p) => p.value)));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const slot = points.length > 0 ? iw / points.length : iw;
  const bw = Math.max(1, slot * 0.75);
  const bars = points
    .map((p, i) => {
      const h = top > 0 ? (Math.min(p.value, top) / top) * ih : 0;
      const x = PAD.left + i * slot + (slot - bw) / 2;
      const y = PAD.top + ih - h;
      const every = Math.ceil(points.length / 16);
      const label =
        i % every === 0
          ? `<text class="x-label" x="${(x + bw / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${esc(p.label)}</text>`
          : '';
      return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(h, 0.5).toFixed(1)}"><title>${esc(p.label)}: ${esc(fmt(p.value))}</title></rect>${label}`;
    })
    .join('');
  return frame(id, title, points.length, `${axes(top, fmt)}${bars}`);
}

/** Line chart with a point per value (for trends by day). */
export function lineChart(
  id: string,
  title: string,
  points: readonly Point[],
  fmt: (v: number) => string,
  max?: number,
): string {
  const top = max ?? evenCeil(Math.max(1, ...points.map((p) => p.value)));
  const inset = 36;
  const iw = W - PAD.left - PAD.right - 2 * inset;
  const ih = H - PAD.top - PAD.bottom;
  const step = points.length > 1 ? iw / (points.length - 1) : 0;
  const xy = points.map((p, i) => ({
    x: PAD.left + inset + (points.length > 1 ? i * step : iw / 2),
    y: PAD.top + ih - (top > 0 ? (Math.min(p.value, top) / top) * ih : 0),
    p,
  }));
  const every = Math.ceil(points.length / 8);
  const marks = xy
    .map(
      ({ x, y, p }, i) =>
        `<circle class="point" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5"><title>${esc(p.label)}: ${esc(fmt(p.value))}</title></circle>${
          i % every === 0
            ? `<text class="x-label" x="${x.toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${esc(p.label)}</text>`
            : ''
        }`,
    )
    .join('');
  const line =
    xy.length > 1
      ? `<polyline class="line" fill="none" points="${xy.map(({ x, y }) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`
      : '';
  return frame(id, title, points.length, `${axes(top, fmt)}${line}${marks}`);
}

function axes(top: number, fmt: (v: number) => string): string {
  const ih = H - PAD.top - PAD.bottom;
  return [0, 0.5, 1]
    .map((f) => {
      const y = PAD.top + ih - f * ih;
      return `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}"/><text class="y-label" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${esc(fmt(top * f))}</text>`;
    })
    .join('');
}

function frame(id: string, title: string, n: number, body: string): string {
  const empty =
    n === 0
      ? `<text class="empty" x="${W / 2}" y="${H / 2}" text-anchor="middle">no data in this period</text>`
      : '';
  return `<figure class="chart-box"><figcaption>${esc(title)}</figcaption><svg class="chart" data-chart="${esc(id)}" data-points="${n}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">${body}${empty}</svg></figure>`;
}

const rowsOf = (results: readonly QueryResult[], key: string): readonly ResultRow[] =>
  results.find((r) => r.query.key === key)?.rows ?? [];

/** The five charts from the query results. */
export function renderCharts(results: readonly QueryResult[]): string {
  const [hourC, abandonC, csatC, complaintsC, slaC] = REPORT_CHARTS;
  const byHour = new Map(rowsOf(results, 'hourly_volume').map((r) => [num(r.hour_of_day), num(r.contacts)]));
  const hours = Array.from({ length: 24 }, (_, h) => ({
    label: String(h).padStart(2, '0'),
    value: byHour.get(h) ?? 0,
  }));
  // Days with nothing queued have no rate (null): no point rather than a misleading 0 %.
  const abandonment = rowsOf(results, 'abandonment_rate')
    .filter((r) => r.abandonment_rate !== null)
    .map((r) => ({
      label: String(r.dt),
      value: num(r.abandonment_rate),
    }));
  const csat = rowsOf(results, 'csat_daily').map((r) => ({ label: String(r.dt), value: num(r.csat) }));
  const perCategory = new Map<string, number>();
  for (const r of rowsOf(results, 'complaints_by_category_and_department')) {
    const k = String(r.category);
    perCategory.set(k, (perCategory.get(k) ?? 0) + num(r.complaints));
  }
  const complaints = [...perCategory]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([label, value]) => ({ label, value }));
  const sla = rowsOf(results, 'sla_compliance')
    .filter((r) => r.compliance !== null)
    .map((r) => ({ label: String(r.department), value: num(r.compliance) }));
  const count = (v: number) => String(Math.round(v));
  return [
    barChart(hourC.id, hourC.title, hours, count),
    lineChart(abandonC.id, abandonC.title, abandonment, pct, 1),
    lineChart(csatC.id, csatC.title, csat, pct, 1),
    barChart(complaintsC.id, complaintsC.title, complaints, count),
    barChart(slaC.id, slaC.title, sla, pct, 1),
  ].join('\n');
}

/** The order centre's charts from the order queries' results. */
export function renderOrderCharts(results: readonly QueryResult[]): string {
  const [byDayC, fillC, ivrC, belowC] = ORDER_REPORT_CHARTS;
  const perDay = new Map<string, number>();
  for (const r of rowsOf(results, 'orders_by_branch_daily'))
    perDay.set(String(r.dt), (perDay.get(String(r.dt)) ?? 0) + num(r.order_count));
  const days = [...perDay].sort((a, b) => a[0].localeCompare(b[0]));
  // Over every period shown: units sold / units supplied per product.
  const fill = new Map<string, { sold: number; supplied: number }>();
  for (const r of rowsOf(results, 'supply_fill_rate')) {
    const k = String(r.product_code);
    const f = fill.get(k) ?? { sold: 0, supplied: 0 };
    fill.set(k, { sold: f.sold + num(r.sold), supplied: f.supplied + num(r.supplied) });
  }
  const fillPoints = [...fill]
    .filter(([, f]) => f.supplied > 0)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([label, f]) => ({ label, value: f.sold / f.supplied }));
  const ivr = rowsOf(results, 'ivr_self_service_share')
    .filter((r) => r.ivr_share !== null)
    .map((r) => ({ label: String(r.dt), value: num(r.ivr_share) }));
  const below = new Map<string, Set<string>>();
  for (const r of rowsOf(results, 'retailers_below_lower_limit'))
    below.set(String(r.period), (below.get(String(r.period)) ?? new Set()).add(String(r.customer_id)));
  const belowPoints = [...below]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([label, ids]) => ({ label, value: ids.size }));
  const count = (v: number) => String(Math.round(v));
  return [
    barChart(
      byDayC.id,
      byDayC.title,
      days.map(([label, value]) => ({ label, value })),
      count,
    ),
    barChart(fillC.id, fillC.title, fillPoints, pct, 1),
    lineChart(ivrC.id, ivrC.title, ivr, pct, 1),
    barChart(belowC.id, belowC.title, belowPoints, count),
  ].join('\n');
}

/** Whether the report has order centre data (then it shows the order charts). */
const hasOrders = (counts: Readonly<Record<string, number>>): boolean =>
  (counts.orders ?? 0) > 0 || (counts.order_supply ?? 0) > 0;

function table(r: QueryResult): string {
  const cols = r.rows[0] ? Object.keys(r.rows[0]) : [];
  const head = cols.map((c) => `<th>${esc(c)}</th>`).join('');
  const body =
    r.rows.length === 0
      ? `<tr><td colspan="${Math.max(1, cols.length)}">(no rows)</td></tr>`
      : r.rows
          .map((row) => `<tr>${cols.map((c) => `<td>${esc(formatCell(row[c]))}</td>`).join('')}</tr>`)
          .join('');
  return `<section class="query" id="q-${esc(r.query.key)}" data-query="${esc(r.query.key)}" data-rows="${r.rows.length}">
<h3>${esc(r.query.name)}</h3><p>${esc(r.query.description)} <small>(${r.rows.length} rows, ${r.millis.toFixed(0)} ms)</small></p>
<table>${head ? `<thead><tr>${head}</tr></thead>` : ''}<tbody>${body}</tbody></table>
<details><summary>SQL (Athena and DuckDB)</summary><pre>${esc(r.query.sql)}</pre></details></section>`;
}

/** Marks the page once the browser laid the charts out: `data-charts-rendered` = charts with visible marks. */
const CHECK_SCRIPT = `document.addEventListener('DOMContentLoaded',function(){var n=0;document.querySelectorAll('svg.chart').forEach(function(s){var m=s.querySelectorAll('rect.bar,circle.point');var ok=false;m.forEach(function(e){var b=e.getBBox();if(b.width>0&&b.height>0)ok=true;});if(ok||s.getAttribute('data-points')==='0'){n++;s.setAttribute('data-rendered','true');}});document.body.setAttribute('data-charts-rendered',String(n));});`;

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}
.meta{color:#666;margin:0 0 16px}.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart-box{margin:0;border:1px solid #ddd;border-radius:6px;padding:8px;background:#fff}
figcaption{font-weight:600;margin-bottom:4px}.bar{fill:#3b78c2}.line{stroke:#c2513b;stroke-width:2}
.point{fill:#c2513b}.grid{stroke:#eee}.x-label,.y-label{font-size:10px;fill:#555}.empty{fill:#999}
table{border-collapse:collapse;margin:4px 0 8px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}pre{background:#f7f7f7;padding:8px;overflow:auto}`;

export function renderReport(input: ReportInput): string {
  const period =
    input.from || input.to ? `${input.from ?? 'start'} to ${input.to ?? 'end'}` : 'all exported days';
  const counts = Object.entries(input.counts)
    .map(([k, v]) => `${esc(k)} ${v}`)
    .join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body><h1>${esc(input.title)}</h1>
<p class="meta">Period: ${esc(period)} · rows: ${counts} · generated ${esc(input.generatedAt.toISOString())} · times UTC</p>
<h2>Charts</h2><div class="charts">
${renderCharts(input.results)}
</div>
${hasOrders(input.counts) ? `<h2>Order centre</h2><div class="charts">\n${renderOrderCharts(input.results)}\n</div>` : ''}
<h2>Named queries</h2>
${input.results.map(table).join('\n')}
<script>${CHECK_SCRIPT}</script>
</body></html>
`;
}
