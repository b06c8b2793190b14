/** Where the repository lies on disk, for the files it ships (the model, the label data, the letters). */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Repository root. This file lives in `pipeline/common/`, or, in the build the bin runs, in
 * `dist/pipeline/common/` as a `.js` file: one folder further down.
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL(import.meta.url.endsWith(".js") ? "../../.." : "../..", import.meta.url)));
