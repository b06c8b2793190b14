/**
 * Leave-one-document-out cross-validation: for each labelled document, train on all the others
 * (theme thresholds chosen inside that training set only), predict the held-out one, and pool the
 * predictions. Never splits a document's sentences between training and testing.
 */
import { accuracy, binaryPrf, confusionMatrix, macroF1, microPrf, perClass } from "./metrics.ts";
import { SENTIMENTS, THEME_IDS, themeIndicators } from "../pipeline/schema.ts";
import type { CvMetrics, TrainParams } from "../models/model-file.ts";
import { dataSha256, trainModel, type TrainingExample } from "../models/train.ts";
import { compileModel, type Prediction, predictCompiled } from "../models/predict.ts";

export interface PooledPrediction {
  example: TrainingExample;
  prediction: Prediction;
  /** The document held out when this prediction was made. */
  fold: string;
}

/**
 * Runs leave-one-document-out CV. `letters` restricts which documents are held out (all by default);
 * `trainLetters` restricts which of the others may be trained on (for learning curves).
 */
export function crossValidate(
  examples: readonly TrainingExample[],
  params: TrainParams,
  seed: number,
  opts: { heldOut?: readonly string[]; trainFilter?: (heldOut: string) => ReadonlySet<string> | null; sentimentOnly?: boolean } = {},
): PooledPrediction[] {
  const letters = [...new Set(examples.map((e) => e.letter_id))].sort();
  if (letters.length < 2) throw new RangeError(`cross-validation needs at least 2 labelled documents; found ${letters.length}`);
  const out: PooledPrediction[] = [];
  for (const held of opts.heldOut ?? letters) {
    const allowed = opts.trainFilter?.(held) ?? null;
    const train = examples.filter((e) => e.letter_id !== held && (allowed === null || allowed.has(e.letter_id)));
    const test = examples.filter((e) => e.letter_id === held);
    if (test.length === 0 || train.length === 0) continue;
    const model = trainModel(train, params, { seed, letters: [], skipped_letters: [], data_sha256: dataSha256(train), skipThemes: opts.sentimentOnly === true });
    const cm = compileModel(model);
    for (const e of test) out.push({ example: e, prediction: predictCompiled(cm, e), fold: held });
  }
  return out;
}

/** Summary metrics of pooled CV predictions, overall and per framework. */
export function summariseCv(pooled: readonly PooledPrediction[]): CvMetrics {
  const groups: Record<string, PooledPrediction[]> = { all: [...pooled] };
  for (const p of pooled) (groups[p.example.framework] ??= []).push(p);
  const frameworks: CvMetrics["frameworks"] = {};
  for (const [name, items] of Object.entries(groups)) {
    const gold = items.map((p) => SENTIMENTS.indexOf(p.example.sentiment));
    const pred = items.map((p) => SENTIMENTS.indexOf(p.prediction.sentiment));
    const m = confusionMatrix(gold, pred, SENTIMENTS.length);
    const classes = perClass(m);
    const sentiment: CvMetrics["frameworks"][string]["sentiment"] = {};
    SENTIMENTS.forEach((s, i) => (sentiment[s] = classes[i]!));
    const themeGold = THEME_IDS.map((t) => items.map((p) => p.example.themes.includes(t)));
    const themePred = THEME_IDS.map((t) => items.map((p) => p.prediction.themes.includes(t)));
    const perTheme = THEME_IDS.map((_, t) => binaryPrf(themeGold[t]!, themePred[t]!));
    const micro = microPrf(themeIndicators(items.map((p) => p.example.themes)), themeIndicators(items.map((p) => p.prediction.themes)));
    const evaluable = perTheme.filter((c) => c.support > 0 && c.f1 !== null).map((c) => c.f1!);
    frameworks[name] = {
      n_sentences: items.length,
      sentiment_macro_f1: items.length > 0 ? macroF1(m) : null,
      sentiment_accuracy: items.length > 0 ? accuracy(m) : null,
      sentiment,
      theme_micro_f1: micro.f1,
      theme_macro_f1: evaluable.length > 0 ? evaluable.reduce((a, b) => a + b, 0) / evaluable.length : null,
    };
  }
  return { scheme: "leave-one-document-out", n_folds: new Set(pooled.map((p) => p.fold)).size, frameworks };
}
