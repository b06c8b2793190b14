/** Where the repository lies on disk, for the files it ships (the model, the label data, the letters). */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in `pipeline/common/`). */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
