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
import { GAP_CLAUSE, stemIdCount, stemIdOf, tokenBuffer, type TokenBuffer, tokenize, tokenizeInto, type Token } from "../pipeline/tokens.ts";
import { type SectionId, type Sentiment, SENTIMENTS, THEME_IDS } from "../pipeline/schema.ts";
import type { SparseVector } from "./logreg.ts";
import { EVALUATION_FEATURES, evaluationCueBits, evaluationCueFeatures, evaluationWordClass } from "./evaluation-cues.ts";
import { themeCueCounts, themeCueFeatures } from "./theme-cues.ts";
import { splitSentences } from "../pipeline/sentences.ts";

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
  /**
   * Theme cues of the neighbouring sentences of the same finding: `pt:<theme>` for the sentence
   * before, `nt:<theme>` for the sentence after. A sentence often continues its neighbour's topic
   * without repeating its words ("This means that ...", "They ..."); unlike `ft:` these say which
   * sentence the cue sits in, so a long finding does not lend every theme to every sentence.
   */
  neighbour_theme_cues: z.boolean().default(false),
  /**
   * Theme cues of the finding's lead sentence (`lt:<theme>`), on its later sentences: a finding's
   * first sentence usually names its topic and the sentences after it develop it (sub-bullets under
   * a lead-in, "This means ...").
   */
  lead_theme_cues: z.boolean().default(false),
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
  for (const f of contextThemeCues(input, settings)) out.add(f);
  return [...out];
}

/** Theme cues of a finding, as theme bits in codebook order (see `findingContext`). */
interface FindingContext {
  text: string;
  /** Themes cued anywhere in the finding (in any of its sentences). */
  themes: number;
  /** Themes cued in each of its sentences, split as the reader splits them, so `sentence_index` finds them. */
  sentences: number[];
}

const CONTEXT_TOKENS = tokenBuffer();

/** The last finding's context is memoised: its sentences come together. */
let lastFinding: FindingContext | null = null;
function findingContext(finding: string): FindingContext {
  if (lastFinding?.text !== finding) {
    const counts = new Uint8Array(THEME_IDS.length);
    const bitsOf = (text: string) => {
      const { stemIds, n } = tokenizeInto(text, CONTEXT_TOKENS);
      return themeCueCounts(stemIds, n, counts);
    };
    const sentences = splitSentences(finding).map((span) => bitsOf(span.text));
    lastFinding = { text: finding, themes: sentences.reduce((all, bits) => all | bits, 0), sentences };
  }
  return lastFinding;
}

/** The theme bits of sentence `i` of the finding (0 when there is none). */
function sentenceThemeBits(context: FindingContext, i: number | undefined): number {
  return i === undefined ? 0 : (context.sentences[i] ?? 0);
}

const NO_CONTEXT = Object.freeze({ ft: 0, pt: 0, nt: 0, lt: 0 });

/**
 * The finding-context theme features of a sentence, as bits per kind: `ft:` (cued anywhere in the
 * finding), `pt:` / `nt:` (cued in the sentence before / after), `lt:` (cued in the finding's lead
 * sentence, for its later sentences).
 */
function contextThemeBits(input: FeatureInput, settings: FeatureSettings): { ft: number; pt: number; nt: number; lt: number } {
  if (!input.finding || !(settings.finding_theme_cues || settings.neighbour_theme_cues || settings.lead_theme_cues)) return NO_CONTEXT;
  const context = findingContext(input.finding);
  const i = input.sentence_index;
  const neighbours = settings.neighbour_theme_cues && i !== undefined;
  return {
    ft: settings.finding_theme_cues ? context.themes : 0,
    pt: neighbours ? sentenceThemeBits(context, i - 1) : 0,
    nt: neighbours ? sentenceThemeBits(context, i + 1) : 0,
    lt: settings.lead_theme_cues && i !== undefined && i > 0 ? sentenceThemeBits(context, 0) : 0,
  };
}

/** `ft:<theme>`, `pt:<theme>`, `nt:<theme>` and `lt:<theme>` features of a sentence (`contextThemeBits`), in codebook order per kind. */
function contextThemeCues(input: FeatureInput, settings: FeatureSettings): string[] {
  const bits = contextThemeBits(input, settings);
  return (["ft", "pt", "nt", "lt"] as const).flatMap((kind) => THEME_IDS.filter((_, t) => bits[kind] & (1 << t)).map((theme) => `${kind}:${theme}`));
}

// ── cue patterns ───────────────────────────────────────────────────────────────────────────

/** Cue-pattern features; bit i of `cueBits` stands for `CUE_FEATURES[i]`. */
export const CUE_FEATURES = [
  "cue:concession",
  "cue:however_start",
  "cue:too_adj",
  "cue:not_yet",
  "cue:not_always",
  "cue:not_consistently",
  "cue:not_sufficiently",
  "cue:recommend",
  "cue:lack_of",
  "cue:variability",
  "cue:unproven",
  "cue:negation",
] as const;
const cueBit = (name: (typeof CUE_FEATURES)[number]) => 1 << CUE_FEATURES.indexOf(name);
const CUE_CONCESSION = cueBit("cue:concession");
const CUE_HOWEVER_START = cueBit("cue:however_start");
const CUE_TOO_ADJ = cueBit("cue:too_adj");
/** `cue:not_always`, `cue:not_consistently` and `cue:not_sufficiently` follow it, as W_ALWAYS… follow W_YET. */
const CUE_NOT_YET = cueBit("cue:not_yet");
const CUE_RECOMMEND = cueBit("cue:recommend");
const CUE_LACK_OF = cueBit("cue:lack_of");
const CUE_VARIABILITY = cueBit("cue:variability");
const CUE_UNPROVEN = cueBit("cue:unproven");
const CUE_NEGATION = cueBit("cue:negation");

/** The words cue patterns are made of, by norm; every other word is 0. */
const W_TOO = 1;
const W_NOT = 2;
const W_YET = 3;
const W_ALWAYS = 4;
const W_CONSISTENTLY = 5;
const W_SUFFICIENTLY = 6;
const W_SHOULD = 7;
const W_LACK = 8;
const W_OF = 9;
const W_VARIABLE = 10;
const W_EARLY = 11;
const W_STAGE = 12;
const W_SOON = 13;
const W_AND = 14;
const W_HOWEVER = 15;
const W_CONCESSION = 16;
const CUE_WORDS = new Map<string, number>([
  ["too", W_TOO],
  ["not", W_NOT],
  ["yet", W_YET],
  ["always", W_ALWAYS],
  ["consistently", W_CONSISTENTLY],
  ["sufficiently", W_SUFFICIENTLY],
  ["should", W_SHOULD],
  ["must", W_SHOULD],
  ["lack", W_LACK],
  ["of", W_OF],
  ["variable", W_VARIABLE],
  ["inconsistent", W_VARIABLE],
  ["varied", W_VARIABLE],
  ["mixed", W_VARIABLE],
  ["early", W_EARLY],
  ["stage", W_STAGE],
  ["soon", W_SOON],
  ["and", W_AND],
  ["however", W_HOWEVER],
  ...[...CONCESSION].map((w): [string, number] => [w, W_CONCESSION]),
]);

/**
 * Cue patterns of this prose that single words miss, as bits (see `CUE_FEATURES`), from each of the
 * first `n` tokens' cue word (`CUE_WORDS`) and whether any token is negated: a sentence that opens
 * with a concession or with *however*; *too* + a word (not *and*); *not yet / always /
 * consistently / sufficiently*; *should* or *must* among the first six words (a recommendation);
 * *lack of*; variability words; *early stage*, *too soon*, *too early* (unproven work); negation.
 */
function cueBits(words: ArrayLike<number>, n: number, anyNegated: boolean): number {
  let bits = 0;
  if (n > 0 && words[0] === W_CONCESSION) bits |= CUE_CONCESSION;
  if (n > 0 && words[0] === W_HOWEVER) bits |= CUE_HOWEVER_START;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    if (w === 0) continue;
    const next = i + 1 < n ? words[i + 1]! : -1;
    if (w === W_TOO && next !== -1 && next !== W_AND) bits |= CUE_TOO_ADJ;
    if (w === W_NOT && next >= W_YET && next <= W_SUFFICIENTLY) bits |= CUE_NOT_YET << (next - W_YET);
    if (w === W_SHOULD && i < 6) bits |= CUE_RECOMMEND;
    if (w === W_LACK && next === W_OF) bits |= CUE_LACK_OF;
    if (w === W_VARIABLE) bits |= CUE_VARIABILITY;
    if ((w === W_EARLY && next === W_STAGE) || (w === W_TOO && (next === W_SOON || next === W_EARLY))) bits |= CUE_UNPROVEN;
  }
  if (anyNegated) bits |= CUE_NEGATION;
  return bits;
}

/** Cue patterns of this prose that single words miss (`cueBits`), by name. */
function cueFeatures(tokens: readonly Token[]): string[] {
  const bits = cueBits(
    tokens.map((t) => CUE_WORDS.get(t.norm) ?? 0),
    tokens.length,
    tokens.some((t) => t.negated),
  );
  return CUE_FEATURES.filter((_, i) => bits & (1 << i));
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
 * The stems of one or more compiled vocabularies, numbered together (`compileFeatureSet`), so a
 * sentence's stems are looked up once for all of them.
 */
interface StemSpace {
  /** Every stem that occurs in a word feature of the vocabularies → a small id. */
  stemIds: Map<string, number>;
  /** The same by the tokenizer's process-wide stem id (`stemIdOf`): -1 where in no vocabulary. */
  byStemId: Int32Array;
  /**
   * By n-gram order n ≥ 2: key (stem ids as base-`stemIds.size` digits) → slot, over the n-grams
   * of all parts, so one probe serves every part; `gramFeatures[n][slot · parts + part.slot]` is
   * the part's vocabulary index, or -1.
   */
  grams: (IntTable | undefined)[];
  gramFeatures: Int32Array[];
  /** How many vocabularies were compiled together. */
  parts: number;
}

/**
 * A vocabulary compiled for prediction: `featureIndices` finds a sentence's vocabulary indexes
 * from token stem and norm ids by integer keys, without building a feature string per token and
 * n-gram. Gives exactly `vectorise(sentenceFeatures(...))`'s indexes (features.test.ts checks it on
 * every corpus sentence); `sentenceFeatures` stays the definition, used for training and `--explain`.
 */
export interface CompiledFeatures {
  settings: FeatureSettings;
  space: StemSpace;
  /** The vocabulary's length. */
  size: number;
  /** Indexed by stem id × 8 + mark bits: vocabulary index, or -1. */
  unigrams: Int32Array;
  /** Whether unigrams are features (`settings.ngrams` has 1). */
  unigramsWanted: boolean;
  /** This vocabulary's place among those compiled together (`space.gramFeatures`). */
  slot: number;
  /** Vocabulary index (-1: not in it) of each `CUE_FEATURES` entry. */
  cues: Int32Array;
  /** … of `h:strength`, `h:weakness`, `h:neutral`, `h:none`. */
  headings: Int32Array;
  /** … of `pos:first`, `pos:later`. */
  positions: Int32Array;
  /** … of each `EVALUATION_FEATURES` entry. */
  evaluation: Int32Array;
  /** … of `t:<theme>`, `t:<theme>:2`, `ft:<theme>`, `pt:<theme>`, `nt:<theme>` and `lt:<theme>`, codebook order. */
  themes: Int32Array;
  themes2: Int32Array;
  findingThemes: Int32Array;
  previousThemes: Int32Array;
  nextThemes: Int32Array;
  leadThemes: Int32Array;
}

const NAMED_PREFIX = /^(?:cue|h|pos|t|ev|ft|pt|nt|lt):/;
const HEADINGS = [...SENTIMENTS, "none"] as const;

/**
 * Compiles one vocabulary written by `buildVocabulary`. A stem never contains a letter followed by
 * `:` (the tokenizer joins only digits with `:`), so `c:`, `m:`, `n:` and the named prefixes
 * (`cue:`, `h:`, `pos:`, `t:`, `ev:`, `ft:`, `pt:`, `nt:`, `lt:`) cannot be confused with stems, and
 * n-grams are the only entries with spaces.
 */
export function compileFeatures(settings: FeatureSettings, vocabulary: readonly string[]): CompiledFeatures {
  return compileFeatureSet([{ settings, vocabulary }])[0]!;
}

/**
 * Compiles several vocabularies over one stem space, so `featureIndicesMany` finds the features of
 * all of them in one pass over a sentence (the sentiment and theme models of a model file).
 */
export function compileFeatureSet(parts: readonly { settings: FeatureSettings; vocabulary: readonly string[] }[]): CompiledFeatures[] {
  const stemIds = new Map<string, number>();
  const id = (stem: string) => stemIds.get(stem) ?? (stemIds.set(stem, stemIds.size), stemIds.size - 1);
  const parsed = parts.map(({ vocabulary }) => {
    const named = new Map<string, number>();
    const unigrams: [number, number][] = [];
    const grams: [number[], number][] = [];
    vocabulary.forEach((f, i) => {
      if (NAMED_PREFIX.test(f)) named.set(f, i);
      else if (f.includes(" ")) grams.push([f.split(" ").map(id), i]);
      else {
        let rest = f;
        let marks = 0;
        if (rest.startsWith("c:")) (marks |= MARK_C), (rest = rest.slice(2));
        else if (rest.startsWith("m:")) (marks |= MARK_M), (rest = rest.slice(2));
        if (rest.startsWith("n:")) (marks |= MARK_N), (rest = rest.slice(2));
        unigrams.push([id(rest) * 8 + marks, i]);
      }
    });
    return { named, unigrams, grams };
  });
  const base = stemIds.size;
  for (const stem of stemIds.keys()) stemIdOf(stem);
  const byStemId = new Int32Array(stemIdCount()).fill(-1);
  for (const [stem, local] of stemIds) {
    const global = stemIdOf(stem);
    if (global >= 0) byStemId[global] = local;
  }
  const keyOf = (ids: readonly number[]) => ids.reduce((k, x) => k * base + x, 0);
  const grams: (IntTable | undefined)[] = [];
  const gramFeatures: Int32Array[] = [];
  for (const order of [2, 3]) {
    const slots = new Map<number, number>();
    for (const part of parsed) {
      for (const [ids] of part.grams) {
        const key = keyOf(ids);
        if (ids.length === order && !slots.has(key)) slots.set(key, slots.size);
      }
    }
    if (slots.size === 0) continue;
    const table = new IntTable(slots.size);
    for (const [key, slot] of slots) table.set(key, slot);
    const features = new Int32Array(slots.size * parts.length).fill(-1);
    parsed.forEach((part, p) => {
      for (const [ids, i] of part.grams) if (ids.length === order) features[slots.get(keyOf(ids))! * parts.length + p] = i;
    });
    grams[order] = table;
    gramFeatures[order] = features;
  }
  const space: StemSpace = { stemIds, byStemId, grams, gramFeatures, parts: parts.length };
  return parts.map(({ settings, vocabulary }, p) => {
    const { named, unigrams } = parsed[p]!;
    const unigramTable = new Int32Array(base * 8).fill(-1);
    for (const [key, i] of unigrams) unigramTable[key] = i;
    const lookup = (names: readonly string[]) => Int32Array.from(names, (f) => named.get(f) ?? -1);
    return {
      settings,
      space,
      size: vocabulary.length,
      unigrams: unigramTable,
      unigramsWanted: settings.ngrams.includes(1),
      slot: p,
      cues: lookup(CUE_FEATURES),
      headings: lookup(HEADINGS.map((h) => `h:${h}`)),
      positions: lookup(["pos:first", "pos:later"]),
      evaluation: lookup(EVALUATION_FEATURES),
      themes: lookup(THEME_IDS.map((t) => `t:${t}`)),
      themes2: lookup(THEME_IDS.map((t) => `t:${t}:2`)),
      findingThemes: lookup(THEME_IDS.map((t) => `ft:${t}`)),
      previousThemes: lookup(THEME_IDS.map((t) => `pt:${t}`)),
      nextThemes: lookup(THEME_IDS.map((t) => `nt:${t}`)),
      leadThemes: lookup(THEME_IDS.map((t) => `lt:${t}`)),
    };
  });
}

/**
 * Facts about a word that the feature stages need, by the tokenizer's norm id: its cue word
 * (`CUE_WORDS`, bits 0–4; `W_BUT` for *but*), its evaluation class (bits 5–6) and a bit that says
 * they were worked out. Grown as new norms come; a norm without an id (table full) is worked out
 * every time.
 */
let wordFacts = new Uint8Array(4096);
const FACTS_KNOWN = 0x80;
const W_BUT = 17;

function factsOf(normId: number, norm: string): number {
  if (normId >= 0 && normId < wordFacts.length && wordFacts[normId] !== 0) return wordFacts[normId]!;
  const facts = FACTS_KNOWN | (norm === "but" ? W_BUT : (CUE_WORDS.get(norm) ?? 0)) | (evaluationWordClass(norm) << 5);
  if (normId >= 0) {
    if (normId >= wordFacts.length) {
      const bigger = new Uint8Array(Math.max(normId + 1, wordFacts.length * 2));
      bigger.set(wordFacts);
      wordFacts = bigger;
    }
    wordFacts[normId] = facts;
  }
  return facts;
}

/**
 * Reusable buffers for `featureIndices` (allocating typed arrays per sentence costs more than the
 * lookups): `buf` receives the indexes; `seen[f] === stamp` marks the vocabulary indexes already in
 * `buf` for the current sentence (one new stamp per sentence, so nothing is cleared); the others
 * hold per-token values. All grow when needed.
 */
export interface FeatureScratch {
  buf: Int32Array;
  seen: Int32Array;
  stamp: number;
  ids: Int32Array;
  words: Uint8Array;
  classes: Uint8Array;
  themeCounts: Uint8Array;
}

export function featureScratch(): FeatureScratch {
  return { buf: new Int32Array(256), seen: new Int32Array(0), stamp: 0, ids: new Int32Array(128), words: new Uint8Array(128), classes: new Uint8Array(128), themeCounts: new Uint8Array(THEME_IDS.length) };
}

const ONE_COUNT = new Int32Array(1);

/** The most named features a sentence can have: cues, heading, position, `t:` and `t:…:2`, `ev:`, and the four finding-context kinds. */
const NAMED_MAX = CUE_FEATURES.length + 2 + 6 * THEME_IDS.length + EVALUATION_FEATURES.length;

/**
 * Writes the de-duplicated vocabulary indexes of a sentence's features into `out.buf` (grown if
 * needed), in the order they were found, and returns their number; the same set as
 * `vectorise(sentenceFeatures(...))`. Not sorted: a sum over them is the same up to rounding, and
 * sorting cost a tenth of a prediction.
 */
export function featureIndices(cf: CompiledFeatures, input: FeatureInput, tokenized: TokenBuffer, out: FeatureScratch): number {
  featureIndicesMany([cf], input, tokenized, [out], ONE_COUNT);
  return ONE_COUNT[0]!;
}

/**
 * `featureIndices` for several vocabularies compiled together (`compileFeatureSet`), in one pass
 * over the sentence: part p's indexes go to `outs[p].buf` and their number to `counts[p]`.
 */
export function featureIndicesMany(parts: readonly CompiledFeatures[], input: FeatureInput, tokenized: TokenBuffer, outs: readonly FeatureScratch[], counts: Int32Array): void {
  const { n, gaps, stemIds, normIds, negated, stems, norms } = tokenized;
  const m = parts.length;
  const space = parts[0]!.space;
  let clauseMarks = false;
  let wantOrders = 0;
  for (let p = 0; p < m; p++) {
    const part = parts[p]!;
    if (part.space !== space) throw new RangeError("featureIndicesMany: the parts were not compiled together (compileFeatureSet)");
    if (part.settings.clause_marks) clauseMarks = true;
    for (const order of part.settings.ngrams) wantOrders |= 1 << order;
    // Each n-gram order adds at most n indexes, the named features at most NAMED_MAX.
    const need = n * part.settings.ngrams.length + NAMED_MAX;
    const out = outs[p]!;
    if (out.buf.length < need) out.buf = new Int32Array(Math.max(need, out.buf.length * 2));
    if (out.seen.length < part.size || out.stamp === 0x7fffffff) {
      out.seen = new Int32Array(Math.max(part.size, out.seen.length));
      out.stamp = 0;
    }
    out.stamp++;
    counts[p] = 0;
  }
  const scratch = outs[0]!;
  if (scratch.ids.length < n) {
    const size = Math.max(n, scratch.ids.length * 2);
    scratch.ids = new Int32Array(size);
    scratch.words = new Uint8Array(size);
    scratch.classes = new Uint8Array(size);
  }
  const { ids, words, classes } = scratch;
  const { byStemId } = space;
  let anyNegated = false;
  for (let i = 0; i < n; i++) {
    const g = stemIds[i]!;
    // A stem first seen after compiling has an id past the table and is in no vocabulary; -1
    // (stem table full) falls back to the string.
    ids[i] = g >= 0 ? (g < byStemId.length ? byStemId[g]! : -1) : (space.stemIds.get(stems[i]!) ?? -1);
    const facts = factsOf(normIds[i]!, norms[i]!);
    words[i] = facts & 31;
    classes[i] = (facts >> 5) & 3;
    if (negated[i]) anyNegated = true;
  }

  // Unigrams, marked by clause (`sentenceFeatures`).
  let inConcession = false;
  let afterTurn = false;
  for (let i = 0; i < n; i++) {
    const clauseGap = i > 0 && (gaps[i]! & GAP_CLAUSE) !== 0;
    if (inConcession && clauseGap) inConcession = false;
    const w = words[i]!;
    if (clauseMarks) {
      if (w === W_CONCESSION && (i === 0 || clauseGap)) inConcession = true;
      if ((w === W_BUT || w === W_HOWEVER || w === W_YET) && !inConcession) afterTurn = true;
    }
    const id = ids[i]!;
    if (id < 0) continue;
    const marks = (negated[i]! ? MARK_N : 0) | (inConcession ? MARK_C : afterTurn ? MARK_M : 0);
    for (let p = 0; p < m; p++) {
      const part = parts[p]!;
      if (!part.unigramsWanted) continue;
      counts[p] = pushIndex(outs[p]!, counts[p]!, part.unigrams[id * 8 + (part.settings.clause_marks ? marks : 0)]!);
    }
  }

  // N-grams of stems: each key is worked out, and looked up, once for all parts.
  const base = space.stemIds.size;
  for (let order = 2; order <= 3; order++) {
    const table = space.grams[order];
    if (table === undefined || !(wantOrders & (1 << order))) continue;
    const features = space.gramFeatures[order]!;
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
      if (!known) continue;
      const slot = table.get(key);
      if (slot < 0) continue;
      for (let p = 0; p < m; p++) counts[p] = pushIndex(outs[p]!, counts[p]!, features[slot * space.parts + parts[p]!.slot]!);
    }
  }

  // Named features, each worked out once if any part wants it.
  let cues = -1;
  let evaluation = -1;
  let themeBits = -1;
  for (let p = 0; p < m; p++) {
    const part = parts[p]!;
    const { settings } = part;
    const out = outs[p]!;
    let c = counts[p]!;
    if (settings.cues) {
      if (cues < 0) cues = cueBits(words, n, anyNegated);
      for (let b = 0; b < CUE_FEATURES.length; b++) if (cues & (1 << b)) c = pushIndex(out, c, part.cues[b]!);
    }
    if (settings.heading) c = pushIndex(out, c, part.headings[input.silver == null ? SENTIMENTS.length : SENTIMENTS.indexOf(input.silver)]!);
    if (settings.position) c = pushIndex(out, c, part.positions[input.sentence_index === 0 ? 0 : 1]!);
    if (settings.theme_cues) {
      if (themeBits < 0) themeBits = themeCueCounts(stemIds, n, scratch.themeCounts);
      for (let t = 0; themeBits >> t !== 0; t++) {
        if (!(themeBits & (1 << t))) continue;
        c = pushIndex(out, c, part.themes[t]!);
        if (scratch.themeCounts[t]! > 1) c = pushIndex(out, c, part.themes2[t]!);
      }
    }
    if (settings.evaluation_cues) {
      if (evaluation < 0) evaluation = evaluationCueBits(classes, negated, n);
      for (let b = 0; b < EVALUATION_FEATURES.length; b++) if (evaluation & (1 << b)) c = pushIndex(out, c, part.evaluation[b]!);
    }
    if (input.finding && (settings.finding_theme_cues || settings.neighbour_theme_cues || settings.lead_theme_cues)) {
      const bits = contextThemeBits(input, settings);
      for (let t = 0; t < THEME_IDS.length; t++) {
        const bit = 1 << t;
        if (bits.ft & bit) c = pushIndex(out, c, part.findingThemes[t]!);
        if (bits.pt & bit) c = pushIndex(out, c, part.previousThemes[t]!);
        if (bits.nt & bit) c = pushIndex(out, c, part.nextThemes[t]!);
        if (bits.lt & bit) c = pushIndex(out, c, part.leadThemes[t]!);
      }
    }
    counts[p] = c;
  }
}

/** Appends vocabulary index `f` to `out.buf` at `count` unless it is -1 (not in the vocabulary) or already there; returns the new count. */
function pushIndex(out: FeatureScratch, count: number, f: number): number {
  if (f >= 0 && out.seen[f] !== out.stamp) {
    out.seen[f] = out.stamp;
    out.buf[count++] = f;
  }
  return count;
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
