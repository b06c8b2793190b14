/**
 * Sentence → tokens: lower-cased word tokens with Porter stems, negation scope, and this field's
 * variant spellings folded into one canonical token each ("EHC plans", "EHCPs", "education, health
 * and care (EHC) plan" → `ehcp`).
 *
 * Token rules (the choices a reader would otherwise have to guess):
 *   - `text` is the surface form, `text === sentence.slice(start, end)`; `norm` is lower case with
 *     ’ → ' and the hyphens U+2010/U+2011 → '-'; `stem` is natural's Porter stem of `norm`.
 *   - A hyphenated word is one token and keeps its hyphen: "post-16" → `post-16`, "multi-agency" →
 *     `multi-agency`. Splitting would turn "post-16" into the unrelated "post" + "16", and the
 *     classifier's bigrams already see both halves' neighbours. Exception: the "co-" of
 *     co-ordinate/co-operate/co-locate/co-design is dropped so both spellings meet ("coordinated").
 *   - Numbers are tokens, decimals and times stay whole: "16", "20-week", "12.5", "4.00pm".
 *   - A possessive 's is part of the token's text but not its norm: "children's" → `children`.
 *   - "n't" and "cannot" split off a `not` token ("don't" → `do` + `not`, "can't" → `can` + `not`),
 *     so every negation shows up as the same feature.
 *   - A variant phrase is one token whose offsets span the whole phrase, including an acronym in
 *     brackets that repeats it: "education, health and care (EHC) plan" is one `ehcp` token. Its
 *     stem is its norm (Porter would cut `camhs` to `camh` and `wellbeing` to `wellb`), except that
 *     every form of co-production stems to `coproduc`, so "coproduction" (noun) and "co-produced"
 *     (verb) share a feature as Porter gives "produce" and "production" different stems.
 *   - Tokens after a negation cue are `negated` until the clause ends (see `markNegation`).
 *
 * Why this is hand-written rather than compromise's or natural's tokenizer (measured: several times
 * faster than natural, hundreds of times faster than compromise, and it folds this field's variant
 * spellings and marks negation): docs/decisions/sentence-splitter.md.
 */
import { createRequire } from "node:module";

// natural's stemmer is CommonJS and has no type declaration for its submodule path; requiring the
// submodule directly keeps the top-level `natural` entry (database clients, banners) unloaded.
const require = createRequire(import.meta.url);
const PorterStemmer = require("natural/lib/natural/stemmers/porter_stemmer.js") as { stem(token: string): string };

/** A word token; `text === sentence.slice(start, end)` (UTF-16 offsets, end exclusive). */
export interface Token {
  text: string;
  norm: string;
  stem: string;
  negated: boolean;
  start: number;
  end: number;
}

// ── variant spellings ──────────────────────────────────────────────────────────────────────────

/**
 * Case-insensitive regex source from a lower-case phrase: letters become `[xX]`, a space becomes
 * `\s+` (letters wrap across lines and PDFs leave double spaces). Escapes are copied as they are.
 * (Node 20 has no `(?i:…)` groups, and acronyms below must stay case-sensitive: "SEND" is the
 * field's acronym, "send" a verb.)
 */
function ci(phrase: string): string {
  let out = "";
  for (let i = 0; i < phrase.length; i++) {
    const ch = phrase[i]!;
    if (ch === "\\") {
      out += ch + (phrase[i + 1] ?? "");
      i++;
    } else if (ch === " ") {
      out += "\\s+";
    } else if (/[a-z]/.test(ch)) {
      out += `[${ch}${ch.toUpperCase()}]`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** An optional acronym in brackets that repeats the phrase before it: "… plan (EHCP)". */
const acronym = (a: string) => `(?:\\s*\\((?:${a})\\))?`;
const HYPHEN = "[-\u2010\u2011]";

interface VariantRule {
  canonical: string;
  /**
   * Every lower-cased leading ASCII letter run a match can start with ("co" for "co-production",
   * "child" for "child's", "send" for "SEND"): the scanner tries the patterns only at such words.
   */
  starts: string[];
  /** Regex sources; tried in order at each position, so longer phrases come first. */
  patterns: string[];
}

/**
 * The field's variant spellings, in priority order: at one position the first rule that matches
 * wins, so a rule whose phrase starts another's comes first (SENDIASS before SEND, "EHC plan"
 * before "EHC"). Phrases come from the letters in data/letters and the 2023 reports.
 */
const VARIANT_RULES: readonly VariantRule[] = [
  {
    // City of London 2018 "independent information advice and support service (SENDIASS)";
    // Islington 2021 "… information, advisory and support service"; Westminster 2020 "special
    // educational needs and disability information and advice service".
    canonical: "sendiass",
    starts: ["special", "send", "independent", "information", "sendiass", "sendias", "iass"],
    patterns: [
      `(?:${ci("special educational needs and(?:/or)? disabilit(?:y|ies) ")}|SEND\\s+|${ci("independent ")})?${ci("information,? (?:and )?advi(?:ce|sory)(?:,? and support)? services?")}${acronym("(?:SEND)?IASS?")}`,
      ci("sendiass?"),
      ci("iass"),
    ],
  },
  {
    // Westminster 2020 "special educational needs coordinators (SENcos)"; SENCo/SENCO/SENDCo.
    canonical: "senco",
    starts: ["special", "senco", "sencos", "sendco", "sendcos"],
    patterns: [`${ci(`special educational needs (?:and disabilit(?:y|ies) )?co${HYPHEN}?ordinators?`)}${acronym("SENC[Oo]s?|SENcos?|SENDC[Oo]s?")}`, ci("send?cos?")],
  },
  {
    canonical: "ehcp",
    starts: ["education", "ehc", "ehcp", "ehcps"],
    patterns: [`${ci("education,? health and care")}${acronym("EHC")}\\s+${ci("plans?")}`, ci("ehc plans?"), ci("ehcps?")],
  },
  {
    // "Education, Health and Care (EHC) needs assessments": the phrase without "plan".
    canonical: "ehc",
    starts: ["education"],
    patterns: [`${ci("education,? health and care")}${acronym("EHC")}`],
  },
  {
    canonical: "send",
    starts: ["special", "sen", "send"],
    patterns: [`${ci("special educational needs and(?:/or)? disabilit(?:y|ies)")}${acronym("SEND")}`, `SEN${ci(" and/or disabilit(?:y|ies)")}`, "SEND"],
  },
  {
    // City of London 2018 "children and adolescent mental health (CAMHS)".
    canonical: "camhs",
    starts: ["child", "children", "camhs"],
    patterns: [`${ci("child(?:ren)?(?:'s|’s)? and adolescent mental health(?: services?)?")}${acronym("CAMHS")}`, ci("camhs")],
  },
  {
    // Westminster 2020 "autistic spectrum disorder (ASD)".
    canonical: "autism",
    starts: ["autism", "autistic", "asd", "asc"],
    patterns: [`${ci("autis(?:m|tic) spectrum (?:disorder|condition)s?")}${acronym("ASD|ASC")}`, "ASD", "ASC"],
  },
  { canonical: "adhd", starts: ["attention", "adhd"], patterns: [`${ci("attention deficit(?: and)? hyperactivity disorder")}${acronym("ADHD")}`, "ADHD"] },
  {
    // "parent carer forum (PCF)", Westminster "parent and carer forum", "Medway Parent Carer Forum (MPCF)".
    canonical: "pcf",
    starts: ["parent", "parents", "pcf"],
    patterns: [`${ci("parents?(?: and)? carers?(?:'|’)? forum")}${acronym("[A-Z]?PCF")}`, "PCF"],
  },
  { canonical: "wsoa", starts: ["written", "wsoa"], patterns: [`${ci("written statements? of action")}${acronym("WSOA")}`, "WSOA"] },
  { canonical: "coproduction", starts: ["co", "coproduction", "coproductions"], patterns: [ci(`co${HYPHEN}?productions?`)] },
  { canonical: "coproduce", starts: ["co", "coproduce", "coproduced", "coproduces", "coproducing"], patterns: [ci(`co${HYPHEN}?produc(?:e|ed|es|ing)`)] },
  { canonical: "wellbeing", starts: ["well", "wellbeing"], patterns: [ci(`well${HYPHEN}?being`)] },
  { canonical: "dmo", starts: ["designated", "dmo"], patterns: [`${ci("designated medical officers?")}${acronym("DMO")}`, "DMO"] },
  { canonical: "dco", starts: ["designated", "dco"], patterns: [`${ci("designated clinical officers?")}${acronym("DCO")}`, "DCO"] },
  { canonical: "ccg", starts: ["clinical", "ccg", "ccgs"], patterns: [`${ci("clinical commissioning groups?")}${acronym("CCGs?")}`, "CCGs?"] },
  { canonical: "icb", starts: ["integrated", "icb", "icbs"], patterns: [`${ci("integrated care boards?")}${acronym("ICBs?")}`, "ICBs?"] },
  { canonical: "gp", starts: ["general", "gp", "gps"], patterns: [`${ci("general practitioners?")}${acronym("GPs?")}`, "GPs?"] },
  { canonical: "nhs", starts: ["national"], patterns: [`${ci("national health service")}${acronym("NHS")}`] },
  { canonical: "cqc", starts: ["care"], patterns: [`${ci("care quality commission")}${acronym("CQC")}`] },
];

/** Stems that Porter would split between forms of one idea (see the file comment). */
const CANONICAL_STEMS: Readonly<Record<string, string>> = { coproduction: "coproduc", coproduce: "coproduc" };

const NOT_WORD_BEFORE = "(?<![\\p{L}\\p{N}\\p{M}])";
const NOT_WORD_AFTER = "(?![\\p{L}\\p{N}\\p{M}])";
/** One capture group per rule, then the possessive "'s" (kept in text, dropped from the norm). */
const VARIANT_SOURCE = `${NOT_WORD_BEFORE}(?:${VARIANT_RULES.map((r) => `(${r.patterns.join("|")})`).join("|")})((?:['’]s${NOT_WORD_AFTER})?)${NOT_WORD_AFTER}`;
const POSSESSIVE_GROUP = VARIANT_RULES.length + 1;
/** `String.replace` resets a global regex's `lastIndex`, so one shared instance is safe. */
const VARIANT_RE = new RegExp(VARIANT_SOURCE, "gu");

/**
 * A word: letters/digits (with combining marks), joined by inner apostrophes ("children's"),
 * hyphens ("post-16") or, between digits, by . , : ("12.5", "4.00pm", "1,000", "10:30").
 */
const WORD_SOURCE = "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*(?:['’][\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*|[-\u2010\u2011][\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*|(?<=\\p{N})[.,:]\\p{N}[\\p{L}\\p{N}\\p{M}]*)*";
const WORD_GROUP = VARIANT_RULES.length + 2;

/**
 * Replaces each variant spelling in `text` with its canonical token and leaves everything else as
 * it was (case included). Idempotent: `normaliseVariants(normaliseVariants(s)) ===
 * normaliseVariants(s)` for every string, because it repeats its single pass until nothing changes
 * (a second pass is needed only for contrived input such as "ASD spectrum disorder").
 *
 * @example
 * normaliseVariants("Education, health and care (EHC) plans and SENCo's work with CAMHS.")
 * // "ehcp and senco's work with camhs."
 */
export function normaliseVariants(text: string): string {
  let current = text;
  // Each changing pass turns at least one variant into a canonical token, which no rule changes
  // again, so this stops; the bound only guards against a future rule that breaks that.
  for (let pass = 0; pass < 16; pass++) {
    const next = current.replace(VARIANT_RE, (...m: unknown[]) => canonicalOf(m as (string | undefined)[]) + ((m[POSSESSIVE_GROUP] as string | undefined) ?? ""));
    if (next === current) return current;
    current = next;
  }
  return current;
}

function canonicalOf(groups: readonly (string | undefined)[]): string {
  for (let g = 1; g <= VARIANT_RULES.length; g++) if (groups[g] !== undefined) return VARIANT_RULES[g - 1]!.canonical;
  return "";
}

// ── tokens ─────────────────────────────────────────────────────────────────────────────────────

const TOKEN_SOURCE = `${VARIANT_SOURCE}|(${WORD_SOURCE})`;
const TOKEN_RE = new RegExp(TOKEN_SOURCE, "gu");
/** The variant alternation alone, anchored where the scanner tries it (`lastIndex` set each time). */
const VARIANT_STICKY = new RegExp(VARIANT_SOURCE, "uy");

/**
 * The words a variant may start at (every rule's `starts`). The scanner tries `VARIANT_STICKY` only
 * at a word whose leading letter run is listed; a rule whose `starts` missed a first word would
 * silently stop matching there, which the differential tests in tokens.test.ts (scanner = regex
 * specification on every corpus sentence and on fuzzed phrases) would catch.
 */
const VARIANT_FIRST_WORDS = new Set(VARIANT_RULES.flatMap((r) => r.starts));

/** Porter's regular expressions are built for words; a run of 40+ letters is not one. */
const MAX_STEM_LENGTH = 40;

/**
 * Past this many distinct words a tokenizer empties its word table and stem cache, so odd input
 * cannot make them grow without bound.
 */
const STEM_CACHE_MAX = 50_000;

const CO_PREFIX = /^co-(?=ordinat|operat|locat|design)/;
const CONTRACTION_BASE: Readonly<Record<string, string>> = { ca: "can", wo: "will", sha: "shall" };

// ── stem and norm ids ───────────────────────────────────────────────────────────────────────

/**
 * Every stem (and every norm) a tokenizer sees gets a small integer id, so a compiled model can
 * find a token's features, and facts about its word, by array index instead of hashing the string
 * again. Ids are never reused or reassigned; past `IDS_MAX` distinct strings (odd input) new ones
 * get -1, and readers of ids fall back to the string.
 */
class Interner {
  private readonly ids = new Map<string, number>();

  /** The id of `s` (assigned on first sight), or -1 once the table is full. */
  idOf(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      if (this.ids.size >= IDS_MAX) return -1;
      id = this.ids.size;
      this.ids.set(s, id);
    }
    return id;
  }

  /** How many ids exist so far: every id handed out is below this. */
  get size(): number {
    return this.ids.size;
  }
}

const IDS_MAX = 200_000;

// ── words ──────────────────────────────────────────────────────────────────────────────────────

/** Negation roles of a norm (see `markNegation`). */
const ROLE_BREAK = 1;
const ROLE_CUE = 2;
const ROLE_PAIR_FIRST = 4;

function roleOf(norm: string): number {
  return (CLAUSE_BREAKS.has(norm) ? ROLE_BREAK : 0) | (NEGATION_CUES.has(norm) ? ROLE_CUE : 0) | (NEGATION_PAIR_FIRST.has(norm) ? ROLE_PAIR_FIRST : 0);
}

/** Everything a surface word (its exact text) always gives, worked out once per distinct word. */
interface WordInfo {
  surface: string;
  hash: number;
  norm: string;
  stem: string;
  stemId: number;
  normId: number;
  role: number;
  /** Whether a variant phrase may start at this word (`VARIANT_FIRST_WORDS`). */
  variantFirst: boolean;
  /** 0: one token; 1: "…n't" splits off `not`; 2: "cannot" → `can` + `not`. */
  split: 0 | 1 | 2;
}

function wordNorm(surface: string): string {
  let n = surface.toLowerCase().replace(/’/g, "'").replace(/[\u2010\u2011]/g, "-");
  if (n.endsWith("'s")) n = n.slice(0, -2);
  return n.replace(CO_PREFIX, "co");
}

function hashChars(s: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = start; k < end; k++) h = Math.imul(h ^ s.charCodeAt(k), 16_777_619);
  return h;
}

/**
 * A tokenizer and the tables it learns as it goes: stem and norm ids (`stemIdOf`, `normIdOf`),
 * memoised Porter stems, and a table of the surface words seen. Everything is the instance's own:
 * a compiled model owns one, training makes one, and two never share state. Tokens do not depend
 * on the instance (only the ids it hands out do).
 *
 * @example
 * const tk = new Tokenizer();
 * tk.tokenize("Waits are too long.").map((t) => t.stem) // ["wait", "ar", "too", "long"]
 */
export class Tokenizer {
  private readonly stems = new Interner();
  private readonly normIds = new Interner();
  /**
   * Porter stems memoised: a stem depends on the word alone, and this prose reuses a few thousand
   * words, so the cache takes stemming from about 40% of tokenising time to almost nothing.
   */
  private readonly stemCache = new Map<string, string>();
  /**
   * Surface word → `WordInfo`: an open-addressing table keyed by an FNV-1a hash of the word's
   * characters, compared in place (`startsWith` at the offset), so a word already seen costs no
   * slice, no string hash and no lower-casing. Emptied past `STEM_CACHE_MAX` words, like the stem
   * cache; doubled when half full.
   */
  private mask = 255;
  private hashes = new Int32Array(256);
  private entries = new Array<WordInfo | undefined>(256).fill(undefined);
  private size = 0;
  /** `tokenize`'s buffer, reused. */
  private readonly scratch = tokenBuffer();

  /** The id of a stem (assigned on first sight), or -1 once the table is full. */
  stemIdOf(stem: string): number {
    return this.stems.idOf(stem);
  }

  /** How many stem ids exist so far: every id handed out is below this. */
  get stemIdCount(): number {
    return this.stems.size;
  }

  /** The id of a norm (assigned on first sight), or -1 once the table is full. */
  normIdOf(norm: string): number {
    return this.normIds.idOf(norm);
  }

  /** The tokens of a sentence (see the module comment for the rules). */
  tokenize(sentence: string): Token[] {
    return tokensOf(sentence, this.tokenizeInto(sentence, this.scratch));
  }

  /** `tokenize` into a reusable buffer (`TokenBuffer`, returned), with no object per token. */
  tokenizeInto(sentence: string, out: TokenBuffer): TokenBuffer {
    out.n = 0;
    const s = sentence;
    let i = 0;
    let gap = 0;
    while (i < s.length) {
      const cu = s.charCodeAt(i);
      if (cu < 128) {
        if (ASCII_CLASS[cu] === 0) {
          if (cu === 44 || cu === 59 || cu === 58) gap |= GAP_CLAUSE;
          else if (cu === 46 || cu === 33 || cu === 63) gap |= GAP_STOP;
          i++;
          continue;
        }
      } else if (!(classAt(s, i) & LN)) {
        i += widthAt(s, i);
        continue;
      }
      if (out.n === 0) gap = 0;
      let end = wordEnd(s, i);
      const info = this.lookupWord(s, i, end);
      let m: RegExpExecArray | null = null;
      if (info.variantFirst && !(classBefore(s, i) & (LN | MARK))) {
        VARIANT_STICKY.lastIndex = i;
        m = VARIANT_STICKY.exec(s);
      }
      if (m !== null) {
        this.pushVariant(out, m, gap);
        end = i + m[0].length;
      } else {
        this.pushWord(out, i, end, info, gap);
      }
      gap = 0;
      i = end;
    }
    markNegation(out);
    return out;
  }

  /**
   * The specification of `tokenize`: one global regular expression (variants first, then words).
   * Kept for the differential tests and for reading; `tokenize` is the fast equivalent.
   */
  tokenizeByRegex(sentence: string): Token[] {
    const b = tokenBuffer();
    TOKEN_RE.lastIndex = 0;
    let prevEnd = -1;
    for (let m = TOKEN_RE.exec(sentence); m !== null; m = TOKEN_RE.exec(sentence)) {
      const start = m.index;
      const end = start + m[0].length;
      const gap = prevEnd < 0 ? 0 : gapBits(sentence, prevEnd, start);
      if (m[WORD_GROUP] !== undefined) this.pushWord(b, start, end, this.makeWordInfo(m[0], 0), gap);
      else this.pushVariant(b, m, gap);
      prevEnd = end;
    }
    markNegation(b);
    return tokensOf(sentence, b);
  }

  private stemOf(norm: string): string {
    if (norm.length > MAX_STEM_LENGTH) return norm;
    let stem = this.stemCache.get(norm);
    if (stem === undefined) {
      if (this.stemCache.size >= STEM_CACHE_MAX) this.stemCache.clear();
      stem = PorterStemmer.stem(norm);
      this.stemCache.set(norm, stem);
    }
    return stem;
  }

  private makeWordInfo(surface: string, hash: number): WordInfo {
    const norm = wordNorm(surface);
    const stem = this.stemOf(norm);
    const run = /^[a-z]*/.exec(surface.toLowerCase())![0];
    const split = norm.length > 3 && norm.endsWith("n't") && surface.length === norm.length ? 1 : norm === "cannot" ? 2 : 0;
    return { surface, hash, norm, stem, stemId: this.stemIdOf(stem), normId: this.normIdOf(norm), role: roleOf(norm), variantFirst: VARIANT_FIRST_WORDS.has(run), split };
  }

  private insertWord(info: WordInfo): void {
    let idx = info.hash & this.mask;
    while (this.entries[idx] !== undefined) idx = (idx + 1) & this.mask;
    this.entries[idx] = info;
    this.hashes[idx] = info.hash;
    this.size++;
  }

  private resetWords(capacity: number): WordInfo[] {
    const old = this.entries.filter((e): e is WordInfo => e !== undefined);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.entries = new Array<WordInfo | undefined>(capacity).fill(undefined);
    this.size = 0;
    return old;
  }

  private lookupWord(s: string, start: number, end: number): WordInfo {
    const h = hashChars(s, start, end);
    const len = end - start;
    for (let idx = h & this.mask; ; idx = (idx + 1) & this.mask) {
      const e = this.entries[idx];
      if (e === undefined) break;
      if (this.hashes[idx] === h && e.surface.length === len && s.startsWith(e.surface, start)) return e;
    }
    const info = this.makeWordInfo(s.slice(start, end), h);
    if (this.size >= STEM_CACHE_MAX) this.resetWords(this.mask + 1);
    else if ((this.size + 1) * 2 > this.mask + 1) for (const e of this.resetWords((this.mask + 1) * 2)) this.insertWord(e);
    this.insertWord(info);
    return info;
  }

  private pushNormToken(b: TokenBuffer, start: number, end: number, norm: string, gap: number): void {
    const stem = this.stemOf(norm);
    pushToken(b, norm, stem, this.stemIdOf(stem), this.normIdOf(norm), roleOf(norm), gap, start, end);
  }

  private pushWord(b: TokenBuffer, start: number, end: number, info: WordInfo, gap: number): void {
    if (info.split === 1) {
      const base = info.norm.slice(0, -3);
      this.pushNormToken(b, start, end - 3, CONTRACTION_BASE[base] ?? base, gap);
      this.pushNormToken(b, end - 3, end, "not", 0);
    } else if (info.split === 2) {
      this.pushNormToken(b, start, start + 3, "can", gap);
      this.pushNormToken(b, start + 3, end, "not", 0);
    } else {
      pushToken(b, info.norm, info.stem, info.stemId, info.normId, info.role, gap, start, end);
    }
  }

  private pushVariant(b: TokenBuffer, m: RegExpExecArray, gap: number): void {
    const norm = canonicalOf(m);
    const stem = CANONICAL_STEMS[norm] ?? norm;
    pushToken(b, norm, stem, this.stemIdOf(stem), this.normIdOf(norm), roleOf(norm), gap, m.index, m.index + m[0].length);
  }
}

/**
 * A sentence's tokens in reusable parallel arrays (`Tokenizer.tokenizeInto`): per token its stem
 * and norm ids (the tokenizer's `stemIdOf`, `normIdOf`; -1 only once a table is full), the
 * punctuation in the gap before it (GAP_CLAUSE | GAP_STOP; `gaps[0]` is 0), whether it is negated,
 * its offsets and its norm and stem. The prediction path reads these without an object per token;
 * `tokenize` builds `Token`s from them. Entries at `n` and past are stale; the arrays grow when
 * needed.
 */
export interface TokenBuffer {
  n: number;
  stemIds: Int32Array;
  normIds: Int32Array;
  gaps: Uint8Array;
  negated: Uint8Array;
  roles: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  norms: string[];
  stems: string[];
}

export function tokenBuffer(capacity = 64): TokenBuffer {
  return {
    n: 0,
    stemIds: new Int32Array(capacity),
    normIds: new Int32Array(capacity),
    gaps: new Uint8Array(capacity),
    negated: new Uint8Array(capacity),
    roles: new Uint8Array(capacity),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    norms: [],
    stems: [],
  };
}

function grow(b: TokenBuffer): void {
  const bigger = tokenBuffer(b.stemIds.length * 2);
  bigger.stemIds.set(b.stemIds);
  bigger.normIds.set(b.normIds);
  bigger.gaps.set(b.gaps);
  bigger.roles.set(b.roles);
  bigger.starts.set(b.starts);
  bigger.ends.set(b.ends);
  b.stemIds = bigger.stemIds;
  b.normIds = bigger.normIds;
  b.gaps = bigger.gaps;
  b.negated = bigger.negated;
  b.roles = bigger.roles;
  b.starts = bigger.starts;
  b.ends = bigger.ends;
}

function pushToken(b: TokenBuffer, norm: string, stem: string, stemId: number, normId: number, role: number, gap: number, start: number, end: number): void {
  const i = b.n++;
  if (i === b.stemIds.length) grow(b);
  b.stemIds[i] = stemId;
  b.normIds[i] = normId;
  b.roles[i] = role;
  b.gaps[i] = gap;
  b.starts[i] = start;
  b.ends[i] = end;
  b.norms[i] = norm;
  b.stems[i] = stem;
}

// Character classes of WORD_SOURCE, by code point: bit 1 letter or number, bit 2 number, bit 4 mark.
const LN = 1;
const NUM = 2;
const MARK = 4;
const classCache = new Map<number, number>();
const LN_RE = /^[\p{L}\p{N}]$/u;
const N_RE = /^\p{N}$/u;
const M_RE = /^\p{M}$/u;

function classOf(cp: number): number {
  if (cp < 128) {
    if (cp >= 48 && cp <= 57) return LN | NUM;
    return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) ? LN : 0;
  }
  let c = classCache.get(cp);
  if (c === undefined) {
    const ch = String.fromCodePoint(cp);
    c = (LN_RE.test(ch) ? LN : 0) | (N_RE.test(ch) ? NUM : 0) | (M_RE.test(ch) ? MARK : 0);
    if (classCache.size >= STEM_CACHE_MAX) classCache.clear();
    classCache.set(cp, c);
  }
  return c;
}

const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => classOf(c));

/** Class of the code point starting at `i` (0 past the end); its width is `cp > 0xffff ? 2 : 1`. */
function classAt(s: string, i: number): number {
  if (i >= s.length) return 0;
  const cu = s.charCodeAt(i);
  if (cu < 128) return ASCII_CLASS[cu]!;
  return classOf(s.codePointAt(i)!);
}

function widthAt(s: string, i: number): number {
  const cu = s.charCodeAt(i);
  if (cu < 0xd800 || cu > 0xdbff || i + 1 >= s.length) return 1;
  const lo = s.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff ? 2 : 1;
}

/** Class of the code point ending just before `i`. */
function classBefore(s: string, i: number): number {
  if (i <= 0) return 0;
  const cu = s.charCodeAt(i - 1);
  if (cu >= 0xdc00 && cu <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return classOf(s.codePointAt(i - 2)!);
  }
  return classAt(s, i - 1);
}

/** End of the word (WORD_SOURCE) that starts at `i`, where `classAt(s, i)` has the LN bit. */
function wordEnd(s: string, i: number): number {
  let j = i + widthAt(s, i);
  for (;;) {
    while (j < s.length) {
      const cu = s.charCodeAt(j);
      if (cu < 128) {
        if (ASCII_CLASS[cu] === 0) break;
        j++;
      } else if (classAt(s, j) & (LN | MARK)) j += widthAt(s, j);
      else break;
    }
    if (j + 1 >= s.length) return j;
    const c = s.charCodeAt(j);
    const joins =
      c === 39 || c === 0x2019 || c === 45 || c === 0x2010 || c === 0x2011 ? true : c === 46 || c === 44 || c === 58 ? (classBefore(s, j) & NUM) !== 0 && (classAt(s, j + 1) & NUM) !== 0 : false;
    if (!joins || !(classAt(s, j + 1) & LN)) return j;
    j += 1 + widthAt(s, j + 1);
  }
}

/** Gap bits: what lies between token i-1 and token i (`gaps[0]` is always 0). */
export const GAP_CLAUSE = 1;
/** `.`, `!` or `?` in the gap. */
export const GAP_STOP = 2;

function gapBits(s: string, from: number, to: number): number {
  let bits = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 44 || c === 59 || c === 58) bits |= GAP_CLAUSE;
    else if (c === 46 || c === 33 || c === 63) bits |= GAP_STOP;
  }
  return bits;
}

/**
 * The sentence's word tokens in order, with offsets into `sentence`, lower-cased norms, Porter
 * stems, variant spellings folded (see `normaliseVariants`) and negation scope marked. Never throws.
 *
 * A hand-written scanner over code points that gives exactly the tokens of the regular expressions
 * above (`tokenizeByRegex`, the specification; tokens.test.ts checks both agree on every sentence of
 * the corpus and on fuzzed input) at several times their speed: it tries the variant alternation
 * only at words that can start a variant, and builds no 23-group match array per word.
 *
 * @example
 * tokenize("Leaders do not review EHC plans, but SENCos are trained.").map((t) => [t.norm, t.stem, t.negated])
 * // [["leaders","leader",false], ["do","do",false], ["not","not",false], ["review","review",true],
 * //  ["ehcp","ehcp",true], ["but","but",false], ["senco","senco",false], ["are","ar",false],
 * //  ["trained","train",false]]
 */
export function tokenize(sentence: string): Token[] {
  return new Tokenizer().tokenize(sentence);
}

/** The `Token`s of a sentence's buffer. */
function tokensOf(sentence: string, b: TokenBuffer): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < b.n; i++) {
    const start = b.starts[i]!;
    const end = b.ends[i]!;
    tokens.push({ text: sentence.slice(start, end), norm: b.norms[i]!, stem: b.stems[i]!, negated: b.negated[i] === 1, start, end });
  }
  return tokens;
}

/** `Tokenizer.tokenizeByRegex` with a tokenizer of its own (the specification, for tests). */
export function tokenizeByRegex(sentence: string): Token[] {
  return new Tokenizer().tokenizeByRegex(sentence);
}

// ── negation scope ─────────────────────────────────────────────────────────────────────────────

/** One-word cues. */
const NEGATION_CUES = new Set(["not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "without", "lacks", "lacking"]);
/**
 * Two-word cues. "too few"/"too little" deny a sufficiency ("too few staff are trained" ≈ staff are
 * not trained), so they negate. "too long", "too slow", "too variable" do not: "waits are too long
 * for families" says nothing negative about families. They are shortfall cues, which the features
 * stage (`cue:too_adj`) already captures, not negations.
 */
const NEGATION_PAIRS = new Set(["lack of", "fail to", "fails to", "failed to", "failing to", "unable to", "too few", "too little"]);
const NEGATION_PAIR_FIRST = new Set([...NEGATION_PAIRS].map((p) => p.split(" ")[0]!));
/** Words that open a new clause and so end a negation scope; they are never negated themselves. */
const CLAUSE_BREAKS = new Set(["but", "however", "although", "though", "while", "whilst", "whereas", "except"]);

/**
 * Marks tokens after a negation cue as negated until the clause ends: at , ; : . ! ? between two
 * tokens, or at a clause-breaking conjunction (`CLAUSE_BREAKS`). A cue and a conjunction are never
 * negated themselves; a new cue starts a fresh scope. "not only" is not a cue ("not only X but Y"
 * praises X).
 */
function markNegation(b: TokenBuffer): void {
  const { n, roles, gaps, norms, negated } = b;
  let inScope = false;
  for (let i = 0; i < n; i++) {
    const role = roles[i]!;
    negated[i] = 0;
    if (i > 0 && gaps[i]! !== 0) inScope = false;
    if (role & ROLE_BREAK) {
      inScope = false;
      continue;
    }
    if (role & ROLE_PAIR_FIRST && i + 1 < n && gaps[i + 1] === 0 && NEGATION_PAIRS.has(`${norms[i]} ${norms[i + 1]}`)) {
      inScope = true;
      negated[++i] = 0;
      continue;
    }
    if (role & ROLE_CUE && !(norms[i] === "not" && i + 1 < n && norms[i + 1] === "only")) {
      inScope = true;
      continue;
    }
    negated[i] = inScope ? 1 : 0;
  }
}
