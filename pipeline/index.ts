/**
 * The reader: file or text → one typed `LetterDocument` (kind, metadata, findings, sentences).
 *
 * The stages, in the order they run (each takes what the one before produced, never re-runs it):
 *   1. ingest.ts     file, PDF (pdf.ts) or standard input → normalised text (text.ts)
 *   2. lines.ts      text → classified lines, residue removed
 *   3. structure.ts  lines → document kind and findings by section, page breaks repaired
 *   4. metadata.ts   lines → area, dates, outcome, lead inspector
 *   5. sentences.ts  each finding → its sentences, offsets into the finding
 *   6. tokens.ts     a sentence → tokens (run by the models, not here: `Tokenizer`)
 */
import { basename, extname } from "node:path";
import { readSource, type SourceDocument } from "./ingest.ts";
import { type LetterDocument, silverFor } from "./schema.ts";
import { splitSentences } from "./sentences.ts";
import { detectStructure } from "./structure.ts";

export interface ParseOptions {
  /** Id for the document; defaults to one derived from `source` (see `letterIdFor`). */
  letter_id?: string;
  /** Where the text came from (a path, or "-" for standard input). */
  source?: string;
}

/**
 * A readable letter id from a file name: `data/letters/westminster-2020.txt` → `westminster-2020`;
 * a 2023 report `rutland__03-august-2023.pdf` → `rutland-2023`; standard input → `stdin`.
 *
 * @example letterIdFor("../shared/reports-2023/medway__02-april-2024.pdf") // "medway-2024"
 */
export function letterIdFor(source: string): string {
  if (source === "-" || source === "") return "stdin";
  const name = basename(source, extname(source));
  const report = /^(.+?)__\d{1,2}-[a-z]+-(\d{4})$/i.exec(name);
  const id = report ? `${report[1]}-${report[2]}` : name;
  return (
    id
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "letter"
  );
}

/**
 * Parses normalised document text into a `LetterDocument`. Pure and deterministic; never throws
 * on any string (a document it cannot place gets kind `unknown` and a warning). Sentence offsets
 * index into their finding's `text`.
 *
 * @example
 * parseLetter("Main findings\n\n- Leaders are ambitious. Plans are late.\n", { letter_id: "x" }).findings[0]
 * // { section: "main_findings", subsection: null, finding_index: 0, silver: null,
 * //   text: "Leaders are ambitious. Plans are late.", sentences: [{ sentence_index: 0, start: 0, end: 22, ... }, ...] }
 */
export function parseLetter(text: string, opts: ParseOptions = {}): LetterDocument {
  const source = opts.source ?? "";
  const structure = detectStructure(text, source);
  return {
    letter_id: opts.letter_id ?? letterIdFor(source),
    source,
    kind: structure.kind,
    framework: structure.framework,
    metadata: structure.metadata,
    findings: structure.findings.map((f) => ({
      ...f,
      silver: silverFor(f.section, f.subsection),
      sentences: splitSentences(f.text).map((s, sentence_index) => ({ sentence_index, start: s.start, end: s.end, text: s.text })),
    })),
    warnings: structure.warnings,
  };
}

/** Reads a file (text or PDF; "-" for standard input) and parses it. Throws `InputError` on bad input. */
export async function readLetter(
  path: string,
  opts: ParseOptions & { readStdin?: (maxBytes?: number) => Promise<Buffer> } = {},
): Promise<LetterDocument> {
  const src: SourceDocument = await readSource(path, opts.readStdin ? { readStdin: opts.readStdin } : undefined);
  return parseLetter(src.text, { source: path, ...(opts.letter_id ? { letter_id: opts.letter_id } : {}) });
}
