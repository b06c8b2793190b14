/**
 * Reading a model file's text, apart from checking it (`model-file.ts`, which loads zod): a run that
 * shares its work with worker threads reads the text first and starts them with it, so they start
 * up while this thread loads the checker and checks the very same bytes.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { ModelError } from "../pipeline/errors.ts";
import { readAtMost } from "../pipeline/ingest.ts";

/** The shipped model, used when no --model is given. */
export const SHIPPED_MODEL = join(REPO_ROOT, "models/send-findings.json");

/** Largest model file read (256 MiB): the shipped model is 1.5 MB. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** The text of a model file, unchecked (`parseModel` checks it); a missing, oversized or unreadable file is a one-line `ModelError`. */
export function readModelText(path: string): string {
  if (!existsSync(path)) throw new ModelError("E_MODEL", "model file not found; train one with `send-findings train` or pass --model", { file: path });
  const stat = statSync(path);
  if (stat.isDirectory()) throw new ModelError("E_MODEL", "is a directory; expected a model .json file", { file: path });
  if (stat.isFile() && stat.size > MAX_MODEL_BYTES) throw new ModelError("E_MODEL", `file is ${(stat.size / 1048576).toFixed(1)} MiB; the limit for a model file is ${MAX_MODEL_BYTES / 1048576} MiB, so this is not one`, { file: path });
  let bytes: Buffer;
  try {
    // A pipe or device (/dev/zero) has no size to check: read one byte past the limit at most.
    bytes = stat.isFile() ? readFileSync(path) : readAtMost(path, MAX_MODEL_BYTES);
  } catch (e) {
    throw new ModelError("E_MODEL", `cannot read the file (${(e as NodeJS.ErrnoException).code ?? "unknown error"}); expected a model .json file`, { file: path });
  }
  if (bytes.length > MAX_MODEL_BYTES) throw new ModelError("E_MODEL", `more than ${MAX_MODEL_BYTES / 1048576} MiB; the limit for a model file is ${MAX_MODEL_BYTES / 1048576} MiB, so this is not one`, { file: path });
  return bytes.toString("utf8");
}

