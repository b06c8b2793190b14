/**
 * Classification of parsed letters: one row per sentence with sentiment probabilities and themes,
 * plus a per-finding roll-up.
 */
import type { Finding, LetterDocument, SectionId, Sentiment, SubsectionId, ThemeId } from "../pipeline/schema.ts";
import { type CompiledModel, explainSentiment, type Prediction, predictCompiled, predictSentence } from "./predict.ts";

export type Rollup = "strength" | "weakness" | "mixed" | "neutral";

export interface ClassifiedSentence {
  letter_id: string;
  section: SectionId | null;
  subsection: SubsectionId | null;
  finding_index: number | null;
  sentence_index: number;
  text: string;
  silver: Sentiment | null;
  sentiment: Sentiment;
  p_strength: number;
  p_weakness: number;
  p_neutral: number;
  themes: ThemeId[];
  /** The roll-up of the finding this sentence belongs to (null for plain sentences). */
  finding_rollup: Rollup | null;
  /** With --explain: the features that pushed the decision most. */
  explain?: { feature: string; weight: number }[];
}

/**
 * A finding's roll-up: `strength` when its judged sentences are all strengths, `weakness` when all
 * weaknesses, `mixed` when both occur, `neutral` when every sentence is neutral.
 */
export function rollup(sentiments: readonly Sentiment[]): Rollup {
  const s = sentiments.includes("strength");
  const w = sentiments.includes("weakness");
  return s && w ? "mixed" : s ? "strength" : w ? "weakness" : "neutral";
}

function row(
  base: Omit<ClassifiedSentence, "sentiment" | "p_strength" | "p_weakness" | "p_neutral" | "themes" | "finding_rollup">,
  p: Prediction,
): ClassifiedSentence {
  // Fields written out rather than spread from `base`: a spread copies by looking each key up,
  // which cost about a tenth of classifying a letter.
  return {
    letter_id: base.letter_id,
    section: base.section,
    subsection: base.subsection,
    finding_index: base.finding_index,
    sentence_index: base.sentence_index,
    text: base.text,
    silver: base.silver,
    sentiment: p.sentiment,
    p_strength: p.probabilities.strength,
    p_weakness: p.probabilities.weakness,
    p_neutral: p.probabilities.neutral,
    themes: p.themes,
    finding_rollup: null,
  };
}

/** Classifies every sentence of a parsed document, in reading order. */
export function classifyDocument(cm: CompiledModel, doc: LetterDocument, opts: { explain?: boolean } = {}): ClassifiedSentence[] {
  const out: ClassifiedSentence[] = [];
  for (const f of doc.findings) out.push(...classifyFinding(cm, doc.letter_id, f, opts));
  return out;
}

function classifyFinding(cm: CompiledModel, letterId: string, f: Finding, opts: { explain?: boolean }): ClassifiedSentence[] {
  // The finding's sentences as the reader split them: context features read them, never re-split the finding.
  const findingSentences = f.sentences.map((s) => s.text);
  const rows = f.sentences.map((s) => {
    const input = { text: s.text, section: f.section, silver: f.silver, sentence_index: s.sentence_index, finding_sentences: findingSentences };
    const p = predictCompiled(cm, input);
    const r = row({ letter_id: letterId, section: f.section, subsection: f.subsection, finding_index: f.finding_index, sentence_index: s.sentence_index, text: s.text, silver: f.silver }, p);
    if (opts.explain) r.explain = explainSentiment(cm, input, p.sentiment);
    return r;
  });
  const r = rollup(rows.map((x) => x.sentiment));
  for (const x of rows) x.finding_rollup = r;
  return rows;
}

/** Classifies plain sentences (not from an inspection letter): no section, heading or finding. */
export function classifySentences(cm: CompiledModel, sentences: readonly string[], letterId = "sentences", opts: { explain?: boolean } = {}): ClassifiedSentence[] {
  return sentences.map((text, i) => {
    const p = predictSentence(cm, text);
    const r = row({ letter_id: letterId, section: null, subsection: null, finding_index: null, sentence_index: i, text, silver: null }, p);
    if (opts.explain) r.explain = explainSentiment(cm, { text, section: null, silver: null, sentence_index: 0 }, p.sentiment);
    return r;
  });
}
