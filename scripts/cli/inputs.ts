import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileModel, type CompiledModel } from "../../models/predict.ts";
import { loadModel } from "../../models/model-file.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { decodeText } from "../../pipeline/ingest.ts";
import { InputError } from "../../pipeline/errors.ts";
import type { Io } from "./types.ts";

/** The shipped model analysts use when they pass no --model. */
export const DEFAULT_MODEL = join(REPO_ROOT, "models/send-findings.json");

/** Loads and compiles the model named by --model (or the shipped one). */
export function openModel(path: string | undefined): CompiledModel {
  return compileModel(loadModel(path ?? DEFAULT_MODEL));
}

/**
 * The text of a file, or of standard input for "-", for inputs that are not letters (a sheet, a
 * list of sentences): `expected` says what the file should hold in the one-line errors.
 */
export async function readTextInput(path: string, io: Io, expected: string): Promise<string> {
  let bytes: Uint8Array;
  if (path === "-") bytes = await io.readStdin();
  else {
    try {
      bytes = readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(code === "EISDIR" ? "E_IS_DIRECTORY" : "E_NOT_FOUND", `${code === "EISDIR" ? "is a directory" : "no such file"}; expected ${expected}`, { file: path });
    }
  }
  return decodeText(bytes, path, expected);
}

/** Plain sentences, one per non-empty line, from a file or standard input. */
export async function readSentenceLines(path: string, io: Io): Promise<string[]> {
  return (await readTextInput(path, io, "a text file with one sentence per line"))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}
