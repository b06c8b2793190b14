/**
 * One unit of the evaluation's work as a plain, cloneable task: train on some documents and predict
 * a held-out one (`model`), or score the baselines on one held-out document (`baselines`).
 * `runFold` runs a task the same way in this thread or in a worker thread (`pool.ts`): each result
 * depends on the task, the examples, the parameters and the seed only, never on which thread ran
 * it or in what order, so parallel and serial evaluations write identical numbers.
 */
import { BASELINES } from "./baselines.ts";
import type { TrainParams } from "../models/model-file.ts";
import { FeatureCache, trainModel, type TrainingExample } from "../models/train.ts";
import { compileModel, explainSentiment, type Prediction, predictCompiled } from "../models/predict.ts";
import type { Sentiment } from "../pipeline/schema.ts";

/** What every task of one evaluation shares (sent to each worker once). */
export interface FoldContext {
  examples: readonly TrainingExample[];
  seed: number;
}

export type FoldTask =
  | {
      kind: "model";
      /** The document predicted. */
      held: string;
      /** The documents trained on; `null` for all the others. */
      train: readonly string[] | null;
      params: TrainParams;
      /** Train the sentiment model only (learning curves). */
      sentimentOnly: boolean;
      /** Explain the sentences the error analysis may show (wrong, or hand label ≠ heading). */
      explain: boolean;
    }
  | { kind: "baselines"; held: string };

/** One held-out sentence's prediction; `index` is its position in `FoldContext.examples`. */
export interface FoldPrediction {
  index: number;
  prediction: Prediction;
  /** The features that pushed the decision most, where the task asked for them. */
  explain: { feature: string; weight: number }[] | null;
}

export type FoldResult =
  | { kind: "model"; held: string; predictions: FoldPrediction[] }
  /** `labels[b]` is baseline `BASELINES[b]`'s label for the sentence (null: not scored). */
  | { kind: "baselines"; held: string; predictions: { index: number; labels: (Sentiment | null)[] }[] };

/** The training and test examples of a task, by index, in corpus order. */
function split(ctx: FoldContext, held: string, train: readonly string[] | null): { train: TrainingExample[]; test: number[] } {
  const allowed = train === null ? null : new Set(train);
  const trainSet: TrainingExample[] = [];
  const test: number[] = [];
  ctx.examples.forEach((e, i) => {
    if (e.letter_id === held) test.push(i);
    else if (allowed === null || allowed.has(e.letter_id)) trainSet.push(e);
  });
  return { train: trainSet, test };
}

/**
 * Runs one task. A fold with nothing to train on or nothing to predict gives no predictions (as
 * `crossValidate` skips it).
 */
/** Feature caches by feature settings (`FeatureCache`), one set per thread that runs tasks. */
export type FeatureCaches = Map<string, FeatureCache>;

export function runFold(ctx: FoldContext, task: FoldTask, caches: FeatureCaches = new Map()): FoldResult {
  const { train, test } = split(ctx, task.held, task.kind === "model" ? task.train : null);
  if (task.kind === "baselines") {
    const fitted = BASELINES.map((b) => b.fit(train));
    return { kind: "baselines", held: task.held, predictions: test.map((index) => ({ index, labels: fitted.map((f) => f(ctx.examples[index]!)) })) };
  }
  if (test.length === 0 || train.length === 0) return { kind: "model", held: task.held, predictions: [] };
  const key = JSON.stringify([task.params.sentiment_features, task.params.theme_features]);
  let cache = caches.get(key);
  if (cache === undefined) caches.set(key, (cache = new FeatureCache(task.params)));
  const model = trainModel(train, task.params, { seed: ctx.seed, letters: [], skipped_letters: [], data_sha256: "", skipThemes: task.sentimentOnly, cache });
  const cm = compileModel(model);
  return {
    kind: "model",
    held: task.held,
    predictions: test.map((index) => {
      const e = ctx.examples[index]!;
      const prediction = predictCompiled(cm, e);
      const shown = prediction.sentiment !== e.sentiment || (e.silver !== null && e.silver !== undefined && e.silver !== e.sentiment);
      return { index, prediction, explain: task.explain && shown ? explainSentiment(cm, e, prediction.sentiment, 5) : null };
    }),
  };
}

/** A rough cost of a task (training sentences, times ~8 when theme models are trained too), for scheduling the largest first. */
export function foldCost(ctx: FoldContext, task: FoldTask, sentencesPerDocument: ReadonlyMap<string, number>): number {
  const total = ctx.examples.length - (sentencesPerDocument.get(task.held) ?? 0);
  if (task.kind === "baselines") return total * 0.3;
  const n = task.train === null ? total : task.train.reduce((a, l) => a + (sentencesPerDocument.get(l) ?? 0), 0);
  return task.sentimentOnly ? n : n * 8;
}
