/** One smoke test through the real bin, as an analyst runs it after `npm ci` (`npx send-findings`). */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ["bin/send-findings.mjs", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });

describe("bin/send-findings.mjs", () => {
  test("parse --format table on a seed letter", () => {
    const r = run("parse", "data/letters/westminster-2020.txt", "--format", "table");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kind: outcome_letter, 2016 framework/);
    expect(r.stdout).toMatch(/main_findings\s+11\s+\d+/);
  });

  test("bad input: exit 1, one line on stderr, no stack trace", () => {
    const r = run("parse", "no/such/file.txt");
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^send-findings: no\/such\/file.txt: no such file/);
  });

  test("eval on worker threads runs from the build (the built fold worker, not the TypeScript one)", () => {
    const d = mkdtempSync(join(tmpdir(), "sf-bin-eval-"));
    const labels = join(d, "labels");
    mkdirSync(labels);
    for (const id of ["medway-2017", "westminster-2020", "islington-2021"]) copyFileSync(join(root, "data/labels", `${id}.csv`), join(labels, `${id}.csv`));
    const r = spawnSync(process.execPath, ["bin/send-findings.mjs", "eval", "--labels", labels, "--out", join(d, "report"), "--jobs", "2", "--bootstrap", "10", "--quiet"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(d, "report", "metrics.json"), "utf8")).setup.documents).toHaveLength(3);
  });

  test("--version and usage exit codes", () => {
    expect(run("--version").stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run().status).toBe(2);
  });
});
