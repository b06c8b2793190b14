/**
 * Renders `metrics.json` as `report.md` (for reading in a repository) and a self-contained
 * `report.html` with inline SVG charts (Vega-Lite rendered in Node).
 *
 * Written for someone deciding whether to trust the tags, not for the people who built the model:
 * the page opens with where it came from (provenance) and a verdict on each quality target, says
 * in plain words what every figure measures, names sections by their headings and themes by their
 * names, and shows the features behind a decision in words (models/explain-words.ts), never as
 * internal feature codes.
 */
import { SECTION_IDS, SENTIMENTS } from "../../pipeline/schema.ts";
import { featureInWords, SECTION_HEADINGS, THEME_NAMES } from "../../models/explain-words.ts";
import { confusionHeatmap, groupedIntervals, learningCurve, perDocumentF1, reliabilityDiagram } from "./charts.ts";
import { escapeHtml as esc, type ReportFigure, renderReportHtml, tableHtml } from "./html.ts";
import { orderFrameworks } from "../metrics.ts";
import type { Provenance } from "../provenance.ts";
import { formatTargetValue, STATUS_WORDS, TARGET_METRICS, targetInWords, type TargetVerdict, verdictReason } from "../targets.ts";
import type { MetricsJson } from "./schema.ts";

const FW_NAMES: Record<string, string> = { all: "all documents", "2016": "2016–22 letters", "2023": "2023-framework reports" };
const fwName = (k: string) => FW_NAMES[k] ?? k;

/** A number as the report prints it: 3 decimals, or "n/a" for a value that cannot be computed. */
export function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits);
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? "n/a" : `${(x * 100).toFixed(1)}%`;
}

function ci(i: { lo: number | null; hi: number | null } | undefined, f: (x: number | null) => string = fmt): string {
  return i === undefined || i.lo === null || i.hi === null ? "n/a" : `${f(i.lo)}–${f(i.hi)}`;
}

type Cell = string | number | null;

function mdTable(columns: string[], rows: Cell[][]): string {
  const cell = (c: Cell) => (c === null ? "n/a" : typeof c === "number" ? (Number.isInteger(c) ? String(c) : fmt(c)) : c.replace(/\|/g, "\\|").replace(/\n/g, "; "));
  return [`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

/** Markdown from the small subset of HTML the help texts use (<b>, <i>, <code>). The Markdown has no charts, so it takes only the help that applies to its tables. */
function mdOf(html: string): string {
  return html
    .replace(/<\/?b>/g, "**")
    .replace(/<\/?i>/g, "*")
    .replace(/<\/?code>/g, "`")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

interface Section {
  id: string;
  heading: string;
  html?: string;
  figures?: ReportFigure[];
  table?: { columns: string[]; rows: Cell[][] };
  after?: string;
  md: string;
}

// ── plain-language help, one place for the page and the Markdown ──────────────────────────────

const HELP = {
  headline:
    "Each bar is a score from 0 to 1, where 1 means every sentence was tagged as the hand label says. The black whisker is the 95% interval: the range the score would likely fall in on another set of documents like these. Red ticks mark the targets.",
  confusion:
    "Rows are the hand labels, columns what the model said; each cell gives the count and the share of its row. The diagonal is right. The strength ↔ weakness cells are <i>flips</i>, the mistakes that mislead a reader most.",
  reliability:
    "When the model says it is 80% sure, is it right 80% of the time? Each bar is how often it was right among the predictions made with that much confidence; a dot below the dashed line means the model was more sure than right (over-confident), above it less sure than it could be (under-confident). <b>ECE</b> is the average gap between confidence and accuracy (0 = perfect); the <b>Brier score</b> is the mean squared error of the probabilities (0 = perfect, 2 = always sure and wrong).",
  documents:
    "How well each document's sentences are tagged when the model never saw that document, best first. The line is the 95% interval from resampling the document's own sentences: short documents have wide lines. A document far below the others is worth reading.",
  baselines:
    "Simple rules scored on the same documents. The model should beat them clearly; the section heading (strength under \"effective\", weakness under \"better\") is the rule to beat.",
  themes:
    "F1 per theme, by framework. A theme with few sentences (small n in the table) has an unreliable F1; one with none cannot be evaluated.",
  curve:
    "How the score grows with the number of labelled documents the model is trained on. A line still rising at the right means more labelled documents should help; the dashed line is the target.",
};

const glossary = (iterations: number): [string, string][] => [
  ["Leave-one-document-out", "Each document is tagged by a model trained on all the other documents, so every score here is for documents the model had never seen, as a new report would be."],
  ["Precision, recall", "Precision: of the sentences the model gave a label, the share that truly have it. Recall: of the sentences that truly have a label, the share the model found."],
  ["F1", "The balance of precision and recall (their harmonic mean), from 0 to 1; high only when both are high."],
  ["Macro-F1 (sentiment)", "The average of the F1 of strength, weakness and neutral, each counting the same, so the rarer neutral sentences weigh as much as the common strengths and weaknesses."],
  ["Micro-F1 (themes)", "F1 over every (sentence, theme) decision pooled together: common themes weigh more than rare ones."],
  ["Flip rate", "The share of strength and weakness sentences tagged with the opposite polarity: a strength reported as a weakness or the reverse."],
  ["95% interval", `The range the score would likely fall in on another set of documents like these, from resampling whole documents ${iterations.toLocaleString("en-GB")} times (bootstrap). Few documents give wide intervals.`],
  ["ECE (expected calibration error)", "How far the model's stated confidence is from how often it is right, averaged over all predictions; 0 means its probabilities can be taken at face value."],
  ["Brier score", "The mean squared difference between the predicted probabilities and what was true; 0 is perfect, lower is better."],
  ["Silver label", "The label a section heading implies (strength under \"What is … doing that is effective?\", weakness under \"… need to do better?\"). Hand labels never copy it."],
];

function glossaryHtml(iterations: number): string {
  return `<dl class="glossary">${glossary(iterations).map(([t, d]) => `<dt>${esc(t)}</dt><dd>${esc(d)}</dd>`).join("")}</dl>`;
}

// ── provenance and verdict ─────────────────────────────────────────────────────────────────────

function provenanceRows(m: MetricsJson, p: Provenance | undefined): [string, string][] {
  return [
    ["date", p?.date ?? "not recorded"],
    ["send-findings version", p?.tool_version ?? m.tool_version],
    ["git commit", p === undefined ? "not recorded" : (p.commit ?? "not available (no git checkout)")],
    ["labelled data SHA-256", m.setup.data_sha256],
    ["model SHA-256", m.setup.model_sha256 ?? p?.model_sha256 ?? "not recorded"],
    ["seed", String(m.setup.seed)],
    ["command", p?.command ?? "not recorded"],
  ];
}

function provenanceLine(m: MetricsJson, p: Provenance | undefined): { html: string; md: string } {
  const rows = provenanceRows(m, p);
  const short = (label: string, v: string) => (/sha-256/i.test(label) && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : label === "git commit" && /^[0-9a-f]{40}/.test(v) ? v.replace(/^([0-9a-f]{10})[0-9a-f]{30}/, "$1…") : v);
  return {
    html: `<p class="provenance">${rows.map(([k, v]) => `${esc(k)} <code title="${esc(v)}">${esc(short(k, v))}</code>`).join(" · ")} — full values under <a href="#provenance">Provenance</a>.</p>`,
    md: rows.map(([k, v]) => `${k} \`${short(k, v)}\``).join(" · "),
  };
}

function verdictBox(m: MetricsJson): { html: string; md: string } {
  const targets = m.targets ?? [];
  const met = targets.filter((t) => t.status === "met" || t.status === "met_uncertain");
  const unclear = targets.filter((t) => t.status === "met_uncertain").length;
  const headline =
    targets.length === 0 ? "Verdict: no targets were set" : `Verdict: ${met.length} of ${targets.length} target${targets.length === 1 ? "" : "s"} met${unclear ? ` (${unclear} not clearly)` : ""}`;
  const intro = `Measured over all ${m.setup.documents.length} documents, each tagged by a model that never saw it; 95% intervals from resampling documents.`;
  const item = (t: TargetVerdict) => {
    const def = TARGET_METRICS[t.metric];
    const status = STATUS_WORDS[t.status][0]!.toUpperCase() + STATUS_WORDS[t.status].slice(1);
    const measured = `${formatTargetValue(t.metric, t.value)} (95% interval ${ci(t, (x) => formatTargetValue(t.metric, x))})`;
    return {
      html: `<li class="${t.status}"><span class="status">${esc(status)}</span> — <b>${esc(def.label)}</b> ${esc(measured)}, target ${esc(targetInWords(t))}. ${esc(verdictReason(t))}<br><span class="means">${esc(def.label)} is ${esc(def.means)}.</span></li>`,
      md: `- **${status}** — **${def.label}** ${measured}, target ${targetInWords(t)}. ${verdictReason(t)} *${def.label} is ${def.means}.*`,
    };
  };
  const items = targets.map(item);
  return {
    html: `<section class="verdict" id="verdict" aria-labelledby="verdict-h"><h2 id="verdict-h">${esc(headline)}</h2><p>${esc(intro)}</p><ul>${items.map((i) => i.html).join("")}</ul></section>`,
    md: `## ${headline}\n\n${intro}\n\n${items.map((i) => i.md).join("\n")}`,
  };
}

// ── sections ───────────────────────────────────────────────────────────────────────────────────

function sectionName(id: string): string {
  return (SECTION_HEADINGS as Record<string, string>)[id] ?? id;
}

function themeName(id: string): string {
  return (THEME_NAMES as Record<string, string>)[id] ?? id;
}

/** An error row's features in words with their weights, one per line (Markdown tables join them with "; "). */
function featuresInWords(e: MetricsJson["errors"]["confident_wrong"][number]): string {
  return e.features.map((f) => `${f.words ?? featureInWords(f.feature)} (${f.weight >= 0 ? "+" : ""}${f.weight.toFixed(2)})`).join("\n");
}

async function sections(m: MetricsJson): Promise<Section[]> {
  const out: Section[] = [];
  // "2016"/"2023" are integer-like keys, which JavaScript orders before "all": order them explicitly.
  const fws = orderFrameworks(Object.keys(m.sentiment.by_framework));
  const target = (metric: TargetVerdict["metric"]) => m.targets?.find((t) => t.metric === metric)?.threshold;

  // How to read
  const sectionRows = SECTION_IDS.map((id, i) => [id, i < 5 ? "2016–22" : "2023", SECTION_HEADINGS[id]]);
  out.push({
    id: "how-to-read",
    heading: "How to read this report",
    html: `<p>The model reads each finding sentence of an inspection letter or report and tags its <b>sentiment</b> (strength, weakness or neutral) and up to three <b>themes</b>. This report checks those tags against hand labels made with the codebook. The terms used:</p>${glossaryHtml(m.setup.bootstrap.iterations)}<h3>Sections of the letters and reports</h3><p>Findings are grouped by the section they sit under; the report names a section by the id in the first column.</p>`,
    table: { columns: ["section id", "framework", "heading in the document"], rows: sectionRows },
    md: `The model tags each finding sentence's sentiment (strength, weakness or neutral) and up to three themes; this report checks the tags against hand labels made with the codebook.\n\n${glossary(m.setup.bootstrap.iterations).map(([t, d]) => `- **${t}**: ${d}`).join("\n")}\n\nSections:\n\n${mdTable(["section id", "framework", "heading in the document"], sectionRows)}`,
  });

  // Summary across frameworks
  const headline = fws.map((k) => {
    const s = m.sentiment.by_framework[k]!;
    const t = m.themes.by_framework[k]!;
    return [fwName(k), s.n_documents, s.n, s.macro_f1, ci(s.macro_f1_ci), s.accuracy, t.micro.f1, ci(t.micro_f1_ci), pct(s.flip?.rate), ci(s.flip?.rate_ci, pct)];
  });
  const headCols = ["documents", "docs", "sentences", "sentiment macro-F1", "95% interval", "accuracy", "theme micro-F1", "95% interval", "flip rate", "95% interval"];
  const headBars = fws.flatMap((k) => {
    const s = m.sentiment.by_framework[k]!;
    const t = m.themes.by_framework[k]!;
    const series = fwName(k);
    return [
      { group: "sentiment macro-F1", series, value: s.macro_f1, ...s.macro_f1_ci },
      { group: "theme micro-F1", series, value: t.micro.f1, ...(t.micro_f1_ci ?? { lo: null, hi: null }) },
      ...SENTIMENTS.map((c) => ({ group: `F1 ${c}`, series, value: s.per_class[c]?.f1 ?? null, ...(s.per_class[c]?.f1_ci ?? { lo: null, hi: null }) })),
    ];
  });
  const headTargets = [
    ...(target("sentiment_macro_f1") !== undefined ? [{ group: "sentiment macro-F1", value: target("sentiment_macro_f1")! }] : []),
    ...(target("theme_micro_f1") !== undefined ? [{ group: "theme micro-F1", value: target("theme_micro_f1")! }] : []),
  ];
  out.push({
    id: "summary",
    heading: "Summary: the 2016–22 letters and the 2023 reports side by side",
    html: `<p>Learner <code>${esc(m.setup.learner)}</code>, ${m.setup.documents.length} documents (${m.setup.documents.reduce((a, d) => a + d.n_sentences, 0)} labelled sentences). The 2016–22 letters and the 2023-framework reports are written to different templates, so each is scored on its own as well as together.${m.setup.skipped.length ? ` Left out (document not found): ${esc(m.setup.skipped.map((s) => s.letter_id).join(", "))}.` : ""}</p>`,
    figures: [{ svg: await groupedIntervals(headBars, { title: "Headline figures by framework", valueTitle: "score (1 = perfect)", targets: headTargets }), caption: HELP.headline }],
    table: { columns: headCols, rows: headline },
    md: `Leave-one-document-out over ${m.setup.documents.length} documents; learner \`${m.setup.learner}\`, seed ${m.setup.seed}; 95% intervals by bootstrap over documents (${m.setup.bootstrap.iterations} resamples).${m.setup.skipped.length ? ` Left out: ${m.setup.skipped.map((s) => `${s.letter_id} (${s.reason})`).join(", ")}.` : ""}\n\n${mdTable(headCols, headline)}`,
  });

  // Sentiment: confusion as small multiples, reliability, per-class table across frameworks
  const classRows = fws.flatMap((k) => {
    const s = m.sentiment.by_framework[k]!;
    return SENTIMENTS.map((c) => {
      const r = s.per_class[c]!;
      return [fwName(k), c, r.precision, r.recall, r.f1, ci(r.f1_ci), r.support];
    });
  });
  const classCols = ["documents", "class", "precision", "recall", "F1", "F1 95% interval", "sentences"];
  const calRows = fws.map((k) => {
    const s = m.sentiment.by_framework[k]!;
    return [fwName(k), s.calibration.ece, s.calibration.brier, s.flip ? `${s.flip.n_flipped} of ${s.flip.n_polar}` : "n/a", pct(s.flip?.rate)];
  });
  const calCols = ["documents", "ECE", "Brier score", "flips", "flip rate"];
  const heatmaps: ReportFigure[] = [];
  for (const k of fws) {
    const s = m.sentiment.by_framework[k]!;
    heatmaps.push({ svg: await confusionHeatmap(s.confusion.counts, s.confusion.labels, { normalised: s.confusion.row_normalised, title: `Confusion, ${fwName(k)}` }) });
  }
  heatmaps[heatmaps.length - 1]!.caption = HELP.confusion;
  const all = m.sentiment.by_framework.all!;
  const confMd = fws
    .map((k) => {
      const s = m.sentiment.by_framework[k]!;
      return `${fwName(k)} (rows hand label, columns model; row share in brackets):\n\n${mdTable(["hand \\ model", ...s.confusion.labels], s.confusion.labels.map((g, i) => [g, ...s.confusion.counts[i]!.map((c, j) => `${c} (${fmt(s.confusion.row_normalised[i]![j], 2)})`)]))}`;
    })
    .join("\n\n");
  out.push({
    id: "sentiment",
    heading: "Sentiment: what is confused with what, and how sure the model is",
    figures: [
      ...heatmaps,
      { svg: await reliabilityDiagram(all.calibration.bins, { title: `Reliability, all documents (ECE ${fmt(all.calibration.ece)}, Brier ${fmt(all.calibration.brier)})` }), caption: HELP.reliability },
    ],
    table: { columns: classCols, rows: classRows },
    after: `<h3>Calibration and flips</h3>${tableHtml({ columns: calCols, rows: calRows })}`,
    md: `${mdTable(classCols, classRows)}\n\n${mdOf(HELP.confusion)}\n\n${confMd}\n\n${mdTable(calCols, calRows)}`,
  });

  // Per document
  const docRows = m.sentiment.per_letter.map((l) => [l.letter_id, fwName(l.framework), l.n, l.macro_f1, ci(l.macro_f1_ci), l.accuracy, l.confusion ? l.confusion[0]![1]! + l.confusion[1]![0]! : "n/a"]);
  const docCols = ["document", "framework", "sentences", "macro-F1", "95% interval", "accuracy", "flips"];
  out.push({
    id: "documents",
    heading: "Sentiment per document",
    figures: [
      {
        svg: await perDocumentF1(
          m.sentiment.per_letter.map((l) => ({ document: l.letter_id, series: fwName(l.framework), f1: l.macro_f1, lo: l.macro_f1_ci?.lo ?? null, hi: l.macro_f1_ci?.hi ?? null, n: l.n })),
          { title: "Sentiment macro-F1 per document", ...(target("sentiment_macro_f1") !== undefined ? { target: target("sentiment_macro_f1")! } : {}) },
        ),
        caption: HELP.documents,
      },
    ],
    table: { columns: docCols, rows: docRows },
    md: mdTable(docCols, docRows),
  });

  // Per section
  const secRows = m.sentiment.per_section.map((l) => [l.section, sectionName(l.section), l.n, l.macro_f1, l.accuracy]);
  const secCols = ["section id", "heading", "sentences", "macro-F1", "accuracy"];
  out.push({
    id: "sections",
    heading: "Sentiment per section",
    html: "<p>Scores by the section the sentence sits under. A section whose sentences are nearly all of one label (all weaknesses under \"better\") can have a low macro-F1 with few mistakes: the rare labels in it weigh as much as the common one.</p>",
    table: { columns: secCols, rows: secRows },
    md: mdTable(secCols, secRows),
  });

  // Baselines and ceiling
  const baseName = (id: string) => (id.startsWith("learner:") ? `this model (${id.slice(8)})` : id.replace(/_/g, " "));
  const baseCols = ["method", ...fws.flatMap((k) => [`${fwName(k)} macro-F1`, "95% interval", "n"])];
  const baseRows = m.baselines.map((b) => [baseName(b.id), ...fws.flatMap((k) => { const x = b.by_framework[k]; return [x?.macro_f1 ?? null, x ? ci(x.macro_f1_ci) : "n/a", x?.n_scored ?? 0]; })]);
  const baseBars = m.baselines.flatMap((b) => fws.map((k) => ({ group: baseName(b.id), series: fwName(k), value: b.by_framework[k]?.macro_f1 ?? null, ...(b.by_framework[k]?.macro_f1_ci ?? { lo: null, hi: null }) })));
  const ceilingMd = m.ceiling
    ? `Human ceiling — two people labelled ${m.ceiling.n_sentences} sentences independently (${m.ceiling.documents.join(", ")}): they agreed with Cohen's kappa ${fmt(m.ceiling.sentiment_kappa)} (1 = perfect agreement, 0 = chance), sentiment macro-F1 ${fmt(m.ceiling.sentiment_macro_f1)}, theme micro-F1 ${fmt(m.ceiling.theme_micro_f1)}. The model against the final labels on the same sentences: kappa ${fmt(m.ceiling.model_on_same_sentences.sentiment_kappa)}, macro-F1 ${fmt(m.ceiling.model_on_same_sentences.sentiment_macro_f1)}, theme micro-F1 ${fmt(m.ceiling.model_on_same_sentences.theme_micro_f1)}. The gap is how far the model is from a careful person.`
    : "Human ceiling: no second labelling pass found.";
  out.push({
    id: "baselines",
    heading: "Baselines and the human ceiling",
    figures: [{ svg: await groupedIntervals(baseBars, { title: "Sentiment macro-F1: this model against simple rules", valueTitle: "sentiment macro-F1", groupTitle: "method", barSize: 8 }), caption: HELP.baselines }],
    table: { columns: baseCols, rows: baseRows },
    after: `<ul>${m.baselines.map((b) => `<li><b>${esc(baseName(b.id))}</b>: ${esc(b.description)}</li>`).join("")}</ul><p>${esc(ceilingMd)}</p>`,
    md: `${mdTable(baseCols, baseRows)}\n\n${m.baselines.map((b) => `- **${baseName(b.id)}**: ${b.description}`).join("\n")}\n\n${ceilingMd}`,
  });

  // Themes, all frameworks in one chart and one table
  const tfws = orderFrameworks(Object.keys(m.themes.by_framework));
  const themeIds = m.themes.by_framework.all?.per_theme.map((r) => r.theme) ?? [];
  const themeBars = themeIds.flatMap((id) =>
    tfws.map((k) => {
      const r = m.themes.by_framework[k]!.per_theme.find((x) => x.theme === id);
      return { group: themeName(id), series: fwName(k), value: r && r.evaluable ? r.f1 : null };
    }),
  );
  const themeCols = ["theme", ...tfws.flatMap((k) => [`${fwName(k)} F1`, "n"]), "threshold"];
  const themeRows = themeIds.map((id) => [
    `${themeName(id)} (${id})`,
    ...tfws.flatMap((k): Cell[] => {
      const r = m.themes.by_framework[k]!.per_theme.find((x) => x.theme === id);
      return [r === undefined ? null : r.evaluable ? r.f1 : "not evaluable", r?.support ?? 0];
    }),
    fmt(m.themes.thresholds.find((x) => x.theme === id)?.threshold ?? null, 2),
  ]);
  const themeSumCols = ["documents", "micro-F1", "95% interval", "precision", "recall", "macro-F1", "themes evaluable"];
  const themeSumRows = tfws.map((k) => {
    const t = m.themes.by_framework[k]!;
    return [fwName(k), t.micro.f1, ci(t.micro_f1_ci), t.micro.precision, t.micro.recall, t.macro_f1, t.n_evaluable];
  });
  const themeNote = "A theme is tagged when its probability passes the theme's threshold, chosen for the model trained on all documents by cross-validation within its training documents. Macro-F1 here is the plain average of the evaluable themes' F1.";
  out.push({
    id: "themes",
    heading: "Themes",
    html: `${tableHtml({ columns: themeSumCols, rows: themeSumRows })}<p>${esc(themeNote)}</p>`,
    figures: [{ svg: await groupedIntervals(themeBars, { title: "F1 per theme", subtitle: "bar: F1 (no interval: themes are too sparse to resample per theme)", valueTitle: "F1", groupTitle: "theme", barSize: 7 }), caption: HELP.themes }],
    table: { columns: themeCols, rows: themeRows },
    md: `${mdTable(themeSumCols, themeSumRows)}\n\n${themeNote}\n\n${mdTable(themeCols, themeRows)}\n\n${HELP.themes}`,
  });

  // Errors, with the features in words
  const errCols = ["document", "sentence", "hand label", "model", "confidence", "heading's label", "what pushed the model (weight)"];
  const errRows = (rows: MetricsJson["errors"]["confident_wrong"]) => rows.map((e) => [e.letter_id, e.text, e.gold, e.predicted, e.confidence, e.silver ?? "none", featuresInWords(e)]);
  const errHelp =
    "The weights say how strongly each feature pushed towards the model's label rather than the others (larger = stronger). Words are the sentence's own; \"evaluative word\" cues come from the codebook's definitions of strength and weakness.";
  out.push({
    id: "confident-errors",
    heading: "The model's most confident mistakes",
    html: `<p>The ${m.errors.confident_wrong.length} sentences the model got wrong while most sure of itself. ${esc(errHelp)}</p>`,
    table: { columns: errCols, rows: errRows(m.errors.confident_wrong) },
    md: `${errHelp}\n\n${mdTable(errCols, errRows(m.errors.confident_wrong))}`,
  });
  const sampled = m.errors.hand_vs_heading_seed !== undefined;
  const hvh = sampled
    ? `${m.errors.n_hand_vs_heading} sentences; a random sample of ${m.errors.hand_vs_heading.length}, seed ${m.errors.hand_vs_heading_seed}`
    : `${m.errors.n_hand_vs_heading} sentences`;
  out.push({
    id: "hand-vs-heading",
    heading: `Hand label differs from the heading (${hvh})`,
    html: "<p>Sentences whose hand label is not what their section heading implies (a weakness under \"effective\", say). The codebook labels what the sentence says, not where it sits; these are where a heading-based shortcut would go wrong.</p>",
    table: { columns: errCols, rows: errRows(m.errors.hand_vs_heading) },
    md: mdTable(errCols, errRows(m.errors.hand_vs_heading)),
  });

  // Learning curve
  const curveRows = m.learning_curve.map((p) => [p.n_letters, p.macro_f1, p.lo, p.hi, p.repeats]);
  const curveCols = ["training documents", "macro-F1 (mean)", "lowest draw", "highest draw", "draws"];
  const curveTarget = target("sentiment_macro_f1");
  out.push({
    id: "learning-curve",
    heading: "Learning curve",
    html: "<p>Sentiment macro-F1 (pooled, leave-one-document-out) when each held-out document is tagged by a model trained on a random subset of that many other documents; the band spans the random draws.</p>",
    figures: [
      {
        svg: await learningCurve(m.learning_curve.map((p) => ({ nLetters: p.n_letters, macroF1: p.macro_f1, lo: p.lo, hi: p.hi })), {
          title: "Sentiment macro-F1 vs number of training documents",
          ...(curveTarget !== undefined ? { target: curveTarget } : {}),
        }),
        caption: HELP.curve,
      },
    ],
    table: { columns: curveCols, rows: curveRows },
    md: mdTable(curveCols, curveRows),
  });
  // The summary comes first (after the verdict), the glossary right after it.
  const [howTo, summary, ...rest] = out;
  return [summary!, howTo!, ...rest];
}

/** Options of a rendering: where the report came from, and its title. */
export interface RenderOptions {
  provenance?: Provenance;
  title?: string;
}

/** Markdown and HTML renderings of a metrics object. */
export async function renderReport(m: MetricsJson, opts: RenderOptions = {}): Promise<{ md: string; html: string }> {
  const title = opts.title ?? "How well send-findings tags inspection findings";
  const subtitle = `Precision report: leave-one-document-out evaluation of the ${m.setup.learner} model on ${m.setup.documents.length} hand-labelled documents`;
  const secs = await sections(m);
  const prov = provenanceLine(m, opts.provenance);
  const verdict = verdictBox(m);
  const provRows = provenanceRows(m, opts.provenance);
  secs.push({
    id: "provenance",
    heading: "Provenance",
    html: "<p>What this report was made from. The labelled-data hash covers every sentence's text and labels; the model hash is that of the model file <code>send-findings train</code> writes from the same labels, settings and seed, so a shipped model can be checked against it (<code>sha256sum models/send-findings.json</code>).</p>",
    table: { columns: ["", "value"], rows: provRows },
    md: mdTable(["", "value"], provRows.map(([k, v]) => [k, `\`${v}\``])),
  });
  const md = `# ${title}\n\n${subtitle}\n\n${prov.md}\n\n${verdict.md}\n\n${secs.map((s) => `## ${s.heading}\n\n${s.md}\n`).join("\n")}`;
  const html = renderReportHtml({
    title,
    subtitle,
    lead: `${prov.html}\n${verdict.html}`,
    sections: secs.map((s) => ({
      id: s.id,
      heading: s.heading,
      ...(s.html !== undefined ? { html: s.html } : {}),
      ...(s.figures !== undefined ? { figures: s.figures } : {}),
      ...(s.table !== undefined ? { table: s.table } : {}),
      ...(s.after !== undefined ? { after: s.after } : {}),
    })),
  });
  return { md, html };
}
