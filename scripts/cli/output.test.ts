/**
 * The streamed output formats against the way they were written before streaming (papaparse's
 * `unparse` over the whole list; one `JSON.stringify` per row joined), on every row of the
 * corpus's classification output: each hand-labelled sentence of data/labels classified as a
 * plain sentence (with and without --explain), and the text letters classified as letters
 * (sections, silver labels, roll-ups). Batches are cut at random places: the output must not
 * depend on where.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { classifyDocument, classifySentences } from "../../models/classify.ts";
import { explainInWords } from "../../models/explain-words.ts";
import { documentFields, noDocumentFields } from "../../pipeline/document-fields.ts";
import { mulberry32 } from "../../pipeline/common/random.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { readLetter } from "../../pipeline/index.ts";
import { loadDocumentList } from "../../pipeline/labels/corpus.ts";
import { openModel } from "./inputs.ts";
import { CLASSIFY_COLUMNS, csvFormatter, csvRecord, jsonlFormatter, type OutputRow, type RowFormatter, TableFormatter, toTable, withDocument } from "./output.ts";

const words = (r: OutputRow) => explainInWords(r.explain ?? [], { text: r.text, section: r.section, subsection: r.subsection });

/** The CSV as written before streaming: one `Papa.unparse` of every row's record. */
function papaCsv(rows: readonly OutputRow[], explain: boolean): string {
  const columns = explain ? [...CLASSIFY_COLUMNS, "explain"] : [...CLASSIFY_COLUMNS];
  return `${Papa.unparse(rows.map((r) => csvRecord(r, explain)), { columns, newline: "\n" })}\n`;
}

/** The JSONL as written before streaming. */
function joinedJsonl(rows: readonly OutputRow[]): string {
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return rows.map((r) => JSON.stringify({ ...r, p_strength: round(r.p_strength), p_weakness: round(r.p_weakness), p_neutral: round(r.p_neutral), ...(r.explain ? { explain: words(r) } : {}) })).join("\n") + (rows.length ? "\n" : "");
}

/** A formatter's output with the rows cut into batches at random places (seeded). */
function inBatches(f: RowFormatter, rows: readonly OutputRow[], seed: number): string {
  const rand = mulberry32(seed);
  let out = f.start();
  for (let i = 0; i < rows.length; ) {
    const n = Math.floor(rand() * 300);
    out += f.rows(rows.slice(i, i + n));
    i += n;
  }
  return out + f.end();
}

const cm = openModel(undefined);
const labelDir = join(REPO_ROOT, "data/labels");
/** Every hand-labelled sentence of the corpus, as plain sentences, in file order. */
const labelled = readdirSync(labelDir)
  .filter((f) => f.endsWith(".csv"))
  .sort()
  .flatMap((f) => Papa.parse<Record<string, string>>(readFileSync(join(labelDir, f), "utf8"), { header: true, skipEmptyLines: true }).data.map((r) => r.text!));
const plain = withDocument(noDocumentFields("sentences.txt"), classifySentences(cm, labelled, "sentences"));
const explained = withDocument(noDocumentFields("sentences.txt"), classifySentences(cm, labelled, "sentences", { explain: true }));
const letters = await Promise.all(
  loadDocumentList()
    .documents.filter((d): d is { letter_id: string; path: string } => "path" in d)
    .map(async (d) => {
      const doc = await readLetter(join(REPO_ROOT, d.path));
      return withDocument(documentFields(doc), classifyDocument(cm, doc, { explain: true }));
    }),
);
const letterRows = letters.flat();

describe("classification output, streamed, on the corpus", () => {
  test("the corpus is all there: thousands of labelled sentences, and letters with sections and roll-ups", () => {
    expect(labelled.length).toBeGreaterThan(4000);
    expect(labelled.some((t) => /[",]/.test(t))).toBe(true);
    expect(letterRows.length).toBeGreaterThan(500);
    expect(letterRows.every((r) => r.section !== null && r.finding_rollup !== null)).toBe(true);
  });

  test("CSV: the same text as papaparse wrote, on every row, with and without --explain", () => {
    expect(inBatches(csvFormatter(false), plain, 1)).toBe(papaCsv(plain, false));
    expect(inBatches(csvFormatter(true), explained, 2)).toBe(papaCsv(explained, true));
    expect(inBatches(csvFormatter(false), letterRows, 3)).toBe(papaCsv(letterRows, false));
    expect(inBatches(csvFormatter(true), letterRows, 4)).toBe(papaCsv(letterRows, true));
  });

  test("csv-excel: the same cells as papaparse with escapeFormulae, a byte-order mark and CRLF", () => {
    const columns = [...CLASSIFY_COLUMNS];
    const expected = `\ufeff${Papa.unparse(Papa.parse<Record<string, string>>(papaCsv(letterRows, false), { header: true, skipEmptyLines: true }).data, { columns, newline: "\r\n", escapeFormulae: true })}\r\n`;
    expect(inBatches(csvFormatter(false, { excel: true }), letterRows, 13)).toBe(expected);
  });

  test("CSV of no rows is the header line, as papaparse wrote it", () => {
    expect(inBatches(csvFormatter(false), [], 5)).toBe(papaCsv([], false));
  });

  test("JSONL: the same lines as before", () => {
    expect(inBatches(jsonlFormatter(), explained, 6)).toBe(joinedJsonl(explained));
    expect(inBatches(jsonlFormatter(), letterRows, 7)).toBe(joinedJsonl(letterRows));
    expect(inBatches(jsonlFormatter(), [], 8)).toBe("");
  });

  test("table: batches cut anywhere give the table of the whole list", () => {
    for (const seed of [9, 10, 11]) {
      expect(inBatches(new TableFormatter(true), letterRows, seed)).toBe(toTable(letterRows, true));
      expect(inBatches(new TableFormatter(false), plain.slice(0, 2000), seed)).toBe(toTable(plain.slice(0, 2000), false));
    }
    expect(inBatches(new TableFormatter(false), [], 12)).toBe("\n");
  });
});
