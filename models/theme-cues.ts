/**
 * Theme cue phrases taken from the codebook's theme descriptions (§Themes), not from the labels:
 * a sentence that mentions "annual reviews" or "20 weeks" gets the feature `t:ehc_plans`, one that
 * mentions "short breaks" or "looked after" gets `t:social_care`. These generalise to reports the
 * model has never seen better than word n-grams learnt from a few hundred sentences.
 * Phrases are stemmed with the same tokenizer as the sentences, so variants match.
 */
import { THEME_IDS, type ThemeId } from "../pipeline/codebook.ts";
import { type Token, Tokenizer } from "../pipeline/tokens.ts";

const CUES: Record<ThemeId, readonly string[]> = {
  leadership: ["leader", "leadership", "strategy", "strategic", "vision", "governance", "board", "accountability", "accountable", "ambition", "ambitious", "oversight"],
  self_evaluation: ["self-evaluation", "evaluation", "evaluate", "quality assurance", "audit", "monitor", "monitoring", "data", "performance", "key performance indicators"],
  joint_commissioning: ["commission", "commissioning", "commissioned", "contract", "funding", "budget", "personal budget", "direct payment", "sufficiency", "places"],
  joint_working: ["multi-agency", "partnership working", "work together", "working together", "joint working", "information sharing", "share information", "tell it once", "collaborate", "collaboration", "joined-up", "coordination"],
  coproduction: ["co-production", "co-produce", "voice", "voices", "participation", "participate", "parent carer forum", "forum", "consultation", "consulted", "views", "engage"],
  communication: ["communication", "communicate", "understand what is available", "confidence", "satisfied", "dissatisfied", "informed", "know about", "unclear", "confusing"],
  local_offer: ["local offer", "SENDIASS", "information, advice and support", "signposting", "signpost", "website"],
  ehc_plans: ["EHC plan", "EHC needs assessment", "annual review", "20 weeks", "statutory timescales", "education, health and care plan", "outcomes in plans", "statement"],
  identification: ["identify", "identification", "identified", "screening", "referral", "referred", "diagnosis", "assessment of need", "needs assessed", "early help"],
  early_years: ["early years", "babies", "under five", "under-fives", "health visitor", "health visiting", "nursery", "nurseries", "Reception", "pre-school", "infants"],
  health_services: ["health", "GP", "paediatric", "paediatrician", "therapy", "therapist", "speech and language", "occupational therapy", "physiotherapy", "designated medical officer", "designated clinical officer", "wheelchair", "equipment", "nurse", "ICB", "CCG"],
  mental_health: ["mental health", "CAMHS", "emotional", "well-being", "wellbeing", "social, emotional", "anxiety", "crisis"],
  autism: ["autism", "autistic", "ASD", "ADHD", "neurodevelopmental", "neuro-developmental"],
  waiting_times: ["wait", "waiting", "waiting list", "delay", "delays", "too long", "timely", "timeliness", "lengthy"],
  schools: ["school", "schools", "college", "SENCo", "inclusion", "special school", "alternative provision", "AP", "elective home education", "pupils", "mainstream"],
  exclusions_attendance: ["exclusion", "excluded", "attendance", "attend", "absence", "non-attendance", "suspension"],
  attainment: ["attainment", "achieve", "achievement", "progress", "qualifications", "phonics", "results", "academic"],
  adulthood: ["adulthood", "preparing for adulthood", "transition", "post-16", "post-18", "adult services", "employment", "independence", "independent living", "internship", "further education"],
  social_care: ["social care", "short breaks", "respite", "looked after", "children in care", "safeguarding", "safe", "youth offending", "social worker", "care needs", "disabled children"],
  workforce: ["training", "trained", "expertise", "recruitment", "recruit", "staffing", "staff", "capacity", "workforce", "skills", "knowledge"],
};

/** Each theme's cue phrases as stem sequences (the sentences' tokenizer stems them), longest first. */
const CUE_PHRASES: readonly { theme: number; stems: readonly string[] }[] = (() => {
  const tokenizer = new Tokenizer();
  return Object.entries(CUES)
    .flatMap(([theme, phrases]) => phrases.map((p) => ({ theme: theme as ThemeId, stems: tokenizer.tokenize(p).map((t) => t.stem) })))
    .filter((c) => c.stems.length > 0)
    .sort((a, b) => b.stems.length - a.stems.length || a.theme.localeCompare(b.theme))
    .map((c) => ({ theme: THEME_IDS.indexOf(c.theme), stems: c.stems }));
})();

/** Stem → the cue phrases that start with it, in `CUE_PHRASES` order. */
const BY_FIRST_STEM = new Map<string, (typeof CUE_PHRASES)[number][]>();
for (const c of CUE_PHRASES) BY_FIRST_STEM.set(c.stems[0]!, [...(BY_FIRST_STEM.get(c.stems[0]!) ?? []), c]);

/**
 * Every cue phrase that occurs in a sentence, given its tokens' stems: its theme (codebook index)
 * and `[start, end)` token indexes, in sentence order (longest phrase first at one position).
 */
function phraseMatches(stems: readonly string[]): { theme: number; start: number; end: number }[] {
  const out: { theme: number; start: number; end: number }[] = [];
  for (let i = 0; i < stems.length; i++) {
    for (const c of BY_FIRST_STEM.get(stems[i]!) ?? []) {
      if (c.stems.every((stem, k) => stems[i + k] === stem)) out.push({ theme: c.theme, start: i, end: i + c.stems.length });
    }
  }
  return out;
}

/**
 * Counts the cue phrases of each theme that occur in a sentence, given its tokens' stems:
 * `counts[t]` (codebook order, capped at 2) is filled, and the themes found are returned as bits
 * (bit t for `THEME_IDS[t]`). The compiled path's `ThemeCueIndex.count` gives the same by stem ids.
 */
export function themeCueCountsOfStems(stems: readonly string[], counts: Uint8Array): number {
  counts.fill(0);
  let found = 0;
  for (const m of phraseMatches(stems)) {
    found |= 1 << m.theme;
    if (counts[m.theme]! < 2) counts[m.theme]!++;
  }
  return found;
}

/**
 * The cue phrases by one tokenizer's stem ids, for the compiled prediction path: matching by id is
 * matching by stem, as a tokenizer gives every stem one id. Gives what `themeCueCountsOfStems` gives.
 */
export class ThemeCueIndex {
  /** Stem id → the cue phrases that start with it, in `CUE_PHRASES` order. */
  private readonly byFirst: { theme: number; ids: number[] }[][] = [];

  constructor(tokenizer: Tokenizer) {
    for (const c of CUE_PHRASES) {
      const ids = c.stems.map((stem) => tokenizer.stemIdOf(stem));
      if (ids[0]! >= 0) (this.byFirst[ids[0]!] ??= []).push({ theme: c.theme, ids });
    }
  }

  /** `themeCueCountsOfStems` from the first `n` tokens' stem ids. */
  count(stemIds: ArrayLike<number>, n: number, counts: Uint8Array): number {
    counts.fill(0);
    let found = 0;
    for (let i = 0; i < n; i++) {
      const cands = this.byFirst[stemIds[i]!];
      if (cands === undefined) continue;
      for (const c of cands) {
        let ok = true;
        for (let k = 1; k < c.ids.length; k++) if (i + k >= n || stemIds[i + k] !== c.ids[k]) ok = false;
        if (!ok) continue;
        found |= 1 << c.theme;
        if (counts[c.theme]! < 2) counts[c.theme]!++;
      }
    }
    return found;
  }
}

/**
 * `t:<theme>` features for the codebook themes a sentence mentions, in codebook order;
 * a theme mentioned twice also gets `t:<theme>:2`.
 */
export function themeCueFeatures(tokens: readonly Token[]): string[] {
  const counts = new Uint8Array(THEME_IDS.length);
  const found = themeCueCountsOfStems(
    tokens.map((t) => t.stem),
    counts,
  );
  return THEME_IDS.flatMap((theme, t) => (!(found & (1 << t)) ? [] : counts[t]! > 1 ? [`t:${theme}`, `t:${theme}:2`] : [`t:${theme}`]));
}

/**
 * Where each theme's cue phrases occur in a sentence's tokens, for explanations in words: one
 * entry per match, `[start, end)` token indexes, in sentence order (longest phrase first at one
 * position, as `themeCueCounts` tries them).
 *
 * @example
 * themeCueMatches(tokenize("Annual reviews are late.")).map((m) => [m.theme, m.start, m.end])
 * // [["ehc_plans", 0, 2]]
 */
export function themeCueMatches(tokens: readonly Token[]): { theme: ThemeId; start: number; end: number }[] {
  return phraseMatches(tokens.map((t) => t.stem)).map((m) => ({ theme: THEME_IDS[m.theme]!, start: m.start, end: m.end }));
}
