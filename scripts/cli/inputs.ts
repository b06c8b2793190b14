import { closeSync, openSync, readSync, statSync } from "node:fs";
import { compileModel, type CompiledModel } from "../../models/predict.ts";
import { loadModel } from "../../models/model-file.ts";
import { SHIPPED_MODEL } from "../../models/model-text.ts";
import { decodeText, MAX_TEXT_BYTES, readBounded, tooLarge, unreadable } from "../../pipeline/ingest.ts";
import { InputError } from "../../pipeline/errors.ts";
import type { Io } from "./types.ts";

/** The shipped model analysts use when they pass no --model. */
export const DEFAULT_MODEL = SHIPPED_MODEL;

/** Loads and compiles the model named by --model (or the shipped one). */
export function openModel(path: string | undefined): CompiledModel {
  return compileModel(loadModel(path ?? DEFAULT_MODEL));
}

/** What a text input that is not a letter is, for its one-line errors. */
export interface TextInputKind {
  /** The kind of input, as the size refusal names it: "a labelling sheet". */
  kind: string;
  /** What the file should hold: "a labelling sheet (CSV with sid and sentiment columns)". */
  expected: string;
  /** Largest input accepted, in bytes (default `MAX_TEXT_BYTES`). */
  limit?: number;
}

/**
 * The text of a file, or of standard input for "-", for inputs that are not letters and are read
 * whole (a labelling sheet; a file of sentences is streamed by `sentenceBytes` instead). An input
 * over the limit is refused before it is read: a file by its size, standard input once more than
 * the limit has arrived (the rest is never read).
 */
export async function readTextInput(path: string, io: Io, what: TextInputKind): Promise<string> {
  const limit = what.limit ?? MAX_TEXT_BYTES;
  let bytes: Uint8Array;
  if (path === "-") {
    bytes = await io.readStdin(limit);
    if (bytes.length > limit) throw tooLarge("-", null, limit, what.kind);
  } else {
    bytes = readBounded(path, limit, {
      directory: () => new InputError("E_IS_DIRECTORY", `is a directory; expected ${what.expected}`, { file: path }),
      tooLarge: (size) => tooLarge(path, size, limit, what.kind),
      unreadable: (e) => cannotRead(path, e, what.expected),
    });
  }
  return decodeText(bytes, path, what.expected);
}

/** Bytes read at a time from a file of sentences: large enough that a batch amortises the per-batch work. */
const CHUNK_BYTES = 1 << 20;

function cannotRead(path: string, e: unknown, expected: string): InputError {
  return new InputError("E_NOT_FOUND", `${unreadable(e)}; expected ${expected}`, { file: path });
}

/**
 * The bytes of a file of sentences, or of standard input for "-", a chunk at a time, each read
 * only when the one before has been consumed: nothing limits the size, and nothing is held but
 * the chunk. A file's chunks share one buffer (consume each before asking for the next). Throws
 * `InputError` for a folder or a file that cannot be opened or read.
 */
export async function* sentenceBytes(path: string, io: Io, expected = "a text file with one sentence per line"): AsyncGenerator<Uint8Array> {
  if (path === "-") {
    if (io.stdinChunks) yield* io.stdinChunks();
    else yield await io.readStdin();
    return;
  }
  let fd: number;
  try {
    if (statSync(path).isDirectory()) throw new InputError("E_IS_DIRECTORY", `is a directory; expected ${expected}`, { file: path });
    fd = openSync(path, "r");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(path, e, expected);
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        throw cannotRead(path, e, expected);
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
