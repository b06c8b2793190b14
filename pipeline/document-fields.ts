/**
 * The document columns every output carries (classify rows, summaries, the site, the workbook), so
 * that rows from many documents can be filtered and traced back to the file they came from.
 */
import type { Framework, LetterDocument } from "./schema.ts";

/**
 * A document's outcome in its own framework: the 2023 judgement (`positive`, `inconsistent`,
 * `systemic_failings`), or for a 2016–22 letter whether a Written Statement of Action is required
 * (`wsoa_required`, `wsoa_not_required`), which is that framework's only formal outcome.
 */
export const OUTCOMES = ["positive", "inconsistent", "systemic_failings", "wsoa_required", "wsoa_not_required"] as const;
export type DocumentOutcome = (typeof OUTCOMES)[number];

/** Readable names for outcomes, in `OUTCOMES` order (used by the site and the terminal). */
export const OUTCOME_LABELS: Record<DocumentOutcome, string> = {
  positive: "Positive experiences and outcomes",
  inconsistent: "Inconsistent experiences and outcomes",
  systemic_failings: "Widespread and/or systemic failings",
  wsoa_required: "Written statement of action required (2016–22)",
  wsoa_not_required: "No written statement of action (2016–22)",
};

export interface DocumentFields {
  /** The local area as the document names it; null when the reader did not find it. */
  area: string | null;
  framework: Framework | null;
  outcome: DocumentOutcome | null;
  inspection_start: string | null;
  inspection_end: string | null;
  /** The path given on the command line ("-" for standard input). */
  source: string;
}

/** The column names of `DocumentFields`, in the order outputs write them (after `letter_id`). */
export const DOCUMENT_COLUMNS = ["area", "framework", "outcome", "inspection_start", "inspection_end", "source"] as const;

/**
 * Returns the outcome of a document in its framework; null when the document states none (or the
 * reader did not find it). Never guessed.
 *
 * @example outcomeOf(await readLetter("data/letters/medway-2017.txt")) // "wsoa_required"
 */
export function outcomeOf(doc: LetterDocument): DocumentOutcome | null {
  const md = doc.metadata;
  if (md.outcome !== null) return md.outcome;
  if (doc.framework === "2016" && md.wsoa_required !== null) return md.wsoa_required ? "wsoa_required" : "wsoa_not_required";
  return null;
}

/**
 * Returns the document columns of a parsed document.
 *
 * @example
 * documentFields(await readLetter("../shared/reports-2023/medway__02-april-2024.pdf"))
 * // { area: "Medway", framework: "2023", outcome: "inconsistent", inspection_start: "2024-02-05",
 * //   inspection_end: "2024-02-09", source: "../shared/reports-2023/medway__02-april-2024.pdf" }
 */
export function documentFields(doc: LetterDocument): DocumentFields {
  return {
    area: doc.metadata.local_area,
    framework: doc.framework,
    outcome: outcomeOf(doc),
    inspection_start: doc.metadata.inspection_start,
    inspection_end: doc.metadata.inspection_end,
    source: doc.source,
  };
}

/** Document columns for rows that come from no document (plain sentences from `source`). */
export function noDocumentFields(source: string): DocumentFields {
  return { area: null, framework: null, outcome: null, inspection_start: null, inspection_end: null, source };
}
