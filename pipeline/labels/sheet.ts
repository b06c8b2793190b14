/**
 * Labelling sheets: how a new document gets hand labels. `sheetCsv` writes one row per sentence of
 * the reader's output, with the whole finding for context and empty answer columns, and without the
 * heading or the silver label (codebook rule 5: label what the sentence says). An annotator fills in
 * `sentiment`, `themes` and `note`; `importSheet` checks every answer against the codebook and the
 * reader's sentences today and builds the codebook label rows (keys, silver, text or hash, annotator).
 */
import Papa from "papaparse";
import { InputError } from "../errors.ts";
import { collapseText, labelRowIssue, LabelRowSchema, type LabelRow, parseCsv, textSha256 } from "./files.ts";
import { type LetterDocument, sentenceRecords } from "../schema.ts";

/** Columns of a sheet, in order: the three the annotator reads, then the three they fill in. */
export const SHEET_COLUMNS = ["sid", "finding", "sentence", "sentiment", "themes", "note"] as const;

/** A sheet of a document: one CSV row per sentence in reading order, answer columns empty. */
export function sheetCsv(doc: LetterDocument): string {
  const rows: Record<(typeof SHEET_COLUMNS)[number], string>[] = [];
  let sid = 0;
  for (const f of doc.findings) {
    for (const s of f.sentences) rows.push({ sid: String(sid++), finding: f.text, sentence: s.text, sentiment: "", themes: "", note: "" });
  }
  return `${Papa.unparse(rows, { columns: [...SHEET_COLUMNS], newline: "\n" })}\n`;
}

export interface ImportOptions {
  /** Who labelled the sheet (the label files' `annotator` column). */
  annotator: string;
  /** Keep the sentence text in the label file (documents in the repository) or only its hash (reports kept outside it). */
  keepText: boolean;
}

/**
 * Builds the label rows of `doc` from a filled-in sheet (or any CSV with `sid` and `sentiment`
 * columns; `themes`, `note` and `sentence` are optional). Every sentence needs exactly one answer.
 * When the sheet has a `sentence` column, each answer's sentence must still be the one the reader
 * gives for that sid, so answers made on an older reading are never attached to the wrong sentence.
 * Throws `InputError` (`E_LABELS`) naming the sheet and the 1-based line of the first problem.
 */
export function importSheet(doc: LetterDocument, content: string, file: string, opts: ImportOptions): LabelRow[] {
  if (content.replace(/^\ufeff/, "").trim() === "") throw new InputError("E_LABELS", "sheet is empty; expected a header row with sid and sentiment, and one row per sentence", { file });
  const { data, fields, lineOf, problems } = parseCsv(content);
  const missing = ["sid", "sentiment"].filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    throw new InputError("E_LABELS", `missing column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")}; a sheet needs sid and sentiment (themes, note and sentence are optional)`, { file, line: 1 });
  }
  const first = problems[0];
  if (first) throw new InputError("E_LABELS", first.message, { file, line: first.line });
  const records = sentenceRecords(doc);
  const answered = new Map<number, number>();
  const rows: (LabelRow | undefined)[] = new Array(records.length);
  data.forEach((raw, i) => {
    const line = lineOf(i);
    const fail = (message: string): never => {
      throw new InputError("E_LABELS", message, { file, line });
    };
    const sidCell = (raw.sid ?? "").trim();
    if (!/^\d+$/.test(sidCell)) fail(`column "sid": "${sidCell}" is not a sentence number`);
    const sid = Number(sidCell);
    const s = records[sid] ?? fail(`column "sid": ${sid} is past the last sentence of ${doc.letter_id} (${records.length - 1})`);
    const earlier = answered.get(sid);
    if (earlier !== undefined) fail(`sid ${sid} answered twice (first on line ${earlier})`);
    answered.set(sid, line);
    if (raw.sentence !== undefined && collapseText(raw.sentence) !== collapseText(s.text)) {
      fail(`sid ${sid}: the sheet's sentence is not the one the reader gives now ("${clip(s.text)}"); the reader has changed since the sheet was made: make a new sheet, or move the answers with labels realign`);
    }
    const sentiment = (raw.sentiment ?? "").trim();
    if (sentiment === "") fail(`sid ${sid}: no sentiment; expected strength, weakness or neutral`);
    const input = {
      letter_id: s.letter_id,
      section: s.section,
      subsection: s.subsection ?? "",
      finding_index: String(s.finding_index),
      sentence_index: String(s.sentence_index),
      text: opts.keepText ? s.text : "",
      text_sha256: textSha256(s.text),
      silver: s.silver ?? "",
      sentiment,
      themes: (raw.themes ?? "").trim(),
      annotator: opts.annotator,
      note: (raw.note ?? "").trim(),
    };
    const row = LabelRowSchema.safeParse(input);
    if (!row.success) fail(`sid ${sid}: ${labelRowIssue(row.error, input)}`);
    rows[sid] = row.data;
  });
  const unanswered = records.map((_, sid) => sid).filter((sid) => rows[sid] === undefined);
  if (unanswered.length > 0) {
    const shown = unanswered.slice(0, 8).join(", ");
    throw new InputError("E_LABELS", `no answer for sid ${shown}${unanswered.length > 8 ? ` (…${unanswered.length} in all)` : ""}; every sentence of ${doc.letter_id} needs a label`, { file });
  }
  return rows as LabelRow[];
}

const clip = (t: string) => (t.length > 60 ? `${t.slice(0, 57)}…` : t);
