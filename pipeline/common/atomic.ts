/**
 * Atomic file output: write to `<file>.tmp-<pid>` in the same directory, then rename, so a failed
 * or interrupted run never truncates a file the user had.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../errors.ts";

/** Writes `data` to `path` atomically (temporary file + rename); creates the parent directory. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const why = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    throw new InputError("E_OUTPUT", `cannot write output (${why}); nothing was changed`, { file: path });
  }
}

/** Throws when `out` would overwrite one of the run's input files. */
export function assertNotAnInput(out: string, inputs: readonly string[]): void {
  const target = resolve(out);
  if (inputs.some((i) => i !== "-" && resolve(i) === target)) {
    throw new InputError("E_OUTPUT", "--out names one of the input files; refusing to overwrite it", { file: out });
  }
}
