/**
 * The one source of truth for every record that crosses a stage or a file: letters, sections,
 * findings, sentences and label rows. Types are inferred from the schemas, never written twice.
 * Names follow `../shared/codebook.md` exactly.
 */
import { z } from "zod";
import { SECTION_IDS, SENTIMENTS, THEME_IDS } from "./codebook.ts";

export { SECTION_IDS, SENTIMENTS, THEME_IDS } from "./codebook.ts";

export const Sentiment = z.enum(SENTIMENTS);
export type Sentiment = z.infer<typeof Sentiment>;

export const ThemeId = z.enum(THEME_IDS);
export type ThemeId = z.infer<typeof ThemeId>;

export const SectionId = z.enum(SECTION_IDS);
export type SectionId = z.infer<typeof SectionId>;

export const SubsectionId = z.enum(["strengths", "development"]);
export type SubsectionId = z.infer<typeof SubsectionId>;

/**
 * What a document is. `outcome_letter`: 2016–22 framework letter; `report_2023`: area SEND
 * inspection report under the 2023 framework; `committee_report`: council report that reproduces a
 * letter (findings come from the letter inside it only); `council_report`: council report with no
 * letter (no findings); `unknown`: anything else (a warning, never a crash).
 */
export const DocumentKind = z.enum(["outcome_letter", "report_2023", "committee_report", "council_report", "unknown"]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const Framework = z.enum(["2016", "2023"]);
export type Framework = z.infer<typeof Framework>;

/** Codebook: the 2023 "Inspection outcome" paragraph, one of three judgements. */
export const Outcome = z.enum(["positive", "inconsistent", "systemic_failings"]);
export type Outcome = z.infer<typeof Outcome>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD");

export const METADATA_FIELDS = [
  "local_area",
  "letter_date",
  "inspection_start",
  "inspection_end",
  "wsoa_required",
  "lead_inspector",
  "outcome",
  "previous_inspection_start",
  "previous_inspection_end",
  "next_inspection",
] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

/**
 * Document metadata. A field the reader could not find is `null` and named in `missing`; it is
 * never guessed. Fields that do not apply to the document's framework are `null` and not missing.
 */
export const MetadataSchema = z.strictObject({
  local_area: z.string().nullable(),
  /** Date of the letter (2016–22) or publication date when the document states one. */
  letter_date: IsoDate.nullable(),
  inspection_start: IsoDate.nullable(),
  inspection_end: IsoDate.nullable(),
  /** Whether a Written Statement of Action is required (2016–22 framework). */
  wsoa_required: z.boolean().nullable(),
  lead_inspector: z.string().nullable(),
  outcome: Outcome.nullable(),
  previous_inspection_start: IsoDate.nullable(),
  previous_inspection_end: IsoDate.nullable(),
  /** When the next inspection is due, as the report words it ("within approximately 5 years"). */
  next_inspection: z.string().nullable(),
  missing: z.array(z.enum(METADATA_FIELDS)),
});
export type Metadata = z.infer<typeof MetadataSchema>;

/** A sentence of a finding; `start`/`end` are offsets into the finding's `text`. */
export const SentenceSchema = z
  .strictObject({
    sentence_index: z.number().int().nonnegative(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    text: z.string(),
  })
  .superRefine((s, ctx) => {
    if (s.start > s.end) ctx.addIssue({ code: "custom", path: ["end"], message: "end is before start" });
  });
export type Sentence = z.infer<typeof SentenceSchema>;

export const FindingSchema = z.strictObject({
  section: SectionId,
  subsection: SubsectionId.nullable(),
  /** 0-based position of the finding within its section (and subsection). */
  finding_index: z.number().int().nonnegative(),
  text: z.string().min(1),
  /** Heading-derived label (codebook `silver`); null where the heading implies none. */
  silver: Sentiment.nullable(),
  sentences: z.array(SentenceSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

export const LetterDocumentSchema = z.strictObject({
  letter_id: z.string().min(1),
  source: z.string(),
  kind: DocumentKind,
  framework: Framework.nullable(),
  metadata: MetadataSchema,
  findings: z.array(FindingSchema),
  warnings: z.array(z.string()),
});
export type LetterDocument = z.infer<typeof LetterDocumentSchema>;

/** One flattened sentence with its full key: what golden files, labels and predictions share. */
export const SentenceRecordSchema = z.strictObject({
  letter_id: z.string(),
  section: SectionId,
  subsection: SubsectionId.nullable(),
  finding_index: z.number().int().nonnegative(),
  sentence_index: z.number().int().nonnegative(),
  silver: Sentiment.nullable(),
  text: z.string(),
});
export type SentenceRecord = z.infer<typeof SentenceRecordSchema>;

/** The silver label a heading implies (codebook tables); null where it implies none. */
export function silverFor(section: SectionId, subsection: SubsectionId | null): Sentiment | null {
  if (subsection === "strengths") return "strength";
  if (subsection === "development") return "weakness";
  switch (section) {
    case "effective":
      return "strength";
    case "better":
    case "priority_actions":
    case "improvements":
    case "significant_weaknesses":
      return "weakness";
    default:
      return null;
  }
}

/** Flattens a document into sentence records in reading order. */
export function sentenceRecords(doc: LetterDocument): SentenceRecord[] {
  const out: SentenceRecord[] = [];
  for (const f of doc.findings) {
    for (const s of f.sentences) {
      out.push({
        letter_id: doc.letter_id,
        section: f.section,
        subsection: f.subsection,
        finding_index: f.finding_index,
        sentence_index: s.sentence_index,
        silver: f.silver,
        text: s.text,
      });
    }
  }
  return out;
}

/** Theme lists → a sentence × theme indicator matrix in codebook order (for micro-averaged metrics). */
export function themeIndicators(lists: readonly (readonly string[])[]): boolean[][] {
  return lists.map((themes) => THEME_IDS.map((t) => themes.includes(t)));
}
