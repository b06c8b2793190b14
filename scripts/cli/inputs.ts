import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileModel, type CompiledModel } from "../../models/predict.ts";
import { loadModel } from "../../models/model-file.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { decodeText, MAX_TEXT_BYTES, readAtMost, tooLarge } from "../../pipeline/ingest.ts";
import { InputError } from "../../pipeline/errors.ts";
import type { Io } from "./types.ts";

/** The shipped model analysts use when they pass no --model. */
export const DEFAULT_MODEL = join(REPO_ROOT, "models/send-findings.json");

/** Loads and compiles the model named by --model (or the shipped one). */
export function openModel(path: string | undefined): CompiledModel {
  return compileModel(loadModel(path ?? DEFAULT_MODEL));
}

/** What a text input that is not a letter is, for its one-line errors. */
export interface TextInputKind {
  /** The kind of input, as the size refusal names it: "a file of sentences". */
  kind: string;
  /** What the file should hold: "a text file with one sentence per line". */
  expected: string;
  /** Largest input accepted, in bytes (default `MAX_TEXT_BYTES`). */
  limit?: number;
}

/**
 * The text of a file, or of standard input for "-", for inputs that are not letters (a sheet, a
 * list of sentences). An input over the limit is refused before it is read: a file by its size,
 * standard input once more than the limit has arrived (the rest is never read).
 */
export async function readTextInput(path: string, io: Io, what: TextInputKind): Promise<string> {
  const limit = what.limit ?? MAX_TEXT_BYTES;
  let bytes: Uint8Array;
  if (path === "-") {
    bytes = await io.readStdin(limit);
    if (bytes.length > limit) throw tooLarge("-", null, limit, what.kind);
  } else {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw new InputError("E_IS_DIRECTORY", `is a directory; expected ${what.expected}`, { file: path });
      if (stat.isFile() && stat.size > limit) throw tooLarge(path, stat.size, limit, what.kind);
      bytes = stat.isFile() ? readFileSync(path) : readAtMost(path, limit);
      if (bytes.length > limit) throw tooLarge(path, null, limit, what.kind);
    } catch (e) {
      if (e instanceof InputError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError("E_NOT_FOUND", `${code === "ENOENT" ? "no such file" : code === "EACCES" ? "cannot read the file (permission denied)" : `cannot read the file (${code ?? "unknown error"})`}; expected ${what.expected}`, { file: path });
    }
  }
  return decodeText(bytes, path, what.expected);
}

/** Plain sentences, one per non-empty line, from a file or standard input. */
export async function readSentenceLines(path: string, io: Io): Promise<string[]> {
  return (await readTextInput(path, io, { kind: "a file of sentences", expected: "a text file with one sentence per line" }))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}
