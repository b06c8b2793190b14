/**
 * `metrics.json`: the machine-readable precision report. Stable keys, strict schema; `null` marks a
 * value that cannot be computed (no support, no predictions), never NaN or a silent 0.
 */
import { z } from "zod";

export const EVAL_FORMAT = "send-findings/eval";
export const EVAL_FORMAT_VERSION = 1;

const N = z.number().nullable();
const Interval = z.strictObject({ lo: N, hi: N });

const ClassRow = z.strictObject({
  precision: N,
  recall: N,
  f1: N,
  support: z.number().int(),
  f1_ci: Interval,
});

const ReliabilityBinSchema = z.strictObject({ lo: z.number(), hi: z.number(), count: z.number().int(), meanConfidence: N, accuracy: N });

export const SentimentBlockSchema = z.strictObject({
  n: z.number().int(),
  n_documents: z.number().int(),
  macro_f1: N,
  macro_f1_ci: Interval,
  accuracy: N,
  per_class: z.record(z.string(), ClassRow),
  confusion: z.strictObject({ labels: z.array(z.string()), counts: z.array(z.array(z.number().int())), row_normalised: z.array(z.array(N)) }),
  calibration: z.strictObject({ ece: N, brier: N, bins: z.array(ReliabilityBinSchema) }),
  /**
   * Polarity flips: gold strength or weakness sentences predicted with the opposite polarity,
   * over all gold strength and weakness sentences. (Fields added after format_version 1 first
   * shipped are optional, so older metrics.json files still load for --compare.)
   */
  flip: z.strictObject({ n_polar: z.number().int(), n_flipped: z.number().int(), rate: N, rate_ci: Interval }).optional(),
});

const ThemeRow = z.strictObject({
  theme: z.string(),
  precision: N,
  recall: N,
  f1: N,
  support: z.number().int(),
  /** False when the theme has no gold positives in this set: it cannot be evaluated. */
  evaluable: z.boolean(),
});

export const ThemeBlockSchema = z.strictObject({
  n: z.number().int(),
  micro: z.strictObject({ precision: N, recall: N, f1: N }),
  micro_f1_ci: Interval.optional(),
  macro_f1: N,
  n_evaluable: z.number().int(),
  per_theme: z.array(ThemeRow),
});

const BaselineRow = z.strictObject({
  id: z.string(),
  description: z.string(),
  by_framework: z.record(z.string(), z.strictObject({ n_scored: z.number().int(), macro_f1: N, macro_f1_ci: Interval, accuracy: N })),
});

const ErrorRow = z.strictObject({
  letter_id: z.string(),
  framework: z.string(),
  key: z.string(),
  text: z.string(),
  gold: z.string(),
  predicted: z.string(),
  confidence: z.number(),
  silver: z.string().nullable(),
  /** `words`: the feature in words (models/explain-words.ts), with this sentence's own words. */
  features: z.array(z.strictObject({ feature: z.string(), weight: z.number(), words: z.string().optional() })),
});

/** Per document: the counts a paired bootstrap of two runs needs (eval --compare). */
const LetterRow = z.strictObject({
  letter_id: z.string(),
  framework: z.string(),
  n: z.number().int(),
  macro_f1: N,
  /** Bootstrap over the document's sentences. */
  macro_f1_ci: Interval.optional(),
  accuracy: N,
  /** Sentiment confusion counts (rows gold, columns predicted, codebook order). */
  confusion: z.array(z.array(z.number().int())).optional(),
  /** Theme (sentence, theme) cells: true positives, false positives, false negatives. */
  theme_counts: z.strictObject({ tp: z.number().int(), fp: z.number().int(), fn: z.number().int() }).optional(),
});

const TargetVerdictSchema = z.strictObject({
  metric: z.enum(["sentiment_macro_f1", "theme_micro_f1", "flip_rate"]),
  direction: z.enum(["min", "max"]),
  threshold: z.number(),
  value: N,
  lo: N,
  hi: N,
  status: z.enum(["met", "met_uncertain", "not_met", "not_evaluable"]),
});

export const MetricsJsonSchema = z.strictObject({
  format: z.literal(EVAL_FORMAT),
  format_version: z.literal(EVAL_FORMAT_VERSION),
  tool_version: z.string(),
  setup: z.strictObject({
    scheme: z.literal("leave-one-document-out"),
    learner: z.string(),
    seed: z.number().int(),
    data_sha256: z.string(),
    /** SHA-256 of the model file `train` writes from the same labels, parameters and seed. */
    model_sha256: z.string().optional(),
    documents: z.array(z.strictObject({ letter_id: z.string(), framework: z.string(), n_sentences: z.number().int() })),
    skipped: z.array(z.strictObject({ letter_id: z.string(), reason: z.string() })),
    bootstrap: z.strictObject({ unit: z.literal("document"), iterations: z.number().int(), seed: z.number().int(), level: z.number() }),
    params: z.record(z.string(), z.unknown()),
  }),
  sentiment: z.strictObject({
    by_framework: z.record(z.string(), SentimentBlockSchema),
    per_letter: z.array(LetterRow),
    per_section: z.array(z.strictObject({ section: z.string(), n: z.number().int(), macro_f1: N, accuracy: N })),
  }),
  themes: z.strictObject({
    by_framework: z.record(z.string(), ThemeBlockSchema),
    thresholds: z.array(z.strictObject({ theme: z.string(), threshold: N, n_positive: z.number().int() })),
  }),
  baselines: z.array(BaselineRow),
  ceiling: z
    .strictObject({
      n_sentences: z.number().int(),
      documents: z.array(z.string()),
      sentiment_kappa: N,
      sentiment_macro_f1: N,
      theme_micro_f1: N,
      model_on_same_sentences: z.strictObject({ sentiment_kappa: N, sentiment_macro_f1: N, theme_micro_f1: N }),
    })
    .nullable(),
  errors: z.strictObject({
    confident_wrong: z.array(ErrorRow),
    hand_vs_heading: z.array(ErrorRow),
    n_hand_vs_heading: z.number().int(),
    /** `hand_vs_heading` is a random sample drawn with this seed when the list is cut. */
    hand_vs_heading_seed: z.number().int().optional(),
  }),
  /** The verdict on each quality target (eval/targets.ts), over all documents. */
  targets: z.array(TargetVerdictSchema).optional(),
  learning_curve: z.array(z.strictObject({ n_letters: z.number().int(), macro_f1: N, lo: N, hi: N, repeats: z.number().int() })),
});
export type MetricsJson = z.infer<typeof MetricsJsonSchema>;
