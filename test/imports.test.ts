/**
 * What each command loads, through the real bin (issue 17): built JavaScript only (no TypeScript
 * source, no tsx), and nothing heavy that the command does not need: pdf.js only for a PDF, vega
 * only for the evaluation report, the learners (ml-logistic-regression, ml-matrix) only to train
 * or evaluate. Every module the process loads is traced (`test/testing/trace-imports.mjs`); the
 * PDF and `train` cases show that the trace does see those packages when they load.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { defaultReportsDirs, documentPath, loadDocumentList } from "../pipeline/labels/corpus.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TRACER = join(ROOT, "test/testing/trace-imports.mjs");

/** The files and packages a run of the bin loads, as paths relative to the repository. */
function loaded(args: string[]): string[] {
  const trace = join(mkdtempSync(join(tmpdir(), "sf-imports-")), "trace.txt");
  writeFileSync(trace, "");
  const r = spawnSync(process.execPath, ["--import", TRACER, "bin/send-findings.mjs", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SF_TRACE_IMPORTS: trace }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return [...new Set(readFileSync(trace, "utf8").split("\n").filter(Boolean))].map((p) => (p.startsWith(ROOT) ? p.slice(ROOT.length) : p));
}

const HEAVY = {
  pdfjs: /^node_modules\/pdfjs-dist\//,
  vega: /^node_modules\/vega(-lite)?\//,
  learners: /^node_modules\/ml-(logistic-regression|matrix)\//,
};
const packages = (files: string[], re: RegExp) => files.filter((f) => re.test(f));

/** Built JavaScript only: no TypeScript source of the project, no TypeScript loader. */
function expectBuilt(files: string[]): void {
  expect(files.filter((f) => f.endsWith(".ts") || /^node_modules\/(tsx|typescript|esbuild)\//.test(f))).toEqual([]);
  expect(files.some((f) => f.startsWith("dist/scripts/cli/main.js"))).toBe(true);
}

const letter = "data/letters/westminster-2020.txt";
const sentences = join(mkdtempSync(join(tmpdir(), "sf-imports-")), "s.txt");
writeFileSync(sentences, "Families wait too long for an assessment.\nLeaders work well together.\n");
const pdf = (() => {
  const entry = loadDocumentList().documents.find((d) => "report" in d && documentPath(d, defaultReportsDirs()));
  return entry ? documentPath(entry, defaultReportsDirs()) : null;
})();

describe("what each command loads (real bin)", () => {
  test("--version: no package at all, only the dispatcher", () => {
    const files = loaded(["--version"]);
    expectBuilt(files);
    expect(files.filter((f) => f.startsWith("node_modules/"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("dist/models/") || f.startsWith("dist/eval/"))).toEqual([]);
  });

  const light: [string, string[]][] = [
    ["classify --sentences", ["classify", "--sentences", sentences]],
    ["classify a text letter", ["classify", letter]],
    ["parse a text letter", ["parse", letter]],
    ["summary of a text letter", ["summary", letter]],
    ["model check", ["model", "check", "models/send-findings.json"]],
    ["eval --help", ["eval", "--help"]],
  ];
  for (const [name, args] of light) {
    test(`${name}: neither pdf.js, nor vega, nor the learners`, () => {
      const files = loaded(args);
      expectBuilt(files);
      expect({ pdfjs: packages(files, HEAVY.pdfjs), vega: packages(files, HEAVY.vega), learners: packages(files, HEAVY.learners) }).toEqual({ pdfjs: [], vega: [], learners: [] });
    });
  }

  test("classify --sentences does not load the letter reader", () => {
    expect(loaded(["classify", "--sentences", sentences]).filter((f) => /^dist\/pipeline\/(structure|sentences|metadata)\.js$/.test(f))).toEqual([]);
  });

  test.runIf(pdf !== null && existsSync(pdf))("classify a PDF report: pdf.js, but neither vega nor the learners", () => {
    const files = loaded(["classify", pdf!, "--quiet"]);
    expect(packages(files, HEAVY.pdfjs).length).toBeGreaterThan(0);
    expect([...packages(files, HEAVY.vega), ...packages(files, HEAVY.learners)]).toEqual([]);
  });

  test("a classify --sentences worker thread loads no zod (the thread that starts it checks the model), and classifies", () => {
    // A worker started on its own, as sentence-pool.ts starts it, under the same tracer.
    const script = `
      import { Worker } from "node:worker_threads";
      import { readFileSync } from "node:fs";
      const text = readFileSync("models/send-findings.json", "utf8");
      const m = JSON.parse(text);
      const settings = ({ vocabulary, ...rest }) => rest;
      const w = new Worker(new URL("dist/scripts/cli/sentence-worker.js", "file://" + process.cwd() + "/"), { workerData: { modelText: text, modelPath: "m", format: "csv", explain: false, fields: { area: null, framework: null, outcome: null, inspection_start: null, inspection_end: null, source: "-" } }, execArgv: process.execArgv.filter((a) => !a.startsWith("--input-type")) });
      w.postMessage({ kind: "settings", sentiment: settings(m.sentiment.features), themes: settings(m.themes.features) });
      w.postMessage({ kind: "batch", id: 0, sentences: ["Families wait too long for an assessment."], first: 0 });
      w.on("message", (a) => { process.stdout.write(a.text ?? a.error); w.terminate(); });`;
    const trace = join(mkdtempSync(join(tmpdir(), "sf-imports-")), "trace.txt");
    writeFileSync(trace, "");
    const r = spawnSync(process.execPath, ["--import", TRACER, "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SF_TRACE_IMPORTS: trace }, timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^sentences,.*,Families wait too long for an assessment\.,,weakness,/);
    const files = [...new Set(readFileSync(trace, "utf8").split("\n").filter(Boolean))].map((f) => (f.startsWith(ROOT) ? f.slice(ROOT.length) : f));
    expect(files).toContain("dist/scripts/cli/sentence-worker.js");
    expect(files.filter((f) => /(^|\/)node_modules\/zod\//.test(f) || /^dist\/(models\/model-file|pipeline\/schema)\.js$/.test(f))).toEqual([]);
  });

  test("train --help: the learners (a command that trains), but not vega", () => {
    const files = loaded(["train", "--help"]);
    expect(packages(files, HEAVY.learners).length).toBeGreaterThan(0);
    expect(packages(files, HEAVY.vega)).toEqual([]);
  });
});
