/**
 * The project's quality targets and the verdict on each: the figure measured over all documents,
 * its 95% interval, and whether the target is met, in words. Targets come from a JSON file
 * (`eval --targets FILE`) or default to the project's own.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { InputError, summariseZodError } from "../pipeline/errors.ts";

/** What can have a target: each with its direction and how the report names and explains it. */
export const TARGET_METRICS = {
  sentiment_macro_f1: {
    label: "Sentiment macro-F1",
    direction: "min",
    means: "how well strengths, weaknesses and neutral sentences are told apart, with the rare neutral class counting as much as the other two (1 = perfect)",
  },
  theme_micro_f1: {
    label: "Theme micro-F1",
    direction: "min",
    means: "how well the themes of each sentence are found, pooled over every sentence and theme (1 = perfect)",
  },
  flip_rate: {
    label: "Flip rate",
    direction: "max",
    means: "the share of strength and weakness sentences tagged with the opposite polarity — the error that misleads a reader most (0 = never)",
  },
} as const satisfies Record<string, { label: string; direction: "min" | "max"; means: string }>;

export type TargetMetric = keyof typeof TARGET_METRICS;

/**
 * A targets file: each key is a metric of `TARGET_METRICS` with its threshold (at least this for
 * F1, at most this for the flip rate), judged over all documents. Metrics left out are not judged;
 * an unknown key is an error.
 */
export const TargetsSchema = z
  .strictObject({
    sentiment_macro_f1: z.number().min(0).max(1).optional(),
    theme_micro_f1: z.number().min(0).max(1).optional(),
    flip_rate: z.number().min(0).max(1).optional(),
  })
  .refine((t) => Object.keys(t).length > 0, "no targets; expected at least one of sentiment_macro_f1, theme_micro_f1, flip_rate");
export type Targets = z.infer<typeof TargetsSchema>;

/** The project's targets: sentiment macro-F1 ≥ 0.82, theme micro-F1 ≥ 0.80, flip rate ≤ 3%. */
export const DEFAULT_TARGETS: Targets = { sentiment_macro_f1: 0.82, theme_micro_f1: 0.8, flip_rate: 0.03 };

/** Reads a targets file (see `TargetsSchema`); `undefined` gives `DEFAULT_TARGETS`. */
export function loadTargets(path: string | undefined): Targets {
  if (path === undefined) return DEFAULT_TARGETS;
  if (!existsSync(path)) throw new InputError("E_NOT_FOUND", "targets file not found", { file: path });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("E_DATA", `targets file is not valid JSON (${e instanceof Error ? e.message.split("\n")[0] : "parse error"})`, { file: path });
  }
  const parsed = TargetsSchema.safeParse(json);
  if (!parsed.success) throw new InputError("E_DATA", `invalid targets: ${summariseZodError(parsed.error)}; expected e.g. {"sentiment_macro_f1": 0.82, "theme_micro_f1": 0.8, "flip_rate": 0.03}`, { file: path });
  return parsed.data;
}

/**
 * `met`: the estimate and its whole interval are on the right side of the threshold;
 * `met_uncertain`: the estimate is, but the interval reaches past it; `not_met`: the estimate is
 * not; `not_evaluable`: nothing to measure.
 */
export type TargetStatus = "met" | "met_uncertain" | "not_met" | "not_evaluable";

export interface TargetVerdict {
  metric: TargetMetric;
  direction: "min" | "max";
  threshold: number;
  value: number | null;
  lo: number | null;
  hi: number | null;
  status: TargetStatus;
}

/**
 * The verdict on one target from the measured value and its interval.
 *
 * @example
 * judgeTarget("sentiment_macro_f1", 0.82, { value: 0.84, lo: 0.80, hi: 0.87 }).status // "met_uncertain"
 * judgeTarget("flip_rate", 0.03, { value: 0.02, lo: 0.01, hi: 0.025 }).status          // "met"
 */
export function judgeTarget(metric: TargetMetric, threshold: number, measured: { value: number | null; lo: number | null; hi: number | null }): TargetVerdict {
  const direction = TARGET_METRICS[metric].direction;
  const ok = (x: number) => (direction === "min" ? x >= threshold : x <= threshold);
  const { value, lo, hi } = measured;
  const worstEnd = direction === "min" ? lo : hi;
  const status: TargetStatus = value === null ? "not_evaluable" : !ok(value) ? "not_met" : worstEnd !== null && ok(worstEnd) ? "met" : "met_uncertain";
  return { metric, direction, threshold, value, lo, hi, status };
}

const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")}%`;

/** A target's threshold and a measured value as the report prints them (F1 to 3 decimals, rates as percentages). */
export function formatTargetValue(metric: TargetMetric, x: number | null): string {
  if (x === null) return "n/a";
  return metric === "flip_rate" ? pct(x) : x.toFixed(3);
}

/** The target in words: "at least 0.820", "at most 3%". */
export function targetInWords(v: TargetVerdict): string {
  return `${v.direction === "min" ? "at least" : "at most"} ${formatTargetValue(v.metric, v.threshold)}`;
}

/**
 * Why a verdict is what it is, in a sentence that does not repeat the numbers, e.g. "Below the
 * target, and so is the whole 95% interval."
 */
export function verdictReason(v: TargetVerdict): string {
  const [good, bad] = v.direction === "min" ? ["above", "below"] : ["below", "above"];
  const at = (side: string) => (v.value === v.threshold ? "At" : side[0]!.toUpperCase() + side.slice(1));
  const hasInterval = v.lo !== null && v.hi !== null;
  switch (v.status) {
    case "not_evaluable":
      return "There was nothing to measure it on.";
    case "met":
      return hasInterval ? `${at(good)} the target, and so is the whole 95% interval.` : `${at(good)} the target.`;
    case "met_uncertain":
      return `${at(good)} the target, but the 95% interval reaches ${bad} it: on other documents like these it could be missed.`;
    case "not_met": {
      const reaches = v.direction === "min" ? v.hi !== null && v.hi >= v.threshold : v.lo !== null && v.lo <= v.threshold;
      return !hasInterval ? `${at(bad)} the target.` : reaches ? `${at(bad)} the target, though the 95% interval reaches it: the shortfall may be noise.` : `${at(bad)} the target, and so is the whole 95% interval.`;
    }
  }
}

/** Short status words for tables: "met", "met, not clearly", "not met", "not evaluable". */
export const STATUS_WORDS: Record<TargetStatus, string> = { met: "met", met_uncertain: "met, not clearly", not_met: "not met", not_evaluable: "not evaluable" };
