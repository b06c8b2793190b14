/**
 * The model file: one JSON document holding the sentiment model and the theme models, validated
 * by `ModelFileSchema` on load. Loading refuses rather than warns: JSON parse, then `format` and
 * `format_version`, then schema (every number finite, weights within ±`MAX_ABS_WEIGHT`,
 * thresholds in [0, 1]), then labels and `codebook_sha256`, then dimensions, then a sorted and
 * unique vocabulary, and last the seal: `content_sha256`, the SHA-256 of the file's canonical
 * content, which `send-findings train` writes and `send-findings model seal` renews on purpose.
 * Each failure is one line.
 *
 * format_version history:
 *   1 — first release: sentiment softmax + one binary model per theme, dense weights per vocabulary.
 *       `content_sha256` added later without a bump (an older reader refuses it as an unknown key
 *       rather than misreading it); files without it are refused until sealed.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { writeFileAtomic } from "../pipeline/common/atomic.ts";
import { ModelError, summariseZodError } from "../pipeline/errors.ts";
import { readModelText } from "./model-text.ts";
import { SECTION_IDS, SENTIMENTS, THEME_IDS } from "../pipeline/schema.ts";
import { FeatureSettingsSchema } from "./feature-settings.ts";

export const MODEL_FORMAT = "send-findings/model";
export const MODEL_FORMAT_VERSION = 1;

/** Hash of the codebook's label sets: a model trained on other labels is refused. */
export const CODEBOOK_SHA256 = createHash("sha256")
  .update(JSON.stringify({ sentiments: SENTIMENTS, themes: THEME_IDS, sections: SECTION_IDS }))
  .digest("hex");

export const LearnerSchema = z.enum(["sparse_logreg", "ml_logistic_regression"]);

export const TrainParamsSchema = z.strictObject({
  learner: LearnerSchema.default("sparse_logreg"),
  sentiment_features: FeatureSettingsSchema.default({ ngrams: [1, 2], min_df: 2, clause_marks: true, cues: true, purpose_marks: true, example_cues: true, heading: true, position: true, theme_cues: false, evaluation_cues: true, finding_theme_cues: false, neighbour_theme_cues: false, lead_theme_cues: false }),
  theme_features: FeatureSettingsSchema.default({ ngrams: [1, 2], min_df: 2, clause_marks: false, cues: false, purpose_marks: false, example_cues: false, heading: false, position: false, theme_cues: true, evaluation_cues: false, finding_theme_cues: true, neighbour_theme_cues: true, lead_theme_cues: true }),
  /**
   * L2 penalty of the sentiment model (on the mean log-loss). Chosen by sentiment-only
   * leave-one-document-out over the 44 documents labelled under codebook v2 (macro-F1: 3e-4 0.730,
   * 1e-4 0.744, 3e-5 0.749, 1e-5 0.751; docs/experiments.md): with more documents a weaker penalty
   * pays.
   */
  sentiment_l2: z.number().positive().default(0.00003),
  /**
   * L2 penalty of each theme model. Chosen by leave-one-document-out on the 16 labelled documents
   * (theme micro-F1: 1e-4 0.723, 3e-5 0.727, 1e-5 0.731, 3e-6 0.728; 3e-4 and 1e-3 were lower still
   * with the features before finding context). Weaker penalties cost training time (more Newton–CG steps).
   */
  theme_l2: z.number().positive().default(0.00001),
  max_iter: z.number().int().positive().default(300),
  /** Newton stops when the largest gradient component is at most this (1e-3: same LOLO scores as 1e-4, 25% faster). */
  tol: z.number().positive().default(1e-3),
  class_weights: z.enum(["balanced", "none"]).default("balanced"),
  /** Candidate thresholds for theme decisions, chosen per theme by grouped cross-validation. */
  threshold_grid: z.array(z.number().gt(0).lt(1)).min(1).default([0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]),
  /** Inner folds (groups of letters) for choosing theme thresholds. */
  threshold_folds: z.number().int().min(2).default(3),
  /**
   * Newton tolerance of the inner fits that pick thresholds (their probabilities are compared with a
   * 0.05 grid) and give the final theme fit its start. LOLO theme micro-F1 (seed 42) with 3e-3 /
   * 6e-3 / 1e-2 / 2e-2 / 3e-2: 0.745 / 0.748 / 0.751 / 0.736 / ~0.68; with 3e-3 and 1e-2 over seeds
   * 7 and 1234: 0.745 → 0.748 and 0.745 → 0.751. Chosen on the same LOLO it is reported by, and
   * next to the point where the inner fits stop too early (2e-2), so treat the gain as tentative.
   */
  threshold_tol: z.number().positive().default(1e-2),
  /** Steps and learning rate for the reference learner (ml-logistic-regression). */
  reference_steps: z.number().int().positive().default(500),
  reference_learning_rate: z.number().positive().default(0.5),
});
export type TrainParams = z.infer<typeof TrainParamsSchema>;

/**
 * Largest weight or intercept, in absolute value, a model file may hold. Trained models stay far
 * below it (the shipped one: 20.5), and it keeps every score finite: a sentence's score sums at
 * most one weight per vocabulary entry, so even a million entries sum to at most 1e12, far from
 * overflow, and the softmax and sigmoid of a finite score are never NaN.
 */
export const MAX_ABS_WEIGHT = 1e6;

const Rounded = z
  .number()
  .min(-MAX_ABS_WEIGHT, `weight below -${MAX_ABS_WEIGHT}; no trained model has one (the file was edited)`)
  .max(MAX_ABS_WEIGHT, `weight above ${MAX_ABS_WEIGHT}; no trained model has one (the file was edited)`);
/**
 * An array of weights, each a number within ±`MAX_ABS_WEIGHT`: what `z.array(Rounded)` accepts,
 * checked by one loop and passed through as it is (the shipped model has about 300,000 weights, and
 * zod's parse and copy of each was a fifth of loading it). An array that fails goes through
 * `z.array(Rounded)` itself, so the messages and paths are zod's, as they were.
 */
const Weights = z.custom<number[]>().superRefine((value, ctx) => {
  if (Array.isArray(value) && value.every((x) => typeof x === "number" && x >= -MAX_ABS_WEIGHT && x <= MAX_ABS_WEIGHT)) return;
  const checked = z.array(Rounded).safeParse(value);
  if (checked.success) return;
  for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
});
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits");

const SentimentModelSchema = z.strictObject({
  labels: z.array(z.string()),
  features: FeatureSettingsSchema.extend({ vocabulary: z.array(z.string()) }),
  weights: z.array(Weights),
  intercepts: z.array(Rounded),
});

const ThemeModelSchema = z.strictObject({
  theme: z.string(),
  n_positive: z.number().int().nonnegative(),
  /** Null when the theme had no positive training examples: it is never predicted. */
  threshold: z.number().min(0, "a threshold is a probability, in [0, 1]").max(1, "a threshold is a probability, in [0, 1]").nullable(),
  weights: Weights,
  intercept: Rounded,
});

const ThemesModelSchema = z.strictObject({
  labels: z.array(z.string()),
  features: FeatureSettingsSchema.extend({ vocabulary: z.array(z.string()) }),
  models: z.array(ThemeModelSchema),
});

const ClassScoreSchema = z.strictObject({
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  support: z.number().int(),
});

export const CvMetricsSchema = z.strictObject({
  scheme: z.literal("leave-one-document-out"),
  n_folds: z.number().int(),
  frameworks: z.record(
    z.string(),
    z.strictObject({
      n_sentences: z.number().int(),
      sentiment_macro_f1: z.number().nullable(),
      sentiment_accuracy: z.number().nullable(),
      sentiment: z.record(z.string(), ClassScoreSchema),
      theme_micro_f1: z.number().nullable(),
      theme_macro_f1: z.number().nullable(),
    }),
  ),
});
export type CvMetrics = z.infer<typeof CvMetricsSchema>;

export const ModelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  format_version: z.number().int(),
  tool_version: z.string(),
  codebook_sha256: Sha256Hex,
  learner: LearnerSchema,
  sentiment: SentimentModelSchema,
  themes: ThemesModelSchema,
  training: z.strictObject({
    params: TrainParamsSchema,
    seed: z.number().int(),
    data_sha256: Sha256Hex,
    n_sentences: z.number().int(),
    letters: z.array(z.string()),
    skipped_letters: z.array(z.string()),
  }),
  metrics: CvMetricsSchema.nullable(),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** Rounds a weight to a fixed precision so retraining gives byte-identical files. */
export function roundWeight(x: number): number {
  const r = Number(x.toPrecision(7));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * The seal of a model: SHA-256 of its canonical content, the compact JSON of what the file holds
 * (without the seal itself) with every object's keys sorted. Reformatting or reordering the file
 * keeps it; changing, adding or removing any value breaks it. It is taken over what the file holds,
 * not over the schema's reading of it, so a training parameter added later with a default does not
 * break the seals of files written before it.
 */
export function modelContentSha256(model: ModelFile): string {
  return sealOf(ModelFileSchema.parse(model));
}

/**
 * Writes `value` as compact JSON with object keys sorted at every level (arrays keep their order),
 * piece by piece to `out`, so the canonical text is hashed as it is made, never held whole.
 */
function writeCanonical(value: unknown, out: (piece: string) => void): void {
  if (Array.isArray(value)) {
    if (primitives(value)) return out(JSON.stringify(value));
    out("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out(",");
      writeCanonical(value[i], out);
    }
    return out("]");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out("{");
    entries.forEach(([k, v], i) => {
      out(`${i > 0 ? "," : ""}${JSON.stringify(k)}:`);
      writeCanonical(v, out);
    });
    return out("}");
  }
  out(JSON.stringify(value) ?? "");
}

/**
 * Whether an array holds only strings and finite numbers, for which `JSON.stringify` of the whole
 * array is the canonical form (each element as `JSON.stringify` writes it, joined by commas) and
 * about ten times faster than going element by element (the weights and vocabularies).
 */
function primitives(value: readonly unknown[]): boolean {
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    if (typeof x !== "string" && !(typeof x === "number" && Number.isFinite(x))) return false;
  }
  return true;
}

/** SHA-256 of a model's content (its canonical JSON, `writeCanonical`), the seal excluded by the caller. */
function sealOf(content: unknown): string {
  const hash = createHash("sha256");
  writeCanonical(content, (piece) => hash.update(piece, "utf8"));
  return hash.digest("hex");
}

/**
 * Serialises a model as its file: fixed key order (schema order), rounded weights, the seal
 * (`content_sha256`) after `format_version`, trailing newline. Same model, same bytes. Throws
 * `ModelError` for a model that `loadModel` would refuse, so such a file is never written.
 */
export function serialiseModel(model: ModelFile): string {
  // A model read back from a file may still carry its old seal: the content decides the new one.
  const { content_sha256: _old, ...content } = model as ModelFile & { content_sha256?: unknown };
  const canonical = ModelFileSchema.safeParse(content);
  if (!canonical.success) throw new ModelError("E_MODEL", `model not written, it would not load: ${summariseZodError(canonical.error)}`);
  checkContent(canonical.data, undefined);
  const content_sha256 = sealOf(canonical.data);
  const { format, format_version, ...rest } = canonical.data;
  return `${JSON.stringify({ format, format_version, content_sha256, ...rest })}\n`;
}

/** Writes a model atomically: a failed run leaves the previous model untouched. */
export function saveModel(model: ModelFile, path: string): void {
  writeFileAtomic(path, serialiseModel(model));
}

/** Loads and validates a model file, seal included; every failure is a one-line `ModelError`. */
export function loadModel(path: string): ModelFile {
  return parseModel(readModelText(path), path);
}

/**
 * Validates the text of a model file read by `readModelText` (every check `loadModel` makes, seal
 * included). Read and check apart, so that worker threads can be given the very bytes this
 * thread checks.
 */
export function parseModel(text: string, path: string, opts: { seal?: "verify" | "ignore" } = {}): ModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError("E_MODEL", `not valid JSON (${e instanceof Error ? e.message.split("\n")[0] : "parse error"}); the file is truncated or edited, retrain it`, { file: path });
  }
  return checkModel(json, path, opts);
}

/**
 * Loads a model file with every check but the seal, for `send-findings model seal`: a file changed
 * on purpose is accepted only if it is still a well-formed model (finite, bounded, sorted).
 */
export function loadModelUnsealed(path: string): ModelFile {
  return parseModel(readModelText(path), path, { seal: "ignore" });
}

const RESEAL = "retrain it with `send-findings train`, or, if you changed it on purpose, run `send-findings model seal FILE`";

/**
 * Validates parsed model JSON: format and version, schema (finite and bounded numbers), labels and
 * codebook hash, dimensions, vocabulary order, then the seal (unless `opts.seal` is "ignore").
 * Returns the model without its seal.
 */
export function checkModel(json: unknown, path: string, opts: { seal?: "verify" | "ignore" } = {}): ModelFile {
  const head = z.object({ format: z.string(), format_version: z.number() }).safeParse(json);
  if (!head.success || head.data.format !== MODEL_FORMAT) {
    throw new ModelError("E_MODEL", `not a send-findings model (expected "format": "${MODEL_FORMAT}")`, { file: path });
  }
  if (head.data.format_version !== MODEL_FORMAT_VERSION) {
    const newer = head.data.format_version > MODEL_FORMAT_VERSION;
    throw new ModelError(
      "E_MODEL_VERSION",
      `model format_version ${head.data.format_version} is ${newer ? "newer" : "older"} than this tool reads (${MODEL_FORMAT_VERSION}); ${newer ? "upgrade send-findings or retrain" : "retrain it with `send-findings train`"}`,
      { file: path },
    );
  }
  const { content_sha256: seal, ...content } = json as Record<string, unknown>;
  const parsed = ModelFileSchema.safeParse(content);
  if (!parsed.success) throw new ModelError("E_MODEL", `invalid model file: ${summariseZodError(parsed.error)}`, { file: path });
  const m = parsed.data;
  checkContent(m, path);
  if (opts.seal !== "ignore") {
    const why =
      seal === undefined ? "model has no content_sha256 seal, so an edit cannot be told from training"
      : typeof seal !== "string" || !/^[0-9a-f]{64}$/.test(seal) ? "content_sha256 is not a SHA-256 (64 lowercase hex digits)"
      : sealOf(content) !== seal ? "model content does not match its content_sha256 seal: the file was edited after it was written"
      : null;
    if (why !== null) throw new ModelError("E_MODEL_SEAL", `${why}; ${RESEAL}`, { file: path });
  }
  return m;
}

/** Cross-field rules of a schema-valid model: codebook labels, dimensions, sorted unique vocabularies. */
function checkContent(m: ModelFile, path: string | undefined): void {
  if (m.codebook_sha256 !== CODEBOOK_SHA256 || m.sentiment.labels.join() !== SENTIMENTS.join() || m.themes.labels.join() !== THEME_IDS.join()) {
    throw new ModelError("E_MODEL", "model labels differ from the codebook's (sentiments, themes or sections); retrain it", { file: path });
  }
  const sv = m.sentiment.features.vocabulary.length;
  if (m.sentiment.weights.length !== SENTIMENTS.length || m.sentiment.intercepts.length !== SENTIMENTS.length || m.sentiment.weights.some((w) => w.length !== sv)) {
    throw new ModelError("E_MODEL", `sentiment weights do not match ${SENTIMENTS.length} labels × ${sv} features; the file was edited, retrain it`, { file: path });
  }
  const tv = m.themes.features.vocabulary.length;
  if (m.themes.models.length !== THEME_IDS.length || m.themes.models.some((t, i) => t.theme !== THEME_IDS[i] || t.weights.length !== tv)) {
    throw new ModelError("E_MODEL", `theme models do not match the ${THEME_IDS.length} codebook themes × ${tv} features; the file was edited, retrain it`, { file: path });
  }
  for (const [name, vocabulary] of [["sentiment", m.sentiment.features.vocabulary], ["themes", m.themes.features.vocabulary]] as const) {
    // Training sorts the vocabulary (`buildVocabulary`); a repeated or misplaced entry is an edit
    // that would shift every later feature onto another feature's weight.
    for (let i = 1; i < vocabulary.length; i++) {
      if (!(vocabulary[i - 1]! < vocabulary[i]!)) {
        const what = vocabulary[i - 1] === vocabulary[i] ? "repeats" : "is out of order at";
        throw new ModelError("E_MODEL", `${name}.features.vocabulary ${what} entry ${i} (${JSON.stringify(vocabulary[i])}); a trained vocabulary is sorted and unique: the file was edited, retrain it`, { file: path });
      }
    }
  }
}
