/**
 * Prediction: a model file compiled once (`compileModel`: feature-major weights, the vocabularies
 * compiled over one tokenizer the compiled model owns), then one sentence at a time
 * (`predictCompiled`), and the features that drove a decision (`explainSentiment`).
 */
import { SENTIMENTS, THEME_IDS, type Sentiment, type ThemeId } from "../pipeline/codebook.ts";
import { tokenBuffer, type TokenBuffer } from "../pipeline/tokens.ts";
import { type CompiledFeatures, compiledFindingThemes, compileFeatureSet, featureIndicesMany, type FeatureScratch, featureScratch } from "./compiled.ts";
import { contextFor, type FeatureInput, type FindingThemes, sentenceFeatures, vectorise, vocabularyIndex, wantsContext } from "./features.ts";
import type { ModelFile } from "./model-file.ts";

/** Sentiment probabilities and themes for one sentence. */
export interface Prediction {
  sentiment: Sentiment;
  /** Probabilities in codebook order (strength, weakness, neutral); they sum to 1. */
  probabilities: Record<Sentiment, number>;
  themes: ThemeId[];
  /** P(theme) for every theme, in codebook order (`THEME_IDS[t]` for `theme_scores[t]`). */
  theme_scores: number[];
}

/** The last prediction of a compiled model (`predictInto`), in its own buffers. */
export interface LastPrediction {
  /** Index into `SENTIMENTS`. */
  sentiment: number;
  /** Strength, weakness, neutral. */
  probabilities: Float64Array;
  /** P(theme), codebook order. */
  scores: Float64Array;
  /** The chosen themes' indexes, most probable first: the first `chosen` of them. */
  top: Int32Array;
  chosen: number;
}

/** A model prepared for fast prediction (feature-major weight arrays, compiled vocabularies). */
export interface CompiledModel {
  model: ModelFile;
  /** Sentiment feature → vocabulary index, for explanations (`explainSentiment`); made on first use. */
  sIndex: Map<string, number> | null;
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
  /** The last prediction (`predictInto`). */
  last: LastPrediction;
  /** Reused for each sentence's tokens (by `features[0].space.tokenizer`, which the model owns). */
  tokens: TokenBuffer;
  logits: Float64Array;
  /** The finding context last worked out, and the `finding_sentences` array it was worked out for. */
  lastFinding: { sentences: readonly string[]; context: FindingThemes } | null;
  /** Whether either model has finding-context features. */
  wantsContext: boolean;
  contextTokens: TokenBuffer;
  themeCounts: Uint8Array;
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
    sIndex: null,
    features,
    sW,
    sB: Float64Array.from(model.sentiment.intercepts),
    tW,
    tB: Float64Array.from(model.themes.models, (m) => m.intercept),
    thresholds: Float64Array.from(model.themes.models, (m) => m.threshold ?? Number.NaN),
    scratch: [featureScratch(), featureScratch()],
    counts: new Int32Array(2),
    last: { sentiment: 0, probabilities: new Float64Array(3), scores: new Float64Array(THEME_IDS.length), top: new Int32Array(3), chosen: 0 },
    tokens: tokenBuffer(),
    logits: new Float64Array(Math.max(SENTIMENTS.length, THEME_IDS.length)),
    lastFinding: null,
    wantsContext: wantsContext(model.sentiment.features) || wantsContext(model.themes.features),
    contextTokens: tokenBuffer(),
    themeCounts: new Uint8Array(THEME_IDS.length),
  };
}

/**
 * Predicts sentiment and themes for one sentence with a compiled model. Features are found by
 * integer keys (`featureIndices`), the same set as `vectorise(sentenceFeatures(...))`, binary and
 * L2-normalised.
 */
export function predictCompiled(cm: CompiledModel, input: FeatureInput, tokenized?: TokenBuffer): Prediction {
  const last = predictInto(cm, input, tokenized);
  const probabilities = { strength: last.probabilities[0]!, weakness: last.probabilities[1]!, neutral: last.probabilities[2]! };
  // A plain array: a small Float64Array costs about three times as much to allocate.
  const scores: number[] = new Array(THEME_IDS.length);
  for (let t = 0; t < THEME_IDS.length; t++) scores[t] = last.scores[t]!;
  return { sentiment: SENTIMENTS[last.sentiment]!, probabilities, themes: themesOf(last), theme_scores: scores };
}

/** The chosen themes of a prediction, most probable first. */
export function themesOf(last: LastPrediction): ThemeId[] {
  const themes: ThemeId[] = [];
  for (let j = 0; j < last.chosen; j++) themes.push(THEME_IDS[last.top[j]!]!);
  return themes;
}

/**
 * `predictCompiled` into the compiled model's own buffers (`cm.last`, returned), allocating nothing:
 * for a stream of sentences whose rows are written at once (`classify --sentences`). The buffers
 * are overwritten by the next prediction.
 */
export function predictInto(cm: CompiledModel, input: FeatureInput, tokenized: TokenBuffer = cm.features[0]!.space.tokenizer.tokenizeInto(input.text, cm.tokens)): LastPrediction {
  const logits = cm.logits;
  const last = cm.last;
  featureIndicesMany(cm.features, input, tokenized, cm.scratch, cm.counts, findingContext(cm, input.finding_sentences));
  linearScores(cm.sW, cm.sB, cm.scratch[0]!.buf, cm.counts[0]!, logits);
  // Softmax over the three classes (the max is subtracted first, so large logits do not overflow).
  const max = Math.max(logits[0]!, logits[1]!, logits[2]!);
  const e0 = Math.exp(logits[0]! - max);
  const e1 = Math.exp(logits[1]! - max);
  const e2 = Math.exp(logits[2]! - max);
  const sum = e0 + e1 + e2;
  const ps = e0 / sum;
  const pw = e1 / sum;
  const pn = e2 / sum;
  last.probabilities[0] = ps;
  last.probabilities[1] = pw;
  last.probabilities[2] = pn;
  // Codebook order: strength 0, weakness 1, neutral 2; a tie goes to the earlier.
  last.sentiment = pw > ps ? (pn > pw ? 2 : 1) : pn > ps ? 2 : 0;

  linearScores(cm.tW, cm.tB, cm.scratch[1]!.buf, cm.counts[1]!, logits);
  const scores = last.scores;
  // Codebook: 0–3 themes per sentence, most specific (here: most probable, then codebook order) first.
  const top = last.top;
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
  last.chosen = chosen;
  return last;
}

/** Predicts a plain sentence, not from an inspection letter: no section, heading or finding. */
export function predictSentence(cm: CompiledModel, text: string): Prediction {
  return predictCompiled(cm, { text, section: null, silver: null, sentence_index: 0 });
}

/**
 * The finding context of a sentence: worked out once per `finding_sentences` array (a finding's
 * sentences come one after another and share it), null without a finding or context features.
 */
function findingContext(cm: CompiledModel, sentences: readonly string[] | null | undefined): FindingThemes | null {
  if (!sentences || !cm.wantsContext) return null;
  if (cm.lastFinding?.sentences !== sentences) {
    cm.lastFinding = { sentences, context: compiledFindingThemes(cm.features[0]!.space, sentences, cm.contextTokens, cm.themeCounts) };
  }
  return cm.lastFinding.context;
}

/**
 * Scores of a linear model with feature-major weights (w[f · m + c], m = b.length) on a binary,
 * L2-normalised row given by its n distinct feature indexes: out[c] = b[c] + (Σ_f w[f · m + c]) / √n.
 */
function linearScores(w: Float64Array, b: Float64Array, idx: Int32Array, n: number, out: Float64Array): void {
  const m = b.length;
  const v = n > 0 ? 1 / Math.sqrt(n) : 0;
  // Eight, then four classes at a time (the 20 themes), each sum in a register: a feature's m
  // weights sit in a few cache lines, and each index is read once per group of classes; the rest
  // (the three sentiment classes) one at a time. Every class's sum runs in the same order as a
  // feature-by-feature loop, so the scores are the same to the last bit.
  let c = 0;
  for (; c + 8 <= m; c += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let j = 0; j < n; j++) {
      const at = idx[j]! * m + c;
      s0 += w[at]!;
      s1 += w[at + 1]!;
      s2 += w[at + 2]!;
      s3 += w[at + 3]!;
      s4 += w[at + 4]!;
      s5 += w[at + 5]!;
      s6 += w[at + 6]!;
      s7 += w[at + 7]!;
    }
    out[c] = b[c]! + s0 * v;
    out[c + 1] = b[c + 1]! + s1 * v;
    out[c + 2] = b[c + 2]! + s2 * v;
    out[c + 3] = b[c + 3]! + s3 * v;
    out[c + 4] = b[c + 4]! + s4 * v;
    out[c + 5] = b[c + 5]! + s5 * v;
    out[c + 6] = b[c + 6]! + s6 * v;
    out[c + 7] = b[c + 7]! + s7 * v;
  }
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
  const tokenizer = cm.features[0]!.space.tokenizer;
  const feats = sentenceFeatures(input, cm.model.sentiment.features, tokenizer.tokenize(input.text), contextFor(input, cm.model.sentiment.features, tokenizer));
  const x = vectorise(feats, (cm.sIndex ??= vocabularyIndex(cm.model.sentiment.features.vocabulary)));
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
