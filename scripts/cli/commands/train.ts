import { loadTrainParams } from "../../../models/config.ts";
import { crossValidate, summariseCv } from "../../../eval/cv.ts";
import { toExamples } from "../../../models/examples.ts";
import { type CvMetrics, saveModel } from "../../../models/model-file.ts";
import { dataSha256, trainModel } from "../../../models/train.ts";
import { assertNotAnInput, type RunInput } from "../../../pipeline/common/atomic.ts";
import { corpusInputs, defaultReportsDirs, loadCorpus } from "../../../pipeline/labels/corpus.ts";
import { InputError, UsageError } from "../../../pipeline/errors.ts";
import type { Command } from "../types.ts";
import { formatTable } from "../table.ts";
import { orderFrameworks } from "../../../eval/metrics.ts";

/** Readable lines of cross-validated metrics, old and new framework separately. */
export function metricsTable(m: CvMetrics): string {
  const names: Record<string, string> = { all: "all documents", "2016": "2016–22 letters", "2023": "2023 reports" };
  return formatTable(
    ["documents", "sentences", "sentiment macro-F1", "accuracy", "theme micro-F1", "theme macro-F1"],
    orderFrameworks(Object.keys(m.frameworks)).map((k) => [k, m.frameworks[k]!] as const).map(([k, v]) => [names[k] ?? k, v.n_sentences, v.sentiment_macro_f1, v.sentiment_accuracy, v.theme_micro_f1, v.theme_macro_f1]),
  );
}

export const command: Command = {
  meta: {
    name: "train",
    synopsis: "train [--labels DIR] [--out PATH] [--seed N] [--config FILE] [--reports DIR] [--no-cv]",
    description:
      "Train the sentiment model and the theme models on the hand labels, score them by leave-one-document-out cross-validation, and write one model file (atomically). Same labels + seed = byte-identical file.",
  },
  args: {
    labels: { type: "string", description: "folder of <letter_id>.csv label files", default: "data/labels" },
    out: { type: "string", description: "model file to write", default: "models/send-findings.json" },
    seed: { type: "string", description: "random seed (integer)", default: "42" },
    config: { type: "string", description: "JSON file of training parameters (see README); unknown keys are errors" },
    reports: { type: "string", multiple: true, description: "a folder of report PDFs; repeat for more (default: the reports_dirs of data/documents.json, ../shared/reports-2023 and ../shared/reports-2023-extra)" },
    "no-cv": { type: "boolean", description: "skip cross-validation (the model file then has no metrics)" },
  },
  async run({ values, io, log }) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`unknown value for --seed: "${String(values.seed)}"; expected a non-negative integer`);
    const labelsDir = values.labels as string;
    const out = values.out as string;
    const reportsDirs = (values.reports as string[] | undefined) ?? [];
    const config = values.config as string | undefined;
    // Checked before training: the model may not replace a label file, a document or the config.
    assertNotAnInput(out, [
      ...corpusInputs(labelsDir, { reportsDirs }),
      ...(reportsDirs.length > 0 ? reportsDirs : defaultReportsDirs()).map((path) => ({ path, what: "a reports folder (--reports)" })),
      ...(config === undefined ? [] : [{ path: config, what: "the config (--config)" } satisfies RunInput]),
    ]);
    const params = loadTrainParams(config);
    const corpus = await loadCorpus(labelsDir, { reportsDirs });
    for (const s of corpus.skipped) log(`send-findings: ${s.file}: warning: labels left out of training: ${s.reason}`);
    const examples = toExamples(corpus.sentences);
    if (examples.length === 0) throw new InputError("E_LABELS", "no labelled sentences to train on", { file: labelsDir });
    const letters = [...corpus.documents.keys()].sort();
    let metrics: CvMetrics | null = null;
    if (values["no-cv"] !== true) {
      if (letters.length < 2) throw new InputError("E_LABELS", `cross-validation needs at least 2 labelled documents; found ${letters.length} (use --no-cv to train anyway)`, { file: labelsDir });
      const t0 = performance.now();
      metrics = summariseCv(crossValidate(examples, params, seed));
      log(`cross-validated over ${letters.length} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t0 = performance.now();
    const model = trainModel(examples, params, { seed, letters, skipped_letters: corpus.skipped.map((s) => s.letter_id).sort(), data_sha256: dataSha256(examples) });
    log(`trained on ${examples.length} sentences from ${letters.length} documents in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    model.metrics = metrics;
    saveModel(model, out);
    io.stdout(`${out}: ${params.learner}, ${model.sentiment.features.vocabulary.length} sentiment / ${model.themes.features.vocabulary.length} theme features\n`);
    if (metrics) io.stdout(`leave-one-document-out:\n${metricsTable(metrics)}\n`);
    return 0;
  },
};
