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
const DocumentsFileSchema = z.strictObject({ reports_dir: z.string(), documents: z.array(DocumentEntrySchema) });
export type DocumentEntry = z.infer<typeof DocumentEntrySchema>;

/** Reads `data/documents.json`. */
export function loadDocumentList(): z.infer<typeof DocumentsFileSchema> {
  const file = join(REPO_ROOT, "data/documents.json");
  return DocumentsFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Default folder of the 2023-framework reports (`../shared/reports-2023` beside the repository). */
export function defaultReportsDir(): string {
  return resolve(REPO_ROOT, loadDocumentList().reports_dir);
}

/** Absolute path of a document, or null when it lives in a reports folder that lacks it. */
export function documentPath(entry: DocumentEntry, reportsDir: string): string | null {
  if ("path" in entry) return join(REPO_ROOT, entry.path);
  const p = join(reportsDir, entry.report);
  return existsSync(p) ? p : null;
}

/** One hand-labelled sentence with its text resolved from the reader. */
export interface LabelledSentence extends SentenceRecord {
  framework: Framework;
  /** The whole finding the sentence belongs to (context for theme features). */
  finding: string;
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
export function corpusInputs(labelsDir: string, opts: { reportsDir?: string; flag?: string } = {}): RunInput[] {
  const flag = opts.flag ?? "--labels";
  const reportsDir = opts.reportsDir ?? defaultReportsDir();
  const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));
  const inputs: RunInput[] = [
    { path: labelsDir, what: `the labels folder (${flag})` },
    { path: join(REPO_ROOT, "data/documents.json"), what: "the document list" },
  ];
  for (const file of labelFiles(labelsDir)) {
    inputs.push({ path: file, what: `a label file (${flag})` });
    const entry = entries.get(basename(file, ".csv"));
    const path = entry ? documentPath(entry, reportsDir) : null;
    if (path !== null) inputs.push({ path, what: "a labelled document" });
  }
  return inputs;
}

/**
 * Loads every label file in `labelsDir`, validates it, reads its document and applies the drift
 * guard. Labels whose document cannot be found (a 2023 report outside the repository) are listed
 * in `skipped`, never silently dropped.
 */
export async function loadCorpus(labelsDir: string, opts: { reportsDir?: string } = {}): Promise<LoadedCorpus> {
  const reportsDir = opts.reportsDir ?? defaultReportsDir();
  const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));
  const out: LoadedCorpus = { sentences: [], documents: new Map(), skipped: [], files: [] };
  for (const file of labelFiles(labelsDir)) {
    const rows = readLabelsFile(file);
    const letterId = basename(file, ".csv");
    const wrong = rows.find((r) => r.letter_id !== letterId);
    if (wrong) throw new InputError("E_LABELS", `letter_id "${wrong.letter_id}" in a file named for "${letterId}"`, { file, line: wrong.line });
    const entry = entries.get(letterId);
    if (!entry) throw new InputError("E_LABELS", `no document "${letterId}" in data/documents.json; add it there first`, { file });
    const path = documentPath(entry, reportsDir);
    if (path === null) {
      out.skipped.push({ letter_id: letterId, file, reason: `report ${"report" in entry ? entry.report : ""} not found in ${reportsDir}` });
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
  const findings = new Map(doc.findings.map((f) => [`${f.section}|${f.subsection ?? ""}|${f.finding_index}`, f.text]));
  return rows.map((r) => {
    const s = records.get(`${r.section}|${r.subsection ?? ""}|${r.finding_index}|${r.sentence_index}`)!;
    return {
      ...s,
      framework: doc.framework ?? "2016",
      finding: findings.get(`${r.section}|${r.subsection ?? ""}|${r.finding_index}`)!,
      sentiment: r.sentiment,
      themes: r.themes,
      annotator: r.annotator,
      note: r.note,
      file: r.file,
      line: r.line,
    };
  });
}
