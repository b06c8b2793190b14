/**
 * Plain sentences, one per line, decoded as the bytes arrive (`classify --sentences FILE|-`): no
 * limit on the input's size, and memory that stays flat whatever it is, because only the line
 * being read is ever held back. The sentences are the ones `decodeText` followed by
 * `split("\n")`, `trim()` and dropping empty lines gives for the whole input (BOM stripped, CRLF
 * and lone CR as line ends, Unicode NFC), and a bad input gets the same one-line errors, checked
 * in the same order on the first 8 kB: empty, UTF-16, NUL bytes, mostly control bytes, invalid
 * UTF-8 (with the byte offset and the line). Later chunks are checked as they come, so a NUL byte
 * or a bad UTF-8 sequence after the first megabyte is reported when it is reached.
 */
import { InputError } from "./errors.ts";
import { firstInvalidUtf8 } from "./ingest.ts";

/**
 * Longest line accepted (1 MiB): a sentence is rarely over 1 kB, and the line is the one thing held
 * in memory, so a file with no line breaks at all is refused here instead of filling memory.
 */
export const MAX_SENTENCE_LINE_BYTES = 1024 * 1024;

/** How many of the first bytes are looked at to call the input binary (as `decodeText` does). */
const SNIFF_BYTES = 8192;

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Turns chunks of bytes into sentences: `push` each chunk as it arrives, then `end`. Each call
 * returns the sentences completed so far, in order. Throws `InputError` naming `source` for bad
 * input; `expected` says, in those errors, what the input should hold.
 *
 * @example
 * const d = new SentenceLineDecoder("-");
 * d.push(new TextEncoder().encode("One.\r\n  Two")); // ["One."]
 * d.end(); // ["Two"]
 */
export class SentenceLineDecoder {
  /** Bytes not yet decoded: the start of a line whose end has not arrived (or, before the sniff, the whole head). */
  private pending: Uint8Array = new Uint8Array(0);
  private sniffed = false;
  /** Bytes before `pending`, for the offset in an encoding error. */
  private offset = 0;
  /** 1-based line at the start of `pending` (line feeds counted, as `firstInvalidUtf8` does). */
  private line = 1;
  private bytes = 0;
  private count = 0;

  private readonly source: string;
  private readonly expected: string;

  constructor(source: string, expected = "a text file with one sentence per line") {
    this.source = source;
    this.expected = expected;
  }

  /** Sentences read so far. */
  get sentences(): number {
    return this.count;
  }

  /** Takes the next chunk; returns the sentences of the lines it completed. */
  push(chunk: Uint8Array): string[] {
    if (chunk.length === 0) return [];
    this.bytes += chunk.length;
    if (this.sniffed && chunk.indexOf(0) >= 0) throw this.binary();
    const data = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    if (!this.sniffed) {
      if (data.length < SNIFF_BYTES) {
        // A copy: the caller may reuse its chunk's buffer for the next read.
        this.pending = data === chunk ? new Uint8Array(chunk) : data;
        return [];
      }
      this.sniff(data);
    }
    // Decode up to the last line end; what follows it waits for the rest of its line.
    const cut = Math.max(data.lastIndexOf(LF), data.lastIndexOf(CR)) + 1;
    const out = cut === 0 ? [] : this.decode(data.subarray(0, cut));
    // A copy of the unfinished line (short), not a view that would keep the chunk alive or see it reused.
    this.pending = new Uint8Array(data.subarray(cut));
    if (this.pending.length > MAX_SENTENCE_LINE_BYTES) throw this.lineTooLong();
    return out;
  }

  /** The input has ended: returns the last line's sentence, or throws E_EMPTY if there was none at all. */
  end(): string[] {
    if (this.bytes === 0) throw new InputError("E_EMPTY", `file is empty; expected ${this.expected}`, { file: this.source });
    if (!this.sniffed) this.sniff(this.pending);
    const rest = this.pending.length === 0 ? [] : this.decode(this.pending);
    this.pending = new Uint8Array(0);
    if (this.count === 0) throw new InputError("E_EMPTY", `file has only white space; expected ${this.expected}`, { file: this.source });
    return rest;
  }

  /** The checks `decodeText` makes on the start of a file, in its order. */
  private sniff(head: Uint8Array): void {
    this.sniffed = true;
    // UTF-16 text is full of NUL bytes: say what it is rather than calling it binary.
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new InputError("E_ENCODING", "file is UTF-16 text; save it as UTF-8", { file: this.source, line: 1 });
    }
    if (head.indexOf(0) >= 0) throw this.binary();
    const sample = head.subarray(0, SNIFF_BYTES);
    let control = 0;
    for (const b of sample) if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
    if (control > sample.length * 0.1) throw new InputError("E_BINARY", "file looks binary (many control bytes), not text or PDF", { file: this.source });
  }

  /** Whole lines (`bytes`, ending at a line end or at the end of the input) → their sentences. */
  private decode(bytes: Uint8Array): string[] {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      throw new InputError("E_ENCODING", `invalid UTF-8 at byte ${this.offset + at.offset}; save the file as UTF-8`, { file: this.source, line: this.line + at.line - 1 });
    }
    this.offset += bytes.length;
    for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) this.line++;
    // As decodeText then split("\n"): CR and CRLF end lines too, NFC, then each line trimmed (which
    // also drops a BOM). NFC never joins characters across a line end, so line by line is the same.
    const out: string[] = [];
    // Both steps are skipped where they cannot change anything: no CR byte, or only ASCII (which
    // is NFC), seen as one UTF-16 unit per byte.
    if (bytes.indexOf(CR) >= 0) text = text.replace(/\r\n?/g, "\n");
    if (text.length !== bytes.length) text = text.normalize("NFC");
    for (const raw of text.split("\n")) {
      const s = raw.trim();
      if (s !== "") out.push(s);
    }
    this.count += out.length;
    return out;
  }

  private binary(): InputError {
    return new InputError("E_BINARY", "file is binary (it contains NUL bytes), not text or PDF", { file: this.source });
  }

  /** The line held in `pending` (it starts at `line`) has grown past the limit. */
  private lineTooLong(): InputError {
    const line = this.line;
    const limit = MAX_SENTENCE_LINE_BYTES;
    return new InputError("E_TOO_LARGE", `line is more than ${limit / 1048576} MiB long; the limit for a line of a file of sentences (one sentence) is ${limit / 1048576} MiB (${limit} bytes)`, { file: this.source, line });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
