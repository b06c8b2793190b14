/**
 * Atomic file output: write to `<file>.tmp-<pid>` in the same directory, then rename, so a failed
 * or interrupted run never truncates a file the user had.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
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

/**
 * Writes a folder of files as one step: everything goes into `<dir>.tmp-<pid>` beside it, which
 * then replaces `dir` by rename (the old folder is removed only after the new one is in place). A
 * failed run leaves `dir` as it was. The caller decides whether an existing `dir` may be replaced.
 */
export function writeTreeAtomic(dir: string, files: readonly { path: string; data: string | Uint8Array }[]): void {
  const target = resolve(dir);
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  try {
    rmSync(tmp, { recursive: true, force: true });
    for (const f of files) {
      const p = resolve(tmp, f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.data);
    }
    if (existsSync(target)) {
      renameSync(target, old);
      try {
        renameSync(tmp, target);
      } catch (e) {
        renameSync(old, target);
        throw e;
      }
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const why = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    throw new InputError("E_OUTPUT", `cannot write output (${why}); nothing was changed`, { file: dir });
  }
}
