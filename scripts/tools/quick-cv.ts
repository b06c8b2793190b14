/**
 * Quick cross-validation for experiments. By default sentiment-only leave-one-document-out (the theme
 * models are skipped, so a run over every labelled document takes a fraction of `npm run train`):
 * macro-F1, per-class F1, the flip rate (strength or weakness sentences predicted with the opposite
 * polarity) and the strength/neutral confusion, over all documents and per framework.
 *
 *   tsx scripts/tools/quick-cv.ts ['{"sentiment_l2": 1e-4}'] [--labels DIR] [--errors FILE]
 *   tsx scripts/tools/quick-cv.ts --themes --folds 11 ['{"theme_l2": 3e-5}']
 *
 * `--themes` trains the theme models too and adds theme micro-F1; `--folds K` holds out K groups
 * of whole documents (dealt by the seeded `letterFolds`) instead of one document at a time: a
 * faster, coarser check for theme experiments (the figures to quote come from `npm run train`).
 *
 * `--errors FILE` writes every wrongly predicted sentence (JSON lines: document, section, silver,
 * gold, predicted, probabilities, text) for reading; keep it outside the repository, since it holds
 * text of the 2023 reports.
 *
 * The JSON argument overrides training params as a `--config` file would.
 */
import { writeFileSync } from "node:fs";
import { crossValidate, type PooledPrediction } from "../../eval/cv.ts";
import { microPrf } from "../../eval/metrics.ts";
import { compileModel, predictCompiled } from "../../models/predict.ts";
import { dataSha256, letterFolds, trainModel } from "../../models/train.ts";
import { themeIndicators } from "../../pipeline/schema.ts";
import { TrainParamsSchema } from "../../models/model-file.ts";
import { toExamples } from "../../models/examples.ts";
import { loadCorpus } from "../../pipeline/labels/corpus.ts";
import { SENTIMENTS } from "../../pipeline/schema.ts";

const args = process.argv.slice(2);
const labelsAt = args.indexOf("--labels");
const labels = labelsAt >= 0 ? args[labelsAt + 1]! : "data/labels";
const override = args.find((a) => a.startsWith("{"));
const params = TrainParamsSchema.parse(override ? JSON.parse(override) : {});
const examples = toExamples((await loadCorpus(labels)).sentences);
const t0 = performance.now();
const withThemes = args.includes("--themes");
const foldsAt = args.indexOf("--folds");
let pooled: PooledPrediction[];
if (foldsAt >= 0) {
  pooled = [];
  for (const group of letterFolds(examples.map((e) => e.letter_id), Number(args[foldsAt + 1]), 42)) {
    const held = new Set(group);
    const train = examples.filter((e) => !held.has(e.letter_id));
    const cm = compileModel(trainModel(train, params, { seed: 42, letters: [], skipped_letters: [], data_sha256: dataSha256(train), skipThemes: !withThemes }));
    for (const e of examples) if (held.has(e.letter_id)) pooled.push({ example: e, prediction: predictCompiled(cm, e), fold: group.join("+") });
  }
} else {
  pooled = crossValidate(examples, params, 42, { sentimentOnly: !withThemes });
}

function report(name: string, items: readonly PooledPrediction[]): string {
  const f1s = SENTIMENTS.map((c) => {
    const tp = items.filter((p) => p.example.sentiment === c && p.prediction.sentiment === c).length;
    const gold = items.filter((p) => p.example.sentiment === c).length;
    const pred = items.filter((p) => p.prediction.sentiment === c).length;
    return gold + pred === 0 ? 0 : (2 * tp) / (gold + pred);
  });
  const judged = items.filter((p) => p.example.sentiment !== "neutral");
  const flips = judged.filter((p) => p.prediction.sentiment !== "neutral" && p.prediction.sentiment !== p.example.sentiment).length;
  const sToN = items.filter((p) => p.example.sentiment === "strength" && p.prediction.sentiment === "neutral").length;
  const nToS = items.filter((p) => p.example.sentiment === "neutral" && p.prediction.sentiment === "strength").length;
  const macro = f1s.reduce((a, b) => a + b, 0) / 3;
  const themes = withThemes ? microPrf(themeIndicators(items.map((p) => p.example.themes)), themeIndicators(items.map((p) => p.prediction.themes))).f1 : null;
  return `${name.padEnd(8)} n=${String(items.length).padStart(5)}${themes === null ? "" : `  theme micro-F1 ${themes!.toFixed(3)}`}  macro-F1 ${macro.toFixed(3)}  F1 s/w/n ${f1s.map((f) => f.toFixed(3)).join("/")}  flips ${flips}/${judged.length} (${((100 * flips) / Math.max(1, judged.length)).toFixed(2)}%)  s→n ${sToN}  n→s ${nToS}`;
}
console.log(report("all", pooled));
for (const fw of ["2016", "2023"]) console.log(report(fw, pooled.filter((p) => p.example.framework === fw)));
console.error(`${((performance.now() - t0) / 1000).toFixed(1)} s, params ${override ?? "{}"}`);

const errorsAt = args.indexOf("--errors");
if (errorsAt >= 0) {
  const wrong = pooled.filter((p) => p.prediction.sentiment !== p.example.sentiment);
  writeFileSync(args[errorsAt + 1]!, wrong.map((p) => JSON.stringify({ letter_id: p.example.letter_id, section: p.example.section, silver: p.example.silver ?? null, gold: p.example.sentiment, predicted: p.prediction.sentiment, p: p.prediction.probabilities, text: p.example.text })).join("\n") + "\n");
}
