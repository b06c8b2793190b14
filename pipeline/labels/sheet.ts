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
  /**
   * Import the answered rows of a sheet that is not finished (sentences without a sentiment are
   * left out of the label file, and counted in `unanswered`). Without it such a sheet is refused,
   * with the count.
   */
  partial?: boolean;
}

export interface ImportResult {
  /** The label rows, in sentence order (answered sentences only, with `partial`). */
  rows: LabelRow[];
  /** Sids of the sentences the sheet leaves without a sentiment. */
  unanswered: number[];
  /** How many sentences the document has. */
  total: number;
}

/** At most this many problems are spelled out in the one-line message; the rest are counted. */
const SHOWN_PROBLEMS = 5;

/**
 * Builds the label rows of `doc` from a filled-in sheet (or any CSV with `sid` and `sentiment`
 * columns; `themes`, `note` and `sentence` are optional). Labels and theme ids are read in any
 * letter case. When the sheet has a `sentence` column, each answer's sentence must still be the
 * one the reader gives for that sid, so answers made on an older reading are never attached to the
 * wrong sentence. Every problem of the sheet is gathered before it is refused: one `InputError`
 * (`E_LABELS`) names the line of the first and lists the next few, with a count of the rest. A
 * sentence without a sentiment is not a problem but unanswered: a sheet with unanswered sentences is
 * refused with their count unless `opts.partial`.
 */
export function importSheet(doc: LetterDocument, content: string, file: string, opts: ImportOptions): ImportResult {
  if (content.replace(/^\ufeff/, "").trim() === "") throw new InputError("E_LABELS", "sheet is empty; expected a header row with sid and sentiment, and one row per sentence", { file });
  const { data, fields, lineOf, problems: csvProblems } = parseCsv(content);
  const missing = ["sid", "sentiment"].filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    throw new InputError("E_LABELS", `missing column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")}; a sheet needs sid and sentiment (themes, note and sentence are optional)`, { file, line: 1 });
  }
  const problems: { line: number; message: string }[] = [...csvProblems];
  const badLines = new Set(csvProblems.map((p) => p.line));
  const records = sentenceRecords(doc);
  const answered = new Map<number, number>();
  const rows: (LabelRow | undefined)[] = new Array(records.length);
  const blank = new Set<number>();
  data.forEach((raw, i) => {
    const line = lineOf(i);
    if (badLines.has(line)) return;
    const problem = (message: string) => void problems.push({ line, message });
    const sidCell = (raw.sid ?? "").trim();
    if (!/^\d+$/.test(sidCell)) return problem(`column "sid": "${sidCell}" is not a sentence number`);
    const sid = Number(sidCell);
    const s = records[sid];
    if (s === undefined) return problem(`column "sid": ${sid} is past the last sentence of ${doc.letter_id} (${records.length - 1})`);
    const earlier = answered.get(sid);
    if (earlier !== undefined) return problem(`sid ${sid} answered twice (first on line ${earlier})`);
    answered.set(sid, line);
    if (raw.sentence !== undefined && collapseText(raw.sentence) !== collapseText(s.text)) {
      return problem(`sid ${sid}: the sheet's sentence is not the one the reader gives now ("${clip(s.text)}"); the reader has changed since the sheet was made: make a new sheet, or move the answers with labels realign`);
    }
    const sentiment = (raw.sentiment ?? "").trim().toLowerCase();
    if (sentiment === "") {
      blank.add(sid);
      return;
    }
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
      themes: (raw.themes ?? "")
        .split(";")
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== "")
        .join(";"),
      annotator: opts.annotator,
      note: (raw.note ?? "").trim(),
    };
    const row = LabelRowSchema.safeParse(input);
    if (!row.success) return problem(`sid ${sid}: ${labelRowIssue(row.error, input)}`);
    rows[sid] = row.data;
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const [first, ...rest] = problems;
    const more = rest.slice(0, SHOWN_PROBLEMS - 1).map((p) => `line ${p.line}: ${p.message}`);
    const count = rest.length > more.length ? `; …and ${rest.length - more.length} more` : "";
    const tail = rest.length > 0 ? ` (${problems.length} problems in all; also ${more.join("; ")}${count})` : "";
    throw new InputError("E_LABELS", `${first!.message}${tail}`, { file, line: first!.line });
  }
  const unanswered = records.map((_, sid) => sid).filter((sid) => rows[sid] === undefined);
  if (unanswered.length > 0 && !opts.partial) {
    const answeredCount = records.length - unanswered.length;
    throw new InputError(
      "E_LABELS",
      `${unanswered.length} of ${records.length} sentences of ${doc.letter_id} have no sentiment yet (sid ${spans(unanswered)}); finish them, or pass --partial to import the ${answeredCount} answered`,
      { file },
    );
  }
  return { rows: rows.filter((r): r is LabelRow => r !== undefined), unanswered, total: records.length };
}

/** Sids as runs: [1, 2, 3, 7, 9, 10] → "1–3, 7, 9–10"; at most eight runs shown. */
function spans(sids: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < sids.length; ) {
    let j = i;
    while (j + 1 < sids.length && sids[j + 1] === sids[j]! + 1) j++;
    runs.push(i === j ? String(sids[i]) : `${sids[i]}–${sids[j]}`);
    i = j + 1;
  }
  return runs.length > 8 ? `${runs.slice(0, 8).join(", ")}, …` : runs.join(", ");
}

const clip = (t: string) => (t.length > 60 ? `${t.slice(0, 57)}…` : t);
