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
import { z } from "zod";
import { tokenize, type Token } from "../pipeline/tokens.ts";
import type { SectionId, Sentiment } from "../pipeline/schema.ts";
import type { SparseVector } from "./logreg.ts";
import { themeCueFeatures } from "./theme-cues.ts";

export const FeatureSettingsSchema = z.strictObject({
  /** Word n-gram orders over stems, e.g. [1, 2]. */
  ngrams: z.array(z.number().int().min(1).max(3)).min(1),
  /** Minimum number of training sentences a feature must occur in. */
  min_df: z.number().int().min(1),
  /** Mark negation scope, concession and main clauses (sentiment). */
  clause_marks: z.boolean(),
  /** Cue-pattern features (sentiment). */
  cues: z.boolean(),
  /** The heading-derived silver label as a feature (`h:strength`, `h:weakness`, `h:none`). */
  heading: z.boolean(),
  /** Whether the sentence opens its finding. */
  position: z.boolean(),
  /** Codebook theme cue phrases (`t:<theme>`; see theme-cues.ts). */
  theme_cues: z.boolean().default(false),
});
export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;

/** What a sentence brings to feature extraction. */
export interface FeatureInput {
  text: string;
  section?: SectionId | null;
  silver?: Sentiment | null;
  sentence_index?: number;
}

const CONCESSION = new Set(["although", "though", "while", "whilst", "despite", "notwithstanding"]);
const TURN = new Set(["but", "however", "yet"]);
const CLAUSE_END = /[,;:]/;

/**
 * Feature strings for one sentence, deterministic and de-duplicated in first-seen order.
 *
 * @example
 * sentenceFeatures({ text: "Although waits are long, support is effective." }, settings)
 * // ["c:wait", "c:are", "c:long", "support", "is", "effect", "support is", ..., "cue:concession"]
 */
export function sentenceFeatures(input: FeatureInput, settings: FeatureSettings, tokens: Token[] = tokenize(input.text)): string[] {
  const out = new Set<string>();
  const marked: string[] = [];
  let inConcession = false;
  let afterTurn = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const gap = i > 0 ? input.text.slice(tokens[i - 1]!.end, t.start) : "";
    if (inConcession && CLAUSE_END.test(gap)) inConcession = false;
    if (settings.clause_marks) {
      if (CONCESSION.has(t.norm) && (i === 0 || CLAUSE_END.test(gap))) inConcession = true;
      if (TURN.has(t.norm) && !inConcession) afterTurn = true;
    }
    let f = t.stem;
    if (settings.clause_marks) {
      if (t.negated) f = `n:${f}`;
      if (inConcession) f = `c:${f}`;
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
  return [...out];
}

/** Cue patterns of this prose that single words miss. */
function cueFeatures(tokens: readonly Token[]): string[] {
  const cues: string[] = [];
  const n = tokens.map((t) => t.norm);
  const first = n[0];
  if (first !== undefined && CONCESSION.has(first)) cues.push("cue:concession");
  if (first === "however") cues.push("cue:however_start");
  for (let i = 0; i < n.length; i++) {
    const w = n[i];
    const next = n[i + 1];
    if (w === "too" && next !== undefined && !["and", "."].includes(next)) cues.push("cue:too_adj");
    if (w === "not" && (next === "yet" || next === "always" || next === "consistently" || next === "sufficiently")) cues.push(`cue:not_${next}`);
    if ((w === "should" || w === "must") && i < 6) cues.push("cue:recommend");
    if (w === "lack" && next === "of") cues.push("cue:lack_of");
    if (w === "variable" || w === "inconsistent" || w === "varied" || w === "mixed") cues.push("cue:variability");
    if ((w === "early" && next === "stage") || (w === "too" && next === "soon") || (w === "too" && next === "early")) cues.push("cue:unproven");
  }
  if (tokens.some((t) => t.negated)) cues.push("cue:negation");
  return cues;
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
