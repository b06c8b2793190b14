/**
 * The feature definition (`features.ts`) compiled for prediction: the same feature set found by
 * integer keys, without building a feature string per token and n-gram. `featureIndicesMany` gives
 * exactly `vectorise(sentenceFeatures(...))`'s indexes (compiled.test.ts checks it on every corpus
 * sentence and for several settings); `sentenceFeatures` stays the definition, used for training
 * and `--explain`. A compiled feature set owns its tokenizer, whose ids its tables are keyed by.
 */
import { THEME_IDS, SENTIMENTS } from "../pipeline/codebook.ts";
import { GAP_CLAUSE, type TokenBuffer, tokenBuffer, Tokenizer } from "../pipeline/tokens.ts";
import { CUE_FEATURES, CUE_WORDS, cueBits, purposeScope, W_BUT, W_CONCESSION, W_HOWEVER, W_YET } from "./cues.ts";
import { EVALUATION_FEATURES, evaluationCueBits, evaluationWordClass } from "./evaluation-cues.ts";
import { contextThemeBits, type FeatureInput, type FeatureSettings, type FindingThemes, illustratedEvaluation, wantsContext } from "./features.ts";
import { ThemeCueIndex } from "./theme-cues.ts";

/**
 * Marks of a unigram feature: bit 0 `n:` (negated), bits 1–2 the clause it sits in, one of `c:`
 * (concession), `m:` (after a turn) and `p:` (purpose), so a stem's features fit in 8 slots.
 */
const MARK_N = 1;
const MARK_C = 2;
const MARK_M = 4;
const MARK_P = 6;

/**
 * The stems of one or more compiled vocabularies, numbered together (`compileFeatureSet`), so a
 * sentence's stems are looked up once for all of them.
 */
export interface StemSpace {
  /** The tokenizer whose stem and norm ids the tables below are keyed by. */
  tokenizer: Tokenizer;
  /** The codebook's theme cue phrases by that tokenizer's stem ids. */
  themeCues: ThemeCueIndex;
  /** Facts about each word by the tokenizer's norm id (`factsOf`); grown as new norms come. */
  wordFacts: Uint8Array;
  /** Every stem that occurs in a word feature of the vocabularies → a small id. */
  stemIds: Map<string, number>;
  /** The same by the tokenizer's stem id (`Tokenizer.stemIdOf`): -1 where in no vocabulary. */
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
  /** … of `x:ev:strength`, `x:ev:weakness`, `x:ev:none` (rule 10: the illustrated sentence's cues). */
  examples: Int32Array;
  previousThemes: Int32Array;
  nextThemes: Int32Array;
  leadThemes: Int32Array;
}

const NAMED_PREFIX = /^(?:cue|h|pos|t|ev|ft|pt|nt|lt|x):/;
const HEADINGS = [...SENTIMENTS, "none"] as const;

/**
 * Compiles one vocabulary written by `buildVocabulary`. A stem never contains a letter followed by
 * `:` (the tokenizer joins only digits with `:`), so `c:`, `m:`, `n:` and the named prefixes
 * (`cue:`, `h:`, `pos:`, `t:`, `ev:`, `ft:`, `pt:`, `nt:`, `lt:`) cannot be confused with stems, and
 * n-grams are the only entries with spaces.
 */
export function compileFeatures(settings: FeatureSettings, vocabulary: readonly string[], tokenizer: Tokenizer = new Tokenizer()): CompiledFeatures {
  return compileFeatureSet([{ settings, vocabulary }], tokenizer)[0]!;
}

/**
 * Compiles several vocabularies over one stem space, so `featureIndicesMany` finds the features of
 * all of them in one pass over a sentence (the sentiment and theme models of a model file).
 */
export function compileFeatureSet(parts: readonly { settings: FeatureSettings; vocabulary: readonly string[] }[], tokenizer: Tokenizer = new Tokenizer()): CompiledFeatures[] {
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
        else if (rest.startsWith("p:")) (marks |= MARK_P), (rest = rest.slice(2));
        if (rest.startsWith("n:")) (marks |= MARK_N), (rest = rest.slice(2));
        unigrams.push([id(rest) * 8 + marks, i]);
      }
    });
    return { named, unigrams, grams };
  });
  const base = stemIds.size;
  for (const stem of stemIds.keys()) tokenizer.stemIdOf(stem);
  const themeCues = new ThemeCueIndex(tokenizer);
  const byStemId = new Int32Array(tokenizer.stemIdCount).fill(-1);
  for (const [stem, local] of stemIds) {
    const global = tokenizer.stemIdOf(stem);
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
  const space: StemSpace = { tokenizer, themeCues, wordFacts: new Uint8Array(4096), stemIds, byStemId, grams, gramFeatures, parts: parts.length };
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
      examples: lookup(["x:ev:strength", "x:ev:weakness", "x:ev:none"]),
      previousThemes: lookup(THEME_IDS.map((t) => `pt:${t}`)),
      nextThemes: lookup(THEME_IDS.map((t) => `nt:${t}`)),
      leadThemes: lookup(THEME_IDS.map((t) => `lt:${t}`)),
    };
  });
}

/**
 * Facts about a word that the feature stages need, by the tokenizer's norm id: its cue word
 * (`CUE_WORDS`, bits 0–4; `W_BUT` for *but*), its evaluation class (bits 5–6) and a bit that says
 * they were worked out. Kept in the space's `wordFacts`, grown as new norms come; a norm without an
 * id (table full) is worked out every time.
 */
const FACTS_KNOWN = 0x80;

function factsOf(space: StemSpace, normId: number, norm: string): number {
  if (normId >= 0 && normId < space.wordFacts.length && space.wordFacts[normId] !== 0) return space.wordFacts[normId]!;
  const facts = FACTS_KNOWN | (norm === "but" ? W_BUT : (CUE_WORDS.get(norm) ?? 0)) | (evaluationWordClass(norm) << 5);
  if (normId >= 0) {
    if (normId >= space.wordFacts.length) {
      const bigger = new Uint8Array(Math.max(normId + 1, space.wordFacts.length * 2));
      bigger.set(space.wordFacts);
      space.wordFacts = bigger;
    }
    space.wordFacts[normId] = facts;
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
  /** Per token: inside a purpose clause (`purposeScope`), and whether a clause mark precedes it. */
  purpose: Uint8Array;
  breaks: Uint8Array;
  themeCounts: Uint8Array;
}

export function featureScratch(): FeatureScratch {
  return { buf: new Int32Array(256), seen: new Int32Array(0), stamp: 0, ids: new Int32Array(128), words: new Uint8Array(128), classes: new Uint8Array(128), purpose: new Uint8Array(128), breaks: new Uint8Array(128), themeCounts: new Uint8Array(THEME_IDS.length) };
}

const ONE_COUNT = new Int32Array(1);

/** The most named features a sentence can have: cues, heading, position, `t:` and `t:…:2`, `ev:`, and the four finding-context kinds. */
const NAMED_MAX = CUE_FEATURES.length + 2 + 6 * THEME_IDS.length + 2 * EVALUATION_FEATURES.length;

/**
 * Writes the de-duplicated vocabulary indexes of a sentence's features into `out.buf` (grown if
 * needed), in the order they were found, and returns their number; the same set as
 * `vectorise(sentenceFeatures(...))`. Not sorted: a sum over them is the same up to rounding, and
 * sorting cost a tenth of a prediction.
 */
export function featureIndices(cf: CompiledFeatures, input: FeatureInput, tokenized: TokenBuffer, out: FeatureScratch, context: FindingThemes | null = null): number {
  featureIndicesMany([cf], input, tokenized, [out], ONE_COUNT, context);
  return ONE_COUNT[0]!;
}

/**
 * `featureIndices` for several vocabularies compiled together (`compileFeatureSet`), in one pass
 * over the sentence (tokenised by their space's tokenizer): part p's indexes go to `outs[p].buf`
 * and their number to `counts[p]`. `context` is the sentence's finding (`compiledFindingThemes`),
 * or null.
 */
export function featureIndicesMany(parts: readonly CompiledFeatures[], input: FeatureInput, tokenized: TokenBuffer, outs: readonly FeatureScratch[], counts: Int32Array, context: FindingThemes | null = null): void {
  const { n, gaps, stemIds, normIds, negated, stems, norms } = tokenized;
  const m = parts.length;
  const space = parts[0]!.space;
  let clauseMarks = false;
  let purposeMarks = false;
  let wantOrders = 0;
  for (let p = 0; p < m; p++) {
    const part = parts[p]!;
    if (part.space !== space) throw new RangeError("featureIndicesMany: the parts were not compiled together (compileFeatureSet)");
    if (part.settings.clause_marks) clauseMarks = true;
    if (part.settings.purpose_marks) purposeMarks = true;
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
    scratch.purpose = new Uint8Array(size);
    scratch.breaks = new Uint8Array(size);
  }
  const { ids, words, classes, purpose, breaks } = scratch;
  const { byStemId } = space;
  let anyNegated = false;
  for (let i = 0; i < n; i++) {
    const g = stemIds[i]!;
    // A stem first seen after compiling has an id past the table and is in no vocabulary; -1
    // (stem table full) falls back to the string.
    ids[i] = g >= 0 ? (g < byStemId.length ? byStemId[g]! : -1) : (space.stemIds.get(stems[i]!) ?? -1);
    const facts = factsOf(space, normIds[i]!, norms[i]!);
    words[i] = facts & 31;
    classes[i] = (facts >> 5) & 3;
    if (negated[i]) anyNegated = true;
  }

  if (purposeMarks) {
    for (let i = 0; i < n; i++) breaks[i] = i > 0 && (gaps[i]! & GAP_CLAUSE) !== 0 ? 1 : 0;
    purposeScope(norms, breaks, n, purpose);
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
    const marksP = purposeMarks && purpose[i] && !inConcession ? (marks & MARK_N) | MARK_P : marks;
    for (let p = 0; p < m; p++) {
      const part = parts[p]!;
      if (!part.unigramsWanted) continue;
      const s = part.settings;
      counts[p] = pushIndex(outs[p]!, counts[p]!, part.unigrams[id * 8 + (s.clause_marks ? (s.purpose_marks ? marksP : marks) : 0)]!);
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
  let evaluationP = -1;
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
      if (themeBits < 0) themeBits = space.themeCues.count(stemIds, n, scratch.themeCounts);
      for (let t = 0; themeBits >> t !== 0; t++) {
        if (!(themeBits & (1 << t))) continue;
        c = pushIndex(out, c, part.themes[t]!);
        if (scratch.themeCounts[t]! > 1) c = pushIndex(out, c, part.themes2[t]!);
      }
    }
    if (settings.evaluation_cues) {
      let bits: number;
      if (settings.purpose_marks) bits = evaluationP < 0 ? (evaluationP = evaluationCueBits(classes, negated, n, purpose)) : evaluationP;
      else bits = evaluation < 0 ? (evaluation = evaluationCueBits(classes, negated, n)) : evaluation;
      for (let b = 0; b < EVALUATION_FEATURES.length; b++) if (bits & (1 << b)) c = pushIndex(out, c, part.evaluation[b]!);
    }
    if (context !== null && wantsContext(settings)) {
      const bits = contextThemeBits(context, input.sentence_index, settings);
      for (let t = 0; t < THEME_IDS.length; t++) {
        const bit = 1 << t;
        if (bits.ft & bit) c = pushIndex(out, c, part.findingThemes[t]!);
        if (bits.pt & bit) c = pushIndex(out, c, part.previousThemes[t]!);
        if (bits.nt & bit) c = pushIndex(out, c, part.nextThemes[t]!);
        if (bits.lt & bit) c = pushIndex(out, c, part.leadThemes[t]!);
      }
    }
    if (context !== null && settings.example_cues && input.sentence_index !== undefined) {
      const bits = context.illustrated[input.sentence_index] ?? -1;
      if (bits >= 0) for (let k = 0; k < 3; k++) if (bits & (1 << k)) c = pushIndex(out, c, part.examples[k]!);
    }
    counts[p] = c;
  }
}

/**
 * `findingThemes` of a finding's sentences with a compiled space's tokenizer and cue index (the same
 * bits, found by stem ids); `tokens` is a reusable buffer.
 */
export function compiledFindingThemes(space: StemSpace, sentences: readonly string[], tokens: TokenBuffer, counts: Uint8Array): FindingThemes {
  const evaluation: number[] = [];
  const bits = sentences.map((text) => {
    const { stemIds, n, norms, normIds, negated } = space.tokenizer.tokenizeInto(text, tokens);
    const classes = new Uint8Array(n);
    // The word's evaluation class from the space's facts (worked out once per word, as for the sentence itself).
    for (let i = 0; i < n; i++) classes[i] = (factsOf(space, normIds[i]!, norms[i]!) >> 5) & 3;
    evaluation.push(evaluationCueBits(classes, negated, n));
    return space.themeCues.count(stemIds, n, counts);
  });
  return { themes: bits.reduce((all, b) => all | b, 0), sentences: bits, illustrated: illustratedEvaluation(sentences, evaluation) };
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
