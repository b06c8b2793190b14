// The resolve hook of trace-imports.mjs: one line per ES module resolved.
import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.SF_TRACE_IMPORTS, `${r.url.startsWith("file:") ? fileURLToPath(r.url) : r.url}\n`);
  return r;
}
