/**
 * Safe file output. `writeFileAtomic` writes to `<file>.tmp-<pid>` in the same directory, flushes
 * it to disk, then renames it over the target, so a failed or interrupted run never truncates a
 * file the user had. `assertNotAnInput` is the one guard every writing command uses: an output may
 * not be any file the run reads, compared by real path and by device + inode, so neither a symbolic
 * link (to the file, to a folder above it, or at `--out` itself) nor a hard link gets round it.
 */
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.ts";

/** What an operating-system error code means, in the words of a one-line message. */
const WHY: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  EISDIR: "it is a directory",
  ENOTDIR: "a folder in the path is a file",
  EEXIST: "a file is in the way of a folder in the path",
  EIO: "input/output error",
  EFBIG: "file too large for the file system",
  ENAMETOOLONG: "the name is too long",
};

/** A short phrase for an error thrown by `node:fs` ("no space left on the device (ENOSPC)"). */
export function describeFsError(e: unknown): string {
  const code = e instanceof Error && "code" in e ? String((e as NodeJS.ErrnoException).code) : undefined;
  if (code === undefined) return e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e);
  return WHY[code] ? `${WHY[code]} (${code})` : code;
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it, `fsync`, then `rename`. Creates
 * the parent folder. When `path` is a symbolic link, the file it points to is replaced and the
 * link kept. Keeps the mode (permissions) of the file it replaces. Before writing, removes this
 * tool's own temporary files for the same target left by a run that was killed (their process id
 * no longer runs). Throws `InputError` E_OUTPUT, with the reason, when anything fails; the
 * target is then unchanged and no temporary file is left.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = openFileAtomic(path);
  file.write(data);
  file.commit();
}

/** An output written a chunk at a time (`openFileAtomic`): the target changes only at `commit`. */
export interface AtomicFile {
  /** Appends to the temporary file; on failure removes it and throws `InputError` E_OUTPUT. */
  write(data: string | Uint8Array): void;
  /** Flushes the temporary file to disk and renames it over the target. */
  commit(): void;
  /** Removes the temporary file, leaving the target as it was (safe to call more than once). */
  abort(): void;
}

/**
 * `writeFileAtomic` for output that is produced as it goes (`classify --sentences` on a file of
 * any size): the temporary file is opened now, written chunk by chunk, and renamed over the target
 * by `commit`; `abort` (or any failure) removes it and leaves the target unchanged. The same
 * guarantees and errors as `writeFileAtomic`.
 */
export function openFileAtomic(path: string): AtomicFile {
  let target = path;
  let tmp: string | undefined;
  let fd: number | undefined;
  const abort = () => {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already failing: the temporary file goes next either way.
      }
      fd = undefined;
    }
    if (tmp !== undefined) rmSync(tmp, { force: true });
    tmp = undefined;
  };
  const fail = (e: unknown): never => {
    abort();
    if (e instanceof InputError) throw e;
    throw new InputError("E_OUTPUT", `cannot write output: ${describeFsError(e)}; nothing was changed`, { file: path });
  };
  try {
    target = followLink(path);
    const existing = statOrNull(target);
    // A device, pipe or folder is never replaced by a file (as root, renaming over /dev/null would).
    if (existing !== null && !existing.isFile()) {
      throw new InputError("E_OUTPUT", `is not a regular file (${existing.isDirectory() ? "a folder" : "a device, pipe or socket"}); give a file name to write, or leave out --out to write to standard output`, { file: path });
    }
    mkdirSync(dirname(resolve(target)), { recursive: true });
    sweepStaleTemporaries(target);
    tmp = `${target}.tmp-${process.pid}`;
    // "wx" (O_EXCL) never follows a link planted at the temporary name; one left by an earlier
    // process with this id goes first.
    rmSync(tmp, { force: true });
    fd = openSync(tmp, "wx", existing === null ? 0o666 : existing.mode & 0o7777);
  } catch (e) {
    fail(e);
  }
  return {
    write(data) {
      if (fd === undefined) throw new Error("openFileAtomic: write after commit or abort");
      try {
        writeFileSync(fd, data);
      } catch (e) {
        fail(e);
      }
    },
    commit() {
      if (fd === undefined || tmp === undefined) throw new Error("openFileAtomic: commit after commit or abort");
      try {
        // The data must be on disk before the rename makes it the file: otherwise a power cut
        // right after the rename can leave the user an empty file in place of the old one.
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        renameSync(tmp, target);
        tmp = undefined;
      } catch (e) {
        fail(e);
      }
    },
    abort,
  };
}

/** The file a symbolic link at `path` finally names (links followed); `path` itself otherwise. */
function followLink(path: string): string {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return path;
  }
  if (!st.isSymbolicLink()) return path;
  try {
    return realpathSync(path);
  } catch {
    throw new InputError("E_OUTPUT", "is a symbolic link to a file that does not exist (or a loop of links); give the real path to write", { file: path });
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Removes `<target>.tmp-<pid>` files whose process is gone: what a run killed between writing and
 * renaming leaves (SIGKILL or a power cut cannot be caught, so they are swept on the next write
 * instead). A live process's file, or another process's with a reused id, is left alone.
 */
export function sweepStaleTemporaries(target: string): string[] {
  const dir = dirname(resolve(target));
  const prefix = `${basename(target)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = name.slice(prefix.length);
    if (!/^[1-9]\d{0,9}$/.test(pid) || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    const file = join(dir, name);
    try {
      // Only plain files: never follow or remove a link or folder that happens to match the name.
      if (!lstatSync(file).isFile()) continue;
      rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Another run swept it first, or it cannot be removed: neither stops this write.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One input of a run, and what it is in words (for the message when an output would replace it). */
export interface RunInput {
  path: string;
  /** "a letter", "the model", "a label file", "the config"… */
  what: string;
}

interface FileIdentity {
  real: string;
  stat: Stats | null;
}

/** The real path of `path` and its stat, for a file that may not exist yet (its nearest existing folder is resolved). */
function identify(path: string): FileIdentity {
  const abs = resolve(path);
  const stat = statOrNull(abs);
  try {
    return { real: realpathSync(abs), stat };
  } catch {
    // Not there (or a dangling link): resolve the folders that exist, keep the rest as written.
    const rest: string[] = [];
    let dir = abs;
    for (;;) {
      rest.unshift(basename(dir));
      const up = dirname(dir);
      if (up === dir) return { real: abs, stat };
      dir = up;
      try {
        return { real: join(realpathSync(dir), ...rest), stat };
      } catch {
        // keep climbing
      }
    }
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.real === b.real) return true;
  return a.stat !== null && b.stat !== null && a.stat.dev === b.stat.dev && a.stat.ino === b.stat.ino;
}

/**
 * Throws `InputError` E_OUTPUT when writing `out` would replace one of the run's inputs: the same
 * real path (symbolic links followed, at the file, at a folder above it, or at `out` itself) or
 * the same device and inode (a hard link). `-` (standard input) is skipped. Inputs are plain paths
 * or `RunInput`s that say what the file is; `flag` names the option in the message.
 *
 * @example assertNotAnInput("m.json", [{ path: "m.json", what: "the model (--model)" }]) // throws "--out names one of the input files of this run: the model (--model) m.json; refusing…"
 */
export function assertNotAnInput(out: string, inputs: readonly (string | RunInput)[], flag = "--out"): void {
  const target = identify(out);
  for (const input of inputs) {
    const { path, what } = typeof input === "string" ? { path: input, what: "an input" } : input;
    if (path === "-") continue;
    const source = identify(path);
    if (sameFile(target, source)) {
      const via = resolve(out) === resolve(path) ? "" : " (the same file by another path or link)";
      throw new InputError("E_OUTPUT", `${flag} names one of the input files of this run: ${what} ${path}${via}; refusing to overwrite it; choose another ${flag}`, { file: out });
    }
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
