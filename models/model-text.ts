/**
 * Reading a model file's text, apart from checking it (`model-file.ts`, which loads zod): a run that
 * shares its work with worker threads reads the text first and starts them with it, so they start
 * up while this thread loads the checker and checks the very same bytes.
 */
import { join } from "node:path";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { ModelError } from "../pipeline/errors.ts";
import { readBounded } from "../pipeline/ingest.ts";

/** The shipped model, used when no --model is given. */
export const SHIPPED_MODEL = join(REPO_ROOT, "models/send-findings.json");

/** Largest model file read (256 MiB): the shipped model is 1.5 MB. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** The text of a model file, unchecked (`parseModel` checks it); a missing, oversized or unreadable file is a one-line `ModelError`. */
export function readModelText(path: string): string {
  const limit = `the limit for a model file is ${MAX_MODEL_BYTES / 1048576} MiB, so this is not one`;
  return readBounded(path, MAX_MODEL_BYTES, {
    directory: () => new ModelError("E_MODEL", "is a directory; expected a model .json file", { file: path }),
    tooLarge: (size) => new ModelError("E_MODEL", `${size === null ? `more than ${MAX_MODEL_BYTES / 1048576} MiB` : `file is ${(size / 1048576).toFixed(1)} MiB`}; ${limit}`, { file: path }),
    unreadable: (e) =>
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? new ModelError("E_MODEL", "model file not found; train one with `send-findings train` or pass --model", { file: path })
        : new ModelError("E_MODEL", `cannot read the file (${(e as NodeJS.ErrnoException).code ?? "unknown error"}); expected a model .json file`, { file: path }),
  }).toString("utf8");
}
