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
import { GAP_CLAUSE, stemIdCount, stemIdOf, tokenize, type Token, type TokenizedSentence } from "../pipeline/tokens.ts";
import type { SectionId, Sentiment } from "../pipeline/schema.ts";
import type { SparseVector } from "./logreg.ts";
import { evaluationCueFeatures } from "./evaluation-cues.ts";
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
  /** Codebook evaluation cues (`ev:strength`, `ev:weakness`, `ev:none`; see evaluation-cues.ts). */
  evaluation_cues: z.boolean().default(false),
  /** Theme cues of the whole finding the sentence belongs to (`ft:<theme>`), when it has one. */
  finding_theme_cues: z.boolean().default(false),
});
export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;

/** What a sentence brings to feature extraction. */
export interface FeatureInput {
  text: string;
  section?: SectionId | null;
  silver?: Sentiment | null;
  sentence_index?: number;
  /** The whole finding the sentence belongs to, where there is one (context features). */
  finding?: string | null;
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
  if (settings.evaluation_cues) for (const f of evaluationCueFeatures(tokens)) out.add(f);
  if (settings.finding_theme_cues && input.finding) for (const f of findingThemeCues(input.finding)) out.add(f);
  return [...out];
}

/** `ft:<theme>` for each theme cued anywhere in the finding; the last finding is memoised (its sentences come together). */
let lastFinding: { text: string; features: string[] } | null = null;
function findingThemeCues(finding: string): string[] {
  if (lastFinding?.text !== finding) lastFinding = { text: finding, features: themeCueFeatures(tokenize(finding)).filter((f) => !f.endsWith(":2")).map((f) => `f${f}`) };
  return lastFinding.features;
}

/** Cue patterns of this prose that single words miss. */
function cueFeatures(tokens: readonly Token[]): string[] {
  const cues: string[] = [];
  const first = tokens[0]?.norm;
  if (first !== undefined && CONCESSION.has(first)) cues.push("cue:concession");
  if (first === "however") cues.push("cue:however_start");
  let negated = false;
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.norm;
    const next = tokens[i + 1]?.norm;
    if (tokens[i]!.negated) negated = true;
    if (w === "too" && next !== undefined && next !== "and" && next !== ".") cues.push("cue:too_adj");
    if (w === "not" && (next === "yet" || next === "always" || next === "consistently" || next === "sufficiently")) cues.push(`cue:not_${next}`);
    if ((w === "should" || w === "must") && i < 6) cues.push("cue:recommend");
    if (w === "lack" && next === "of") cues.push("cue:lack_of");
    if (w === "variable" || w === "inconsistent" || w === "varied" || w === "mixed") cues.push("cue:variability");
    if ((w === "early" && next === "stage") || (w === "too" && next === "soon") || (w === "too" && next === "early")) cues.push("cue:unproven");
  }
  if (negated) cues.push("cue:negation");
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

// ── compiled features: the same feature set as integers, for prediction ─────────────────────────

/** Mark bits of a unigram feature (`n:` negated, `c:` concession clause, `m:` after a turn). */
const MARK_N = 1;
const MARK_C = 2;
const MARK_M = 4;

/**
 * A vocabulary compiled for prediction: `featureIndices` finds a sentence's vocabulary indexes
 * from token stems by integer keys, without building a feature string per token and n-gram.
 * Gives exactly `vectorise(sentenceFeatures(...))`'s indexes (features.test.ts checks it on every
 * corpus sentence); `sentenceFeatures` stays the definition, used for training and `--explain`.
 */
export interface CompiledFeatures {
  settings: FeatureSettings;
  /** Every stem that occurs in a word feature of the vocabulary → a small id. */
  stemIds: Map<string, number>;
  /** The same by the tokenizer's process-wide stem id (`stemIdOf`): -1 where not in the vocabulary. */
  byStemId: Int32Array;
  /** Indexed by stem id × 8 + mark bits: vocabulary index, or -1. */
  unigrams: Int32Array;
  /** Per n-gram order n ≥ 2: key (stem ids as base-`stemIds.size` digits) → vocabulary index. */
  ngrams: Map<number, IntTable>;
  /** Cue, heading, position and theme-cue features by name → vocabulary index. */
  named: Map<string, number>;
}

const NAMED_PREFIX = /^(?:cue|h|pos|t|ev|ft):/;

/**
 * Compiles a vocabulary written by `buildVocabulary`. A stem never contains a letter followed by
 * `:` (the tokenizer joins only digits with `:`), so `c:`, `m:`, `n:`, `cue:`, `h:`, `pos:` and
 * `t:` prefixes cannot be confused with stems, and n-grams are the only entries with spaces.
 */
export function compileFeatures(settings: FeatureSettings, vocabulary: readonly string[]): CompiledFeatures {
  const stemIds = new Map<string, number>();
  const id = (stem: string) => stemIds.get(stem) ?? (stemIds.set(stem, stemIds.size), stemIds.size - 1);
  const words: [string, number][] = [];
  const named = new Map<string, number>();
  vocabulary.forEach((f, i) => {
    if (NAMED_PREFIX.test(f)) named.set(f, i);
    else words.push([f, i]);
  });
  const unigrams: [number, number][] = [];
  const grams: [number[], number][] = [];
  for (const [f, i] of words) {
    if (f.includes(" ")) {
      grams.push([f.split(" ").map(id), i]);
      continue;
    }
    let rest = f;
    let marks = 0;
    if (rest.startsWith("c:")) (marks |= MARK_C), (rest = rest.slice(2));
    else if (rest.startsWith("m:")) (marks |= MARK_M), (rest = rest.slice(2));
    if (rest.startsWith("n:")) (marks |= MARK_N), (rest = rest.slice(2));
    unigrams.push([id(rest) * 8 + marks, i]);
  }
  const base = stemIds.size;
  const ngrams = new Map<number, IntTable>();
  for (const order of new Set(grams.map(([ids]) => ids.length))) {
    const ofOrder = grams.filter(([ids]) => ids.length === order);
    const table = new IntTable(ofOrder.length);
    for (const [ids, i] of ofOrder) table.set(ids.reduce((k, x) => k * base + x, 0), i);
    ngrams.set(order, table);
  }
  const unigramTable = new Int32Array(base * 8).fill(-1);
  for (const [key, i] of unigrams) unigramTable[key] = i;
  for (const stem of stemIds.keys()) stemIdOf(stem);
  const byStemId = new Int32Array(stemIdCount()).fill(-1);
  for (const [stem, local] of stemIds) {
    const global = stemIdOf(stem);
    if (global >= 0) byStemId[global] = local;
  }
  return { settings, stemIds, byStemId, unigrams: unigramTable, ngrams, named };
}

/**
 * Writes the sorted, de-duplicated vocabulary indexes of a sentence's features into `out` (grown
 * if needed) and returns their number; the same set as `vectorise(sentenceFeatures(...))`.
 */
export function featureIndices(cf: CompiledFeatures, input: FeatureInput, tokenized: TokenizedSentence, out: FeatureScratch): number {
  const { settings } = cf;
  const { tokens, gaps } = tokenized;
  const n = tokens.length;
  let count = 0;
  if (out.ids.length < n) out.ids = new Int32Array(Math.max(n, out.ids.length * 2));
  const ids = out.ids;
  const unigramsWanted = settings.ngrams.includes(1);
  const { byStemId } = cf;
  for (let i = 0; i < n; i++) {
    const g = tokenized.stemIds[i]!;
    // A stem first seen after compiling has an id past the table and is not in the vocabulary; -1
    // (stem table full) falls back to the string.
    ids[i] = g >= 0 ? (g < byStemId.length ? byStemId[g]! : -1) : (cf.stemIds.get(tokens[i]!.stem) ?? -1);
  }
  let inConcession = false;
  let afterTurn = false;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const clauseGap = i > 0 && (gaps[i]! & GAP_CLAUSE) !== 0;
    if (inConcession && clauseGap) inConcession = false;
    if (settings.clause_marks) {
      if (CONCESSION.has(t.norm) && (i === 0 || clauseGap)) inConcession = true;
      if (TURN.has(t.norm) && !inConcession) afterTurn = true;
    }
    if (!unigramsWanted || ids[i]! < 0) continue;
    let marks = 0;
    if (settings.clause_marks) {
      if (t.negated) marks |= MARK_N;
      if (inConcession) marks |= MARK_C;
      else if (afterTurn) marks |= MARK_M;
    }
    count = pushIndex(out, count, cf.unigrams[ids[i]! * 8 + marks]!);
  }
  const base = cf.stemIds.size;
  for (const order of settings.ngrams) {
    if (order === 1) continue;
    const byKey = cf.ngrams.get(order);
    if (byKey === undefined) continue;
    for (let i = 0; i + order <= n; i++) {
      let key = 0;
      let known = true;
      for (let k = 0; k < order; k++) {
        const x = ids[i + k]!;
        if (x < 0) {
          known = false;
          break;
        }
        key = key * base + x;
      }
      if (known) count = pushIndex(out, count, byKey.get(key));
    }
  }
  if (settings.cues) for (const c of cueFeatures(tokens)) count = pushIndex(out, count, cf.named.get(c) ?? -1);
  if (settings.heading) count = pushIndex(out, count, cf.named.get(`h:${input.silver ?? "none"}`) ?? -1);
  if (settings.position) count = pushIndex(out, count, cf.named.get(input.sentence_index === 0 ? "pos:first" : "pos:later") ?? -1);
  if (settings.theme_cues) for (const f of themeCueFeatures(tokens)) count = pushIndex(out, count, cf.named.get(f) ?? -1);
  if (settings.evaluation_cues) for (const f of evaluationCueFeatures(tokens)) count = pushIndex(out, count, cf.named.get(f) ?? -1);
  if (settings.finding_theme_cues && input.finding) for (const f of findingThemeCues(input.finding)) count = pushIndex(out, count, cf.named.get(f) ?? -1);
  // Insertion sort: a few dozen indexes, and a typed-array view to sort would cost more to allocate.
  const buf = out.buf;
  for (let i = 1; i < count; i++) {
    const x = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > x) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = x;
  }
  let unique = 0;
  for (let i = 0; i < count; i++) if (i === 0 || buf[i] !== buf[i - 1]) buf[unique++] = buf[i]!;
  return unique;
}

/**
 * Reusable buffers for `featureIndices` (allocating typed arrays per sentence costs more than the
 * lookups): `buf` receives the indexes, `ids` holds the tokens' stem ids; both grow when needed.
 */
export interface FeatureScratch {
  buf: Int32Array;
  ids: Int32Array;
}

export function featureScratch(): FeatureScratch {
  return { buf: new Int32Array(256), ids: new Int32Array(128) };
}

/** Appends a vocabulary index (-1: not in the vocabulary, nothing appended) and returns the new count. */
function pushIndex(out: FeatureScratch, count: number, i: number): number {
  if (i < 0) return count;
  if (count === out.buf.length) {
    const bigger = new Int32Array(out.buf.length * 2);
    bigger.set(out.buf);
    out.buf = bigger;
  }
  out.buf[count] = i;
  return count + 1;
}

/**
 * Non-negative integer key (below 2^53) → non-negative int32 value, open addressing with linear
 * probing; `get` returns -1 for a missing key. Faster than a `Map` for the n-gram lookups of every
 * sentence, and fixed once built.
 */
export class IntTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity).fill(-1);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(key: number): number {
    return Math.imul((key >>> 0) ^ ((key / 4_294_967_296) >>> 0), 0x9e3779b1) >>> 0;
  }

  set(key: number, value: number): void {
    let i = this.slot(key) & this.mask;
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    this.keys[i] = key;
    this.values[i] = value;
  }

  get(key: number): number {
    for (let i = this.slot(key) & this.mask; ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === -1) return -1;
    }
  }
}
