import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { loadTrainParams } from "../../../models/config.ts";
import { toExamples } from "../../../models/examples.ts";
import { provenanceNow } from "../../../eval/provenance.ts";
import { formatTargetValue, loadTargets, STATUS_WORDS, targetInWords } from "../../../eval/targets.ts";
import { orderFrameworks } from "../../../eval/metrics.ts";
import { assertNotAnInput, type RunInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { corpusInputs, loadCorpus } from "../../../pipeline/labels/corpus.ts";
import { InputError, UsageError } from "../../../pipeline/errors.ts";
import { parseJobs } from "../jobs.ts";
import type { Command } from "../types.ts";

/** The files `eval` writes into its --out folder. */
const REPORT_FILES = ["metrics.json", "report.md", "report.html"] as const;

export const command: Command = {
  meta: {
    name: "eval",
    synopsis: "eval [--labels DIR] [--config FILE] [--targets FILE] [--out DIR] [--seed N] [--jobs N] | eval --compare A B [--out FILE.md]",
    description:
      "Leave-one-document-out precision report: a verdict on each quality target, sentiment and theme metrics with bootstrap intervals, calibration, baselines on the same folds, the human ceiling, error analysis and a learning curve. Writes metrics.json, report.md and report.html. With --compare: the change between two runs, with a paired bootstrap interval over their shared documents and a verdict (better, worse, within noise).",
  },
  args: {
    labels: { type: "string", description: "folder of <letter_id>.csv label files", default: "data/labels" },
    "second-pass": { type: "string", description: "folder of the independent second labelling pass (human ceiling)", default: "data/labels/second-pass" },
    "first-pass": { type: "string", description: "folder of the first pass as labelled, before adjudication (human ceiling)", default: "data/labels/first-pass" },
    config: { type: "string", description: "JSON file of training parameters" },
    targets: { type: "string", description: "JSON file of quality targets, e.g. {\"sentiment_macro_f1\": 0.82, \"theme_micro_f1\": 0.8, \"flip_rate\": 0.03} (default: those)" },
    out: { type: "string", description: "report folder (or, with --compare, a Markdown file for the comparison)", default: "eval/reports/latest" },
    jobs: { type: "string", description: "worker threads for the training runs (1: none; results are the same for any number; default: the machine's cores)" },
    seed: { type: "string", description: "random seed (integer)", default: "42" },
    bootstrap: { type: "string", description: "bootstrap resamples for the intervals", default: "1000" },
    reports: { type: "string", multiple: true, description: "a folder of report PDFs; repeat for more (default: the reports_dirs of data/documents.json, ../shared/reports-2023 and ../shared/reports-2023-extra)" },
    compare: { type: "boolean", description: "compare two report folders A B instead of evaluating" },
  },
  async run({ values, positionals, io, log, argv }) {
    // The report's charts (vega), the learners and the comparison are loaded only when used, so
    // `eval --help` starts at once.
    const { compareMetrics, formatComparison, formatComparisonMarkdown, loadMetrics, metricsFile } = await import("../../../eval/report/compare.ts");
    if (values.compare === true) {
      if (positionals.length !== 2) throw new UsageError("eval --compare: give exactly two report folders (or metrics.json files), A and B");
      const [pa, pb] = positionals as [string, string];
      const out = values.out !== "eval/reports/latest" ? (values.out as string) : undefined;
      if (out !== undefined) {
        assertNotAnInput(out, [pa, pb].flatMap((p) => [{ path: p, what: "a report folder being compared" }, { path: metricsFile(p), what: "a metrics file being compared" }]));
      }
      const a = loadMetrics(pa);
      const b = loadMetrics(pb);
      const boot = { iterations: bootstrapIterations(values.bootstrap), seed: seedOf(values.seed) };
      const rows = compareMetrics(a, b, boot);
      const sameData = a.setup.data_sha256 === b.setup.data_sha256;
      io.stdout(formatComparison(rows, pa, pb, sameData, boot));
      if (out !== undefined) writeFileAtomic(out, formatComparisonMarkdown(rows, pa, pb, sameData, boot));
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`eval: unexpected argument "${positionals[0]}" (did you mean --compare?)`);
    const seed = seedOf(values.seed);
    const iterations = bootstrapIterations(values.bootstrap);
    const jobs = parseJobs(values.jobs, availableParallelism());
    const config = values.config as string | undefined;
    const targets = loadTargets(values.targets as string | undefined);
    const reportsDir = { reportsDirs: (values.reports as string[] | undefined) ?? [] };
    const labelsDir = values.labels as string;
    const out = values.out as string;
    // Checked before the (long) evaluation: neither the folder nor a report file may be a file the run reads.
    const inputs: RunInput[] = [
      ...corpusInputs(labelsDir, reportsDir),
      ...(["second-pass", "first-pass"] as const).flatMap((flag) => (existsSync(values[flag] as string) ? corpusInputs(values[flag] as string, { ...reportsDir, flag: `--${flag}` }) : [])),
      ...(config === undefined ? [] : [{ path: config, what: "the config (--config)" }]),
      ...reportsDir.reportsDirs.map((path) => ({ path, what: "a reports folder (--reports)" })),
    ];
    for (const o of [out, ...REPORT_FILES.map((f) => join(out, f))]) assertNotAnInput(o, inputs);
    const params = loadTrainParams(config);
    const corpus = await loadCorpus(labelsDir, reportsDir);
    for (const s of corpus.skipped) log(`send-findings: ${s.file}: warning: labels left out: ${s.reason}`);
    const examples = toExamples(corpus.sentences);
    const letters = new Set(examples.map((e) => e.letter_id));
    if (letters.size < 2) {
      throw new InputError("E_LABELS", `leave-one-letter-out needs labels for at least 2 documents; found ${letters.size} — no fold is possible`, { file: labelsDir });
    }
    const secondDir = values["second-pass"] as string;
    const second = existsSync(secondDir) ? toExamples((await loadCorpus(secondDir, reportsDir)).sentences) : [];
    const firstDir = values["first-pass"] as string;
    const first = existsSync(firstDir) ? toExamples((await loadCorpus(firstDir, reportsDir)).sentences) : [];
    if (second.length === 0) log(`send-findings: ${secondDir}: no second labelling pass; the report has no human ceiling`);
    const { evaluate } = await import("../../../eval/run.ts");
    const { renderReport } = await import("../../../eval/report/render.ts");
    const t0 = performance.now();
    const metrics = await evaluate(examples, {
      params,
      seed,
      bootstrapIterations: iterations,
      curveRepeats: 3,
      secondPass: second,
      firstPass: first,
      skipped: corpus.skipped.map((s) => ({ letter_id: s.letter_id, reason: s.reason })),
      topErrors: 15,
      jobs,
      progress: log,
      targets,
    });
    log(`evaluated ${examples.length} sentences from ${letters.size} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const provenance = provenanceNow({ data_sha256: metrics.setup.data_sha256, model_sha256: metrics.setup.model_sha256 ?? null, seed, argv: argv ?? ["eval"] });
    const { md, html } = await renderReport(metrics, { provenance });
    const contents: Record<(typeof REPORT_FILES)[number], string> = { "metrics.json": `${JSON.stringify(metrics, null, 2)}\n`, "report.md": md, "report.html": html };
    for (const f of REPORT_FILES) writeFileAtomic(join(out, f), contents[f]);

    io.stdout(
      `${out}/: metrics.json, report.md, report.html\n` +
        orderFrameworks(Object.keys(metrics.sentiment.by_framework))
          .map((k) => [k, metrics.sentiment.by_framework[k]!] as const)
          .map(([k, s]) => `${k}: sentiment macro-F1 ${s.macro_f1?.toFixed(3) ?? "n/a"} (95% CI ${s.macro_f1_ci.lo?.toFixed(3) ?? "n/a"}–${s.macro_f1_ci.hi?.toFixed(3) ?? "n/a"}), theme micro-F1 ${metrics.themes.by_framework[k]?.micro.f1?.toFixed(3) ?? "n/a"}, n=${s.n}`)
          .join("\n") +
        "\n" +
        (metrics.targets ?? []).map((t) => `target ${t.metric}: ${STATUS_WORDS[t.status]} (${formatTargetValue(t.metric, t.value)}, ${targetInWords(t)})`).join("\n") +
        ((metrics.targets ?? []).length ? "\n" : ""),
    );
    return 0;
  },
};

function seedOf(value: unknown): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`unknown value for --seed: "${String(value)}"; expected a non-negative integer`);
  return seed;
}

function bootstrapIterations(value: unknown): number {
  const iterations = Number(value);
  if (!Number.isInteger(iterations) || iterations < 10) throw new UsageError(`unknown value for --bootstrap: "${String(value)}"; expected an integer ≥ 10`);
  return iterations;
}
