/**
 * The shell every page of the analysts' site shares: one self-contained HTML document with inline
 * CSS, inline SVG charts and a small inline script for sorting and filters. The
 * Content-Security-Policy allows nothing to be loaded, so a page opens from disk, offline, and can
 * never reach the network. Without the script the page still reads in full: filters only hide.
 */
import { escapeHtml, pageOpening } from "../report/html.ts";
import { OUTCOME_LABELS, type DocumentOutcome } from "../../pipeline/document-fields.ts";
import type { SectionId, Sentiment, SubsectionId } from "../../pipeline/schema.ts";

export { escapeHtml };

/** Okabe–Ito colours, told apart with every common colour-vision deficiency; each sentiment also has a symbol, so a grey print still tells them apart. */
export const SENTIMENT_STYLE: Record<Sentiment | "mixed", { colour: string; tint: string; symbol: string; label: string }> = {
  strength: { colour: "#0072B2", tint: "#dcebf6", symbol: "+", label: "strength" },
  weakness: { colour: "#D55E00", tint: "#fbe2d2", symbol: "−", label: "weakness" },
  neutral: { colour: "#6b6b6b", tint: "#efefef", symbol: "○", label: "neutral" },
  mixed: { colour: "#8a4f9e", tint: "#efe4f3", symbol: "±", label: "mixed" },
};

/** The heading each section has in the documents (codebook §What is labelled). */
export const SECTION_LABELS: Record<SectionId, string> = {
  main_findings: "Main findings",
  identifying: "Identifying children and young people's special educational needs and/or disabilities",
  meeting: "Assessing and meeting the needs of children and young people with SEND",
  outcomes: "Improving outcomes for children and young people with SEND",
  significant_weaknesses: "Areas of significant weakness",
  experience: "What is it like to be a child or young person with SEND in this area?",
  effective: "What is the area partnership doing that is effective?",
  better: "What does the area partnership need to do better?",
  priority_actions: "Areas for priority action",
  improvements: "Areas for improvement",
};

export const SUBSECTION_LABELS: Record<SubsectionId, string> = { strengths: "Strengths", development: "Areas for development" };

export const KIND_LABELS: Record<string, string> = {
  outcome_letter: "outcome letter (2016–22 framework)",
  report_2023: "inspection report (2023 framework)",
  committee_report: "council committee report with the letter",
  council_report: "council report",
  unknown: "unknown",
};

/** Outcomes in a word or two, for table cells (the full label goes in the cell's title). */
export const OUTCOME_SHORT: Record<DocumentOutcome, string> = {
  positive: "positive",
  inconsistent: "inconsistent",
  systemic_failings: "systemic failings",
  wsoa_required: "WSOA required",
  wsoa_not_required: "no WSOA",
};

/** Document kinds in a word or two, for table cells. */
export const KIND_SHORT: Record<string, string> = {
  outcome_letter: "letter",
  report_2023: "report",
  committee_report: "committee report",
  council_report: "council report",
  unknown: "unknown",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Inspection dates in few characters: "18–22 Nov 2024", "27 Nov – 1 Dec 2023", "30 Dec 2024 – 3 Jan 2025";
 * one date alone as "18 Nov 2024"; "—" for none.
 */
export function dateRange(start: string | null, end: string | null): string {
  const parse = (iso: string) => ({ y: iso.slice(0, 4), m: MONTHS[Number(iso.slice(5, 7)) - 1] ?? "?", d: String(Number(iso.slice(8, 10))) });
  if (start === null || end === null) {
    const one = start ?? end;
    if (one === null) return "—";
    const p = parse(one);
    return `${p.d} ${p.m} ${p.y}`;
  }
  const a = parse(start);
  const b = parse(end);
  if (a.y !== b.y) return `${a.d} ${a.m} ${a.y} – ${b.d} ${b.m} ${b.y}`;
  if (a.m !== b.m) return `${a.d} ${a.m} – ${b.d} ${b.m} ${b.y}`;
  return `${a.d}–${b.d} ${b.m} ${b.y}`;
}

/** The readable outcome, or "not stated". */
export function outcomeLabel(o: DocumentOutcome | null): string {
  return o === null ? "not stated" : OUTCOME_LABELS[o];
}

/** A sentiment (or roll-up) badge: symbol + word, coloured. */
export function badge(s: Sentiment | "mixed"): string {
  const st = SENTIMENT_STYLE[s];
  return `<span class="badge b-${s}"><span class="sym" aria-hidden="true">${st.symbol}</span> ${st.label}</span>`;
}

/** A share as "19.7%", or "—" when there is none. */
export function percent(x: number | null): string {
  return x === null ? "—" : `${(100 * x).toFixed(1)}%`;
}

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --band: #f5f7fa; --link: #1f4f8f;
  --s: ${SENTIMENT_STYLE.strength.colour}; --s-tint: ${SENTIMENT_STYLE.strength.tint};
  --w: ${SENTIMENT_STYLE.weakness.colour}; --w-tint: ${SENTIMENT_STYLE.weakness.tint};
  --n: ${SENTIMENT_STYLE.neutral.colour}; --n-tint: ${SENTIMENT_STYLE.neutral.tint};
  --m: ${SENTIMENT_STYLE.mixed.colour}; --m-tint: ${SENTIMENT_STYLE.mixed.tint}; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 20px 28px 48px; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.02rem; margin: 1.1rem 0 0.4rem; }
section, h2, h3 { scroll-margin-top: 64px; }
td.date, td.nowrap { white-space: nowrap; }
td.themes { font-size: 0.82rem; }
td.themes span { display: block; white-space: nowrap; }

p { max-width: 80ch; }
.crumbs { font-size: 0.9rem; color: var(--muted); }
.muted { color: var(--muted); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0.6rem 0 1rem; font-size: 0.95rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.outcome { display: inline-block; padding: 2px 10px; border-radius: 12px; border: 1px solid var(--rule); background: var(--band); font-weight: 600; }
.overview { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 8px 32px; align-items: start; }
.charts { display: flex; flex-wrap: wrap; gap: 20px 28px; align-items: flex-start; margin: 12px 0; }
figure.chart { margin: 0; max-width: 100%; overflow-x: auto; }
figure.chart svg { display: block; max-width: none; height: auto; }
.table-wrap { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; font-size: 0.88rem; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #e9edf3; position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--link); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
tbody tr:nth-child(even) { background: var(--band); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 22px; align-items: center; padding: 8px 12px; border: 1px solid var(--rule); border-radius: 6px; background: var(--band); margin: 12px 0; position: sticky; top: 0; z-index: 2; }
.filters.static { position: static; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 12px; align-items: center; }
.filters legend { float: left; margin-right: 8px; color: var(--muted); }
.filters label { white-space: nowrap; }
.filters output { color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 0.82rem; font-weight: 600; border: 1px solid; white-space: nowrap; }
.b-strength { color: var(--s); border-color: var(--s); background: var(--s-tint); }
.b-weakness { color: var(--w); border-color: var(--w); background: var(--w-tint); }
.b-neutral { color: var(--n); border-color: var(--n); background: var(--n-tint); }
.b-mixed { color: var(--m); border-color: var(--m); background: var(--m-tint); }
.sym { font-weight: 700; display: inline-block; min-width: 0.9em; text-align: center; }
.finding { margin: 0.7rem 0 1rem; }
.finding-head { font-size: 0.85rem; color: var(--muted); margin-bottom: 3px; }
ol.sentences { list-style: none; margin: 0; padding: 0; }
li.sentence { margin: 3px 0; padding: 4px 10px 4px 8px; border-left: 5px solid; border-radius: 3px; display: flex; gap: 8px; align-items: baseline; }
li.sentence .text { flex: 1 1 auto; }
li.sentence .sym { font-size: 1.05rem; }
li.strength { background: var(--s-tint); border-left-color: var(--s); border-left-style: solid; }
li.strength .sym { color: var(--s); }
li.weakness { background: var(--w-tint); border-left-color: var(--w); border-left-style: double; border-left-width: 6px; }
li.weakness .sym { color: var(--w); }
li.neutral { background: var(--n-tint); border-left-color: var(--n); border-left-style: dotted; }
li.neutral .sym { color: var(--n); }
.chips { display: inline-flex; flex-wrap: wrap; gap: 4px; justify-content: flex-end; max-width: 40%; }
.chip { font-size: 0.75rem; padding: 0 6px; border-radius: 8px; background: #fff; border: 1px solid #b9b9b9; color: #333; white-space: nowrap; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 0.9rem; }
.compare { display: grid; gap: 12px 18px; }
.compare > div { min-width: 0; }
.compare h4 { margin: 0.2rem 0; font-size: 0.95rem; }
.compare ol.sentences li { font-size: 0.9rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }
@media (max-width: 900px) { .overview { grid-template-columns: 1fr; } }
@media (max-width: 700px) { main { padding: 14px 10px 32px; } body { font-size: 14px; } .compare { grid-template-columns: 1fr !important; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .filters { display: none; }
  h2 { break-after: avoid; }
  figure.chart, li.sentence, tr { break-inside: avoid; }
  li.sentence { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .table-wrap, figure.chart { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`.trim();

/**
 * Sorting for tables with `data-sortable` (click a heading; numbers sort by `data-value`) and the
 * filters: a form `data-filter-for="SELECTOR"` hides the items it matches whose `data-sentiment`
 * is unticked or whose `data-themes`/`data-outcome` lack the chosen value; containers with
 * `data-hide-empty` are hidden when no item inside them is shown.
 */
const SCRIPT = `
(function () {
  "use strict";
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.getAttribute("data-value");
          return v !== null ? v : cell.textContent.trim().toLowerCase();
        };
        var numeric = th.hasAttribute("data-numeric");
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (numeric) { x = x === "" ? -Infinity : Number(x); y = y === "" ? -Infinity : Number(y); }
          var c = x < y ? -1 : x > y ? 1 : 0;
          return dir === "ascending" ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.querySelectorAll("form[data-filter-for]").forEach(function (form) {
    var items = document.querySelectorAll(form.getAttribute("data-filter-for"));
    var out = form.querySelector("output");
    function apply() {
      var on = {};
      form.querySelectorAll("input[name=sentiment]").forEach(function (b) { on[b.value] = b.checked; });
      var theme = form.querySelector("select[name=theme]");
      var outcome = form.querySelector("select[name=outcome]");
      var shown = 0;
      items.forEach(function (it) {
        var ok = true;
        var s = it.getAttribute("data-sentiment");
        if (s !== null && on[s] === false) ok = false;
        if (ok && theme && theme.value !== "") ok = (" " + (it.getAttribute("data-themes") || "") + " ").indexOf(" " + theme.value + " ") >= 0;
        if (ok && outcome && outcome.value !== "") ok = it.getAttribute("data-outcome") === outcome.value;
        it.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll("[data-hide-empty]").forEach(function (box) {
        box.hidden = box.querySelector(form.getAttribute("data-filter-for") + ":not([hidden])") === null;
      });
      if (out) out.textContent = "showing " + shown + " of " + items.length;
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  });
})();
`.trim();

/**
 * Returns a complete page: `body` is trusted markup built by this folder's code (every piece of
 * document text in it escaped with `escapeHtml`). Deterministic: no dates, no random ids.
 */
export function sitePage(opts: { title: string; body: string; script?: boolean }): string {
  return [
    ...pageOpening({ title: opts.title, css: CSS, script: true, generator: "send-findings report" }),
    opts.body,
    "</main>",
    ...(opts.script === false ? [] : [`<script>\n${SCRIPT}\n</script>`]),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** A URL path from path segments (each percent-encoded), for links between pages. */
export function href(...segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join("/");
}
