/**
 * Ingest stage: a path (or standard input) → normalised text. Text files are decoded as UTF-8
 * (BOM stripped, CRLF/CR → LF, Unicode NFC); PDFs go through `pdf.ts`, chosen by the "%PDF-"
 * signature in the bytes, never by the file name. Bad input is one `InputError` naming the file
 * and what is wrong; nothing here prints or exits.
 */
import { closeSync, openSync, readFileSync, readSync, type Stats, statSync } from "node:fs";
import { InputError } from "./errors.ts";
import { pdfToText } from "./pdf.ts";
import { readProcessStdin } from "./common/stdin.ts";

export interface SourceDocument {
  /** The path as given, or "-" for standard input: the name used in error messages. */
  source: string;
  text: string;
  format: "text" | "pdf";
  /** Page count of a PDF; null for text. */
  pages: number | null;
}

/** Largest text we read (10 MiB): inspection letters are 10–60 kB, so anything this big is not one. */
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;
/** Largest PDF we read (50 MiB): the 2023 reports are 170–350 kB. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
/** pdf.js accepts a header after up to 1 kB of leading junk, and so do we. */
const PDF_HEADER_WINDOW = 1024;

function isPdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, PDF_HEADER_WINDOW);
  outer: for (let i = 0; i + PDF_MAGIC.length <= head.length; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (head[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * The one-line refusal of an input over its size limit, naming the kind of input and the limit.
 * `size` null means "more than the limit" (standard input, which stops being read there).
 *
 * @example formatError(tooLarge("-", null, MAX_TEXT_BYTES, "a file of sentences")) // "send-findings: -: standard input is more than 10.0 MiB; the limit for a file of sentences is 10 MiB (10485760 bytes)"
 */
export function tooLarge(source: string, size: number | null, limit: number, kind: string, hint = ""): InputError {
  const what = source === "-" ? "standard input" : "file";
  const how = size === null ? `more than ${mib(limit)}` : mib(size);
  return new InputError("E_TOO_LARGE", `${what} is ${how}; the limit for ${kind} is ${limit / 1048576} MiB (${limit} bytes)${hint}`, { file: source });
}

const NOT_A_LETTER = ", so this is not one inspection letter";
/** For text that may be a list of sentences rather than a letter: where such a list has no limit. */
const NOT_A_LETTER_TEXT = `${NOT_A_LETTER}; for plain sentences, one per line, use classify --sentences (no size limit)`;

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes UTF-8 text: strips a BOM, turns CRLF and lone CR into LF, normalises to NFC. Throws
 * `InputError` E_TOO_LARGE over `MAX_TEXT_BYTES`, E_EMPTY for no bytes or only white space,
 * E_BINARY for NUL bytes or mostly control characters, and E_ENCODING for UTF-16 or invalid UTF-8
 * (with `line` set to the line of the first bad byte). `expected` says what the file should hold,
 * in those errors.
 *
 * @example decodeText(new TextEncoder().encode("\ufeffMain findings\r\n"), "a.txt") // "Main findings\n"
 */
export function decodeText(bytes: Uint8Array, source: string, expected = "the text of an inspection letter or report"): string {
  if (bytes.length > MAX_TEXT_BYTES) throw tooLarge(source, bytes.length, MAX_TEXT_BYTES, "a text letter", NOT_A_LETTER_TEXT);
  if (bytes.length === 0) throw new InputError("E_EMPTY", `file is empty; expected ${expected}`, { file: source });
  // UTF-16 text is full of NUL bytes: say what it is rather than calling it binary.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError("E_ENCODING", "file is UTF-16 text; save it as UTF-8", { file: source, line: 1 });
  }
  if (bytes.indexOf(0) >= 0) throw new InputError("E_BINARY", "file is binary (it contains NUL bytes), not text or PDF", { file: source });
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  if (control > sample.length * 0.1) throw new InputError("E_BINARY", "file looks binary (many control bytes), not text or PDF", { file: source });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const { line, offset } = firstInvalidUtf8(bytes);
    throw new InputError("E_ENCODING", `invalid UTF-8 at byte ${offset}; save the file as UTF-8`, { file: source, line });
  }
  text = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").normalize("NFC");
  if (text.trim() === "") throw new InputError("E_EMPTY", `file has only white space; expected ${expected}`, { file: source });
  return text;
}

/**
 * Byte offset and 1-based line of the first byte that is not part of a well-formed UTF-8
 * sequence (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), the same
 * rule `TextDecoder` applies, so the line named is the one it rejected.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; offset: number } {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    // [length, lowest and highest allowed second byte] by lead byte.
    const [len, lo, hi] =
      b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
      : b === 0xe0 ? [3, 0xa0, 0xbf]
      : b === 0xed ? [3, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
      : b === 0xf0 ? [4, 0x90, 0xbf]
      : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf]
      : b === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (len === 0) return { line, offset: i };
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c === undefined || c < min || c > max) return { line, offset: i };
    }
    i += len;
  }
  return { line, offset: i };
}

/**
 * Bytes → `SourceDocument`: a PDF (by its "%PDF-" signature) is extracted with `pdfToText`,
 * anything else is decoded as UTF-8 text. `source` names the file in errors.
 *
 * @example (await readSourceBytes(new TextEncoder().encode("Main findings\r\n"), "a.txt")).text // "Main findings\n"
 */
export async function readSourceBytes(bytes: Uint8Array, source: string): Promise<SourceDocument> {
  if (isPdf(bytes)) {
    if (bytes.length > MAX_PDF_BYTES) throw tooLarge(source, bytes.length, MAX_PDF_BYTES, "a PDF report", NOT_A_LETTER);
    const { text, pages } = await pdfToText(bytes, source);
    if (pages === 0) throw new InputError("E_PDF", "PDF has no pages; expected an inspection letter or report", { file: source });
    if (text.trim() === "") throw new InputError("E_PDF", "PDF has no text layer (a scanned image?); run OCR on it first", { file: source });
    return { source, text: text.normalize("NFC"), format: "pdf", pages };
  }
  return { source, text: decodeText(bytes, source), format: "text", pages: null };
}

/**
 * Reads at most `limit + 1` bytes of a file that is not a regular file (a pipe, a device such as
 * /dev/zero), whose size `stat` cannot tell: one byte over the limit is enough to refuse it.
 */
export function readAtMost(path: string, limit: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - size));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      size += n;
      if (size > limit) break;
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/** Why a file could not be opened or read, in words: "no such file", "cannot read the file (permission denied)", .... */
export function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "no such file" : code === "EACCES" ? "cannot read the file (permission denied)" : `cannot read the file (${code ?? "unknown error"})`;
}

/** How a bounded read words each refusal, for the kind of file being read. */
export interface BoundedReadRefusals {
  directory(): Error;
  /** Over the limit: by its size before reading (`size`), or while reading a pipe or device (null). */
  tooLarge(size: number | null): Error;
  /** The file cannot be opened or read (missing, permission denied, ...). */
  unreadable(e: unknown): Error;
}

/**
 * The bytes of a file that may be at most `limit` bytes: a regular file is refused by its size
 * before it is read; a pipe or device (/dev/zero), which has no size to check, is read one byte past
 * the limit at most. Every refusal is the caller's error (`refuse`), worded for its kind of file.
 */
export function readBounded(path: string, limit: number, refuse: BoundedReadRefusals): Buffer {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    throw refuse.unreadable(e);
  }
  if (stat.isDirectory()) throw refuse.directory();
  if (stat.isFile() && stat.size > limit) throw refuse.tooLarge(stat.size);
  let bytes: Buffer;
  try {
    bytes = stat.isFile() ? readFileSync(path) : readAtMost(path, limit);
  } catch (e) {
    throw refuse.unreadable(e);
  }
  if (bytes.length > limit) throw refuse.tooLarge(null);
  return bytes;
}

/** The first bytes of a file, enough to tell a PDF from text without reading all of it. */
function readHead(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(PDF_HEADER_WINDOW);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a path, or standard input for "-" (through `opts.readStdin`, else `process.stdin`), into
 * normalised text. Throws `InputError`: E_NOT_FOUND for a missing or unreadable path,
 * E_IS_DIRECTORY, E_TOO_LARGE before reading an oversized file, and whatever `decodeText` and
 * `pdfToText` refuse.
 *
 * @example (await readSource("data/letters/westminster-2020.txt")).format // "text"
 */
export async function readSource(path: string, opts?: { readStdin?: (maxBytes?: number) => Promise<Buffer> }): Promise<SourceDocument> {
  if (path === "-") {
    // Read no more than the larger (PDF) limit: what is over it is refused without the rest.
    const bytes = await (opts?.readStdin ?? readProcessStdin)(MAX_PDF_BYTES);
    if (bytes.length > MAX_PDF_BYTES) throw tooLarge("-", null, MAX_PDF_BYTES, "a letter or PDF report", NOT_A_LETTER_TEXT);
    return readSourceBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), "-");
  }
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError("E_IS_DIRECTORY", "is a directory; give the files in it (e.g. DIR/*.txt)", { file: path });
    // Refuse an oversized file before reading it: a 50 MB log should not be loaded to be rejected.
    if (stat.isFile() && stat.size > MAX_TEXT_BYTES) {
      if (!isPdf(readHead(path))) throw tooLarge(path, stat.size, MAX_TEXT_BYTES, "a text letter", NOT_A_LETTER_TEXT);
      if (stat.size > MAX_PDF_BYTES) throw tooLarge(path, stat.size, MAX_PDF_BYTES, "a PDF report", NOT_A_LETTER);
    }
    if (stat.isFile()) bytes = readFileSync(path);
    else {
      // A pipe or device (/dev/zero) has no size to check first: read one byte past the limit at most.
      bytes = readAtMost(path, MAX_PDF_BYTES);
      if (bytes.length > MAX_PDF_BYTES) throw tooLarge(path, null, MAX_PDF_BYTES, "a letter or PDF report", NOT_A_LETTER_TEXT);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("E_NOT_FOUND", `${unreadable(e)}; expected a text or PDF inspection letter`, { file: path });
  }
  return readSourceBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
