/**
 * Charts for the precision report as inline SVG strings. Each chart is a Vega-Lite spec, compiled
 * to Vega and rendered by a headless Vega `View` (renderer "none", `toSVG()`), so the report needs
 * no browser, canvas or script to draw them.
 *
 * Invariants every chart keeps:
 * - the `<svg>` has explicit `width`/`height`, a `<title>` and an `aria-label` with the chart
 *   title, and vega's ARIA labels on axes and marks;
 * - `null` (a value that cannot be computed) is drawn as a "not evaluable" note, never as a bar
 *   or point at 0;
 * - the same input gives the same string: text widths come from a built-in width table (no
 *   canvas, no fonts read from disk; installed process-wide on vega's `textMetrics` when this
 *   module loads), nothing is loaded (the loader refuses every request), and vega's global clip and
 *   gradient counters are renumbered per chart, with a prefix derived from the spec so that
 *   several charts can sit in one HTML page without their ids colliding.
 */
import { createHash } from "node:crypto";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { escapeHtml } from "./html.ts";
import { rowNormalise, type ReliabilityBin } from "../metrics.ts";

/** The note drawn in place of a value that cannot be computed. */
export const NOT_EVALUABLE = "not evaluable";

/**
 * Advance widths of printable ASCII (32..126) in thousandths of an em, after DejaVu Sans, the
 * widest of the common sans-serif fonts a browser falls back to, so labels estimated with it do
 * not overflow in Helvetica or Arial either.
 */
const CHAR_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
  1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
  500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

/**
 * Text width in pixels from the width table. Vega's own fallback (0.8 em per character) is
 * about 40% too wide for Latin text, which truncated theme names and left charts padded with
 * empty space. Capped at the item's `limit`, so bounds match the truncated text vega draws
 * (vega's truncation only compares widths against the limit, which the cap keeps correct).
 */
function estimateTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize === undefined ? 11 : Number(item.fontSize) || 0;
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  const str = text === null || text === undefined ? "" : String(text).trim();
  let ems = 0;
  for (const ch of str) {
    const code = ch.codePointAt(0)!;
    ems += code >= 32 && code <= 126 ? CHAR_WIDTHS[code - 32]! / 1000 : code >= 0x2e80 ? 1 : 0.7;
  }
  const width = ems * size * (bold ? 1.1 : 1);
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}

// Vega measures text with the `canvas` package when it is installed, which reads system fonts and
// makes the SVG differ between machines; a width function of our own is vega's supported hook
// for headless rendering (vl-convert uses it) and keeps the output the same everywhere.
(vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics.width = estimateTextWidth;

const CONFIG = {
  font: "sans-serif",
  background: "white",
  padding: 8,
  title: { anchor: "start", fontSize: 14, subtitleFontSize: 11, subtitleColor: "#444", offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", labelColor: "#222", titleColor: "#222" },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: "#ccc" },
} as const;

const NOTE_COLOUR = "#8a5a00";
/** Ticks for a [0, 1] axis: vega's default of ten crowds the labels on a 300-pixel axis. */
const UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const BAR_COLOUR = "#3b6ea8";
const TARGET_COLOUR = "#b3261e";
/** One colour per framework, the same in every chart ("all" dark, the two frameworks apart). */
export const FRAMEWORK_COLOURS: Readonly<Record<string, string>> = { "all documents": "#33475b", "2016–22 letters": "#d9822b", "2023-framework reports": "#2a9d8f" };

function refuse(): Promise<never> {
  return Promise.reject(new Error("charts: loading is disabled; charts take inline data only"));
}

/** A vega loader that refuses every request, so a chart can never reach the network or disk. */
function offlineLoader(): ReturnType<typeof vega.loader> {
  return Object.assign(vega.loader(), { load: refuse, sanitize: refuse, http: refuse, file: refuse });
}

/** Renumbers vega's clip/gradient ids in order of appearance, under a per-spec prefix. */
function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="((?:clip|gradient_)\d+)"/g)) {
    if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  }
  if (ids.size === 0) return svg;
  return svg.replace(/(\bid="|url\(#)((?:clip|gradient_)\d+)\b/g, (all, lead: string, id: string) => {
    const to = ids.get(id);
    return to === undefined ? all : `${lead}${to}`;
  });
}

/**
 * Compiles and renders a Vega-Lite spec to an accessible, deterministic SVG string, with the
 * report's look (`CONFIG`), no loading, and ids unique to the spec (the charts of `eval/site/`
 * use it too).
 */
export async function renderSvg(spec: TopLevelSpec, title: string, description: string): Promise<string> {
  const full = { ...spec, config: CONFIG, description } as TopLevelSpec;
  const vgSpec = compile(full).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none", loader: offlineLoader() });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const prefix = `sf${createHash("sha256").update(JSON.stringify(full)).digest("hex").slice(0, 10)}`;
  svg = renumberIds(svg, prefix);
  const label = escapeHtml(title);
  return svg.replace(/^<svg /, `<svg role="graphics-document document" aria-roledescription="chart" aria-label="${label}" `).replace(/^(<svg [^>]*>)/, `$1<title>${label}</title><desc>${escapeHtml(description)}</desc>`);
}

function checkFinite(where: string, x: number | null | undefined): void {
  if (x !== null && x !== undefined && !Number.isFinite(x)) throw new RangeError(`${where}: ${x} is not a finite number; expected a number or null (not evaluable)`);
}

function fmt2(x: number): string {
  return x.toFixed(2);
}

/**
 * Returns a confusion-matrix heatmap (rows gold, columns predicted). Each cell shows its count and
 * its share of the gold row; colour is the row share. A row with no gold examples has no shares:
 * it is drawn grey with "n/a", not as 0%.
 *
 * @example
 * const svg = await confusionHeatmap([[5, 1], [2, 4]], ["strength", "weakness"], { title: "Sentiment" });
 * // '<svg role="graphics-document document" aria-roledescription="chart" aria-label="Sentiment" … width="…" height="…" …>'
 */
export async function confusionHeatmap(matrix: number[][], labels: string[], opts: { normalised?: (number | null)[][]; title?: string } = {}): Promise<string> {
  const k = labels.length;
  if (matrix.length !== k || matrix.some((r) => r.length !== k)) throw new RangeError(`confusionHeatmap: matrix is not ${k}×${k}; expected one row and one column per label`);
  const shares = opts.normalised ?? rowNormalise(matrix);
  if (shares.length !== k || shares.some((r) => r.length !== k)) throw new RangeError(`confusionHeatmap: normalised matrix is not ${k}×${k}; expected the row shares of the counts`);
  const title = opts.title ?? "Confusion matrix";
  const values = matrix.flatMap((row, i) =>
    row.map((count, j) => {
      const share = shares[i]![j]!;
      checkFinite("confusionHeatmap", share);
      return { gold: labels[i]!, pred: labels[j]!, count, share, text: share === null ? `${count} · n/a` : `${count} · ${Math.round(share * 100)}%` };
    }),
  );
  const x = { field: "pred", type: "nominal", sort: labels, title: "predicted class", axis: { labelAngle: 0, orient: "top" } } as const;
  const y = { field: "gold", type: "nominal", sort: labels, title: "gold class (hand label)" } as const;
  const step = 88;
  const spec = {
    title: { text: title, subtitle: "cell: count · share of the gold row; colour: share of the gold row" },
    width: { step },
    height: { step: 44 },
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.share !== null" }],
        mark: { type: "rect", stroke: "white" },
        encoding: { x, y, color: { field: "share", type: "quantitative", title: "row share", scale: { domain: [0, 1], scheme: "blues" }, legend: { format: ".0%" } } },
      },
      { transform: [{ filter: "datum.share === null" }], mark: { type: "rect", fill: "#eeeeee", stroke: "white" }, encoding: { x, y } },
      {
        mark: { type: "text", fontSize: 12 },
        encoding: { x, y, text: { field: "text" }, color: { condition: { test: "datum.share !== null && datum.share > 0.55", value: "white" }, value: "#111" } },
      },
    ],
  };
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. Confusion matrix of ${k} classes; rows are gold classes, columns predicted classes.`);
}

/**
 * Returns a bar chart of F1 per class with interval whiskers (e.g. a bootstrap 95% CI). A class
 * whose F1 is null gets no bar, only a "not evaluable" note at its place on the axis.
 *
 * @example
 * const svg = await perClassBars([{ label: "strength", f1: 0.8, lo: 0.7, hi: 0.9 }, { label: "neutral", f1: null, lo: null, hi: null }]);
 * svg.includes("not evaluable") // true
 */
export async function perClassBars(rows: { label: string; f1: number | null; lo: number | null; hi: number | null }[], opts: { title?: string } = {}): Promise<string> {
  const title = opts.title ?? "F1 per class";
  const values = rows.map((r) => {
    for (const v of [r.f1, r.lo, r.hi]) checkFinite("perClassBars", v);
    return { label: r.label, f1: r.f1, lo: r.lo, hi: r.hi, text: r.f1 === null ? NOT_EVALUABLE : fmt2(r.f1) };
  });
  const labels = rows.map((r) => r.label);
  const x = { field: "label", type: "nominal", sort: labels, title: "class", axis: { labelAngle: 0 } } as const;
  const yScale = { domain: [0, 1] };
  const spec = {
    title: { text: title, subtitle: "bar: F1; whisker: interval" },
    width: { step: 96 },
    height: 220,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.f1 !== null" }],
        mark: { type: "bar", size: 44, color: BAR_COLOUR },
        encoding: { x, y: { field: "f1", type: "quantitative", title: "F1", scale: yScale, axis: { format: ".1f", values: UNIT_TICKS } } },
      },
      {
        transform: [{ filter: "datum.f1 !== null && datum.lo !== null && datum.hi !== null" }],
        mark: { type: "rule", color: "#111", strokeWidth: 1.5 },
        encoding: { x, y: { field: "lo", type: "quantitative", title: "F1", scale: yScale }, y2: { field: "hi" } },
      },
      ...["lo", "hi"].map((field) => ({
        transform: [{ filter: "datum.f1 !== null && datum.lo !== null && datum.hi !== null" }],
        mark: { type: "tick", orient: "horizontal", size: 14, thickness: 1.5, color: "#111" },
        encoding: { x, y: { field, type: "quantitative", title: "F1", scale: yScale } },
      })),
      {
        transform: [{ filter: "datum.f1 !== null" }],
        mark: { type: "text", align: "left", baseline: "bottom", xOffset: 26, dy: -2, fontSize: 11 },
        encoding: { x, y: { field: "f1", type: "quantitative" }, text: { field: "text" } },
      },
      {
        transform: [{ filter: "datum.f1 === null" }],
        mark: { type: "text", baseline: "bottom", dy: -4, fontSize: 11, fontStyle: "italic", color: NOTE_COLOUR },
        encoding: { x, y: { datum: 0, type: "quantitative" }, text: { field: "text" } },
      },
    ],
  };
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. ${describeNulls(rows.filter((r) => r.f1 === null).map((r) => r.label))}`);
}

function describeNulls(names: string[]): string {
  return names.length === 0 ? "All values evaluable." : `Not evaluable: ${names.join(", ")}.`;
}

/**
 * Returns a reliability diagram: per equal-width confidence bin, a bar up to the observed accuracy
 * (with its sample count) and a dot at (mean confidence, accuracy) — on the bar's top, shifted
 * sideways to where the bin's predictions' confidence lies — against the dashed diagonal of
 * perfect calibration: a dot below the diagonal is a bin where the model was more sure than right. Empty bins are not drawn; with no samples at all the chart says
 * "not evaluable".
 *
 * @example
 * const svg = await reliabilityDiagram(reliability(probs, gold, 10).bins, { title: "Reliability" });
 */
export async function reliabilityDiagram(bins: ReliabilityBin[], opts: { title?: string } = {}): Promise<string> {
  const title = opts.title ?? "Reliability diagram";
  const values = bins
    .filter((b) => b.count > 0 && b.accuracy !== null && b.meanConfidence !== null)
    .map((b) => {
      for (const v of [b.lo, b.hi, b.accuracy, b.meanConfidence]) checkFinite("reliabilityDiagram", v);
      return { lo: b.lo, hi: b.hi, mid: (b.lo + b.hi) / 2, accuracy: b.accuracy, conf: b.meanConfidence, text: `n=${b.count}` };
    });
  const unit = { domain: [0, 1] };
  const xq = (field: string) => ({ field, type: "quantitative", scale: unit, title: "confidence (top-class probability)", axis: { format: ".1f", values: UNIT_TICKS } }) as const;
  const yq = (field: string) => ({ field, type: "quantitative", scale: unit, title: "observed accuracy", axis: { format: ".1f", values: UNIT_TICKS } }) as const;
  const layer: unknown[] = [
    {
      data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
      mark: { type: "line", strokeDash: [5, 4], color: "#777" },
      encoding: { x: xq("x"), y: yq("y") },
    },
  ];
  if (values.length > 0) {
    layer.push(
      { mark: { type: "rect", color: BAR_COLOUR, opacity: 0.55, stroke: "white" }, encoding: { x: xq("lo"), x2: { field: "hi" }, y: yq("accuracy"), y2: { datum: 0 } } },
      { mark: { type: "point", filled: true, color: "#111", size: 36 }, encoding: { x: xq("conf"), y: yq("accuracy") } },
      // Counts sit at the foot of each bar, where they cannot collide with the dots or the diagonal.
      { mark: { type: "text", baseline: "bottom", dy: -3, fontSize: 9, color: "#111" }, encoding: { x: xq("mid"), y: { datum: 0, type: "quantitative", scale: unit }, text: { field: "text" } } },
    );
  } else {
    layer.push({
      data: { values: [{ x: 0.5, y: 0.5, text: `no predictions: ${NOT_EVALUABLE}` }] },
      mark: { type: "text", fontSize: 12, fontStyle: "italic", color: NOTE_COLOUR },
      encoding: { x: xq("x"), y: yq("y"), text: { field: "text" } },
    });
  }
  const spec = {
    title: { text: title, subtitle: ["bar: share right in each confidence bin (n = predictions); dot: the bin's mean", "confidence (across) at its accuracy (up); dashed: confidence = accuracy"] },
    width: 320,
    height: 320,
    data: { values },
    layer,
  };
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. ${values.length} non-empty confidence bins.`);
}

/**
 * Returns a learning curve: macro-F1 against the number of training documents, one line per
 * series, with a shaded band where `lo`/`hi` are given, and a dashed line at `target` where given.
 * A point whose macro-F1 is null is left off the line and marked "not evaluable" at the bottom of
 * the chart.
 *
 * @example
 * const svg = await learningCurve([{ nLetters: 1, macroF1: 0.4 }, { nLetters: 2, macroF1: 0.55, lo: 0.5, hi: 0.6 }]);
 */
export async function learningCurve(
  points: { nLetters: number; macroF1: number | null; lo?: number | null; hi?: number | null; series?: string }[],
  opts: { title?: string; target?: number } = {},
): Promise<string> {
  const title = opts.title ?? "Learning curve";
  checkFinite("learningCurve", opts.target);
  const values = points.map((p) => {
    for (const v of [p.nLetters, p.macroF1, p.lo, p.hi]) checkFinite("learningCurve", v);
    return { n: p.nLetters, f1: p.macroF1, lo: p.lo ?? null, hi: p.hi ?? null, series: p.series ?? "model", text: NOT_EVALUABLE };
  });
  const seriesNames = [...new Set(values.map((v) => v.series))];
  const color = { field: "series", type: "nominal", title: "series", sort: seriesNames, legend: seriesNames.length > 1 ? { symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2 } : null, scale: { scheme: "tableau10" } } as const;
  const x = { field: "n", type: "quantitative", title: "training documents", axis: { format: "d", tickMinStep: 1 }, scale: { zero: false, nice: false, padding: 18 } } as const;
  const yScale = { domain: [0, 1] };
  const spec = {
    title: { text: title, subtitle: `line: macro-F1; band: interval where given${opts.target !== undefined ? `; dashed: target ${fmt2(opts.target)}` : ""}` },
    width: 380,
    height: 240,
    data: { values },
    layer: [
      ...(opts.target !== undefined
        ? [
            { data: { values: [{ y: opts.target }] }, mark: { type: "rule", strokeDash: [6, 4], color: TARGET_COLOUR, strokeWidth: 1.5 }, encoding: { y: { field: "y", type: "quantitative", scale: yScale } } },
            {
              data: { values: [{ y: opts.target, text: `target ${fmt2(opts.target)}` }] },
              mark: { type: "text", align: "left", baseline: "bottom", dy: -3, x: 4, fontSize: 10, color: TARGET_COLOUR },
              encoding: { y: { field: "y", type: "quantitative", scale: yScale }, text: { field: "text" } },
            },
          ]
        : []),
      {
        transform: [{ filter: "datum.lo !== null && datum.hi !== null" }],
        mark: { type: "area", opacity: 0.18 },
        encoding: { x, y: { field: "lo", type: "quantitative", title: "macro-F1", scale: yScale }, y2: { field: "hi" }, color },
      },
      {
        transform: [{ filter: "datum.f1 !== null" }],
        mark: { type: "line", point: { filled: true, size: 40 } },
        encoding: { x, y: { field: "f1", type: "quantitative", title: "macro-F1", scale: yScale, axis: { format: ".1f", values: UNIT_TICKS } }, color },
      },
      {
        transform: [{ filter: "datum.f1 === null" }],
        mark: { type: "text", angle: 270, align: "left", baseline: "middle", dx: 6, fontSize: 11, fontStyle: "italic", color: NOTE_COLOUR },
        encoding: { x, y: { datum: 0, type: "quantitative" }, text: { field: "text" } },
      },
    ],
  };
  const missing = values.filter((v) => v.f1 === null).map((v) => `${v.series} at ${v.n}`);
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. ${describeNulls(missing)}${opts.target !== undefined ? ` Target line at ${fmt2(opts.target)}.` : ""}`);
}

/**
 * Returns horizontal F1 bars, one per theme in the given order, each labelled with its F1 and
 * gold support. A theme with null F1 (no gold examples) gets no bar, only "not evaluable (n=0)".
 *
 * @example
 * const svg = await perThemeF1([{ theme: "leadership", f1: 0.7, support: 12 }, { theme: "transport", f1: null, support: 0 }]);
 */
export async function perThemeF1(rows: { theme: string; f1: number | null; support: number }[], opts: { title?: string } = {}): Promise<string> {
  const title = opts.title ?? "F1 per theme";
  const values = rows.map((r) => {
    checkFinite("perThemeF1", r.f1);
    return { theme: r.theme, f1: r.f1, text: `${r.f1 === null ? NOT_EVALUABLE : fmt2(r.f1)} (n=${r.support})` };
  });
  const y = { field: "theme", type: "nominal", sort: rows.map((r) => r.theme), title: "theme" } as const;
  const xScale = { domain: [0, 1] };
  const spec = {
    title: { text: title, subtitle: "bar: F1; label: F1 (n = sentences with the theme in the gold labels)" },
    width: 340,
    height: { step: 20 },
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.f1 !== null" }],
        mark: { type: "bar", color: BAR_COLOUR, size: 14 },
        encoding: { y, x: { field: "f1", type: "quantitative", title: "F1", scale: xScale, axis: { format: ".1f", values: UNIT_TICKS } } },
      },
      {
        transform: [{ filter: "datum.f1 !== null" }],
        mark: { type: "text", align: "left", dx: 4, fontSize: 10 },
        encoding: { y, x: { field: "f1", type: "quantitative" }, text: { field: "text" } },
      },
      {
        transform: [{ filter: "datum.f1 === null" }],
        mark: { type: "text", align: "left", dx: 4, fontSize: 10, fontStyle: "italic", color: NOTE_COLOUR },
        encoding: { y, x: { datum: 0, type: "quantitative" }, text: { field: "text" } },
      },
    ],
  };
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. ${describeNulls(rows.filter((r) => r.f1 === null).map((r) => r.theme))}`);
}

/** A colour scale for series: the framework colours where the names match, tableau10 otherwise. */
function seriesColour(given: readonly string[], title: string): Record<string, unknown> {
  let series = given;
  const known = series.every((s) => FRAMEWORK_COLOURS[s] !== undefined);
  if (known) series = Object.keys(FRAMEWORK_COLOURS).filter((s) => series.includes(s));
  return {
    field: "series",
    type: "nominal",
    title,
    sort: series,
    scale: known ? { domain: series, range: series.map((s) => FRAMEWORK_COLOURS[s]!) } : { domain: series, scheme: "tableau10" },
    legend: series.length > 1 ? { orient: "bottom", direction: "horizontal", title: null } : null,
  };
}

/**
 * Returns grouped horizontal bars on a [0, 1] scale: one row per group (a metric, a class, a
 * theme), one bar per series within it (e.g. the frameworks), each with its interval as a whisker
 * where `lo`/`hi` are given and its value printed in a column right of the plot, and a red tick at a group's target
 * where one is given. A null value gets no bar, only "not evaluable" at its place.
 *
 * @example
 * const svg = await groupedIntervals([{ group: "macro-F1", series: "all documents", value: 0.74, lo: 0.71, hi: 0.77 }], { title: "Headline figures" });
 */
export async function groupedIntervals(
  rows: { group: string; series: string; value: number | null; lo?: number | null; hi?: number | null }[],
  opts: { title?: string; subtitle?: string; valueTitle?: string; groupTitle?: string; targets?: { group: string; value: number }[]; barSize?: number } = {},
): Promise<string> {
  const title = opts.title ?? "Grouped figures";
  const values = rows.map((r) => {
    for (const v of [r.value, r.lo, r.hi]) checkFinite("groupedIntervals", v);
    return { group: r.group, series: r.series, value: r.value, lo: r.lo ?? null, hi: r.hi ?? null, text: r.value === null ? NOT_EVALUABLE : fmt2(r.value) };
  });
  const groups = [...new Set(rows.map((r) => r.group))];
  const series = [...new Set(rows.map((r) => r.series))];
  const bar = opts.barSize ?? 12;
  const y = { field: "group", type: "nominal", sort: groups, title: opts.groupTitle ?? "figure", axis: { labelLimit: 220 } } as const;
  const yOffset = { field: "series", type: "nominal", sort: series, scale: { paddingInner: 0.15 } } as const;
  const xScale = { domain: [0, 1] };
  const x = (field: string) => ({ field, type: "quantitative", title: opts.valueTitle ?? "value", scale: xScale, axis: { format: ".1f", values: UNIT_TICKS } }) as const;
  const color = seriesColour(series, "series");
  const withCi = "datum.value !== null && datum.lo !== null && datum.hi !== null";
  const layer: unknown[] = [
    { transform: [{ filter: "datum.value !== null" }], mark: { type: "bar", size: bar }, encoding: { y, yOffset, x: x("value"), color } },
    { transform: [{ filter: withCi }], mark: { type: "rule", color: "#111", strokeWidth: 1.2 }, encoding: { y, yOffset, x: x("lo"), x2: { field: "hi" } } },
    // Values in a column right of the plot, where no whisker or target tick can cross them.
    {
      transform: [{ filter: "datum.value !== null" }],
      mark: { type: "text", align: "left", dx: 6, fontSize: 9, color: "#222" },
      encoding: { y, yOffset, x: { datum: 1, type: "quantitative", scale: xScale }, text: { field: "text" } },
    },
    {
      transform: [{ filter: "datum.value === null" }],
      mark: { type: "text", align: "left", dx: 4, fontSize: 9, fontStyle: "italic", color: NOTE_COLOUR },
      encoding: { y, yOffset, x: { datum: 0, type: "quantitative", scale: xScale }, text: { field: "text" } },
    },
  ];
  if (opts.targets && opts.targets.length > 0) {
    for (const t of opts.targets) checkFinite("groupedIntervals target", t.value);
    layer.push({
      data: { values: opts.targets.map((t) => ({ group: t.group, target: t.value })) },
      mark: { type: "tick", orient: "vertical", color: TARGET_COLOUR, thickness: 2, size: series.length * (bar + 4) + 4 },
      encoding: { y, x: { field: "target", type: "quantitative", scale: xScale } },
    });
  }
  const spec = {
    title: { text: title, subtitle: opts.subtitle ?? `bar: value; whisker: 95% interval${opts.targets?.length ? "; red tick: target" : ""}` },
    width: 360,
    // A fixed height rather than a step: the target layer has no offset channel, and a step would
    // give its y scale a different range from the bars' (vega-lite warns and picks one).
    height: groups.length * (series.length * (bar + 4) + 14),
    data: { values },
    layer,
  };
  const missing = values.filter((v) => v.value === null).map((v) => `${v.group} (${v.series})`);
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. ${groups.length} groups × ${series.length} series. ${describeNulls(missing)}`);
}

/**
 * Returns one row per document, sorted from the highest macro-F1 down: a dot at the document's
 * macro-F1 with its interval as a line, coloured by framework, with a dashed red line at `target`
 * where given. A document whose macro-F1 is null is listed last with "not evaluable".
 *
 * @example
 * const svg = await perDocumentF1([{ document: "medway-2017", series: "2016–22 letters", f1: 0.7, lo: 0.6, hi: 0.8, n: 120 }], { target: 0.82 });
 */
export async function perDocumentF1(
  rows: { document: string; series: string; f1: number | null; lo: number | null; hi: number | null; n: number }[],
  opts: { title?: string; target?: number } = {},
): Promise<string> {
  const title = opts.title ?? "Macro-F1 per document";
  checkFinite("perDocumentF1", opts.target);
  const sorted = [...rows].sort((a, b) => (b.f1 ?? -1) - (a.f1 ?? -1) || a.document.localeCompare(b.document));
  const values = sorted.map((r) => {
    for (const v of [r.f1, r.lo, r.hi]) checkFinite("perDocumentF1", v);
    return { document: r.document, label: `${r.document} (n=${r.n})`, series: r.series, f1: r.f1, lo: r.lo, hi: r.hi, text: r.f1 === null ? NOT_EVALUABLE : fmt2(r.f1) };
  });
  const series = [...new Set(sorted.map((r) => r.series))];
  const y = { field: "label", type: "nominal", sort: values.map((v) => v.label), title: "document (n = sentences)", axis: { labelLimit: 260 } } as const;
  const xScale = { domain: [0, 1] };
  const x = (field: string) => ({ field, type: "quantitative", title: "sentiment macro-F1", scale: xScale, axis: { format: ".1f", values: UNIT_TICKS } }) as const;
  const color = seriesColour(series, "framework");
  const layer: unknown[] = [
    { transform: [{ filter: "datum.f1 !== null && datum.lo !== null && datum.hi !== null" }], mark: { type: "rule", strokeWidth: 2 }, encoding: { y, x: x("lo"), x2: { field: "hi" }, color } },
    { transform: [{ filter: "datum.f1 !== null" }], mark: { type: "point", filled: true, size: 60 }, encoding: { y, x: x("f1"), color } },
    { transform: [{ filter: "datum.f1 === null" }], mark: { type: "text", align: "left", dx: 4, fontSize: 10, fontStyle: "italic", color: NOTE_COLOUR }, encoding: { y, x: { datum: 0, type: "quantitative", scale: xScale }, text: { field: "text" } } },
  ];
  if (opts.target !== undefined) {
    layer.push({ data: { values: [{ x: opts.target }] }, mark: { type: "rule", strokeDash: [6, 4], color: TARGET_COLOUR, strokeWidth: 1.5 }, encoding: { x: { field: "x", type: "quantitative", scale: xScale } } });
  }
  const spec = {
    title: { text: title, subtitle: `dot: macro-F1 of the document; line: 95% interval (its sentences resampled)${opts.target !== undefined ? `; dashed: target ${fmt2(opts.target)}` : ""}` },
    width: 360,
    height: { step: 20 },
    data: { values },
    layer,
  };
  return renderSvg(spec as unknown as TopLevelSpec, title, `${title}. ${values.length} documents, best first. ${describeNulls(values.filter((v) => v.f1 === null).map((v) => v.document))}`);
}
