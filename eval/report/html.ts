/**
 * The precision report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts
 * and no external requests (a Content-Security-Policy forbids both), so the file can be mailed,
 * archived or opened offline and looks the same on a laptop and on paper.
 *
 * The page is generic: the eval command decides the sections. Text fields (title, headings, table
 * cells) are escaped here; `html` and `svg` are trusted markup built by our own code.
 */

/** One table: column headings and rows; `null` cells print as "n/a" (a value that cannot be computed). */
export interface ReportTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** A chart with the sentence that tells a reader what it shows and how to read it. */
export interface ReportFigure {
  /** An inline `<svg>` string, e.g. from `eval/report/charts.ts`. */
  svg: string;
  /** Trusted HTML shown under the chart (plain-language help). */
  caption?: string;
}

/**
 * One section of the report, drawn in this order: heading, prose (`html`), charts (`svg`, then
 * `figures`), table, more prose (`after`).
 */
export interface ReportSection {
  heading: string;
  /** The section's anchor (default `section-<n>`). */
  id?: string;
  /** Trusted HTML written by the caller (escape any user text with `escapeHtml`). */
  html?: string;
  /** Inline `<svg>` strings, e.g. from `eval/charts.ts`. */
  svg?: string[];
  figures?: ReportFigure[];
  table?: ReportTable;
  /** Trusted HTML after the table. */
  after?: string;
}

export interface ReportPage {
  title: string;
  /** Plain text under the title. */
  subtitle?: string;
  /** Trusted HTML between the title and the contents (provenance, verdict). */
  lead?: string;
  sections: ReportSection[];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Returns text with the five HTML-special characters escaped, safe in element content and in
 * quoted attribute values.
 *
 * @example
 * escapeHtml(`<b>"Tom" & 'Jerry'</b>`)
 * // "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Print: charts and table rows are not split across pages, the contents list is dropped, and
// wide tables wrap instead of being cut off at the paper edge.
const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --band: #f5f7fa; --na: #8a5a00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 0.6rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
p, ul { max-width: 78ch; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; background: var(--band); padding: 0 3px; border-radius: 3px; }
nav.toc { font-size: 0.92rem; border: 1px solid var(--rule); border-radius: 6px; padding: 8px 16px; background: var(--band); }
nav.toc ol { margin: 0.3rem 0; padding-left: 1.4rem; columns: 2 280px; }
a { color: #1f4f8f; }
.charts { display: flex; flex-wrap: wrap; gap: 20px 28px; align-items: flex-start; margin: 12px 0; }
figure.chart { margin: 0; max-width: 100%; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; font-size: 0.88rem; min-width: 40%; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #e9edf3; }
tbody tr:nth-child(even) { background: var(--band); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.na { color: var(--na); font-style: italic; }
td.text { max-width: 48ch; overflow-wrap: anywhere; }
p.subtitle { margin: -0.3rem 0 0.6rem; color: var(--muted); font-size: 1.05rem; }
.provenance { font-size: 0.82rem; color: var(--muted); margin: 0 0 1rem; max-width: none; }
.provenance code { overflow-wrap: anywhere; }
.verdict { border: 2px solid var(--rule); border-radius: 8px; padding: 12px 18px; margin: 0 0 1.2rem; background: #fbfcfe; }
.verdict h2 { margin: 0 0 0.5rem; border: none; padding: 0; }
.verdict ul { list-style: none; padding: 0; margin: 0; max-width: none; }
.verdict li { margin: 0.5rem 0; padding-left: 12px; border-left: 5px solid var(--rule); }
.verdict li.met { border-left-color: #2e7d32; }
.verdict li.met_uncertain { border-left-color: #c77700; }
.verdict li.not_met { border-left-color: #b3261e; }
.verdict .status { font-weight: 700; }
.verdict .means { color: var(--muted); font-size: 0.88rem; }
figure.chart figcaption { max-width: 60ch; font-size: 0.86rem; color: #333; margin-top: 4px; }
dl.glossary { max-width: 90ch; }
dl.glossary dt { font-weight: 700; margin-top: 0.5rem; }
dl.glossary dd { margin: 0 0 0 1.2rem; }
@media (max-width: 640px) { main { padding: 16px 12px 32px; } body { font-size: 14px; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  .verdict, figure.chart { break-inside: avoid; }
  h2 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
}
`.trim();

function renderCell(c: string | number | null): string {
  if (c === null || (typeof c === "number" && !Number.isFinite(c))) return `<td class="na">n/a</td>`;
  if (typeof c === "number") return `<td class="num">${Number.isInteger(c) ? String(c) : c.toFixed(3)}</td>`;
  // A line break in a cell is kept (lists of explanations read one per line).
  return `<td${c.length > 60 ? ' class="text"' : ""}>${escapeHtml(c).replace(/\n/g, "<br>")}</td>`;
}

/** A table as the report draws it (escaped cells, numbers right-aligned, null as "n/a"). */
export function tableHtml(t: ReportTable): string {
  const head = `<thead><tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("")}</tr></thead>`;
  const body = `<tbody>${t.rows.map((r) => `<tr>${r.map(renderCell).join("")}</tr>`).join("\n")}</tbody>`;
  return `<div class="table-wrap"><table>${head}\n${body}</table></div>`;
}

function sectionId(s: ReportSection, i: number): string {
  return s.id ?? `section-${i + 1}`;
}

function renderSection(s: ReportSection, i: number): string {
  const id = sectionId(s, i);
  const parts = [`<section id="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-h">`, `<h2 id="${escapeHtml(id)}-h">${escapeHtml(s.heading)}</h2>`];
  if (s.html !== undefined) parts.push(s.html);
  const figures = [...(s.svg ?? []).map((svg): ReportFigure => ({ svg })), ...(s.figures ?? [])];
  if (figures.length > 0) {
    parts.push(`<div class="charts">${figures.map((f) => `<figure class="chart">${f.svg}${f.caption !== undefined ? `<figcaption>${f.caption}</figcaption>` : ""}</figure>`).join("\n")}</div>`);
  }
  if (s.table !== undefined) parts.push(tableHtml(s.table));
  if (s.after !== undefined) parts.push(s.after);
  parts.push("</section>");
  return parts.join("\n");
}

/**
 * Returns a complete, self-contained HTML page for a report: a heading, a contents list, then each
 * section in order. No scripts and no external resources; the page's Content-Security-Policy
 * blocks both, so a stray link in trusted `html` fails loudly in a browser instead of phoning out.
 * Deterministic: the same report gives the same string (no dates, no random ids).
 *
 * @example
 * renderReportHtml({ title: "LOLO report", sections: [{ heading: "Summary", table: { columns: ["F1"], rows: [[0.8123], [null]] } }] })
 * // '<!doctype html>…<h1>LOLO report</h1>…<td class="num">0.812</td>…<td class="na">n/a</td>…'
 */
/**
 * The opening of a self-contained page, up to `<main>`: a Content-Security-Policy that lets the page
 * load nothing (inline styles, inline scripts only when `script`, images only as data: URLs), the
 * title, and the page's CSS. Shared by the precision report and the analysts' site.
 */
export function pageOpening(opts: { title: string; css: string; script?: boolean; generator?: string }): string[] {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(opts.generator !== undefined ? [`<meta name="generator" content="${escapeHtml(opts.generator)}">`] : []),
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';${opts.script ? " script-src 'unsafe-inline';" : ""} img-src data:">`,
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>\n${opts.css}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
  ];
}

export function renderReportHtml(report: ReportPage): string {
  const toc =
    report.sections.length > 1
      ? `<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>${report.sections.map((s, i) => `<li><a href="#${escapeHtml(sectionId(s, i))}">${escapeHtml(s.heading)}</a></li>`).join("")}</ol></nav>`
      : "";
  return [
    ...pageOpening({ title: report.title, css: CSS }),
    `<h1>${escapeHtml(report.title)}</h1>`,
    ...(report.subtitle !== undefined ? [`<p class="subtitle">${escapeHtml(report.subtitle)}</p>`] : []),
    ...(report.lead !== undefined ? [report.lead] : []),
    toc,
    ...report.sections.map(renderSection),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
