/**
 * Training and prediction. A trained model is data (`ModelFile`); `predict` is a function of that
 * data. Labels are stored by name in codebook order and mapped to indexes inside `trainModel`.
 */
import { createHash } from "node:crypto";
import { SENTIMENTS, THEME_IDS, type Framework, type SectionId, type Sentiment, type SubsectionId, type ThemeId } from "../pipeline/schema.ts";
import { tokenBuffer, type TokenBuffer, tokenize, tokenizeInto } from "../pipeline/tokens.ts";
import { TOOL_VERSION } from "../pipeline/common/version.ts";
import { buildVocabulary, type CompiledFeatures, compileFeatureSet, type FeatureInput, featureIndicesMany, type FeatureScratch, featureScratch, sentenceFeatures, vectorise, vocabularyIndex } from "./features.ts";
import { type BinaryModel, DEFAULT_LOGREG_PARAMS, fitBinaryMany, type LogRegParams, predictBinary, type SparseVector, trainSoftmax } from "./logreg.ts";
import { CODEBOOK_SHA256, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile, roundWeight, type TrainParams } from "./model-file.ts";
import { trainReferenceSoftmax } from "./reference-mlr.ts";
import { mulberry32 } from "../pipeline/common/random.ts";

/** One labelled sentence as training sees it. */
export interface TrainingExample extends FeatureInput {
  letter_id: string;
  section: SectionId;
  subsection?: SubsectionId | null;
  framework: Framework;
  sentiment: Sentiment;
  themes: readonly ThemeId[];
}

/** Sentiment probabilities and themes for one sentence. */
export interface Prediction {
  sentiment: Sentiment;
  /** Probabilities in codebook order (strength, weakness, neutral); they sum to 1. */
  probabilities: Record<Sentiment, number>;
  themes: ThemeId[];
  /** P(theme) for every theme, in codebook order (`THEME_IDS[t]` for `theme_scores[t]`). */
  theme_scores: number[];
}

export interface TrainMeta {
  seed: number;
  letters: string[];
  skipped_letters: string[];
  data_sha256: string;
  /** Train the sentiment model only (theme models left empty, never predicting): learning curves. */
  skipThemes?: boolean;
}

/** SHA-256 over the training examples' keys, texts and labels, in a fixed order. */
export function dataSha256(examples: readonly TrainingExample[]): string {
  const h = createHash("sha256");
  for (const e of examples) h.update(`${e.letter_id}\t${e.section}\t${e.sentence_index ?? ""}\t${e.text}\t${e.sentiment}\t${[...e.themes].join(";")}\n`);
  return h.digest("hex");
}

function logRegParams(params: TrainParams, l2: number, seed: number): LogRegParams {
  return { ...DEFAULT_LOGREG_PARAMS, l2, maxIter: params.max_iter, tol: params.tol, classWeights: params.class_weights, seed };
}

interface Featurised {
  sentiment: string[][];
  themes: string[][];
}

function featurise(examples: readonly FeatureInput[], params: TrainParams): Featurised {
  const sentiment: string[][] = [];
  const themes: string[][] = [];
  for (const e of examples) {
    const tokens = tokenize(e.text);
    sentiment.push(sentenceFeatures(e, params.sentiment_features, tokens));
    themes.push(sentenceFeatures(e, params.theme_features, tokens));
  }
  return { sentiment, themes };
}

/** Grouped fold assignment: letters (sorted) shuffled by a seeded PRNG, dealt round-robin. */
export function letterFolds(letters: readonly string[], k: number, seed: number): string[][] {
  const order = [...new Set(letters)].sort();
  const rand = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const folds: string[][] = Array.from({ length: Math.min(k, order.length) }, () => []);
  order.forEach((l, i) => folds[i % folds.length]!.push(l));
  return folds;
}


interface ThemeFit {
  weights: Float64Array;
  intercept: number;
  n_positive: number;
}

function fitThemes(X: SparseVector[], examples: readonly TrainingExample[], nFeatures: number, params: TrainParams, seed: number, starts?: readonly BinaryModel[]): ThemeFit[] {
  const ys = THEME_IDS.map((theme) => Uint8Array.from(examples, (e) => (e.themes.includes(theme) ? 1 : 0)));
  const nPos = ys.map((y) => y.reduce((a, b) => a + b, 0));
  // Themes with both classes present are fitted together (they share every pass over X).
  const fitted = THEME_IDS.map((_, t) => t).filter((t) => nPos[t]! > 0 && nPos[t]! < examples.length);
  const fits = fitBinaryMany(
    X,
    fitted.map((t) => ys[t]!),
    nFeatures,
    fitted.map((t) => logRegParams(params, params.theme_l2, seed + t)),
    starts && fitted.map((t) => starts[t]!),
  );
  return THEME_IDS.map((_, t) => {
    const k = fitted.indexOf(t);
    if (k < 0) return { weights: new Float64Array(nFeatures), intercept: nPos[t] === 0 ? -10 : 10, n_positive: nPos[t]! };
    return { weights: fits[k]!.model.weights, intercept: fits[k]!.model.intercept, n_positive: nPos[t]! };
  });
}

/**
 * Chooses a decision threshold per theme by grouped cross-validation on the training letters only:
 * out-of-fold probabilities from models trained on the other folds, then the grid value with the
 * best F1. A theme with no positive examples gets `null` (never predicted).
 *
 * Also returns, per theme, the mean of its fold models over the full vocabulary (`index`): the
 * final fit starts from there and needs about half the conjugate-gradient steps it needs from
 * zero (837 against 1,548 on the 1,956 labelled sentences). It converges to the same tolerance,
 * and the fold models saw only training letters, so the start brings in nothing the final model
 * would not see anyway.
 */
function chooseThresholds(examples: readonly TrainingExample[], feats: readonly string[][], index: ReadonlyMap<string, number>, params: TrainParams, seed: number): { thresholds: (number | null)[]; starts: BinaryModel[] | undefined } {
  const letters = examples.map((e) => e.letter_id);
  const folds = letterFolds(letters, params.threshold_folds, seed);
  const oof: Float64Array[] = THEME_IDS.map(() => new Float64Array(examples.length).fill(Number.NaN));
  const starts: BinaryModel[] | undefined = folds.length >= 2 ? THEME_IDS.map(() => ({ nFeatures: index.size, weights: new Float64Array(index.size), intercept: 0 })) : undefined;
  if (starts !== undefined) {
    for (const fold of folds) {
      const held = new Set(fold);
      const trainIdx: number[] = [];
      const testIdx: number[] = [];
      examples.forEach((e, i) => (held.has(e.letter_id) ? testIdx : trainIdx).push(i));
      const vocab = buildVocabulary(trainIdx.map((i) => feats[i]!), params.theme_features.min_df);
      const foldIndex = vocabularyIndex(vocab);
      const Xtr = trainIdx.map((i) => vectorise(feats[i]!, foldIndex));
      const fits = fitThemes(Xtr, trainIdx.map((i) => examples[i]!), vocab.length, { ...params, tol: params.threshold_tol }, seed);
      for (const i of testIdx) {
        const x = vectorise(feats[i]!, foldIndex);
        fits.forEach((f, t) => (oof[t]![i] = predictBinary({ nFeatures: vocab.length, weights: f.weights, intercept: f.intercept }, x)));
      }
      const full = Int32Array.from(vocab, (f) => index.get(f) ?? -1);
      fits.forEach((f, t) => {
        const start = starts[t]!;
        for (let j = 0; j < full.length; j++) if (full[j]! >= 0) start.weights[full[j]!]! += f.weights[j]! / folds.length;
        start.intercept += f.intercept / folds.length;
      });
    }
  }
  const thresholds = THEME_IDS.map((theme, t) => {
    const gold = examples.map((e) => e.themes.includes(theme));
    if (!gold.some(Boolean)) return null;
    let best = 0.5;
    let bestF1 = -1;
    for (const th of params.threshold_grid) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      examples.forEach((_, i) => {
        const p = oof[t]![i]!;
        if (Number.isNaN(p)) return;
        const yes = p >= th;
        if (yes && gold[i]) tp++;
        else if (yes) fp++;
        else if (gold[i]) fn++;
      });
      const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
      if (f1 > bestF1 + 1e-12) {
        bestF1 = f1;
        best = th;
      }
    }
    return best;
  });
  return { thresholds, starts };
}

/**
 * Trains the sentiment model and the theme models on labelled sentences. Deterministic: the same
 * examples, params and seed give a byte-identical model file.
 */
export function trainModel(examples: readonly TrainingExample[], params: TrainParams, meta: TrainMeta): ModelFile {
  if (examples.length === 0) throw new RangeError("trainModel: no training examples");
  const feats = featurise(examples, params);

  const sVocab = buildVocabulary(feats.sentiment, params.sentiment_features.min_df);
  const sIndex = vocabularyIndex(sVocab);
  const Xs = feats.sentiment.map((f) => vectorise(f, sIndex));
  const y = Int32Array.from(examples, (e) => SENTIMENTS.indexOf(e.sentiment));
  const soft =
    params.learner === "ml_logistic_regression"
      ? trainReferenceSoftmax(Xs, y, SENTIMENTS.length, sVocab.length, { numSteps: params.reference_steps, learningRate: params.reference_learning_rate })
      : trainSoftmax(Xs, y, SENTIMENTS.length, sVocab.length, logRegParams(params, params.sentiment_l2, meta.seed));

  const tVocab = buildVocabulary(feats.themes, params.theme_features.min_df);
  const tIndex = vocabularyIndex(tVocab);
  const Xt = feats.themes.map((f) => vectorise(f, tIndex));
  const chosen = meta.skipThemes ? { thresholds: THEME_IDS.map(() => null), starts: undefined } : chooseThresholds(examples, feats.themes, tIndex, params, meta.seed);
  const thresholds = chosen.thresholds;
  const fits = meta.skipThemes
    ? THEME_IDS.map(() => ({ weights: new Float64Array(tVocab.length), intercept: -10, n_positive: 0 }))
    : fitThemes(Xt, examples, tVocab.length, params, meta.seed, chosen.starts);

  return {
    format: MODEL_FORMAT,
    format_version: MODEL_FORMAT_VERSION,
    tool_version: TOOL_VERSION,
    codebook_sha256: CODEBOOK_SHA256,
    learner: params.learner,
    sentiment: {
      labels: [...SENTIMENTS],
      features: { ...params.sentiment_features, vocabulary: sVocab },
      weights: soft.weights.map((row) => Array.from(row, roundWeight)),
      intercepts: Array.from(soft.intercepts, roundWeight),
    },
    themes: {
      labels: [...THEME_IDS],
      features: { ...params.theme_features, vocabulary: tVocab },
      models: THEME_IDS.map((theme, t) => ({
        theme,
        n_positive: fits[t]!.n_positive,
        threshold: thresholds[t] ?? null,
        weights: Array.from(fits[t]!.weights, roundWeight),
        intercept: roundWeight(fits[t]!.intercept),
      })),
    },
    training: {
      params,
      seed: meta.seed,
      data_sha256: meta.data_sha256,
      n_sentences: examples.length,
      letters: meta.letters,
      skipped_letters: meta.skipped_letters,
    },
    metrics: null,
  };
}

/** A model prepared for fast prediction (feature-major weight arrays, compiled vocabularies). */
export interface CompiledModel {
  model: ModelFile;
  sIndex: Map<string, number>;
  /** The sentiment and the theme vocabularies, compiled together (one pass over a sentence finds both). */
  features: CompiledFeatures[];
  /** Sentiment weights, feature-major: w[f * 3 + c]. */
  sW: Float64Array;
  sB: Float64Array;
  /** Theme weights, feature-major: w[f * 20 + t]. */
  tW: Float64Array;
  tB: Float64Array;
  /** Theme thresholds, codebook order; NaN where a theme is never predicted. */
  thresholds: Float64Array;
  /** Scratch space for feature indexes and logits (prediction is synchronous, so one set serves). */
  scratch: FeatureScratch[];
  counts: Int32Array;
  /** The chosen themes of the sentence being predicted, most probable first. */
  top: Int32Array;
  /** Reused for each sentence's tokens. */
  tokens: TokenBuffer;
  logits: Float64Array;
}

/** Prepares a model for prediction; do it once, then call `predictCompiled` per sentence. */
export function compileModel(model: ModelFile): CompiledModel {
  const k = SENTIMENTS.length;
  const sv = model.sentiment.features.vocabulary.length;
  const sW = new Float64Array(sv * k);
  model.sentiment.weights.forEach((row, c) => row.forEach((w, f) => (sW[f * k + c] = w)));
  const nt = THEME_IDS.length;
  const tv = model.themes.features.vocabulary.length;
  const tW = new Float64Array(tv * nt);
  model.themes.models.forEach((m, t) => m.weights.forEach((w, f) => (tW[f * nt + t] = w)));
  const features = compileFeatureSet([
    { settings: model.sentiment.features, vocabulary: model.sentiment.features.vocabulary },
    { settings: model.themes.features, vocabulary: model.themes.features.vocabulary },
  ]);
  return {
    model,
    sIndex: vocabularyIndex(model.sentiment.features.vocabulary),
    features,
    sW,
    sB: Float64Array.from(model.sentiment.intercepts),
    tW,
    tB: Float64Array.from(model.themes.models, (m) => m.intercept),
    thresholds: Float64Array.from(model.themes.models, (m) => m.threshold ?? Number.NaN),
    scratch: [featureScratch(), featureScratch()],
    counts: new Int32Array(2),
    top: new Int32Array(3),
    tokens: tokenBuffer(),
    logits: new Float64Array(Math.max(SENTIMENTS.length, THEME_IDS.length)),
  };
}

/**
 * Predicts sentiment and themes for one sentence with a compiled model. Features are found by
 * integer keys (`featureIndices`), the same set as `vectorise(sentenceFeatures(...))`, binary and
 * L2-normalised.
 */
export function predictCompiled(cm: CompiledModel, input: FeatureInput, tokenized: TokenBuffer = tokenizeInto(input.text, cm.tokens)): Prediction {
  const logits = cm.logits;
  featureIndicesMany(cm.features, input, tokenized, cm.scratch, cm.counts);
  linearScores(cm.sW, cm.sB, cm.scratch[0]!.buf, cm.counts[0]!, logits);
  // Softmax over the three classes (the max is subtracted first, so large logits do not overflow).
  const max = Math.max(logits[0]!, logits[1]!, logits[2]!);
  const e0 = Math.exp(logits[0]! - max);
  const e1 = Math.exp(logits[1]! - max);
  const e2 = Math.exp(logits[2]! - max);
  const sum = e0 + e1 + e2;
  const probabilities = { strength: e0 / sum, weakness: e1 / sum, neutral: e2 / sum };
  const sentiment = probabilities.weakness > probabilities.strength ? (probabilities.neutral > probabilities.weakness ? "neutral" : "weakness") : probabilities.neutral > probabilities.strength ? "neutral" : "strength";

  linearScores(cm.tW, cm.tB, cm.scratch[1]!.buf, cm.counts[1]!, logits);
  // A plain array: a small Float64Array costs about three times as much to allocate.
  const scores: number[] = new Array(THEME_IDS.length);
  // Codebook: 0–3 themes per sentence, most specific (here: most probable, then codebook order) first.
  const top = cm.top;
  let chosen = 0;
  for (let t = 0; t < THEME_IDS.length; t++) {
    const p = 1 / (1 + Math.exp(-logits[t]!));
    scores[t] = p;
    if (!(p >= cm.thresholds[t]!)) continue;
    // Insert t into the (at most 3) chosen so far, most probable first; ties keep codebook order.
    let j = Math.min(chosen, 2);
    if (j === 2 && chosen === 3 && !(p > scores[top[2]!]!)) continue;
    while (j > 0 && p > scores[top[j - 1]!]!) {
      top[j] = top[j - 1]!;
      j--;
    }
    top[j] = t;
    if (chosen < 3) chosen++;
  }
  const themes: ThemeId[] = [];
  for (let j = 0; j < chosen; j++) themes.push(THEME_IDS[top[j]!]!);
  return { sentiment, probabilities, themes, theme_scores: scores };
}

/**
 * Scores of a linear model with feature-major weights (w[f · m + c], m = b.length) on a binary,
 * L2-normalised row given by its n distinct feature indexes: out[c] = b[c] + (Σ_f w[f · m + c]) / √n.
 */
function linearScores(w: Float64Array, b: Float64Array, idx: Int32Array, n: number, out: Float64Array): void {
  const m = b.length;
  const v = n > 0 ? 1 / Math.sqrt(n) : 0;
  // Four classes at a time (the 20 themes), each sum in a register: a feature's m weights sit in a
  // few cache lines that stay in L1, and each index is read once per four classes; the rest (the
  // three sentiment classes) one at a time. Every class's sum runs in the same order as a
  // feature-by-feature loop.
  let c = 0;
  for (; c + 4 <= m; c += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const at = idx[j]! * m + c;
      s0 += w[at]!;
      s1 += w[at + 1]!;
      s2 += w[at + 2]!;
      s3 += w[at + 3]!;
    }
    out[c] = b[c]! + s0 * v;
    out[c + 1] = b[c + 1]! + s1 * v;
    out[c + 2] = b[c + 2]! + s2 * v;
    out[c + 3] = b[c + 3]! + s3 * v;
  }
  for (; c < m; c++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += w[idx[j]! * m + c]!;
    out[c] = b[c]! + s * v;
  }
}

/** Predicts many sentences with a model (compiles it once). */
export function predict(model: ModelFile | CompiledModel, inputs: readonly FeatureInput[]): Prediction[] {
  const cm = "sW" in model ? model : compileModel(model);
  return inputs.map((i) => predictCompiled(cm, i));
}

/** The features that pushed a sentiment decision most: weight × value toward the predicted class minus the mean of the others. */
export function explainSentiment(cm: CompiledModel, input: FeatureInput, label: Sentiment, top = 5): { feature: string; weight: number }[] {
  const k = SENTIMENTS.length;
  const c = SENTIMENTS.indexOf(label);
  const feats = sentenceFeatures(input, cm.model.sentiment.features, tokenize(input.text));
  const x = vectorise(feats, cm.sIndex);
  const vocab = cm.model.sentiment.features.vocabulary;
  const contrib: { feature: string; weight: number }[] = [];
  for (let j = 0; j < x.indices.length; j++) {
    const f = x.indices[j]!;
    let others = 0;
    for (let o = 0; o < k; o++) if (o !== c) others += cm.sW[f * k + o]!;
    contrib.push({ feature: vocab[f]!, weight: (cm.sW[f * k + c]! - others / (k - 1)) * x.values[j]! });
  }
  return contrib.sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature)).slice(0, top);
}
