import { describe, expect, test } from "vitest";
import { confusionHeatmap, groupedIntervals, learningCurve, NOT_EVALUABLE, perClassBars, perDocumentF1, perThemeF1, reliabilityDiagram } from "./charts.ts";
import { FIXTURE_BINS, FIXTURE_CONFUSION, FIXTURE_CURVE, FIXTURE_LABELS, FIXTURE_PER_CLASS, FIXTURE_THEMES, renderFixtureCharts } from "./testing/report-fixture.ts";

/** Two metrics by three frameworks; the 2016 letters' neutral F1 cannot be computed. */
const GROUPED = ["macro-F1", "F1 neutral"].flatMap((group, g) =>
  ["all documents", "2016–22 letters", "2023-framework reports"].map((series, s) => ({ group, series, value: g === 1 && s === 1 ? null : 0.5 + 0.1 * s, lo: g === 1 && s === 1 ? null : 0.4 + 0.1 * s, hi: g === 1 && s === 1 ? null : 0.6 + 0.1 * s })),
);

/** Four documents in no particular order; one has no macro-F1. */
const DOCUMENTS = [
  { document: "medway-2017", series: "2016–22 letters", f1: 0.61, lo: 0.5, hi: 0.7, n: 200 },
  { document: "bedford-2025", series: "2023-framework reports", f1: 0.83, lo: 0.75, hi: 0.9, n: 120 },
  { document: "halton-2024", series: "2023-framework reports", f1: null, lo: null, hi: null, n: 3 },
  { document: "islington-2021", series: "2016–22 letters", f1: 0.7, lo: 0.64, hi: 0.77, n: 150 },
];

/** Each chart kind with a call that renders it and the title it was given. */
const CHARTS: [string, string, () => Promise<string>][] = [
  ["confusionHeatmap", "Confusion, all documents", () => confusionHeatmap(FIXTURE_CONFUSION, FIXTURE_LABELS, { title: "Confusion, all documents" })],
  ["perClassBars", "F1 per class", () => perClassBars(FIXTURE_PER_CLASS, { title: "F1 per class" })],
  ["reliabilityDiagram", "Reliability", () => reliabilityDiagram(FIXTURE_BINS, { title: "Reliability" })],
  ["learningCurve", "Curve", () => learningCurve(FIXTURE_CURVE, { title: "Curve" })],
  ["perThemeF1", "Themes", () => perThemeF1(FIXTURE_THEMES, { title: "Themes" })],
  ["groupedIntervals", "Headline figures", () => groupedIntervals(GROUPED, { title: "Headline figures", valueTitle: "score", targets: [{ group: "macro-F1", value: 0.82 }] })],
  ["perDocumentF1", "Per document", () => perDocumentF1(DOCUMENTS, { title: "Per document", target: 0.82 })],
];

function svgSize(svg: string): { width: number; height: number } {
  const open = /^<svg [^>]*>/.exec(svg)?.[0] ?? "";
  return { width: Number(/ width="([\d.]+)"/.exec(open)?.[1] ?? NaN), height: Number(/ height="([\d.]+)"/.exec(open)?.[1] ?? NaN) };
}

/** The bar marks vega drew, by their ARIA label ("class: strength; F1: 0.821"). */
function barLabels(svg: string): string[] {
  return [...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar"/g)].map((m) => m[1]!);
}

describe.each(CHARTS)("%s", (_, title, render) => {
  test("is an <svg> with positive width and height, titled for readers and screen readers", async () => {
    const svg = await render();
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    const { width, height } = svgSize(svg);
    expect(width).toBeGreaterThan(50);
    expect(height).toBeGreaterThan(50);
    expect(svg).toContain(`<title>${title}</title>`);
    expect(svg).toContain(`aria-label="${title}"`);
    expect(svg).toContain(`>${title}</text>`);
  });
  test("labels its axes for screen readers", async () => {
    const svg = await render();
    expect(svg).toMatch(/aria-label="X-axis titled '[^']+'/);
    expect(svg).toMatch(/aria-label="Y-axis titled '[^']+'/);
  });
  test("is deterministic: the same input gives the same string", async () => {
    const a = await render();
    const b = await render();
    expect(b).toBe(a);
  });
  test("contains no script, no external reference and no NaN", async () => {
    const svg = await render();
    expect(svg).not.toMatch(/<script|href="http|url\(http|NaN/i);
  });
});

describe("determinism across concurrent renders", () => {
  test("charts rendered in parallel equal charts rendered one by one", async () => {
    const sequential: string[] = [];
    for (const [, , render] of CHARTS) sequential.push(await render());
    const parallel = await Promise.all(CHARTS.map(([, , render]) => render()));
    expect(parallel).toEqual(sequential);
  });
});

describe("ids are unique across the charts of one page", () => {
  test("every id in the fixture's charts occurs once, under a per-chart prefix", async () => {
    const charts = Object.values(await renderFixtureCharts());
    const ids = charts.flatMap((svg) => [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!));
    // The heatmap's colour legend is a gradient: without ids there would be nothing to check.
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sf[0-9a-f]{10}-\d+$/);
    for (const svg of charts) {
      for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(svg).toContain(`id="${m[1]}"`);
    }
  });
});

describe("null is 'not evaluable', never 0", () => {
  test("perClassBars: no bar for a null F1, and a note in its place", async () => {
    const svg = await perClassBars(FIXTURE_PER_CLASS);
    const bars = barLabels(svg);
    expect(bars).toHaveLength(2);
    expect(bars.some((b) => b.includes("neutral"))).toBe(false);
    expect(svg).toContain(`>${NOT_EVALUABLE}</text>`);
    expect(svg).toContain("Not evaluable: neutral.");
  });
  test("perClassBars: with every value present there is no note", async () => {
    const svg = await perClassBars([{ label: "strength", f1: 0.5, lo: 0.4, hi: 0.6 }, { label: "weakness", f1: 0, lo: 0, hi: 0.1 }]);
    expect(svg).not.toContain(NOT_EVALUABLE);
    // A real F1 of 0 is a value, and is drawn as one (a bar of zero height).
    expect(barLabels(svg)).toHaveLength(2);
  });
  test("perThemeF1: one bar per evaluable theme, 'not evaluable (n=0)' for the others", async () => {
    const svg = await perThemeF1(FIXTURE_THEMES);
    const nulls = FIXTURE_THEMES.filter((t) => t.f1 === null);
    expect(nulls.length).toBeGreaterThan(0);
    const bars = barLabels(svg);
    expect(bars).toHaveLength(FIXTURE_THEMES.length - nulls.length);
    for (const t of nulls) expect(bars.some((b) => b.includes(`theme: ${t.theme}`))).toBe(false);
    expect(svg.split(`>${NOT_EVALUABLE} (n=0)</text>`).length - 1).toBe(nulls.length);
  });
  test("learningCurve: a null point is marked, not plotted at 0", async () => {
    const svg = await learningCurve([{ nLetters: 1, macroF1: null }, { nLetters: 2, macroF1: 0.5 }, { nLetters: 3, macroF1: 0.6 }]);
    expect(svg).toContain(`>${NOT_EVALUABLE}</text>`);
    const points = [...svg.matchAll(/aria-roledescription="point"/g)];
    expect(points).toHaveLength(2);
  });
  test("reliabilityDiagram: empty bins are not drawn; no samples at all is 'not evaluable'", async () => {
    const svg = await reliabilityDiagram(FIXTURE_BINS);
    expect(svg).toContain("7 non-empty confidence bins");
    expect(svg).not.toContain(NOT_EVALUABLE);
    const empty = await reliabilityDiagram(FIXTURE_BINS.map((b) => ({ ...b, count: 0, meanConfidence: null, accuracy: null })));
    expect(empty).toContain(`no predictions: ${NOT_EVALUABLE}`);
  });
  test("confusionHeatmap: a row without gold examples shows n/a, not 0%", async () => {
    const svg = await confusionHeatmap([[3, 1], [0, 0]], ["strength", "weakness"]);
    expect(svg).toContain(">0 · n/a</text>");
    expect(svg).toContain(">3 · 75%</text>");
    expect(svg).not.toContain(">0 · 0%</text>");
  });
});

describe("text is escaped", () => {
  test("a title with markup characters stays text", async () => {
    const svg = await perClassBars(FIXTURE_PER_CLASS, { title: `F1 <b>&</b> "quotes"` });
    expect(svg).toContain("<title>F1 &lt;b&gt;&amp;&lt;/b&gt; &quot;quotes&quot;</title>");
    expect(svg).not.toContain("<b>");
  });
});

describe("bad input is a caller bug", () => {
  test.each([
    ["heatmap matrix not k×k", () => confusionHeatmap([[1, 2]], ["a", "b"])],
    ["heatmap normalised of another shape", () => confusionHeatmap([[1, 0], [0, 1]], ["a", "b"], { normalised: [[1]] })],
    ["NaN F1", () => perClassBars([{ label: "a", f1: Number.NaN, lo: null, hi: null }])],
    ["infinite theme F1", () => perThemeF1([{ theme: "a", f1: Number.POSITIVE_INFINITY, support: 1 }])],
  ])("throws RangeError: %s", async (_, render) => {
    await expect(render()).rejects.toThrow(RangeError);
  });
});

describe("report charts say what they draw", () => {
  test("learningCurve: the axis counts training documents, and a target draws a labelled dashed line", async () => {
    const svg = await learningCurve([{ nLetters: 1, macroF1: 0.5 }, { nLetters: 4, macroF1: 0.7 }], { target: 0.82 });
    expect(svg).toContain("X-axis titled 'training documents'");
    expect(svg).not.toContain("letters");
    expect(svg).toContain(">target 0.82</text>");
    expect(svg).toMatch(/stroke-dasharray="6,4"/);
    const plain = await learningCurve([{ nLetters: 1, macroF1: 0.5 }, { nLetters: 4, macroF1: 0.7 }]);
    expect(plain).not.toContain("target");
  });

  test("reliabilityDiagram: each dot is at its bin's (mean confidence, accuracy), as the subtitle says", async () => {
    const svg = await reliabilityDiagram(FIXTURE_BINS);
    expect(svg).toContain("dot: the bin's mean confidence (across) at its accuracy (up)");
    // vega's ARIA labels give the dots' positions with the axes' format (one decimal).
    const dots = [...svg.matchAll(/aria-label="confidence \(top-class probability\): ([\d.]+); observed accuracy: ([\d.]+)" role="graphics-symbol" aria-roledescription="point"/g)].map((m) => [m[1], m[2]]);
    const bins = FIXTURE_BINS.filter((b) => b.count > 0).map((b) => [b.meanConfidence!.toFixed(1), b.accuracy!.toFixed(1)]);
    expect(dots).toEqual(bins);
  });

  test("groupedIntervals: one bar per evaluable (group, series), a note for the other, a target tick", async () => {
    const svg = await groupedIntervals(GROUPED, { targets: [{ group: "macro-F1", value: 0.82 }] });
    expect(barLabels(svg)).toHaveLength(GROUPED.length - 1);
    expect(svg).toContain(`>${NOT_EVALUABLE}</text>`);
    expect(svg).toContain("Not evaluable: F1 neutral (2016–22 letters).");
    expect([...svg.matchAll(/aria-roledescription="tick"/g)]).toHaveLength(1);
  });

  test("perDocumentF1: documents best first, the one without a score last and marked", async () => {
    const svg = await perDocumentF1(DOCUMENTS);
    const labels = [...svg.matchAll(/>([a-z]+-\d{4}) \(n=\d+\)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(["bedford-2025", "islington-2021", "medway-2017", "halton-2024"]);
    expect(svg).toContain(`>${NOT_EVALUABLE}</text>`);
    expect([...svg.matchAll(/aria-roledescription="point"/g)]).toHaveLength(3);
  });
});
