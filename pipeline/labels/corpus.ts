/**
 * The project's documents and their hand labels. `data/documents.json` lists every document by
 * `letter_id`: seed letters kept in `data/letters/`, and 2023-framework reports read from a
 * reports folder outside the repository (their labels carry a text hash instead of text).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { RunInput } from "../common/atomic.ts";
import { REPO_ROOT } from "../common/paths.ts";
import { InputError } from "../errors.ts";
import { findDrift, type LocatedLabelRow, readLabelsFile, throwOnDrift } from "./files.ts";
import { readLetter } from "../index.ts";
import { type Framework, type LetterDocument, sentenceRecords, type SentenceRecord, type Sentiment, type ThemeId } from "../schema.ts";


const DocumentEntrySchema = z.union([
  z.strictObject({ letter_id: z.string(), path: z.string() }),
  z.strictObject({ letter_id: z.string(), report: z.string() }),
]);
const DocumentsFileSchema = z.strictObject({
  /** Folders (relative to the repository) where report PDFs are looked for, in order. */
  reports_dirs: z.array(z.string()).min(1),
  documents: z.array(DocumentEntrySchema),
});
export type DocumentEntry = z.infer<typeof DocumentEntrySchema>;

/** Reads `data/documents.json`. */
export function loadDocumentList(): z.infer<typeof DocumentsFileSchema> {
  const file = join(REPO_ROOT, "data/documents.json");
  return DocumentsFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/**
 * Default folders of the report PDFs (`reports_dirs` of data/documents.json, resolved from the
 * repository: `../shared/reports-2023` and `../shared/reports-2023-extra` beside it). PDFs are read
 * where they are, never copied.
 */
export function defaultReportsDirs(): string[] {
  return loadDocumentList().reports_dirs.map((d) => resolve(REPO_ROOT, d));
}

/** Absolute path of a document: a text letter in the repository, or a report in the first of `reportsDirs` that holds it; null when none does. */
export function documentPath(entry: DocumentEntry, reportsDirs: readonly string[]): string | null {
  if ("path" in entry) return join(REPO_ROOT, entry.path);
  for (const dir of reportsDirs) {
    const p = join(dir, entry.report);
    if (existsSync(p)) return p;
  }
  return null;
}

/** "in none of A, B" for a message about a report no folder holds. */
export function noFolderHolds(entry: DocumentEntry, reportsDirs: readonly string[]): string {
  return `report ${"report" in entry ? entry.report : ""} of ${entry.letter_id} is in none of the report folders (${reportsDirs.join(", ")}); pass --reports DIR (repeatable) or list its folder in data/documents.json`;
}

/** One hand-labelled sentence with its text resolved from the reader. */
export interface LabelledSentence extends SentenceRecord {
  framework: Framework;
  /** The texts of the sentences of its finding, in order, as the reader split them (context features); shared by the finding's sentences. */
  finding_sentences: readonly string[];
  sentiment: Sentiment;
  themes: ThemeId[];
  annotator: string;
  note: string;
  /** Where the label came from, for error messages. */
  file: string;
  line: number;
}

export interface LoadedCorpus {
  sentences: LabelledSentence[];
  documents: Map<string, LetterDocument>;
  /** Label files whose document could not be found, and why (nothing is silently dropped). */
  skipped: { letter_id: string; file: string; reason: string }[];
  /** Label files read, in letter_id order. */
  files: string[];
}

const documentCache = new Map<string, Promise<LetterDocument>>();

/** Reads and parses a document once per process. */
export function readDocumentCached(path: string, letterId: string): Promise<LetterDocument> {
  const key = `${path}|${letterId}`;
  let doc = documentCache.get(key);
  if (!doc) {
    doc = readLetter(path, { letter_id: letterId });
    documentCache.set(key, doc);
  }
  return doc;
}

/** Label CSV files in a labels folder (top level only), sorted. */
export function labelFiles(labelsDir: string): string[] {
  if (!existsSync(labelsDir)) throw new InputError("E_NOT_FOUND", "labels folder does not exist", { file: labelsDir });
  if (!statSync(labelsDir).isDirectory()) throw new InputError("E_LABELS", "expected a folder of <letter_id>.csv label files", { file: labelsDir });
  return readdirSync(labelsDir)
    .filter((f) => f.endsWith(".csv"))
    .sort()
    .map((f) => join(labelsDir, f));
}

/**
 * Every file a run over the labels in `labelsDir` reads: the folder, each label file, the document
 * list and each labelled document that can be found. A command's outputs are checked against
 * them (`assertNotAnInput`) before anything is trained or written.
 */
export function corpusInputs(labelsDir: string, opts: { reportsDirs?: readonly string[]; flag?: string } = {}): RunInput[] {
  const flag = opts.flag ?? "--labels";
  const reportsDirs = opts.reportsDirs && opts.reportsDirs.length > 0 ? opts.reportsDirs : defaultReportsDirs();
  const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));
  const inputs: RunInput[] = [
    { path: labelsDir, what: `the labels folder (${flag})` },
    { path: join(REPO_ROOT, "data/documents.json"), what: "the document list" },
  ];
  for (const file of labelFiles(labelsDir)) {
    inputs.push({ path: file, what: `a label file (${flag})` });
    const entry = entries.get(basename(file, ".csv"));
    const path = entry ? documentPath(entry, reportsDirs) : null;
    if (path !== null) inputs.push({ path, what: "a labelled document" });
  }
  return inputs;
}

/**
 * Loads every label file in `labelsDir`, validates it, reads its document and applies the drift
 * guard. Labels whose document cannot be found (a 2023 report outside the repository) are listed
 * in `skipped`, never silently dropped.
 */
export async function loadCorpus(labelsDir: string, opts: { reportsDirs?: readonly string[] } = {}): Promise<LoadedCorpus> {
  const reportsDirs = opts.reportsDirs && opts.reportsDirs.length > 0 ? opts.reportsDirs : defaultReportsDirs();
  const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));
  const out: LoadedCorpus = { sentences: [], documents: new Map(), skipped: [], files: [] };
  for (const file of labelFiles(labelsDir)) {
    const rows = readLabelsFile(file);
    const letterId = basename(file, ".csv");
    const wrong = rows.find((r) => r.letter_id !== letterId);
    if (wrong) throw new InputError("E_LABELS", `letter_id "${wrong.letter_id}" in a file named for "${letterId}"`, { file, line: wrong.line });
    const entry = entries.get(letterId);
    if (!entry) throw new InputError("E_LABELS", `no document "${letterId}" in data/documents.json; add it there first`, { file });
    const path = documentPath(entry, reportsDirs);
    if (path === null) {
      out.skipped.push({ letter_id: letterId, file, reason: noFolderHolds(entry, reportsDirs) });
      continue;
    }
    const doc = await readDocumentCached(path, letterId);
    throwOnDrift(findDrift(rows, sentenceRecords(doc)));
    out.files.push(file);
    out.documents.set(letterId, doc);
    out.sentences.push(...attachText(rows, doc));
  }
  return out;
}

function attachText(rows: readonly LocatedLabelRow[], doc: LetterDocument): LabelledSentence[] {
  const records = new Map(sentenceRecords(doc).map((s) => [`${s.section}|${s.subsection ?? ""}|${s.finding_index}|${s.sentence_index}`, s]));
  const findings = new Map(doc.findings.map((f) => [`${f.section}|${f.subsection ?? ""}|${f.finding_index}`, f.sentences.map((s) => s.text)]));
  return rows.map((r) => {
    const s = records.get(`${r.section}|${r.subsection ?? ""}|${r.finding_index}|${r.sentence_index}`)!;
    return {
      ...s,
      framework: doc.framework ?? "2016",
      finding_sentences: findings.get(`${r.section}|${r.subsection ?? ""}|${r.finding_index}`)!,
      sentiment: r.sentiment,
      themes: r.themes,
      annotator: r.annotator,
      note: r.note,
      file: r.file,
      line: r.line,
    };
  });
}
