/**
 * Theme cue phrases taken from the codebook's theme descriptions (§Themes), not from the labels:
 * a sentence that mentions "annual reviews" or "20 weeks" gets the feature `t:ehc_plans`, one that
 * mentions "short breaks" or "looked after" gets `t:social_care`. These generalise to reports the
 * model has never seen better than word n-grams learnt from a few hundred sentences.
 * Phrases are stemmed with the same tokenizer as the sentences, so variants match.
 */
import type { ThemeId } from "../pipeline/schema.ts";
import { tokenize, type Token } from "../pipeline/tokens.ts";

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

/** Each theme's cue phrases as sequences of stems, longest first. */
const CUE_STEMS: { theme: ThemeId; stems: string[] }[] = Object.entries(CUES)
  .flatMap(([theme, phrases]) => phrases.map((p) => ({ theme: theme as ThemeId, stems: tokenize(p).map((t) => t.stem) })))
  .filter((c) => c.stems.length > 0)
  .sort((a, b) => b.stems.length - a.stems.length || a.theme.localeCompare(b.theme));

const BY_FIRST = new Map<string, { theme: ThemeId; stems: string[] }[]>();
for (const c of CUE_STEMS) (BY_FIRST.get(c.stems[0]!) ?? BY_FIRST.set(c.stems[0]!, []).get(c.stems[0]!)!).push(c);

/**
 * `t:<theme>` features for the codebook themes a sentence mentions, in codebook order of first
 * appearance; a theme mentioned twice also gets `t:<theme>:2`.
 */
export function themeCueFeatures(tokens: readonly Token[]): string[] {
  const counts = new Map<ThemeId, number>();
  for (let i = 0; i < tokens.length; i++) {
    const cands = BY_FIRST.get(tokens[i]!.stem);
    if (!cands) continue;
    for (const c of cands) {
      let ok = true;
      for (let k = 1; k < c.stems.length; k++) if (tokens[i + k]?.stem !== c.stems[k]) ok = false;
      if (ok) counts.set(c.theme, (counts.get(c.theme) ?? 0) + 1);
    }
  }
  const out: string[] = [];
  for (const [theme, n] of counts) {
    out.push(`t:${theme}`);
    if (n > 1) out.push(`t:${theme}:2`);
  }
  return out;
}
