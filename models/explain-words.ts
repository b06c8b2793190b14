/**
 * Feature names in words, for people reading an explanation (`classify --explain`, the precision
 * report's error tables). The feature names themselves are defined in `features.ts`,
 * `evaluation-cues.ts` and `theme-cues.ts`; this module is the one place that says what each kind
 * means, so the CLI and the report cannot drift apart:
 *
 * - a word feature is a Porter stem (`thi`, `ar`), possibly marked `n:` (negated), `c:` (in a
 *   concession clause) or `m:` (after *but* / *however*); it is shown as the word of the sentence
 *   it came from ("word 'this'"), which is why the sentence is passed in;
 * - an n-gram is stems joined by spaces (`posit experi`), shown as the sentence's phrase;
 * - `ev:` evaluation cues, `h:` the section heading's silver label, `cue:` cue patterns, `pos:`
 *   the position in the finding, `t:` / `ft:` / `pt:` / `nt:` / `lt:` theme cues of the sentence,
 *   its finding, the sentences before and after it and the finding's lead sentence.
 */
import type { SectionId, SubsectionId, ThemeId } from "../pipeline/schema.ts";
import { tokenize, type Token } from "../pipeline/tokens.ts";
import { EV_WORD_STRENGTH, EV_WORD_WEAKNESS, evaluationWordClass } from "./evaluation-cues.ts";
import { themeCueMatches } from "./theme-cues.ts";

/** Codebook §What is labelled: each section id with its heading in the letter or report. */
export const SECTION_HEADINGS: Readonly<Record<SectionId, string>> = {
  main_findings: "Main findings",
  identifying: "The effectiveness of the local area in identifying children and young people's special educational needs and/or disabilities",
  meeting: "The effectiveness of the local area in (assessing and) meeting the needs of children and young people …",
  outcomes: "The effectiveness of the local area in improving outcomes for children and young people …",
  significant_weaknesses: "Areas of significant weakness (for a Written Statement of Action)",
  experience: "What is it like to be a child or young person with SEND in this area?",
  effective: "What is the area partnership doing that is effective?",
  better: "What does the area partnership need to do better?",
  priority_actions: "Areas for priority action",
  improvements: "Areas for improvement",
};

/** Codebook: the subsections of the three 2016–22 effectiveness sections. */
export const SUBSECTION_HEADINGS: Readonly<Record<SubsectionId, string>> = { strengths: "Strengths", development: "Areas for development" };

/** Codebook §Themes: each theme id as a reader would name it. */
export const THEME_NAMES: Readonly<Record<ThemeId, string>> = {
  leadership: "leadership",
  self_evaluation: "self-evaluation",
  joint_commissioning: "joint commissioning",
  joint_working: "joint working",
  coproduction: "co-production",
  communication: "communication with families",
  local_offer: "local offer",
  ehc_plans: "EHC plans",
  identification: "identifying needs",
  early_years: "early years",
  health_services: "health services",
  mental_health: "mental health",
  autism: "autism and ADHD",
  waiting_times: "waiting times",
  schools: "schools and colleges",
  exclusions_attendance: "exclusions and attendance",
  attainment: "attainment",
  adulthood: "preparing for adulthood",
  social_care: "social care",
  workforce: "workforce",
};

/** What an explanation knows about the sentence a feature was found in. */
export interface ExplainContext {
  /** The sentence; its words stand in for stems and cue names. */
  text?: string;
  /** The sentence's tokens, when the caller has them (else `text` is tokenized). */
  tokens?: readonly Token[];
  section?: SectionId | null;
  subsection?: SubsectionId | null;
}

const SILVER_WORDS: Record<string, string> = { strength: "marks strengths", weakness: "marks weaknesses", none: "neither strengths nor weaknesses" };

const CUE_WORDS: Record<string, string> = {
  concession: "sentence opens with a concession (although, while, despite)",
  however_start: "sentence opens with 'however'",
  too_adj: "'too' + a word",
  not_yet: "'not yet'",
  not_always: "'not always'",
  not_consistently: "'not consistently'",
  not_sufficiently: "'not sufficiently'",
  recommend: "recommendation ('should' or 'must' early in the sentence)",
  lack_of: "'lack of'",
  variability: "word of variability (variable, inconsistent, varied, mixed)",
  unproven: "work not yet proven ('early stage', 'too soon', 'too early')",
  negation: "negation",
};

const CONTEXT_THEME_WORDS: Record<string, string> = {
  ft: "theme cue elsewhere in the finding",
  pt: "theme cue in the sentence before",
  nt: "theme cue in the sentence after",
  lt: "theme cue in the finding's first sentence",
};

const MARK_WORDS: Record<string, string> = { n: "negated", c: "in a concession clause", m: "after 'but' / 'however'", p: "in a purpose clause ('to improve', 'so that')" };

const quote = (s: string) => `'${s.replace(/\s+/g, " ")}'`;

function themeName(id: string): string {
  return (THEME_NAMES as Record<string, string>)[id] ?? id.replace(/_/g, " ");
}

/** The surface text of tokens [i, j) as the sentence has it (or the token texts joined). */
function span(ctx: { text: string | undefined; tokens: readonly Token[] }, i: number, j: number): string {
  const first = ctx.tokens[i]!;
  const last = ctx.tokens[j - 1]!;
  return ctx.text !== undefined ? ctx.text.slice(first.start, last.end) : ctx.tokens.slice(i, j).map((t) => t.text).join(" ");
}

/** Up to three distinct words, quoted and comma-joined; a word ending in " (negated)" keeps the note outside its quotes. */
function wordList(words: readonly string[]): string {
  return [...new Set(words)]
    .slice(0, 3)
    .map((w) => (w.endsWith(NEGATED) ? `${quote(w.slice(0, -NEGATED.length))}${NEGATED}` : quote(w)))
    .join(", ");
}

const NEGATED = " (negated)";

function withWords(label: string, words: readonly string[]): string {
  return words.length > 0 ? `${label}: ${wordList(words)}` : label;
}

interface Resolved {
  text: string | undefined;
  tokens: readonly Token[];
  section: SectionId | null;
  subsection: SubsectionId | null;
}

function resolve(ctx: ExplainContext): Resolved {
  return { text: ctx.text, tokens: ctx.tokens ?? (ctx.text !== undefined ? tokenize(ctx.text) : []), section: ctx.section ?? null, subsection: ctx.subsection ?? null };
}

function headingWords(value: string, ctx: Resolved): string {
  const what = SILVER_WORDS[value] ?? value;
  if (ctx.subsection !== null) return `section heading: ${SUBSECTION_HEADINGS[ctx.subsection]} (${what})`;
  if (ctx.section !== null) return `section heading: ${ctx.section} (${what})`;
  return value === "none" ? "section heading that marks neither strengths nor weaknesses" : `section heading that ${what}`;
}

function evaluationWords(value: string, ctx: Resolved): string {
  if (value === "none") return "no evaluative word in the sentence";
  const strength = value === "strength";
  const words = ctx.tokens.flatMap((t, i) => {
    const c = evaluationWordClass(t.norm);
    if (strength) return c === EV_WORD_STRENGTH && !t.negated ? [span(ctx, i, i + 1)] : [];
    // A negated strength word is a weakness cue ("not effective"): evaluation-cues.ts.
    if (c === EV_WORD_STRENGTH && t.negated) return [`${span(ctx, i, i + 1)}${NEGATED}`];
    return c === EV_WORD_WEAKNESS ? [span(ctx, i, i + 1)] : [];
  });
  return withWords(`evaluative word (${strength ? "strength" : "weakness"} cue)`, words);
}

/** Token index ranges where a cue pattern occurs (the patterns of `features.ts`'s `cueBits`). */
function cueSpans(name: string, ctx: Resolved): [number, number][] {
  const t = ctx.tokens;
  const norm = (i: number) => t[i]?.norm;
  const out: [number, number][] = [];
  const pairs = (first: (n: string) => boolean, second: (n: string | undefined) => boolean) => {
    for (let i = 0; i < t.length; i++) if (first(t[i]!.norm) && second(norm(i + 1))) out.push([i, i + 2]);
  };
  switch (name) {
    case "concession":
    case "however_start":
      if (t.length > 0) out.push([0, 1]);
      break;
    case "too_adj":
      pairs((n) => n === "too", (n) => n !== undefined && n !== "and");
      break;
    case "not_yet":
    case "not_always":
    case "not_consistently":
    case "not_sufficiently":
      pairs((n) => n === "not", (n) => n === name.slice(4));
      break;
    case "recommend":
      for (let i = 0; i < Math.min(6, t.length); i++) if (t[i]!.norm === "should" || t[i]!.norm === "must") out.push([i, i + 1]);
      break;
    case "lack_of":
      pairs((n) => n === "lack", (n) => n === "of");
      break;
    case "variability":
      for (let i = 0; i < t.length; i++) if (["variable", "inconsistent", "varied", "mixed"].includes(t[i]!.norm)) out.push([i, i + 1]);
      break;
    case "unproven":
      pairs((n) => n === "early", (n) => n === "stage");
      pairs((n) => n === "too", (n) => n === "soon" || n === "early");
      break;
    case "negation": {
      // The negated stretch with the word before it, the cue ("not dependent", "lack of support").
      const first = t.findIndex((x) => x.negated);
      if (first > 0) {
        const pair = first >= 2 && ["of", "to", "few", "little"].includes(t[first - 1]!.norm) ? 2 : 1;
        out.push([first - pair, first + 1]);
      }
      break;
    }
  }
  return out;
}

function cueWords(name: string, ctx: Resolved): string {
  const label = CUE_WORDS[name] ?? `cue pattern (${name.replace(/_/g, " ")})`;
  const found = cueSpans(name, ctx).map(([i, j]) => span(ctx, i, j));
  // The fixed phrases say everything already; show the sentence's words for the open patterns.
  if (name.startsWith("not_") || name === "lack_of") return label;
  if (name === "negation") return withWords("negation", found);
  if (name === "too_adj") return withWords("'too' + a word", found);
  if (name === "recommend") return withWords("recommendation", found);
  if (name === "variability") return withWords("word of variability", found);
  if (name === "unproven") return withWords("work not yet proven", found);
  if (name === "concession") return withWords("sentence opens with a concession", found);
  return label;
}

function themeCueWords(rest: string, ctx: Resolved): string {
  const [theme, count] = rest.split(":");
  const name = themeName(theme ?? "");
  const matches = themeCueMatches(ctx.tokens).filter((m) => m.theme === theme);
  // "waiting list" also contains the cue "waiting": show the longer phrase only.
  const found = matches
    .filter((m) => !matches.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start))
    .map((m) => span(ctx, m.start, m.end));
  return withWords(`theme cue (${name})${count === "2" ? ", twice or more" : ""}`, found);
}

/** The tokens [i, i + n) whose stems are `stems`, or -1. */
function findStems(ctx: Resolved, stems: readonly string[], negated?: boolean): number {
  for (let i = 0; i + stems.length <= ctx.tokens.length; i++) {
    if (stems.every((s, k) => ctx.tokens[i + k]!.stem === s) && (negated === undefined || ctx.tokens[i]!.negated === negated)) return i;
  }
  return -1;
}

function wordFeatureWords(feature: string, ctx: Resolved): string {
  if (feature.includes(" ")) {
    const stems = feature.split(" ");
    const at = findStems(ctx, stems);
    return at >= 0 ? `phrase ${quote(span(ctx, at, at + stems.length))}` : `phrase with the word stems ${quote(feature)}`;
  }
  const marks: string[] = [];
  let stem = feature;
  for (let m = /^([cmnp]):(.+)$/.exec(stem); m !== null; m = /^([cmnp]):(.+)$/.exec(stem)) {
    marks.push(m[1]!);
    stem = m[2]!;
  }
  const negated = marks.includes("n");
  const at = findStems(ctx, [stem], negated) >= 0 ? findStems(ctx, [stem], negated) : findStems(ctx, [stem]);
  const word = at >= 0 ? `word ${quote(span(ctx, at, at + 1))}` : `a word with the stem ${quote(stem)}`;
  const how = ["n", "c", "m", "p"].filter((k) => marks.includes(k)).map((k) => MARK_WORDS[k]!);
  return how.length > 0 ? `${word} (${how.join(", ")})` : word;
}

/**
 * One feature of an explanation in words, using the sentence it was found in where given.
 *
 * @example
 * featureInWords("ev:weakness", { text: "Plans are too slow." })      // "evaluative word (weakness cue): 'too', 'slow'"
 * featureInWords("h:strength", { section: "effective" }) // "section heading: effective (marks strengths)"
 * featureInWords("thi", { text: "This is not dependent on a diagnosis." }) // "word 'This'"
 * featureInWords("pos:later")                                         // "a later sentence of its finding (not the first)"
 */
export function featureInWords(feature: string, context: ExplainContext = {}): string {
  const ctx = resolve(context);
  const colon = feature.indexOf(":");
  const kind = colon > 0 && !feature.includes(" ") ? feature.slice(0, colon) : "";
  const rest = feature.slice(colon + 1);
  switch (kind) {
    case "ev":
      return evaluationWords(rest, ctx);
    case "h":
      return headingWords(rest, ctx);
    case "cue":
      return cueWords(rest, ctx);
    case "pos":
      return rest === "first" ? "first sentence of its finding" : "a later sentence of its finding (not the first)";
    case "t":
      return themeCueWords(rest, ctx);
    case "ft":
    case "pt":
    case "nt":
    case "lt":
      return `${CONTEXT_THEME_WORDS[kind]}: ${themeName(rest)}`;
    case "x":
      // x:ev:<class>: rule 10, an example takes the judgement of the sentence it illustrates.
      return `an example of a sentence whose words judge ${rest === "ev:strength" ? "for the better (strength cue)" : rest === "ev:weakness" ? "for the worse (weakness cue)" : "nothing (no evaluation cue)"}`;
    default:
      return wordFeatureWords(feature, ctx);
  }
}

/**
 * An explanation's features with their words (`featureInWords`), the sentence tokenized once.
 *
 * @example
 * explainInWords([{ feature: "ev:weakness", weight: 1.5 }], { text: "Plans are too slow." })
 * // [{ feature: "ev:weakness", weight: 1.5, words: "evaluative word (weakness cue): 'too', 'slow'" }]
 */
export function explainInWords<T extends { feature: string }>(features: readonly T[], context: ExplainContext = {}): (T & { words: string })[] {
  const ctx = { ...context, tokens: context.tokens ?? (context.text !== undefined ? tokenize(context.text) : []) };
  return features.map((f) => ({ ...f, words: featureInWords(f.feature, ctx) }));
}
