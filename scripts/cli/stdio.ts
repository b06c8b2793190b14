/**
 * Standard output and error for the process, written so that no failure goes unnoticed. Node's own
 * `process.stdout` ignores a short write to a file (a nearly full disk: the rest of the output is
 * lost and the run exits 0) and turns a write error into an uncaught 'error' event (a stack
 * trace). Here every byte is written with `writeSync` until all are out; a failure is an
 * `InputError` (one line, exit 1), and a reader that went away is `OutputClosed`, which the CLI
 * ends quietly, as `cat` does.
 */
import { writeSync } from "node:fs";
import { InputError } from "../../pipeline/errors.ts";
import { describeFsError } from "../../pipeline/common/atomic.ts";

/** Thrown when standard output's reader has gone (EPIPE: `send-findings … | head -1`). */
export class OutputClosed extends Error {
  constructor() {
    super("standard output was closed by its reader");
    this.name = "OutputClosed";
  }
}

/** Exit status after the reader of standard output went away: the shell's status for a process ended by SIGPIPE (128 + 13), which is what `cat` gives. */
export const EXIT_OUTPUT_CLOSED = 141;

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `chunk` to a file descriptor, synchronously: a short write is continued, EAGAIN
 * (a non-blocking pipe that is full) waits a millisecond and tries again. Throws `OutputClosed` on
 * EPIPE, and `InputError` E_OUTPUT naming `name` on any other failure (ENOSPC: `> /dev/full`).
 */
export function writeAll(fd: number, chunk: string | Uint8Array, name = "standard output"): void {
  const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") throw new OutputClosed();
      throw new InputError("E_OUTPUT", `cannot write: ${describeFsError(e)}; the output is incomplete`, { file: name });
    }
  }
}

/** Writes to standard error and ignores failures: there is nowhere left to report them. */
export function writeStderr(chunk: string): void {
  try {
    writeAll(2, chunk, "standard error");
  } catch {
    // Standard error closed or full: the exit status still tells the caller.
  }
}
