import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";

/**
 * The package version, stamped into model files and reports. Read from package.json at the
 * repository root rather than imported as JSON: a JSON import would be copied into the build
 * (dist/package.json, a stale second copy) and warns as experimental on Node 20.
 */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
