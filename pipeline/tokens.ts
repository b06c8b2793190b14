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
 * Where compromise earns its place, and where it does not. `npx tsx scripts/compare-splitters.ts`
 * on the seed letters (229 findings, 709 sentences; 2-core AMD EPYC, Node 20, shared machine, so
 * ±30% run to run):
 *
 *   sentence splitting                    right on the 42 hard cases   time per 100 findings
 *     ours (pipeline/sentences.ts)          42 / 42                    0.5–1.2 ms
 *     natural SentenceTokenizer             20 / 42 (28 with abbrevs)  2.6–3.7 ms
 *     compromise / compromise/one           34 / 42                    300–650 ms (≈500–1,000 sentences/s)
 *   tokenising the 709 sentences          tokens/s
 *     ours (norm + stem + negation)         0.6–1.2 M
 *     natural AggressiveTokenizer + Porter  0.3 M (no variants, no negation)
 *     compromise terms                      13–14 k
 *
 * compromise is the best off-the-shelf splitter here with no configuration (it gets the
 * abbreviations and line-separated sub-bullets right), and its tagger is worth having for one-off
 * work that needs parts of speech: mining cue patterns such as "too #Adjective" or "#Negative
 * #Verb" across the letters, or checking a labelling sheet. It is several hundred times too slow for the
 * per-sentence path (every CLI run, training, leave-one-letter-out evaluation, property tests), so
 * neither stage calls it; it also misses this prose's quotation and bracket endings.
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
    patterns: [
      `(?:${ci("special educational needs and(?:/or)? disabilit(?:y|ies) ")}|SEND\\s+|${ci("independent ")})?${ci("information,? (?:and )?advi(?:ce|sory)(?:,? and support)? services?")}${acronym("(?:SEND)?IASS?")}`,
      ci("sendiass?"),
      ci("iass"),
    ],
  },
  {
    // Westminster 2020 "special educational needs coordinators (SENcos)"; SENCo/SENCO/SENDCo.
    canonical: "senco",
    patterns: [`${ci(`special educational needs (?:and disabilit(?:y|ies) )?co${HYPHEN}?ordinators?`)}${acronym("SENC[Oo]s?|SENcos?|SENDC[Oo]s?")}`, ci("send?cos?")],
  },
  {
    canonical: "ehcp",
    patterns: [`${ci("education,? health and care")}${acronym("EHC")}\\s+${ci("plans?")}`, ci("ehc plans?"), ci("ehcps?")],
  },
  {
    // "Education, Health and Care (EHC) needs assessments": the phrase without "plan".
    canonical: "ehc",
    patterns: [`${ci("education,? health and care")}${acronym("EHC")}`],
  },
  {
    canonical: "send",
    patterns: [`${ci("special educational needs and(?:/or)? disabilit(?:y|ies)")}${acronym("SEND")}`, `SEN${ci(" and/or disabilit(?:y|ies)")}`, "SEND"],
  },
  {
    // City of London 2018 "children and adolescent mental health (CAMHS)".
    canonical: "camhs",
    patterns: [`${ci("child(?:ren)?(?:'s|’s)? and adolescent mental health(?: services?)?")}${acronym("CAMHS")}`, ci("camhs")],
  },
  {
    // Westminster 2020 "autistic spectrum disorder (ASD)".
    canonical: "autism",
    patterns: [`${ci("autis(?:m|tic) spectrum (?:disorder|condition)s?")}${acronym("ASD|ASC")}`, "ASD", "ASC"],
  },
  { canonical: "adhd", patterns: [`${ci("attention deficit(?: and)? hyperactivity disorder")}${acronym("ADHD")}`, "ADHD"] },
  {
    // "parent carer forum (PCF)", Westminster "parent and carer forum", "Medway Parent Carer Forum (MPCF)".
    canonical: "pcf",
    patterns: [`${ci("parents?(?: and)? carers?(?:'|’)? forum")}${acronym("[A-Z]?PCF")}`, "PCF"],
  },
  { canonical: "wsoa", patterns: [`${ci("written statements? of action")}${acronym("WSOA")}`, "WSOA"] },
  { canonical: "coproduction", patterns: [ci(`co${HYPHEN}?productions?`)] },
  { canonical: "coproduce", patterns: [ci(`co${HYPHEN}?produc(?:e|ed|es|ing)`)] },
  { canonical: "wellbeing", patterns: [ci(`well${HYPHEN}?being`)] },
  { canonical: "dmo", patterns: [`${ci("designated medical officers?")}${acronym("DMO")}`, "DMO"] },
  { canonical: "dco", patterns: [`${ci("designated clinical officers?")}${acronym("DCO")}`, "DCO"] },
  { canonical: "ccg", patterns: [`${ci("clinical commissioning groups?")}${acronym("CCGs?")}`, "CCGs?"] },
  { canonical: "icb", patterns: [`${ci("integrated care boards?")}${acronym("ICBs?")}`, "ICBs?"] },
  { canonical: "gp", patterns: [`${ci("general practitioners?")}${acronym("GPs?")}`, "GPs?"] },
  { canonical: "nhs", patterns: [`${ci("national health service")}${acronym("NHS")}`] },
  { canonical: "cqc", patterns: [`${ci("care quality commission")}${acronym("CQC")}`] },
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

/** Porter's regular expressions are built for words; a run of 40+ letters is not one. */
const MAX_STEM_LENGTH = 40;

/**
 * Porter stems memoised: a stem depends on the word alone, and this prose reuses a few thousand
 * words, so the cache takes stemming from about 40% of tokenising time to almost nothing. It is
 * emptied when it grows past `STEM_CACHE_MAX`, so odd input cannot make it grow without bound.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 50_000;

function stemOf(norm: string): string {
  if (norm.length > MAX_STEM_LENGTH) return norm;
  let stem = stemCache.get(norm);
  if (stem === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stem = PorterStemmer.stem(norm);
    stemCache.set(norm, stem);
  }
  return stem;
}

const CO_PREFIX = /^co-(?=ordinat|operat|locat|design)/;
const CONTRACTION_BASE: Readonly<Record<string, string>> = { ca: "can", wo: "will", sha: "shall" };

function wordNorm(surface: string): string {
  let n = surface.toLowerCase().replace(/’/g, "'").replace(/[\u2010\u2011]/g, "-");
  if (n.endsWith("'s")) n = n.slice(0, -2);
  return n.replace(CO_PREFIX, "co");
}

function wordToken(sentence: string, start: number, end: number, norm: string): Token {
  return { text: sentence.slice(start, end), norm, stem: stemOf(norm), negated: false, start, end };
}

function pushWord(out: Token[], sentence: string, start: number, end: number): void {
  const text = sentence.slice(start, end);
  const norm = wordNorm(text);
  if (norm.length > 3 && norm.endsWith("n't") && text.length === norm.length) {
    const base = norm.slice(0, -3);
    out.push(wordToken(sentence, start, end - 3, CONTRACTION_BASE[base] ?? base), wordToken(sentence, end - 3, end, "not"));
  } else if (norm === "cannot") {
    out.push(wordToken(sentence, start, start + 3, "can"), wordToken(sentence, start + 3, end, "not"));
  } else {
    out.push({ text, norm, stem: stemOf(norm), negated: false, start, end });
  }
}

/**
 * The sentence's word tokens in order, with offsets into `sentence`, lower-cased norms, Porter
 * stems, variant spellings folded (see `normaliseVariants`) and negation scope marked. Never throws.
 *
 * Speed (scripts/compare-splitters.ts, seed letters): 0.6–1.2M tokens/s, against 13–14k terms/s
 * for compromise's `nlp(text).terms()` (see the file comment).
 *
 * @example
 * tokenize("Leaders do not review EHC plans, but SENCos are trained.").map((t) => [t.norm, t.stem, t.negated])
 * // [["leaders","leader",false], ["do","do",false], ["not","not",false], ["review","review",true],
 * //  ["ehcp","ehcp",true], ["but","but",false], ["senco","senco",false], ["are","ar",false],
 * //  ["trained","train",false]]
 */
export function tokenize(sentence: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(sentence); m !== null; m = TOKEN_RE.exec(sentence)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[WORD_GROUP] !== undefined) {
      pushWord(out, sentence, start, end);
    } else {
      const norm = canonicalOf(m);
      out.push({ text: m[0], norm, stem: CANONICAL_STEMS[norm] ?? norm, negated: false, start, end });
    }
  }
  return markNegation(sentence, out);
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
/** Words that open a new clause and so end a negation scope; they are never negated themselves. */
const CLAUSE_BREAKS = new Set(["but", "however", "although", "though", "while", "whilst", "whereas", "except"]);
const CLAUSE_PUNCTUATION = /[,;:.!?]/;

/**
 * Marks tokens after a negation cue as negated until the clause ends: at , ; : . ! ? between two
 * tokens, or at a clause-breaking conjunction (`CLAUSE_BREAKS`). A cue and a conjunction are never
 * negated themselves; a new cue starts a fresh scope. "not only" is not a cue ("not only X but Y"
 * praises X).
 */
function markNegation(sentence: string, tokens: Token[]): Token[] {
  let inScope = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    if (prev !== undefined && CLAUSE_PUNCTUATION.test(sentence.slice(prev.end, t.start))) inScope = false;
    if (CLAUSE_BREAKS.has(t.norm)) {
      inScope = false;
      continue;
    }
    const next = tokens[i + 1];
    const pairGap = next === undefined ? "" : sentence.slice(t.end, next.start);
    if (next !== undefined && !CLAUSE_PUNCTUATION.test(pairGap) && NEGATION_PAIRS.has(`${t.norm} ${next.norm}`)) {
      inScope = true;
      i++;
      continue;
    }
    if (NEGATION_CUES.has(t.norm) && !(t.norm === "not" && next?.norm === "only")) {
      inScope = true;
      continue;
    }
    t.negated = inScope;
  }
  return tokens;
}
