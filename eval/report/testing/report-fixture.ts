/**
 * A small, hand-made precision report shared by the chart and HTML tests: every chart kind with
 * realistic values, and at least one `null` ("not evaluable") in each chart that can show one.
 * The numbers are invented for drawing, not results of a run.
 */
import { SENTIMENTS, THEME_IDS } from "../../../pipeline/schema.ts";
import { confusionHeatmap, learningCurve, perClassBars, perThemeF1, reliabilityDiagram } from "../charts.ts";
import type { ReportPage } from "../html.ts";
import type { ReliabilityBin } from "../../metrics.ts";

/** Sentiment confusion counts, rows gold, in `SENTIMENTS` order. */
export const FIXTURE_CONFUSION: number[][] = [
  [48, 7, 3],
  [6, 41, 5],
  [4, 6, 2],
];

export const FIXTURE_LABELS: string[] = [...SENTIMENTS];

/** Per-class F1 with a bootstrap interval; `neutral` is deliberately not evaluable. */
export const FIXTURE_PER_CLASS: { label: string; f1: number | null; lo: number | null; hi: number | null }[] = [
  { label: "strength", f1: 0.821, lo: 0.74, hi: 0.88 },
  { label: "weakness", f1: 0.774, lo: 0.69, hi: 0.85 },
  { label: "neutral", f1: null, lo: null, hi: null },
];

/** Ten equal-width bins; the lowest three are empty (a 3-class model is never below 1/3 sure). */
export const FIXTURE_BINS: ReliabilityBin[] = [
  { lo: 0, hi: 0.1, count: 0, meanConfidence: null, accuracy: null },
  { lo: 0.1, hi: 0.2, count: 0, meanConfidence: null, accuracy: null },
  { lo: 0.2, hi: 0.3, count: 0, meanConfidence: null, accuracy: null },
  { lo: 0.3, hi: 0.4, count: 4, meanConfidence: 0.37, accuracy: 0.25 },
  { lo: 0.4, hi: 0.5, count: 11, meanConfidence: 0.45, accuracy: 0.45 },
  { lo: 0.5, hi: 0.6, count: 15, meanConfidence: 0.55, accuracy: 0.6 },
  { lo: 0.6, hi: 0.7, count: 19, meanConfidence: 0.65, accuracy: 0.58 },
  { lo: 0.7, hi: 0.8, count: 23, meanConfidence: 0.75, accuracy: 0.78 },
  { lo: 0.8, hi: 0.9, count: 25, meanConfidence: 0.85, accuracy: 0.84 },
  { lo: 0.9, hi: 1, count: 25, meanConfidence: 0.95, accuracy: 0.92 },
];

/** Two series; the model's point at one training letter is not evaluable. */
export const FIXTURE_CURVE: { nLetters: number; macroF1: number | null; lo?: number | null; hi?: number | null; series?: string }[] = [
  { nLetters: 1, macroF1: null, series: "model" },
  { nLetters: 2, macroF1: 0.52, lo: 0.44, hi: 0.6, series: "model" },
  { nLetters: 3, macroF1: 0.61, lo: 0.55, hi: 0.66, series: "model" },
  { nLetters: 4, macroF1: 0.67, lo: 0.63, hi: 0.7, series: "model" },
  { nLetters: 1, macroF1: 0.41, series: "heading baseline" },
  { nLetters: 2, macroF1: 0.41, series: "heading baseline" },
  { nLetters: 3, macroF1: 0.41, series: "heading baseline" },
  { nLetters: 4, macroF1: 0.41, series: "heading baseline" },
];

/** Every codebook theme; themes with no gold examples are not evaluable. */
export const FIXTURE_THEMES: { theme: string; f1: number | null; support: number }[] = THEME_IDS.map((theme, i) => {
  const support = i % 7 === 5 ? 0 : 3 + ((i * 11) % 23);
  return { theme, f1: support === 0 ? null : Math.round((0.35 + ((i * 37) % 60) / 100) * 1000) / 1000, support };
});

/** The five charts of the fixture, in report order. */
export async function renderFixtureCharts(): Promise<{ heatmap: string; bars: string; reliability: string; curve: string; themes: string }> {
  return {
    heatmap: await confusionHeatmap(FIXTURE_CONFUSION, FIXTURE_LABELS, { title: "Sentiment confusion (rows = gold)" }),
    bars: await perClassBars(FIXTURE_PER_CLASS, { title: "Sentiment F1 per class, 95% CI" }),
    reliability: await reliabilityDiagram(FIXTURE_BINS, { title: "Reliability (ECE 0.031)" }),
    curve: await learningCurve(FIXTURE_CURVE, { title: "Macro-F1 vs training documents" }),
    themes: await perThemeF1(FIXTURE_THEMES, { title: "Theme F1" }),
  };
}

/** A report page with all five charts, prose and tables, including text that needs escaping. */
export async function buildFixtureReport(): Promise<ReportPage> {
  const c = await renderFixtureCharts();
  return {
    title: "Precision report <fixture> & friends",
    sections: [
      {
        heading: "Summary",
        html: "<p>Leave-one-letter-out over four letters. Intervals: 95% percentile bootstrap over letters.</p>",
        table: {
          columns: ["documents", "sentences", "macro-F1", "95% CI", "accuracy"],
          rows: [
            ["all documents", 122, 0.7983, "0.71–0.86", 0.7377],
            ["2023 reports", 0, null, "n/a", null],
          ],
        },
      },
      { heading: "Sentiment", svg: [c.heatmap, c.bars, c.reliability] },
      { heading: "Themes", svg: [c.themes], table: { columns: ["theme", "F1", "support"], rows: FIXTURE_THEMES.map((t) => [t.theme, t.f1, t.support]) } },
      { heading: "Learning curve", svg: [c.curve] },
      {
        heading: "Most confident wrong predictions",
        table: {
          columns: ["document", "sentence", "gold", "predicted"],
          rows: [["medway-2017", 'Leaders\' "self-evaluation" is <accurate> & honest, although the impact of recent work is too early to judge.', "weakness", "strength"]],
        },
      },
    ],
  };
}
