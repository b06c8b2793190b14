/**
 * Cue patterns of inspection prose that single words miss (*too* + adjective, *not yet*, *should*,
 * *lack of*, variability words, unproven work), and the clause words that sentiment features mark
 * (concession, turn). Shared by the feature definition (`features.ts`) and its compiled fast path
 * (`compiled.ts`), which find them from the same bits.
 */
import type { Token } from "../pipeline/tokens.ts";

/** Words that open a concession clause (codebook rule 1: the main clause decides). */
export const CONCESSION = new Set(["although", "though", "while", "whilst", "despite", "notwithstanding"]);
/** Words after which the point of the sentence is made (rules 1–2). */
export const TURN = new Set(["but", "however", "yet"]);

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
export const W_YET = 3;
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
export const W_HOWEVER = 15;
export const W_CONCESSION = 16;
export const CUE_WORDS = new Map<string, number>([
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
export function cueBits(words: ArrayLike<number>, n: number, anyNegated: boolean): number {
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
export function cueFeatures(tokens: readonly Token[]): string[] {
  const bits = cueBits(
    tokens.map((t) => CUE_WORDS.get(t.norm) ?? 0),
    tokens.length,
    tokens.some((t) => t.negated),
  );
  return CUE_FEATURES.filter((_, i) => bits & (1 << i));
}


/** *but*: a turn word that is no cue word (`CUE_WORDS` has none for it); the compiled path marks it apart. */
export const W_BUT = 17;

/**
 * Verbs that, after "to", open a purpose ("to improve", "to ensure", "to support"): codebook rule 9
 * lists "to improve", "so that" and "to ensure that ... effective ..." as purposes that state an aim,
 * not an effect, even when a judging word sits inside them. These are the verbs of aim this prose
 * uses with "to"; "to" before anything else (a noun, "to date") opens nothing.
 */
const PURPOSE_VERBS = new Set([
  "ensure", "improve", "support", "help", "develop", "increase", "reduce", "strengthen", "enable", "make", "promote", "provide",
  "meet", "address", "better", "build", "raise", "secure", "identify", "understand", "inform", "engage", "prevent", "avoid",
  "deliver", "achieve", "tackle", "enhance", "embed", "maximise", "minimise", "prepare", "empower", "encourage", "facilitate",
  "give", "offer", "create", "extend", "expand",
]);

/**
 * Marks the tokens of purpose clauses (rule 9): from "so that", "in order to / that", or "to" + a
 * purpose verb (`PURPOSE_VERBS`, the verb included) to the end of the clause (a , ; or : before a
 * token, as `clauseBreak[i]` says) or a turn word (*but*, *however*, *yet*). Writes 1 into `out[i]`
 * for each token inside one, 0 elsewhere, for the first `n` tokens; returns whether any was marked.
 *
 * @example purpose of "Leaders meet monthly to improve plans, and plans are good."
 * // "to", "improve", "plans" marked; "and plans are good" not (the comma ends the clause)
 */
export function purposeScope(norms: ArrayLike<string>, clauseBreak: ArrayLike<boolean | number>, n: number, out: Uint8Array): boolean {
  let inside = false;
  let any = false;
  for (let i = 0; i < n; i++) {
    const w = norms[i]!;
    if (inside && (clauseBreak[i] || TURN.has(w))) inside = false;
    if (!inside) {
      const next = i + 1 < n && !clauseBreak[i + 1] ? norms[i + 1]! : "";
      if ((w === "so" && next === "that") || (w === "in" && next === "order") || (w === "to" && PURPOSE_VERBS.has(next))) inside = true;
    }
    out[i] = inside ? 1 : 0;
    if (inside) any = true;
  }
  return any;
}
