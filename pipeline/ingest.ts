/**
 * Ingest stage: a path (or standard input) → normalised text. Text files are decoded as UTF-8
 * (BOM stripped, CRLF/CR → LF, Unicode NFC); PDFs go through `pdf.ts`. Bad input is one
 * `InputError` naming the file and what is wrong.
 */
import { readFileSync, statSync } from "node:fs";
import { InputError } from "./errors.ts";
import { pdfToText } from "./pdf.ts";

export interface SourceDocument {
  source: string;
  text: string;
  format: "text" | "pdf";
  pages: number | null;
}

/** Largest text we read: inspection letters are 10–60 kB; anything this big is not one. */
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;
/** Largest PDF we read. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

function isPdf(bytes: Uint8Array): boolean {
  // The header may follow a few bytes of junk; pdf.js accepts it within the first 1 kB.
  const head = bytes.subarray(0, 1024);
  outer: for (let i = 0; i + PDF_MAGIC.length <= head.length; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (head[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes UTF-8 text: strips a BOM, turns CRLF and CR into LF, normalises to NFC. Throws for an
 * empty file, binary data, invalid UTF-8 (naming the line of the first bad byte) or a file over
 * `MAX_TEXT_BYTES`.
 *
 * @example decodeText(new TextEncoder().encode("\ufeffMain findings\r\n"), "a.txt") // "Main findings\n"
 */
export function decodeText(bytes: Uint8Array, source: string): string {
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new InputError("E_TOO_LARGE", `file is ${(bytes.length / 1048576).toFixed(1)} MB; the limit for a text letter is ${MAX_TEXT_BYTES / 1048576} MB (is this really one inspection letter?)`, { file: source });
  }
  if (bytes.length === 0) throw new InputError("E_EMPTY", "file is empty; expected the text of an inspection letter or report", { file: source });
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw new InputError("E_BINARY", "file is binary (contains NUL bytes), not text or PDF", { file: source });
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (control > sample.length * 0.1) throw new InputError("E_BINARY", "file looks binary (many control bytes), not text or PDF", { file: source });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const { line, offset } = firstInvalidUtf8(bytes);
    throw new InputError("E_ENCODING", `invalid UTF-8 at byte ${offset}; save the file as UTF-8`, { file: source, line });
  }
  text = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").normalize("NFC");
  if (text.trim() === "") throw new InputError("E_EMPTY", "file has only white space; expected the text of an inspection letter or report", { file: source });
  return text;
}

/** Byte offset and 1-based line of the first invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; offset: number } {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return { line, offset: i };
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { line, offset: i };
    }
    i += need + 1;
  }
  return { line, offset: i };
}

/** Bytes → text (PDF or UTF-8 text, sniffed from the content, not the file name). */
export async function readSourceBytes(bytes: Uint8Array, source: string): Promise<SourceDocument> {
  if (isPdf(bytes)) {
    if (bytes.length > MAX_PDF_BYTES) throw new InputError("E_TOO_LARGE", `PDF is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${MAX_PDF_BYTES / 1048576} MB`, { file: source });
    const { text, pages } = await pdfToText(bytes, source);
    if (text.trim() === "") throw new InputError("E_PDF", "PDF has no text layer (a scanned image?); run OCR first", { file: source });
    return { source, text: text.normalize("NFC"), format: "pdf", pages };
  }
  return { source, text: decodeText(bytes, source), format: "text", pages: null };
}

/**
 * Reads a path, or standard input for "-", into normalised text. Throws `InputError` for a missing
 * path, a directory, and everything `decodeText` and `pdfToText` refuse.
 */
export async function readSource(path: string, opts?: { readStdin?: () => Promise<Buffer> }): Promise<SourceDocument> {
  if (path === "-") {
    if (!opts?.readStdin) throw new InputError("E_NOT_FOUND", "standard input is not available here", { file: "-" });
    return readSourceBytes(new Uint8Array(await opts.readStdin()), "-");
  }
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError("E_NOT_FOUND", "no such file", { file: path });
  }
  if (stat.isDirectory()) throw new InputError("E_IS_DIRECTORY", "is a directory; give the files in it (e.g. DIR/*.txt)", { file: path });
  if (stat.size > Math.max(MAX_TEXT_BYTES, MAX_PDF_BYTES)) {
    throw new InputError("E_TOO_LARGE", `file is ${(stat.size / 1048576).toFixed(1)} MB; too large to be an inspection letter or report`, { file: path });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError("E_NOT_FOUND", `cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`, { file: path });
  }
  return readSourceBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
