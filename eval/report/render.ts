/**
 * Renders `metrics.json` as `report.md` (for reading in a repository) and a self-contained
 * `report.html` with inline SVG charts (Vega-Lite rendered in Node).
 */
import { SENTIMENTS } from "../../pipeline/schema.ts";
import { confusionHeatmap, learningCurve, perClassBars, perThemeF1, reliabilityDiagram } from "./charts.ts";
import { escapeHtml as esc, renderReportHtml } from "./html.ts";
import { orderFrameworks } from "../metrics.ts";
import type { MetricsJson } from "./schema.ts";

const FW_NAMES: Record<string, string> = { all: "all documents", "2016": "2016–22 letters", "2023": "2023-framework reports" };

/** A number as the report prints it: 3 decimals, or "n/a" for a value that cannot be computed. */
export function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits);
}

function ci(i: { lo: number | null; hi: number | null }): string {
  return i.lo === null || i.hi === null ? "n/a" : `${fmt(i.lo)}–${fmt(i.hi)}`;
}

function mdTable(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (c: string | number | null) => (c === null ? "n/a" : typeof c === "number" ? (Number.isInteger(c) ? String(c) : fmt(c)) : c.replace(/\|/g, "\\|").replace(/\n/g, " "));
  return [`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

interface Section {
  heading: string;
  html?: string;
  svg?: string[];
  table?: { columns: string[]; rows: (string | number | null)[][] };
  md: string;
}

async function sections(m: MetricsJson): Promise<Section[]> {
  const out: Section[] = [];
  // "2016"/"2023" are integer-like keys, which JavaScript orders before "all": order them explicitly.
  const fws = orderFrameworks(Object.keys(m.sentiment.by_framework));

  const headline = fws.map((k) => {
    const s = m.sentiment.by_framework[k]!;
    const t = m.themes.by_framework[k]!;
    return [FW_NAMES[k] ?? k, s.n, s.n_documents, s.macro_f1, ci(s.macro_f1_ci), s.accuracy, t.micro.f1, t.macro_f1];
  });
  const headCols = ["documents", "sentences", "docs", "sentiment macro-F1", "95% CI", "accuracy", "theme micro-F1", "theme macro-F1"];
  out.push({
    heading: "Summary",
    html: `<p>Leave-one-document-out: each document is predicted by a model trained on all the others; predictions are pooled. Learner: <code>${m.setup.learner}</code>, seed ${m.setup.seed}. Intervals: 95% percentile bootstrap over documents (${m.setup.bootstrap.iterations} resamples).${m.setup.skipped.length ? ` Left out (document not found): ${m.setup.skipped.map((s) => s.letter_id).join(", ")}.` : ""}</p>`,
    table: { columns: headCols, rows: headline },
    md: `Leave-one-document-out over ${m.setup.documents.length} documents; learner \`${m.setup.learner}\`, seed ${m.setup.seed}; 95% intervals by bootstrap over documents (${m.setup.bootstrap.iterations} resamples).${m.setup.skipped.length ? ` Left out: ${m.setup.skipped.map((s) => `${s.letter_id} (${s.reason})`).join(", ")}.` : ""}\n\n${mdTable(headCols, headline)}`,
  });

  for (const k of fws) {
    const s = m.sentiment.by_framework[k]!;
    const rows = SENTIMENTS.map((c) => {
      const r = s.per_class[c]!;
      return [c, r.precision, r.recall, r.f1, ci(r.f1_ci), r.support];
    });
    const cols = ["class", "precision", "recall", "F1", "F1 95% CI", "support"];
    const conf = s.confusion.labels.map((g, i) => [g, ...s.confusion.counts[i]!.map((c, j) => `${c} (${fmt(s.confusion.row_normalised[i]![j], 2)})`)]);
    out.push({
      heading: `Sentiment — ${FW_NAMES[k] ?? k}`,
      svg: [
        await confusionHeatmap(s.confusion.counts, s.confusion.labels, { normalised: s.confusion.row_normalised, title: `Confusion (rows = gold), ${FW_NAMES[k] ?? k}` }),
        await perClassBars(SENTIMENTS.map((c) => ({ label: c, f1: s.per_class[c]!.f1, lo: s.per_class[c]!.f1_ci.lo, hi: s.per_class[c]!.f1_ci.hi })), { title: `F1 per class with 95% CI, ${FW_NAMES[k] ?? k}` }),
        await reliabilityDiagram(s.calibration.bins, { title: `Reliability, ${FW_NAMES[k] ?? k} (ECE ${fmt(s.calibration.ece)}, Brier ${fmt(s.calibration.brier)})` }),
      ],
      table: { columns: cols, rows },
      md: `${mdTable(cols, rows)}\n\nConfusion (rows gold, columns predicted; row share in brackets):\n\n${mdTable(["gold \\ predicted", ...s.confusion.labels], conf)}\n\nCalibration: expected calibration error ${fmt(s.calibration.ece)}, Brier score ${fmt(s.calibration.brier)}.`,
    });
  }

  const letterRows = m.sentiment.per_letter.map((l) => [l.letter_id, l.framework, l.n, l.macro_f1, l.accuracy]);
  const sectionRows = m.sentiment.per_section.map((l) => [l.section, l.n, l.macro_f1, l.accuracy]);
  out.push({
    heading: "Sentiment per document and per section",
    table: { columns: ["document", "framework", "sentences", "macro-F1", "accuracy"], rows: letterRows },
    html: `<h3>Per section</h3>${htmlTable(["section", "sentences", "macro-F1", "accuracy"], sectionRows)}`,
    md: `${mdTable(["document", "framework", "sentences", "macro-F1", "accuracy"], letterRows)}\n\n${mdTable(["section", "sentences", "macro-F1", "accuracy"], sectionRows)}`,
  });

  const baseCols = ["method", ...fws.flatMap((k) => [`${FW_NAMES[k] ?? k} macro-F1`, "95% CI", "n"])];
  const baseRows = m.baselines.map((b) => [b.id, ...fws.flatMap((k) => { const x = b.by_framework[k]; return [x?.macro_f1 ?? null, x ? ci(x.macro_f1_ci) : "n/a", x?.n_scored ?? 0]; })]);
  const ceilingMd = m.ceiling
    ? `Human ceiling — two independent labelling passes (first pass as labelled, before adjudication, against the second) over ${m.ceiling.n_sentences} sentences (${m.ceiling.documents.join(", ")}): sentiment Cohen's kappa ${fmt(m.ceiling.sentiment_kappa)}, macro-F1 ${fmt(m.ceiling.sentiment_macro_f1)}, theme micro-F1 ${fmt(m.ceiling.theme_micro_f1)}. The model against the gold labels on the same sentences: kappa ${fmt(m.ceiling.model_on_same_sentences.sentiment_kappa)}, macro-F1 ${fmt(m.ceiling.model_on_same_sentences.sentiment_macro_f1)}, theme micro-F1 ${fmt(m.ceiling.model_on_same_sentences.theme_micro_f1)}.`
    : "Human ceiling: no second labelling pass found.";
  out.push({
    heading: "Baselines and human ceiling (same folds)",
    table: { columns: baseCols, rows: baseRows },
    html: `<ul>${m.baselines.map((b) => `<li><b>${esc(b.id)}</b>: ${esc(b.description)}</li>`).join("")}</ul><p>${esc(ceilingMd)}</p>`,
    md: `${mdTable(baseCols, baseRows)}\n\n${m.baselines.map((b) => `- **${b.id}**: ${b.description}`).join("\n")}\n\n${ceilingMd}`,
  });

  for (const k of orderFrameworks(Object.keys(m.themes.by_framework))) {
    const t = m.themes.by_framework[k]!;
    const rows = t.per_theme.map((r) => [r.theme, r.evaluable ? r.precision : null, r.evaluable ? r.recall : null, r.evaluable ? r.f1 : "not evaluable", r.support, fmt(m.themes.thresholds.find((x) => x.theme === r.theme)?.threshold ?? null, 2)]);
    const cols = ["theme", "precision", "recall", "F1", "support", "threshold"];
    out.push({
      heading: `Themes — ${FW_NAMES[k] ?? k}`,
      html: `<p>Micro-F1 ${fmt(t.micro.f1)} (precision ${fmt(t.micro.precision)}, recall ${fmt(t.micro.recall)}); macro-F1 ${fmt(t.macro_f1)} over ${t.n_evaluable} evaluable themes. Thresholds are those of the model trained on all documents, chosen by grouped cross-validation on its training documents.</p>`,
      svg: [await perThemeF1(t.per_theme.map((r) => ({ theme: r.theme, f1: r.evaluable ? r.f1 : null, support: r.support })), { title: `Per-theme F1, ${FW_NAMES[k] ?? k}` })],
      table: { columns: cols, rows },
      md: `Micro-F1 ${fmt(t.micro.f1)} (P ${fmt(t.micro.precision)}, R ${fmt(t.micro.recall)}); macro-F1 ${fmt(t.macro_f1)} over ${t.n_evaluable} evaluable themes.\n\n${mdTable(cols, rows)}`,
    });
  }

  const errCols = ["document", "sentence", "gold", "predicted", "confidence", "heading", "features that drove it"];
  const errRows = (rows: MetricsJson["errors"]["confident_wrong"]) =>
    rows.map((e) => [e.letter_id, e.text, e.gold, e.predicted, e.confidence, e.silver ?? "—", e.features.map((f) => `${f.feature} (${f.weight >= 0 ? "+" : ""}${f.weight.toFixed(2)})`).join(", ")]);
  out.push({
    heading: "Most confident wrong predictions",
    table: { columns: errCols, rows: errRows(m.errors.confident_wrong) },
    md: mdTable(errCols, errRows(m.errors.confident_wrong)),
  });
  out.push({
    heading: `Hand label differs from the heading (${m.errors.n_hand_vs_heading} sentences; first ${m.errors.hand_vs_heading.length})`,
    table: { columns: errCols, rows: errRows(m.errors.hand_vs_heading) },
    md: mdTable(errCols, errRows(m.errors.hand_vs_heading)),
  });

  const curveRows = m.learning_curve.map((p) => [p.n_letters, p.macro_f1, p.lo, p.hi, p.repeats]);
  out.push({
    heading: "Learning curve",
    html: "<p>Sentiment macro-F1 (pooled, leave-one-document-out) when each held-out document is predicted from a random subset of that many other documents; the band spans the repeats.</p>",
    svg: [await learningCurve(m.learning_curve.map((p) => ({ nLetters: p.n_letters, macroF1: p.macro_f1, lo: p.lo, hi: p.hi })), { title: "Sentiment macro-F1 vs number of training documents" })],
    table: { columns: ["training documents", "macro-F1", "min", "max", "repeats"], rows: curveRows },
    md: mdTable(["training documents", "macro-F1", "min", "max", "repeats"], curveRows),
  });
  return out;
}

function htmlTable(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (c: string | number | null) => esc(c === null ? "n/a" : typeof c === "number" ? (Number.isInteger(c) ? String(c) : fmt(c)) : c);
  return `<table><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

/** Markdown and HTML renderings of a metrics object. */
export async function renderReport(m: MetricsJson, title: string): Promise<{ md: string; html: string }> {
  const secs = await sections(m);
  const md = `# ${title}\n\n${secs.map((s) => `## ${s.heading}\n\n${s.md}\n`).join("\n")}`;
  const html = renderReportHtml({
    title,
    sections: secs.map((s) => ({
      heading: s.heading,
      ...(s.html !== undefined ? { html: s.html } : {}),
      ...(s.svg !== undefined ? { svg: s.svg } : {}),
      ...(s.table !== undefined ? { table: { columns: s.table.columns, rows: s.table.rows.map((r) => r.map((c) => (typeof c === "number" && !Number.isInteger(c) ? fmt(c) : c))) } } : {}),
    })),
  });
  return { md, html };
}
