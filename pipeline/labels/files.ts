/**
 * Hand-label files (`data/labels/<letter_id>.csv`): parsing with papaparse, validation with zod on
 * every load, and the drift guard that ties each row to the sentence the reader produces today.
 * Columns are the codebook's (§Files), plus `text_sha256` for documents kept outside the repository.
 */
import { createHash } from "node:crypto";
import Papa from "papaparse";
import { type ZodError, z } from "zod";
import { InputError } from "../errors.ts";
import { firstInvalidUtf8, readBounded, tooLarge } from "../ingest.ts";
import { SectionId, Sentiment, SubsectionId, THEME_IDS, ThemeId, type SentenceRecord } from "../schema.ts";

/** Columns in the order files are written. `text_sha256` is optional on read. */
export const LABEL_COLUMNS = [
  "letter_id",
  "section",
  "subsection",
  "finding_index",
  "sentence_index",
  "text",
  "text_sha256",
  "silver",
  "sentiment",
  "themes",
  "annotator",
  "note",
] as const;
const REQUIRED_COLUMNS = LABEL_COLUMNS.filter((c) => c !== "text_sha256");

const IndexCell = z
  .string()
  .regex(/^\d+$/, "expected a non-negative integer")
  .transform((s) => Number(s));

export const LabelRowSchema = z
  .strictObject({
    letter_id: z.string().min(1, "letter_id is empty"),
    section: SectionId,
    subsection: z.union([SubsectionId, z.literal("").transform(() => null)]),
    finding_index: IndexCell,
    sentence_index: IndexCell,
    text: z.string(),
    text_sha256: z.string().regex(/^([0-9a-f]{64})?$/, "expected 64 hex digits or empty").default(""),
    silver: z.union([Sentiment, z.literal("").transform(() => null)]),
    sentiment: Sentiment,
    themes: z.string().transform((cell, ctx) => {
      const ids = cell.split(";").map((t) => t.trim()).filter((t) => t !== "");
      for (const id of ids) {
        if (!(THEME_IDS as readonly string[]).includes(id)) {
          ctx.addIssue({ code: "custom", message: `"${id}" is not a codebook theme id` });
          return z.NEVER;
        }
      }
      return ids as ThemeId[];
    }),
    annotator: z.string().min(1, "annotator is empty"),
    note: z.string(),
  })
  .superRefine((row, ctx) => {
    if (row.themes.length > 3) ctx.addIssue({ code: "custom", path: ["themes"], message: `${row.themes.length} themes; at most 3 allowed` });
    if (new Set(row.themes).size !== row.themes.length) ctx.addIssue({ code: "custom", path: ["themes"], message: "a theme is repeated" });
    if (row.text.trim() === "" && row.text_sha256 === "") {
      ctx.addIssue({ code: "custom", path: ["text"], message: "empty text and no text_sha256; one identifies the sentence" });
    }
    const needsSub = row.section === "identifying" || row.section === "meeting" || row.section === "outcomes";
    if (needsSub !== (row.subsection !== null)) {
      ctx.addIssue({ code: "custom", path: ["subsection"], message: needsSub ? "section needs a subsection (strengths or development)" : "this section has no subsection" });
    }
  });
export type LabelRow = z.infer<typeof LabelRowSchema>;

/** A label row with the 1-based line it came from. */
export interface LocatedLabelRow extends LabelRow {
  file: string;
  line: number;
}

/** Key of a sentence: letter, section, subsection, finding and sentence index. */
export function sentenceKey(r: Pick<SentenceRecord, "letter_id" | "section" | "subsection" | "finding_index" | "sentence_index">): string {
  return `${r.letter_id}|${r.section}|${r.subsection ?? ""}|${r.finding_index}|${r.sentence_index}`;
}

/**
 * SHA-256 of a sentence's text as the codebook defines it: Unicode NFC, runs of white space
 * collapsed to one space, trimmed.
 */
export function textSha256(text: string): string {
  return createHash("sha256").update(collapseText(text), "utf8").digest("hex");
}

/** A sentence's text as labels compare it: Unicode NFC, runs of white space collapsed to one space, trimmed. */
export function collapseText(s: string): string {
  return s.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * Parses CSV text with a header row (a BOM and CRLF line endings accepted) for the label files and
 * the labelling sheets: the rows, the header's fields, `lineOf` (data-row index → 1-based line) and
 * papaparse's cell-count problems as one-line messages with their lines.
 */
export function parseCsv(content: string): { data: Record<string, string>[]; fields: string[]; lineOf: (row: number) => number; problems: { line: number; message: string }[] } {
  const text = content.replace(/^\ufeff/, "");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: "greedy", newline: text.includes("\r\n") ? "\r\n" : "\n" });
  const lineOf = lineNumbers(text);
  const problems = parsed.errors
    .filter((err) => err.code !== "UndetectableDelimiter")
    .map((err) =>
      // papaparse puts an unterminated quote on the row where the file ends; the editor needs the line where it opens.
      err.code === "MissingQuotes"
        ? { line: unclosedQuoteLine(text) ?? lineOf(err.row ?? 0), message: 'a quoted cell starts here and is never closed; close it with " (a quote inside a cell is written "")' }
        : { line: lineOf(err.row ?? 0), message: err.code === "TooManyFields" ? "extra cell (more cells than columns)" : err.code === "TooFewFields" ? "missing cell (fewer cells than columns)" : err.message },
    );
  return { data: parsed.data, fields: parsed.meta.fields ?? [], lineOf, problems };
}

/**
 * The 1-based line where a quoted cell opens and is never closed, or null when every quoted cell
 * is closed. The rules are papaparse's: a quote opens a cell only at its start, `""` inside one is
 * a quote, and a quote closes the cell only when a comma, a line end or the end of the file
 * follows it.
 *
 * @example unclosedQuoteLine('a,b\n1,"x\n2,3\n') // 2
 */
export function unclosedQuoteLine(text: string): number | null {
  let line = 1;
  let openedOn = 0;
  let inQuotes = false;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        const next = text[i + 1];
        if (next === '"') i++;
        else if (next === undefined || next === "," || next === "\n" || next === "\r") inQuotes = false;
      } else if (ch === "\n") line++;
      continue;
    }
    if (ch === '"' && cellStart) {
      inQuotes = true;
      openedOn = line;
    }
    if (ch === "\n") line++;
    cellStart = ch === "," || ch === "\n" || ch === "\r";
  }
  return inQuotes ? openedOn : null;
}

/** The first problem of a label row that `LabelRowSchema` refused, as one line naming the column. */
export function labelRowIssue(error: ZodError, raw: Readonly<Record<string, string>>): string {
  const issue = error.issues[0];
  const col = issue?.path[0];
  if (issue?.code === "invalid_value" && typeof col === "string") {
    return `column "${col}": "${raw[col] ?? ""}" is not one of ${(issue.values as unknown[]).map(String).filter((v) => v !== "").join(", ")}`;
  }
  return `${typeof col === "string" ? `column "${col}": ` : ""}${issue?.message ?? "invalid row"}`;
}

/**
 * Parses one label file's text. Accepts a BOM and CRLF line endings. Throws `InputError` (code
 * `E_LABELS`) naming the file and the 1-based line (header = line 1) of the first bad rows.
 */
export function parseLabelsCsv(content: string, file: string): LocatedLabelRow[] {
  if (content.replace(/^\ufeff/, "").trim() === "") throw new InputError("E_LABELS", "labels file is empty; expected a header row and one row per sentence", { file });
  const nul = content.indexOf("\0");
  if (nul >= 0) throw nulByte(file, lineAt(content, nul));
  const { data, fields, lineOf, problems } = parseCsv(content);
  const missing = REQUIRED_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    throw new InputError("E_LABELS", `missing column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")}; expected ${LABEL_COLUMNS.join(",")}`, { file, line: 1 });
  }
  const extra = fields.filter((f) => !(LABEL_COLUMNS as readonly string[]).includes(f));
  if (extra.length > 0) {
    throw new InputError("E_LABELS", `unknown column${extra.length > 1 ? "s" : ""} ${extra.map((c) => `"${c}"`).join(", ")}; expected ${LABEL_COLUMNS.join(",")}`, { file, line: 1 });
  }
  if (data.length === 0 && problems.length === 0) {
    throw new InputError("E_LABELS", "only a header row, no labels; expected one row per labelled sentence (delete the file if the document is not labelled yet)", { file, line: 1 });
  }
  const rows: LocatedLabelRow[] = [];
  const seen = new Map<string, number>();
  // Lines papaparse already found wrong: a set, so a file with many bad rows is checked in linear time.
  const badLines = new Set(problems.map((p) => p.line));
  data.forEach((raw, i) => {
    const line = lineOf(i);
    if (badLines.has(line)) return;
    const result = LabelRowSchema.safeParse(raw);
    if (!result.success) {
      problems.push({ line, message: labelRowIssue(result.error, raw) });
      return;
    }
    const row = { ...result.data, file, line };
    const key = sentenceKey(row);
    const prev = seen.get(key);
    if (prev !== undefined) problems.push({ line, message: `duplicate key ${key.replace(/\|/g, "/")} (first on line ${prev})` });
    else seen.set(key, line);
    rows.push(row);
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const first = problems[0]!;
    const more = problems.length - 1;
    throw new InputError("E_LABELS", `${first.message}${more > 0 ? ` (…and ${more} more bad row${more > 1 ? "s" : ""})` : ""}`, { file, line: first.line });
  }
  return rows;
}

/** Largest label file read (10 MiB): a document's labels are 5–60 kB, so anything this big is not one. */
export const MAX_LABELS_BYTES = 10 * 1024 * 1024;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads and parses one label file (`parseLabelsCsv`). Its size is checked before reading, and its
 * bytes must be UTF-8 text: a NUL byte, UTF-16, or a Windows-1252/Latin-1 byte is an `InputError`
 * E_ENCODING naming the line, never a quietly replaced character that later looks like text drift.
 */
export function readLabelsFile(file: string): LocatedLabelRow[] {
  const bytes = readBounded(file, MAX_LABELS_BYTES, {
    directory: () => new InputError("E_IS_DIRECTORY", "is a directory; expected a label file (CSV)", { file }),
    tooLarge: (size) => tooLarge(file, size, MAX_LABELS_BYTES, "a label file", size === null ? "" : "; one document's labels are far smaller"),
    unreadable: (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      return new InputError("E_NOT_FOUND", `cannot read the label file (${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (code ?? "unknown error")})`, { file });
    },
  });
  return parseLabelsCsv(decodeLabels(bytes, file), file);
}

function decodeLabels(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError("E_ENCODING", "encoding problem: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)", { file, line: 1 });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw nulByte(file, lineAtByte(bytes, nul));
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const { line, offset } = firstInvalidUtf8(bytes);
    const b = bytes[offset] ?? 0;
    throw new InputError("E_ENCODING", `encoding problem: byte 0x${b.toString(16).padStart(2, "0")} at offset ${offset} is not UTF-8 (a Windows-1252 or Latin-1 character?); save the file as UTF-8 (CSV UTF-8 in a spreadsheet)`, { file, line });
  }
}

function nulByte(file: string, line: number): InputError {
  return new InputError("E_ENCODING", "encoding problem: a NUL byte, which UTF-8 text never holds (UTF-16, or a binary file?); save the file as UTF-8 CSV", { file, line });
}

function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

/**
 * Maps papaparse's 0-based data-row index to the 1-based line an editor shows. Quoted cells may
 * hold newlines, so lines are counted from the raw text rather than assumed one per row.
 */
function lineNumbers(text: string): (row: number) => number {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let rowStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (rowStart && ch !== "\n" && ch !== "\r") {
      starts.push(line);
      rowStart = false;
    }
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === "\n") {
      line++;
      if (!inQuotes) rowStart = true;
    }
  }
  // starts[0] is the header row.
  return (row) => starts[row + 1] ?? line;
}

/** Serialises label rows (codebook column order, `;`-joined themes) as CSV with a trailing newline. */
export function formatLabelsCsv(rows: readonly LabelRow[]): string {
  const data = rows.map((r) => ({
    letter_id: r.letter_id,
    section: r.section,
    subsection: r.subsection ?? "",
    finding_index: String(r.finding_index),
    sentence_index: String(r.sentence_index),
    text: r.text,
    text_sha256: r.text_sha256,
    silver: r.silver ?? "",
    sentiment: r.sentiment,
    themes: r.themes.join(";"),
    annotator: r.annotator,
    note: r.note,
  }));
  return `${Papa.unparse(data, { columns: [...LABEL_COLUMNS], newline: "\n" })}\n`;
}

export interface DriftProblem {
  row: LocatedLabelRow;
  expected: string | null;
  reason: "missing_sentence" | "text_changed";
}

/**
 * The drift guard: checks each label row against the sentence the reader produces for the same
 * key. A row matches when its `text` equals the reader's sentence (white space collapsed) or, for
 * rows without text, when `text_sha256` equals the hash of the reader's sentence.
 */
export function findDrift(rows: readonly LocatedLabelRow[], sentences: readonly SentenceRecord[]): DriftProblem[] {
  const byKey = new Map(sentences.map((s) => [sentenceKey(s), s]));
  const problems: DriftProblem[] = [];
  for (const row of rows) {
    const s = byKey.get(sentenceKey(row));
    if (!s) {
      problems.push({ row, expected: null, reason: "missing_sentence" });
      continue;
    }
    if (!rowMatches(row, s.text)) problems.push({ row, expected: s.text, reason: "text_changed" });
  }
  return problems;
}

/** Whether a label row identifies this sentence text (by text, else by hash). */
export function rowMatches(row: Pick<LabelRow, "text" | "text_sha256">, text: string): boolean {
  if (row.text.trim() !== "") return collapseText(row.text) === collapseText(text);
  return row.text_sha256 === textSha256(text);
}

/** Throws the drift guard's one-line error for the first problem (file, row and both texts). */
export function throwOnDrift(problems: readonly DriftProblem[]): void {
  const first = problems[0];
  if (!first) return;
  const more = problems.length > 1 ? ` (…and ${problems.length - 1} more rows; run \`send-findings labels realign\`)` : "; run `send-findings labels realign`";
  const labelled = first.row.text.trim() !== "" ? `"${first.row.text}"` : `sha256 ${first.row.text_sha256.slice(0, 12)}…`;
  const msg =
    first.reason === "missing_sentence"
      ? `label for ${sentenceKey(first.row).replace(/\|/g, "/")} has no sentence in the reader's output (labelled text ${labelled})${more}`
      : `label text no longer matches the reader: labelled ${labelled}, reader now gives "${first.expected ?? ""}"${more}`;
  throw new InputError("E_LABEL_DRIFT", msg, { file: first.row.file, line: first.row.line });
}
