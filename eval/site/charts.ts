/**
 * The site's charts: Vega-Lite specs rendered to inline SVG by the eval report's `renderSvg`
 * (same look, no loading, deterministic). Each mark gets a `description`, which vega writes as the
 * mark's `aria-label`; `withHoverTitles` copies it into an SVG `<title>` so that the browser shows
 * it on hover, with no script.
 */
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../report/charts.ts";
import { OUTCOMES, type DocumentOutcome } from "../../pipeline/document-fields.ts";
import { THEME_IDS, type ThemeId } from "../../pipeline/schema.ts";
import { escapeHtml, outcomeLabel, SENTIMENT_STYLE } from "./html.ts";
import { total, type SiteDocument } from "./site-document.ts";

/** Colours for documents compared on a before/after page (Okabe–Ito, without the sentiment colours). */
const DOCUMENT_COLOURS = ["#4d4d4d", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#F0E442"];
const NONE_COLOUR = "#eeeeee";

/**
 * Gives every mark that has an `aria-label` a `<title>` child with the same text, so the label
 * shows on hover; `link` may wrap a mark in a link (by its label). Vega writes rect and bar marks
 * as self-closing `<path …/>`. (Vega's own `href` channel resolves links asynchronously, through
 * the loader that the charts keep offline, so a rendered SVG would have none.)
 */
export function withHoverTitles(svg: string, link?: (label: string) => string | null): string {
  return svg.replace(/<path aria-label="([^"]*)"([^>]*?)\/>/g, (_all, label: string, rest: string) => {
    const mark = `<path aria-label="${label}"${rest}><title>${label}</title></path>`;
    const to = link?.(label) ?? null;
    return to === null ? mark : `<a href="${escapeHtml(to)}">${mark}</a>`;
  });
}

/** The text of an attribute value as vega escapes it (named and numeric character references). */
function unescapeXml(s: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ref: string) =>
    ref[0] === "#" ? String.fromCodePoint(ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))) : (named[ref.toLowerCase()] ?? all),
  );
}

async function render(spec: unknown, title: string, description: string, link?: (label: string) => string | null): Promise<string> {
  return withHoverTitles(await renderSvg(spec as TopLevelSpec, title, description), link);
}

/** The outcome groups in display order: the five outcomes, then "not stated", only those present. */
export function outcomeGroups(docs: readonly SiteDocument[]): (DocumentOutcome | null)[] {
  const present = new Set(docs.map((d) => d.fields.outcome));
  return [...OUTCOMES.filter((o) => present.has(o)), ...(present.has(null) ? [null] : [])];
}

/**
 * Returns the heat map of documents × themes, coloured by the share of each cell's sentences that
 * are weaknesses, one block of rows per outcome. Every document has one cell per theme (20); a
 * theme the document never mentions is drawn grey. Within a block, documents with the larger share
 * of weakness sentences come first. Hover: counts; click: the document's page.
 */
export async function weaknessHeatmap(docs: readonly SiteDocument[], pageHref: (d: SiteDocument) => string): Promise<string> {
  const title = "Share of weakness sentences by theme";
  const groups = outcomeGroups(docs);
  const rows = groups.map((g, gi) => {
    // Within a group, most weaknesses first: the pattern across themes reads from top to bottom.
    const mine = docs.filter((d) => d.fields.outcome === g).sort((a, b) => (b.weaknessShare ?? -1) - (a.weaknessShare ?? -1));
    const values = mine.flatMap((d) =>
      THEME_IDS.map((theme) => {
        const c = d.themes[theme];
        const n = total(c);
        const share = n === 0 ? null : c.weakness / n;
        const tip =
          n === 0
            ? `${d.name} · ${theme}: no sentences`
            : `${d.name} · ${theme}: ${c.weakness} of ${n} sentences weaknesses (${Math.round(100 * share!)}%); ${c.strength} strengths, ${c.neutral} neutral`;
        return { doc: d.name, theme, share, tip };
      }),
    );
    // Theme names on the first block only: the blocks share their columns.
    const x = { field: "theme", type: "nominal", sort: [...THEME_IDS], title: null, axis: gi === 0 ? { labelAngle: -50, orient: "top", labelLimit: 160 } : null };
    const y = { field: "doc", type: "nominal", sort: mine.map((d) => d.name), title: null, axis: { labelLimit: 220 } };
    return {
      title: { text: `${outcomeLabel(g)} (${mine.length} document${mine.length === 1 ? "" : "s"})`, fontSize: 12, anchor: "start" },
      width: { step: 24 },
      height: { step: 18 },
      data: { values },
      layer: [
        {
          transform: [{ filter: "datum.share !== null" }],
          mark: { type: "rect", stroke: "white", strokeWidth: 1 },
          encoding: {
            x,
            y,
            color: { field: "share", type: "quantitative", title: "weakness share", scale: { domain: [0, 1], scheme: "oranges" }, legend: { format: ".0%", orient: "right" } },
            description: { field: "tip" },
          },
        },
        {
          transform: [{ filter: "datum.share === null" }],
          mark: { type: "rect", stroke: "white", strokeWidth: 1, fill: NONE_COLOUR },
          encoding: { x, y, description: { field: "tip" } },
        },
      ],
    };
  });
  const spec = {
    title: { text: title, subtitle: "cell: weakness sentences / sentences with the theme; grey: theme not mentioned; hover for counts, click for the document" },
    vconcat: rows,
    spacing: 14,
  };
  // Each cell's label starts with its document's name (unique within the site): that finds its page.
  const byName = new Map(docs.map((d) => [d.name, pageHref(d)]));
  const link = (label: string) => {
    const text = unescapeXml(label);
    const cut = text.lastIndexOf(" · ", text.indexOf(": "));
    return cut < 0 ? null : (byName.get(text.slice(0, cut)) ?? null);
  };
  return render(spec, title, `${title}: ${docs.length} documents × ${THEME_IDS.length} themes, grouped by outcome.`, link);
}

/**
 * Returns the share of weakness sentences per outcome: a bar for all sentences of the group's
 * documents together, and a tick per document (hover for its name and share).
 */
export async function weaknessByOutcome(docs: readonly SiteDocument[]): Promise<string> {
  const title = "Weakness share by outcome";
  const groups = outcomeGroups(docs);
  const bars = groups.map((g) => {
    const mine = docs.filter((d) => d.fields.outcome === g);
    const n = mine.reduce((s, d) => s + d.rows.length, 0);
    const w = mine.reduce((s, d) => s + d.summary.totals.weakness, 0);
    const share = n === 0 ? 0 : w / n;
    return { outcome: outcomeLabel(g), share, tip: `${outcomeLabel(g)}: ${w} of ${n} sentences weaknesses (${(100 * share).toFixed(1)}%) in ${mine.length} document${mine.length === 1 ? "" : "s"}`, text: `${(100 * share).toFixed(0)}% · ${mine.length} doc${mine.length === 1 ? "" : "s"}` };
  });
  const ticks = docs
    .filter((d) => d.weaknessShare !== null)
    .map((d) => ({ outcome: outcomeLabel(d.fields.outcome), share: d.weaknessShare, tip: `${d.name}: ${(100 * d.weaknessShare!).toFixed(1)}% weaknesses (${d.summary.totals.weakness} of ${d.rows.length} sentences)` }));
  const y = { field: "outcome", type: "nominal", sort: groups.map(outcomeLabel), title: null, axis: { labelLimit: 320 } };
  const x = { field: "share", type: "quantitative", title: "share of sentences that are weaknesses", scale: { domain: [0, 1] }, axis: { format: ".0%", values: [0, 0.2, 0.4, 0.6, 0.8, 1] } };
  const spec = {
    title: { text: title, subtitle: "bar: all sentences of the group; tick: one document" },
    width: 360,
    height: { step: 34 },
    layer: [
      { data: { values: bars }, mark: { type: "bar", color: SENTIMENT_STYLE.weakness.tint, stroke: SENTIMENT_STYLE.weakness.colour, size: 22 }, encoding: { y, x, description: { field: "tip" } } },
      { data: { values: ticks }, mark: { type: "tick", color: "#222", thickness: 2, size: 18 }, encoding: { y, x, description: { field: "tip" } } },
      { data: { values: bars }, mark: { type: "text", align: "left", dx: 4, fontSize: 10 }, encoding: { y, x: { datum: 1, type: "quantitative" }, text: { field: "text" } } },
    ],
  };
  return render(spec, title, `${title}: ${groups.length} outcome groups, ${docs.length} documents.`);
}

/** Returns a document's strengths and weaknesses per theme, side by side, for the themes it mentions. */
export async function themeBars(d: SiteDocument): Promise<string> {
  const title = "Strengths and weaknesses by theme";
  const themes = THEME_IDS.filter((t) => d.themes[t].strength + d.themes[t].weakness > 0);
  const values = themes.flatMap((theme) =>
    (["strength", "weakness"] as const).map((s) => ({ theme, sentiment: s, count: d.themes[theme][s], tip: `${theme}: ${d.themes[theme][s]} ${s} sentence${d.themes[theme][s] === 1 ? "" : "s"}` })),
  );
  if (values.length === 0) {
    const spec = { title: { text: title }, width: 320, height: 40, data: { values: [{ x: 0, t: "no strengths or weaknesses with a theme" }] }, mark: { type: "text", fontStyle: "italic" }, encoding: { text: { field: "t" } } };
    return render(spec, title, `${title}: none.`);
  }
  const spec = {
    title: { text: title, subtitle: "sentences per theme (a sentence can have up to three themes)" },
    width: 300,
    height: { step: 11 },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "theme", type: "nominal", sort: themes, title: null, axis: { labelLimit: 200 } },
      yOffset: { field: "sentiment", sort: ["strength", "weakness"] },
      x: { field: "count", type: "quantitative", title: "sentences", axis: { tickMinStep: 1, format: "d" } },
      color: {
        field: "sentiment",
        type: "nominal",
        sort: ["strength", "weakness"],
        scale: { domain: ["strength", "weakness"], range: [SENTIMENT_STYLE.strength.colour, SENTIMENT_STYLE.weakness.colour] },
        legend: { orient: "top", title: null },
      },
      description: { field: "tip" },
    },
  };
  return render(spec, title, `${title}: ${themes.length} themes.`);
}

/**
 * Returns the before/after chart of an area: per theme, each document's weaknesses (left panel)
 * and strengths (right panel), documents in date order.
 */
export async function areaCompare(area: string, docs: readonly SiteDocument[]): Promise<string> {
  const title = `${area}: strengths and weaknesses by theme in each document`;
  const themes: ThemeId[] = THEME_IDS.filter((t) => docs.some((d) => d.themes[t].strength + d.themes[t].weakness > 0));
  const names = docs.map((d) => d.name);
  const values = themes.flatMap((theme) =>
    docs.flatMap((d) => (["weakness", "strength"] as const).map((s) => ({ theme, doc: d.name, sentiment: s, count: d.themes[theme][s], tip: `${d.name} · ${theme}: ${d.themes[theme][s]} ${s} sentence${d.themes[theme][s] === 1 ? "" : "s"}` }))),
  );
  const panel = (s: "weakness" | "strength", showAxis: boolean) => ({
    title: { text: s === "weakness" ? "weaknesses" : "strengths", fontSize: 12, color: SENTIMENT_STYLE[s].colour },
    width: 220,
    height: { step: 9 },
    transform: [{ filter: `datum.sentiment === '${s}'` }],
    mark: { type: "bar" },
    encoding: {
      y: { field: "theme", type: "nominal", sort: themes, title: null, axis: showAxis ? { labelLimit: 200 } : null },
      yOffset: { field: "doc", sort: names },
      x: { field: "count", type: "quantitative", title: "sentences", axis: { tickMinStep: 1, format: "d" } },
      color: { field: "doc", type: "nominal", sort: names, title: "document", scale: { domain: names, range: DOCUMENT_COLOURS.slice(0, Math.max(1, names.length)) }, legend: { orient: "top" } },
      description: { field: "tip" },
    },
  });
  const spec = {
    title: { text: title, subtitle: "bars per theme: one per document, oldest first; both panels on one scale" },
    data: { values },
    hconcat: [panel("weakness", true), panel("strength", false)],
    resolve: { scale: { x: "shared" } },
    spacing: 16,
  };
  return render(spec, title, `${title}: ${themes.length} themes, ${docs.length} documents.`);
}
