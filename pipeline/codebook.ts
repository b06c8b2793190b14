/**
 * The codebook's label sets (`../shared/codebook.md`), in codebook order, without zod: what the
 * prediction path needs, so that a worker thread that only classifies does not load the schemas.
 * `schema.ts` builds its zod enums from these and re-exports them; everything else may import
 * them from either.
 */

/** Codebook §Sentiment, in codebook order. */
export const SENTIMENTS = ["strength", "weakness", "neutral"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Codebook §Themes, the 20 ids in codebook order. */
export const THEME_IDS = [
  "leadership",
  "self_evaluation",
  "joint_commissioning",
  "joint_working",
  "coproduction",
  "communication",
  "local_offer",
  "ehc_plans",
  "identification",
  "early_years",
  "health_services",
  "mental_health",
  "autism",
  "waiting_times",
  "schools",
  "exclusions_attendance",
  "attainment",
  "adulthood",
  "social_care",
  "workforce",
] as const;
export type ThemeId = (typeof THEME_IDS)[number];

/** Codebook §What is labelled: 2016–22 sections first, then the 2023 framework's. */
export const SECTION_IDS = [
  "main_findings",
  "identifying",
  "meeting",
  "outcomes",
  "significant_weaknesses",
  "experience",
  "effective",
  "better",
  "priority_actions",
  "improvements",
] as const;
export type SectionId = (typeof SECTION_IDS)[number];
