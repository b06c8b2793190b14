// Loaded with `node --import` by test/imports.test.ts: writes to the file named by
// SF_TRACE_IMPORTS every module the process loads, ES modules as they are resolved (a resolve hook
// in trace-imports-hooks.mjs) and CommonJS modules (require, createRequire) at exit.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

register("./trace-imports-hooks.mjs", import.meta.url);
const require = createRequire(import.meta.url);
process.on("exit", () => appendFileSync(process.env.SF_TRACE_IMPORTS, Object.keys(require.cache).map((k) => `${k}\n`).join("")));
