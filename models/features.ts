/**
 * Feature extraction: a sentence (with its section and position) → feature strings → a sparse
 * vector over a sorted vocabulary. Feature names are stable strings, so a model file can list its
 * vocabulary and `--explain` can show which features drove a decision.
 *
 * Sentiment features encode the codebook's hard-case rules rather than document-specific words:
 * tokens in a concession clause (*although*, *while*, *despite*) are marked `c:` because the main
 * clause decides (rule 1); tokens after *but* / *however* are marked `m:` (rules 1–2); negated tokens
 * are marked `n:`; cue patterns (*too* + adjective, *not yet*, *should*, *lack of*) get their own
 * features. Section and position features are optional (see `FeatureSettings`).
 */
import { type SectionId, type Sentiment, THEME_IDS } from "../pipeline/codebook.ts";
import type { FeatureSettings } from "./feature-settings.ts";
import { type Token, tokenize, Tokenizer } from "../pipeline/tokens.ts";
import { CONCESSION, cueFeatures, purposeScope, TURN } from "./cues.ts";
import { evaluationCueBits, evaluationCueFeatures, evaluationWordClass } from "./evaluation-cues.ts";
import type { SparseVector } from "./logreg.ts";
import { themeCueCountsOfStems, themeCueFeatures } from "./theme-cues.ts";

export type { FeatureSettings } from "./feature-settings.ts";

/** What a sentence brings to feature extraction. */
export interface FeatureInput {
  text: string;
  section?: SectionId | null;
  silver?: Sentiment | null;
  sentence_index?: number;
  /**
   * The texts of the sentences of the finding this sentence belongs to, in order, as the reader
   * split them (`Finding.sentences`), where there is a finding: context features. `sentence_index`
   * is this sentence's place among them. The sentences of one finding share one array, so a
   * compiled model works the finding's context out once (`predictCompiled`).
   */
  finding_sentences?: readonly string[] | null;
}

const CLAUSE_END = /[,;:]/;

/**
 * Feature strings for one sentence, deterministic and de-duplicated in first-seen order.
 *
 * @example
 * sentenceFeatures({ text: "Although waits are long, support is effective." }, settings)
 * // ["c:wait", "c:are", "c:long", "support", "is", "effect", "support is", ..., "cue:concession"]
 */
export function sentenceFeatures(input: FeatureInput, settings: FeatureSettings, tokens: readonly Token[] = tokenize(input.text), context: FindingThemes | null = contextFor(input, settings)): string[] {
  const out = new Set<string>();
  const marked: string[] = [];
  let inConcession = false;
  let afterTurn = false;
  const breaks = tokens.map((t, i) => i > 0 && CLAUSE_END.test(input.text.slice(tokens[i - 1]!.end, t.start)));
  const purpose = new Uint8Array(tokens.length);
  if (settings.purpose_marks) purposeScope(tokens.map((t) => t.norm), breaks, tokens.length, purpose);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (inConcession && breaks[i]) inConcession = false;
    if (settings.clause_marks) {
      if (CONCESSION.has(t.norm) && (i === 0 || breaks[i])) inConcession = true;
      if (TURN.has(t.norm) && !inConcession) afterTurn = true;
    }
    let f = t.stem;
    if (settings.clause_marks) {
      if (t.negated) f = `n:${f}`;
      if (inConcession) f = `c:${f}`;
      else if (purpose[i]) f = `p:${f}`;
      else if (afterTurn) f = `m:${f}`;
    }
    marked.push(f);
  }
  const stems = tokens.map((t) => t.stem);
  for (const n of settings.ngrams) {
    const source = n === 1 ? marked : stems;
    for (let i = 0; i + n <= source.length; i++) out.add(source.slice(i, i + n).join(" "));
  }
  if (settings.cues) for (const c of cueFeatures(tokens)) out.add(c);
  if (settings.heading) out.add(`h:${input.silver ?? "none"}`);
  if (settings.position) out.add(input.sentence_index === 0 ? "pos:first" : "pos:later");
  if (settings.theme_cues) for (const f of themeCueFeatures(tokens)) out.add(f);
  if (settings.evaluation_cues) for (const f of evaluationCueFeatures(tokens, settings.purpose_marks ? purpose : undefined)) out.add(f);
  for (const f of contextThemeCues(context, input.sentence_index, settings)) out.add(f);
  if (settings.example_cues) for (const f of exampleCues(context, input.sentence_index)) out.add(f);
  return [...out];
}

/**
 * Theme cues of a finding (bit t for `THEME_IDS[t]`): those of each of its sentences, in order, and
 * of all of them together. Worked out from the finding's sentences as the reader split them.
 */
export interface FindingThemes {
  themes: number;
  sentences: number[];
  /**
   * Per sentence: when it opens or extends an example (rule 10), the evaluation-cue bits
   * (`evaluationCueBits`) of the sentence it illustrates; -1 otherwise.
   */
  illustrated: number[];
}

/** Openings of an example (codebook rule 10), and of an extension that follows one. */
const EXAMPLE_OPENING = /^(?:for example|for instance|examples include|an example of this|one example is|this includes|these include|this is evident in|this is seen in|importantly, this includes)\b/i;
const EXTENSION_OPENING = /^(?:also|in addition|additionally|most noticeably)\b/i;

/**
 * For each sentence of a finding, given its text and its evaluation-cue bits: the bits of the
 * sentence it illustrates when it is an example or an extension after one (rule 10), else -1. An
 * example illustrates the nearest earlier sentence that is not itself an example.
 */
export function illustratedEvaluation(sentences: readonly string[], evaluation: readonly number[]): number[] {
  let sawExample = false;
  let lastPlain = -1;
  return sentences.map((text, i) => {
    const t = text.trimStart();
    const isExample = EXAMPLE_OPENING.test(t) || (sawExample && EXTENSION_OPENING.test(t));
    if (isExample) sawExample = true;
    else lastPlain = i;
    return isExample && lastPlain >= 0 && lastPlain !== i ? evaluation[lastPlain]! : -1;
  });
}

/** `x:ev:…` features of sentence `i` of a finding (`FindingThemes.illustrated`). */
function exampleCues(context: FindingThemes | null, i: number | undefined): string[] {
  const bits = context === null || i === undefined ? -1 : (context.illustrated[i] ?? -1);
  return bits < 0 ? [] : (["strength", "weakness", "none"] as const).filter((_, k) => bits & (1 << k)).map((c) => `x:ev:${c}`);
}

/** Whether any finding-context feature is on. */
export function wantsContext(settings: FeatureSettings): boolean {
  return settings.finding_theme_cues || settings.neighbour_theme_cues || settings.lead_theme_cues || settings.example_cues;
}

/**
 * The theme cues of a finding's sentences (`FindingThemes`), tokenised by `tokenizer`.
 *
 * @example findingThemes(["Leaders have a strategy.", "Autism waits are long."], new Tokenizer()).sentences
 * // [1 << THEME_IDS.indexOf("leadership"), (1 << THEME_IDS.indexOf("autism")) | (1 << THEME_IDS.indexOf("waiting_times"))]
 */
export function findingThemes(sentences: readonly string[], tokenizer: Tokenizer): FindingThemes {
  const counts = new Uint8Array(THEME_IDS.length);
  const tokens = sentences.map((text) => tokenizer.tokenize(text));
  const bits = tokens.map((ts) => themeCueCountsOfStems(ts.map((t) => t.stem), counts));
  const evaluation = tokens.map((ts) => evaluationCueBits(ts.map((t) => evaluationWordClass(t.norm)), ts.map((t) => t.negated), ts.length));
  return { themes: bits.reduce((all, b) => all | b, 0), sentences: bits, illustrated: illustratedEvaluation(sentences, evaluation) };
}

/** The finding context a sentence's features need under `settings` (null when none is on or there is no finding). */
export function contextFor(input: FeatureInput, settings: FeatureSettings, tokenizer: Tokenizer = new Tokenizer()): FindingThemes | null {
  return input.finding_sentences && wantsContext(settings) ? findingThemes(input.finding_sentences, tokenizer) : null;
}

const NO_CONTEXT = Object.freeze({ ft: 0, pt: 0, nt: 0, lt: 0 });

/**
 * The finding-context theme features of sentence `i` of a finding, as bits per kind: `ft:` (cued
 * anywhere in the finding), `pt:` / `nt:` (cued in the sentence before / after), `lt:` (cued in the
 * finding's lead sentence, for its later sentences).
 */
export function contextThemeBits(context: FindingThemes | null, i: number | undefined, settings: FeatureSettings): { ft: number; pt: number; nt: number; lt: number } {
  if (context === null || !wantsContext(settings)) return NO_CONTEXT;
  const at = (j: number) => context.sentences[j] ?? 0;
  const neighbours = settings.neighbour_theme_cues && i !== undefined;
  return {
    ft: settings.finding_theme_cues ? context.themes : 0,
    pt: neighbours ? at(i - 1) : 0,
    nt: neighbours ? at(i + 1) : 0,
    lt: settings.lead_theme_cues && i !== undefined && i > 0 ? at(0) : 0,
  };
}

/** `ft:<theme>`, `pt:<theme>`, `nt:<theme>` and `lt:<theme>` features of a sentence (`contextThemeBits`), in codebook order per kind. */
function contextThemeCues(context: FindingThemes | null, i: number | undefined, settings: FeatureSettings): string[] {
  const bits = contextThemeBits(context, i, settings);
  return (["ft", "pt", "nt", "lt"] as const).flatMap((kind) => THEME_IDS.filter((_, t) => bits[kind] & (1 << t)).map((theme) => `${kind}:${theme}`));
}

/** Sorted vocabulary of features that occur in at least `min_df` sentences. */
export function buildVocabulary(featureLists: readonly (readonly string[])[], minDf: number): string[] {
  const df = new Map<string, number>();
  for (const list of featureLists) for (const f of list) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df.entries()]
    .filter(([, c]) => c >= minDf)
    .map(([f]) => f)
    .sort();
}

/** Index of each vocabulary entry, for vectorising. */
export function vocabularyIndex(vocabulary: readonly string[]): Map<string, number> {
  return new Map(vocabulary.map((f, i) => [f, i]));
}

/**
 * Binary bag of features, L2-normalised (so long sentences do not dominate), sorted indices;
 * features outside the vocabulary are dropped.
 */
export function vectorise(features: readonly string[], index: ReadonlyMap<string, number>): SparseVector {
  const idx: number[] = [];
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) idx.push(i);
  }
  idx.sort((a, b) => a - b);
  const value = idx.length > 0 ? 1 / Math.sqrt(idx.length) : 0;
  return { indices: Int32Array.from(idx), values: new Float64Array(idx.length).fill(value) };
}

