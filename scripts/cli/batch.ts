/**
 * Batches of documents for parse, classify, summary and report: folders expanded to their letters,
 * one document read at a time with progress on stderr, and `--keep-going` (a file that cannot be
 * read is reported and skipped; without it the first bad file stops the run before anything is
 * written).
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatError, InputError, isSendFindingsError } from "../../pipeline/errors.ts";
import { readLetter } from "../../pipeline/index.ts";
import type { LetterDocument } from "../../pipeline/schema.ts";
import type { CommandContext, Io } from "./types.ts";

/** File names a folder contributes: letters and reports as text or PDF. */
const LETTER_FILE = /\.(pdf|txt)$/i;

/**
 * Returns the input paths with each folder replaced by its `.pdf` and `.txt` files (not its
 * sub-folders), sorted by name; a path given twice is read once. Paths that do not exist are kept
 * as they are, for the reader to report. Throws `InputError` for a folder with no such file.
 *
 * @example expandInputs(["data/letters"]) // ["data/letters/city-of-london-2018.txt", …, "data/letters/westminster-2020.txt"]
 */
export function expandInputs(paths: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = p === "-" ? "-" : resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = p !== "-" && statSync(p).isDirectory();
    } catch {
      // Missing or unreadable: the reader reports it with the right code.
    }
    if (!isDir) {
      add(p);
      continue;
    }
    const names = readdirSync(p, { withFileTypes: true })
      .filter((e) => LETTER_FILE.test(e.name) && (e.isFile() || (e.isSymbolicLink() && statSync(join(p, e.name), { throwIfNoEntry: false })?.isFile())))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) throw new InputError("E_IS_DIRECTORY", "folder holds no .pdf or .txt files; expected letters or reports (text or PDF), or a folder of them", { file: p });
    for (const n of names) add(join(p, n));
  }
  return out;
}

/** Work shorter than this shows no progress: a counter that flashes by is noise. */
const PROGRESS_AFTER_MS = 1000;

/**
 * Progress on stderr for one batch. Silent for the first second; after that, a counter rewritten
 * in place when stderr is a terminal, or one line per document otherwise (the lines of documents
 * finished in the first second are written then, so a log still has every document). Nothing with
 * --quiet. Warnings go through `note`, which keeps them from being overwritten by the counter.
 */
export class Progress {
  private readonly started: number;
  /** Lines held back in the first second, in order; `step` lines are dropped if progress is never shown. */
  private readonly pending: { line: string; step: boolean }[] = [];
  private shown = false;
  private counter = "";

  constructor(
    private readonly io: Io,
    private readonly quiet: boolean,
    private readonly total: number,
  ) {
    this.started = this.now();
  }

  private now(): number {
    return this.io.now ? this.io.now() : performance.now();
  }

  /** True once progress has been shown (the run took over a second). */
  get wasShown(): boolean {
    return this.shown;
  }

  /** Reports document `index` (0-based) as done, with a short note ("122 sentences"). */
  step(index: number, path: string, note: string): void {
    if (this.quiet) return;
    const line = `send-findings: [${index + 1}/${this.total}] ${path}: ${note}`;
    if (!this.shown && this.now() - this.started < PROGRESS_AFTER_MS) {
      this.pending.push({ line, step: true });
      return;
    }
    const tty = this.io.stderrIsTTY === true;
    if (!this.shown) {
      this.shown = true;
      for (const p of this.pending.splice(0)) if (!(tty && p.step)) this.io.stderr(`${p.line}\n`);
    }
    if (tty) {
      this.counter = `send-findings: ${index + 1}/${this.total} documents (${path})`;
      this.io.stderr(`\r\x1b[K${this.counter}`);
    } else this.io.stderr(`${line}\n`);
  }

  /** Writes a warning or error line (in order with the progress lines, never overwritten by the counter). */
  note(line: string, always = false): void {
    if (this.quiet && !always) return;
    if (!this.shown) {
      this.pending.push({ line, step: false });
      return;
    }
    if (this.counter !== "") this.io.stderr("\r\x1b[K");
    this.io.stderr(`${line}\n`);
    if (this.counter !== "") this.io.stderr(this.counter);
  }

  /** Writes what is still held back (warnings of a run too short for progress) and clears the counter; call before the run's last line. */
  finish(): void {
    for (const p of this.pending.splice(0)) if (!p.step) this.io.stderr(`${p.line}\n`);
    if (this.counter !== "") this.io.stderr("\r\x1b[K");
    this.counter = "";
  }
}

export interface Skipped {
  path: string;
  /** The one-line error, as printed. */
  line: string;
  /** What was wrong, without the file name: "file is empty; expected …". */
  reason: string;
}

export interface BatchResult<T> {
  results: T[];
  skipped: Skipped[];
  progress: Progress;
}

/**
 * Reads each input in turn (folders expanded), calls `each` on the parsed document and collects
 * what it returns; `each` also returns the progress note, and writes its warnings with `progress.note`
 * (`warned: true` when it has said all the reader's warnings would). With `keepGoing`, a file that cannot be
 * read (an `InputError`) is reported on stderr, even with --quiet, and skipped; without it the
 * error propagates and the run stops. Reader warnings are written as warnings.
 */
export async function forEachDocument<T>(
  ctx: Pick<CommandContext, "io" | "quiet">,
  paths: readonly string[],
  keepGoing: boolean,
  each: (doc: LetterDocument, path: string, progress: Progress) => { result: T; note: string; warned?: boolean },
): Promise<BatchResult<T>> {
  const { io, quiet } = ctx;
  const inputs = expandInputs(paths);
  const progress = new Progress(io, quiet, inputs.length);
  const results: T[] = [];
  const skipped: Skipped[] = [];
  for (const [i, path] of inputs.entries()) {
    let doc: LetterDocument;
    try {
      doc = await readLetter(path, { readStdin: io.readStdin });
    } catch (e) {
      if (!keepGoing || !isSendFindingsError(e)) throw e;
      const line = `${formatError(e)} (skipped)`;
      skipped.push({ path, line, reason: `${e.line === undefined ? "" : `line ${e.line}: `}${e.message}` });
      progress.note(line, true);
      progress.step(i, path, "skipped");
      continue;
    }
    const { result, note, warned } = each(doc, path, progress);
    if (warned !== true) for (const w of doc.warnings) progress.note(`send-findings: ${path}: warning: ${w}`);
    results.push(result);
    progress.step(i, path, note);
  }
  progress.finish();
  return { results, skipped, progress };
}

/** The exit code of a batch: 1 when --keep-going skipped a file (what could be read was still written), else 0. */
export function batchExitCode(skipped: readonly Skipped[]): number {
  return skipped.length > 0 ? 1 : 0;
}

/** " (2 files skipped)" for the last line, or nothing. */
export function skippedNote(skipped: readonly Skipped[]): string {
  return skipped.length === 0 ? "" : `; ${skipped.length} file${skipped.length === 1 ? "" : "s"} skipped (see above)`;
}
