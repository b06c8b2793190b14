/**
 * The site's pages as HTML strings: the index (every document, sortable and filterable, the heat
 * map and the outcome chart), one page per document (the letter as an analyst reads it, every
 * sentence shaded by its sentiment), and one before/after page per area with more than one
 * document. Pure: records in, strings out; `render.ts` puts them together.
 */
import type { ClassifiedSentence } from "../../models/classify.ts";
import { OUTCOMES } from "../../pipeline/document-fields.ts";
import { SENTIMENTS, THEME_IDS, type ThemeId } from "../../pipeline/schema.ts";
import { areaCompare, themeBars, weaknessByOutcome, weaknessHeatmap } from "./charts.ts";
import { badge, dateRange, escapeHtml, href, KIND_LABELS, KIND_SHORT, OUTCOME_SHORT, outcomeLabel, percent, SECTION_LABELS, SENTIMENT_STYLE, sitePage, SUBSECTION_LABELS } from "./html.ts";
import { type LeftOut, type SiteDocument, total } from "./site-document.ts";

/** A file read by `report` that could not be used, and the one-line error it gave. */
export interface SkippedFile {
  source: string;
  reason: string;
}

function probabilities(r: ClassifiedSentence): string {
  return `strength ${r.p_strength.toFixed(2)} · weakness ${r.p_weakness.toFixed(2)} · neutral ${r.p_neutral.toFixed(2)}`;
}

/**
 * One shaded sentence: symbol, text, theme chips; probabilities on hover. `filterThemes` is what
 * the theme filter matches (default: the sentence's themes).
 */
export function sentenceItem(r: ClassifiedSentence, filterThemes: readonly string[] = r.themes): string {
  const st = SENTIMENT_STYLE[r.sentiment];
  const chips = r.themes.map((t) => `<span class="chip">${escapeHtml(t)}</span>`).join("");
  return (
    `<li class="sentence ${r.sentiment}" data-sentiment="${r.sentiment}" data-themes="${filterThemes.join(" ")}" title="${escapeHtml(probabilities(r))}">` +
    `<span class="sym" aria-hidden="true">${st.symbol}</span><span class="vh">${st.label}: </span>` +
    `<span class="text">${escapeHtml(r.text)}</span>${chips ? `<span class="chips" aria-label="themes">${chips}</span>` : ""}</li>`
  );
}

function legend(): string {
  return `<div class="legend" aria-label="legend">${SENTIMENTS.map((s) => badge(s)).join(" ")}<span class="muted">hover a sentence for its probabilities</span></div>`;
}

function themeOptions(themes: readonly ThemeId[]): string {
  return `<option value="">all themes</option>${themes.map((t) => `<option value="${t}">${t}</option>`).join("")}`;
}

function dates(start: string | null, end: string | null): string {
  return start && end ? `${start} to ${end}` : (start ?? end ?? "—");
}

function metaList(d: SiteDocument): string {
  const md = d.doc.metadata;
  const items: [string, string][] = [
    ["area", escapeHtml(md.local_area ?? "—")],
    ["document", escapeHtml(KIND_LABELS[d.doc.kind] ?? d.doc.kind)],
    ["outcome", `<span class="outcome">${escapeHtml(outcomeLabel(d.fields.outcome))}</span>`],
    ["inspection", escapeHtml(dates(md.inspection_start, md.inspection_end))],
    ["letter or publication date", escapeHtml(md.letter_date ?? "—")],
  ];
  if (d.doc.framework === "2023") {
    items.push(["previous inspection", escapeHtml(dates(md.previous_inspection_start, md.previous_inspection_end))], ["next inspection", escapeHtml(md.next_inspection ?? "—")]);
  }
  items.push(["lead inspector", escapeHtml(md.lead_inspector ?? "—")]);
  const src = d.sourceHref === null ? escapeHtml(d.fields.source || "standard input") : `<a href="${escapeHtml(d.sourceHref)}">${escapeHtml(d.fields.source)}</a>`;
  items.push(["source", src], ["letter_id", `<code>${escapeHtml(d.doc.letter_id)}</code>`]);
  return `<dl class="meta">${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

/**
 * Returns a document's page: metadata and outcome, counts and the chart by theme, filters, then
 * every section and finding in reading order with its roll-up and its sentences shaded. Lives in
 * `letters/`, so links to the index go up one folder.
 */
export async function letterPage(d: SiteDocument, areaPage: string | null): Promise<string> {
  const s = d.summary;
  const present = THEME_IDS.filter((t) => total(d.themes[t]) > 0);
  const parts: string[] = [
    `<p class="crumbs"><a href="../index.html">All documents</a>${areaPage ? ` · <a href="../areas/${href(areaPage)}.html">before and after in ${escapeHtml(d.doc.metadata.local_area ?? "")}</a>` : ""}</p>`,
    `<h1>${escapeHtml(d.name)}</h1>`,
    `<div class="overview"><div>`,
    metaList(d),
    `<p>${s.findings} findings, ${s.sentences} sentences: ${badge("strength")} ${s.totals.strength} · ${badge("weakness")} ${s.totals.weakness} · ${badge("neutral")} ${s.totals.neutral} (weakness share ${percent(d.weaknessShare)}).</p>`,
    `<p>Findings rolled up: ${(["strength", "weakness", "mixed", "neutral"] as const).map((k) => `${badge(k)} ${s.rollups[k] ?? 0}`).join(" · ")}.</p>`,
    `<p>Themes with the most weaknesses: ${s.top_weakness_themes.slice(0, 5).map((t) => `${escapeHtml(t.theme)} (${t.weaknesses})`).join(", ") || "none"}.</p>`,
    `</div><figure class="chart">${await themeBars(d)}</figure></div>`,
    `<h2>The document</h2>`,
    legend(),
    `<form class="filters" data-filter-for="li.sentence" aria-label="filter sentences">` +
      `<fieldset><legend>sentiment</legend>${SENTIMENTS.map((x) => `<label><input type="checkbox" name="sentiment" value="${x}" checked> ${badge(x)}</label>`).join("")}</fieldset>` +
      `<label>theme <select name="theme">${themeOptions(present)}</select></label><output aria-live="polite"></output></form>`,
  ];
  // Sections and findings in reading order, as the classify rows come.
  let section = "";
  let finding = "";
  let open: string[] = [];
  const closeFinding = () => {
    if (finding !== "") open.push("</ol></div>");
    finding = "";
  };
  const closeSection = () => {
    closeFinding();
    if (section !== "") {
      parts.push(...open, "</section>");
      open = [];
    }
    section = "";
  };
  for (const r of d.rows) {
    const sec = `${r.section}|${r.subsection ?? ""}`;
    if (sec !== section) {
      closeSection();
      section = sec;
      const heading = `${r.section ? SECTION_LABELS[r.section] : "Sentences"}${r.subsection ? ` — ${SUBSECTION_LABELS[r.subsection]}` : ""}`;
      open.push(`<section class="doc-section" data-hide-empty><h3>${escapeHtml(heading)}</h3>`);
    }
    const fk = `${sec}|${r.finding_index}`;
    if (fk !== finding) {
      closeFinding();
      finding = fk;
      const roll = r.finding_rollup ?? "neutral";
      open.push(`<div class="finding" data-hide-empty><div class="finding-head">finding ${(r.finding_index ?? 0) + 1} · rolled up: ${badge(roll)}</div><ol class="sentences">`);
    }
    open.push(sentenceItem(r));
  }
  closeSection();
  if (d.rows.length === 0) parts.push(`<p class="muted">No finding sentences.</p>`);
  return sitePage({ title: `${d.name}: findings`, body: parts.join("\n") });
}

function outcomeOptions(docs: readonly SiteDocument[]): string {
  const present = new Set(docs.map((d) => d.fields.outcome));
  const options = OUTCOMES.filter((o) => present.has(o)).map((o) => `<option value="${o}">${escapeHtml(outcomeLabel(o))}</option>`);
  if (present.has(null)) options.push(`<option value="none">not stated</option>`);
  return `<option value="">all outcomes</option>${options.join("")}`;
}

function sortable(label: string, numeric = false): string {
  return `<th scope="col"${numeric ? " data-numeric" : ""}><button type="button">${escapeHtml(label)}</button></th>`;
}

/**
 * Returns the index page: filters, one sortable row per document, the heat map, the outcome chart,
 * the before/after pages, and the files left out or skipped with their reasons.
 */
export async function indexPage(opts: {
  title: string;
  docs: readonly SiteDocument[];
  areas: readonly { slug: string; area: string; docs: SiteDocument[] }[];
  leftOut: readonly LeftOut[];
  skipped: readonly SkippedFile[];
  model: string;
  workbook: string | null;
}): Promise<string> {
  const { docs } = opts;
  const sentences = docs.reduce((n, d) => n + d.rows.length, 0);
  const present = THEME_IDS.filter((t) => docs.some((d) => total(d.themes[t]) > 0));
  const rows = docs.map((d) => {
    const s = d.summary;
    const md = d.doc.metadata;
    const themes = THEME_IDS.filter((t) => total(d.themes[t]) > 0);
    return (
      `<tr class="doc-row" data-outcome="${d.fields.outcome ?? "none"}" data-themes="${themes.join(" ")}">` +
      `<td data-value="${escapeHtml(d.name.toLowerCase())}"><a href="letters/${href(d.page)}.html" title="${escapeHtml(d.doc.letter_id)}">${escapeHtml(d.name)}</a></td>` +
      `<td>${escapeHtml(md.local_area ?? "—")}</td>` +
      `<td title="${escapeHtml(KIND_LABELS[d.doc.kind] ?? d.doc.kind)}">${escapeHtml(KIND_SHORT[d.doc.kind] ?? d.doc.kind)}</td>` +
      `<td>${escapeHtml(d.doc.framework ?? "—")}</td>` +
      `<td class="date" data-value="${md.inspection_start ?? ""}" title="${escapeHtml(dates(md.inspection_start, md.inspection_end))}">${escapeHtml(dateRange(md.inspection_start, md.inspection_end))}</td>` +
      `<td class="nowrap" data-value="${d.fields.outcome === null ? 9 : OUTCOMES.indexOf(d.fields.outcome)}" title="${escapeHtml(outcomeLabel(d.fields.outcome))}">${escapeHtml(d.fields.outcome === null ? "—" : OUTCOME_SHORT[d.fields.outcome])}</td>` +
      `<td class="num">${s.findings}</td><td class="num">${s.sentences}</td>` +
      `<td class="num" data-value="${d.weaknessShare ?? ""}">${percent(d.weaknessShare)}</td>` +
      `<td class="themes">${s.top_weakness_themes.slice(0, 3).map((t) => `<span>${escapeHtml(t.theme)} (${t.weaknesses})</span>`).join(" ") || "—"}</td></tr>`
    );
  });
  const heat = docs.length > 0 ? await weaknessHeatmap(docs, (d) => `letters/${href(d.page)}.html`) : "";
  const byOutcome = docs.length > 0 ? await weaknessByOutcome(docs) : "";
  const parts = [
    `<h1>${escapeHtml(opts.title)}</h1>`,
    `<p>${docs.length} document${docs.length === 1 ? "" : "s"}, ${sentences} finding sentences, classified by the model <code>${escapeHtml(opts.model)}</code>.` +
      `${opts.workbook ? ` The same figures for Excel: <a href="${href(opts.workbook)}">${escapeHtml(opts.workbook)}</a>.` : ""}</p>`,
    `<h2>Documents</h2>`,
    `<form class="filters static" data-filter-for="tr.doc-row" aria-label="filter documents"><label>outcome <select name="outcome">${outcomeOptions(docs)}</select></label>` +
      `<label>theme <select name="theme">${themeOptions(present)}</select></label><output aria-live="polite"></output></form>`,
    `<div class="table-wrap"><table data-sortable id="documents"><thead><tr>${sortable("document")}${sortable("area")}${sortable("kind")}${sortable("framework")}${sortable("inspection")}${sortable("outcome", true)}${sortable("findings", true)}${sortable("sentences", true)}${sortable("weakness share", true)}<th scope="col">top weakness themes</th></tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table></div>`,
    `<p class="muted">Click a heading to sort; the theme filter keeps documents with at least one sentence on that theme.</p>`,
  ];
  if (docs.length > 0) {
    parts.push(`<h2>Weaknesses by theme</h2>`, `<div class="charts"><figure class="chart" id="heatmap">${heat}</figure></div>`);
    parts.push(`<h2>Weakness share by outcome</h2>`, `<div class="charts"><figure class="chart" id="by-outcome">${byOutcome}</figure></div>`);
  }
  if (opts.areas.length > 0) {
    parts.push(
      `<h2>Areas inspected more than once</h2>`,
      `<ul>${opts.areas.map((a) => `<li><a href="areas/${href(a.slug)}.html">${escapeHtml(a.area)}</a>: ${a.docs.map((d) => escapeHtml(d.name)).join(" → ")}</li>`).join("")}</ul>`,
    );
  }
  if (opts.leftOut.length > 0 || opts.skipped.length > 0) {
    parts.push(
      `<h2>Files not shown</h2>`,
      `<ul id="left-out">${[
        ...opts.leftOut.map((l) => `<li><code>${escapeHtml(l.source)}</code>: left out, ${escapeHtml(l.reason)}</li>`),
        ...opts.skipped.map((s) => `<li><code>${escapeHtml(s.source)}</code>: could not be read: ${escapeHtml(s.reason)}</li>`),
      ].join("")}</ul>`,
    );
  }
  return sitePage({ title: opts.title, body: parts.join("\n") });
}

/**
 * Returns an area's before/after page: its documents oldest first, the chart, then per theme each
 * document's weaknesses and strengths side by side. Lives in `areas/`.
 */
export async function areaPage(area: string, docs: readonly SiteDocument[]): Promise<string> {
  const themes = THEME_IDS.filter((t) => docs.some((d) => d.themes[t].strength + d.themes[t].weakness > 0));
  const cols = `style="grid-template-columns: repeat(${docs.length}, minmax(0, 1fr))"`;
  const parts = [
    `<p class="crumbs"><a href="../index.html">All documents</a></p>`,
    `<h1>${escapeHtml(area)}: before and after</h1>`,
    `<div class="table-wrap"><table><thead><tr><th>document</th><th>inspection</th><th>framework</th><th>outcome</th><th>sentences</th><th>weakness share</th><th>top weakness themes</th></tr></thead><tbody>` +
      docs
        .map(
          (d) =>
            `<tr><td><a href="../letters/${href(d.page)}.html">${escapeHtml(d.name)}</a></td><td>${escapeHtml(dates(d.fields.inspection_start, d.fields.inspection_end))}</td><td>${escapeHtml(d.fields.framework ?? "—")}</td>` +
            `<td>${escapeHtml(outcomeLabel(d.fields.outcome))}</td><td class="num">${d.rows.length}</td><td class="num">${percent(d.weaknessShare)}</td><td>${d.summary.top_weakness_themes.slice(0, 3).map((t) => `${escapeHtml(t.theme)} (${t.weaknesses})`).join(", ") || "—"}</td></tr>`,
        )
        .join("") +
      `</tbody></table></div>`,
    `<p class="muted">The frameworks differ: 2016–22 letters list strengths and areas for development under three headings; 2023 reports describe experiences, what works and what must improve. Compare the themes, not the section counts.</p>`,
    `<div class="charts"><figure class="chart">${await areaCompare(area, docs)}</figure></div>`,
    legend(),
    `<form class="filters" data-filter-for="li.sentence" aria-label="filter sentences"><fieldset><legend>sentiment</legend>${(["strength", "weakness"] as const).map((x) => `<label><input type="checkbox" name="sentiment" value="${x}" checked> ${badge(x)}</label>`).join("")}</fieldset>` +
      `<label>theme <select name="theme">${themeOptions(themes)}</select></label><output aria-live="polite"></output></form>`,
  ];
  for (const t of themes) {
    parts.push(`<section class="theme" id="theme-${t}" data-hide-empty><h2>${t}</h2><div class="compare" ${cols}>`);
    for (const d of docs) {
      const c = d.themes[t];
      const mine = d.rows.filter((r) => r.themes.includes(t) && r.sentiment !== "neutral");
      const list = (s: "weakness" | "strength") => mine.filter((r) => r.sentiment === s).map((r) => sentenceItem(r, [t])).join(""); // the theme filter picks whole theme sections
      parts.push(
        `<div><h4><a href="../letters/${href(d.page)}.html">${escapeHtml(d.name)}</a></h4><p class="muted">${c.weakness} weakness${c.weakness === 1 ? "" : "es"}, ${c.strength} strength${c.strength === 1 ? "" : "s"} (${total(c)} sentences with the theme)</p>` +
          `<ol class="sentences">${list("weakness")}${list("strength")}</ol></div>`,
      );
    }
    parts.push(`</div></section>`);
  }
  return sitePage({ title: `${area}: before and after`, body: parts.join("\n") });
}
