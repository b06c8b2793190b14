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
 */
import { tokenize, type Token } from "../pipeline/tokens.ts";

const STRENGTH = [
  "well", "effective", "effectively", "improve", "improved", "improves", "improving", "improvement", "improvements", "meets", "valued",
  "value", "values", "good", "strong", "stronger", "strengthened",
  "positive", "positively", "successful", "successfully", "robust", "timely", "high-quality", "ensure", "ensures", "ensured", "help", "helps", "helped",
  "benefit", "benefits", "benefited", "appropriate", "thorough", "prompt", "rigorous", "better", "confident", "clear", "effectiveness", "strength",
  "strengths", "appreciate", "praise", "exemplary", "innovative", "ambitious", "skilled", "knowledgeable", "committed",
];
const WEAKNESS = [
  "not", "no", "lack", "missing", "too", "slow", "variable", "varied", "mixed", "inconsistent", "inconsistently", "unclear", "yet", "weak",
  "weakness", "weaknesses", "poor", "limited", "insufficient", "delay", "delays", "delayed", "gap", "gaps", "should", "must", "fail",
  "fails", "failed", "concern", "concerns", "difficult", "difficulty", "struggle", "frustrated", "frustration", "shortfall", "inadequate",
  "unable", "lengthy", "worse", "decline", "declined", "low", "acknowledge",
];

// Matched by the token's norm (the lower-cased word), not its stem: Porter folds "timely" into
// "time" and "positive" into "position"'s stem.
const STRENGTH_NORMS = new Set(STRENGTH.flatMap((w) => tokenize(w).map((t) => t.norm)));
const WEAKNESS_NORMS = new Set(WEAKNESS.flatMap((w) => tokenize(w).map((t) => t.norm)));

/**
 * `ev:strength` when a strength cue occurs un-negated, `ev:weakness` when a weakness cue occurs or a
 * strength cue is negated, `ev:none` when neither: in that order, each at most once.
 */
export function evaluationCueFeatures(tokens: readonly Token[]): string[] {
  let strength = false;
  let weakness = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (STRENGTH_NORMS.has(t.norm)) {
      if (t.negated) weakness = true;
      else strength = true;
    } else if (WEAKNESS_NORMS.has(t.norm)) weakness = true;
  }
  const out: string[] = [];
  if (strength) out.push("ev:strength");
  if (weakness) out.push("ev:weakness");
  if (!strength && !weakness) out.push("ev:none");
  return out;
}
