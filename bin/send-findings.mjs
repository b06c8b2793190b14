#!/usr/bin/env node
// Runs the CLI built ahead of time into dist/ (`npm run build`; `npm ci` builds it through the
// `prepare` script): plain JavaScript, so start-up pays no TypeScript loader. The sources run
// directly with `npm run dev -- <command> ...` (tsx).
let cli;
try {
  cli = await import("../dist/scripts/cli/main.js");
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("/dist/scripts/cli/main.js")) throw e;
  process.stderr.write("send-findings: the build is missing (dist/); run `npm run build` in the repository (`npm ci` builds it)\n");
  process.exit(70);
}
process.exitCode = await cli.main(process.argv.slice(2), cli.processIo);
