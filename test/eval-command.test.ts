import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";
import { MetricsJsonSchema } from "../eval/report/schema.ts";

function io(): Io & { out: string; err: string } {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.from("") };
  return r;
}

/** A small labels folder: the first rows of two seed letters' hand labels (whole letters held out). */
function labelsDir(ids: string[], rows = 60): string {
  const dir = mkdtempSync(join(tmpdir(), "sf-eval-labels-"));
  for (const id of ids) {
    const lines = readFileSync(`data/labels/${id}.csv`, "utf8").split("\n");
    writeFileSync(join(dir, `${id}.csv`), `${lines.slice(0, rows + 1).join("\n")}\n`);
  }
  return dir;
}

describe("send-findings eval", () => {
  test("writes a schema-valid metrics.json, report.md and report.html; --compare diffs two runs", async () => {
    const labels = labelsDir(["westminster-2020", "islington-2021", "medway-2017"]);
    const out = mkdtempSync(join(tmpdir(), "sf-eval-out-"));
    const r = io();
    const code = await main(["eval", "--labels", labels, "--out", out, "--bootstrap", "20", "--second-pass", join(labels, "none"), "--first-pass", join(labels, "none"), "--quiet"], r);
    expect(r.err).toBe("");
    expect(code).toBe(0);
    const metrics = MetricsJsonSchema.parse(JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")));
    expect(metrics.setup.documents.map((d) => d.letter_id)).toEqual(["islington-2021", "medway-2017", "westminster-2020"]);
    expect(metrics.sentiment.by_framework.all!.n).toBe(180);
    expect(metrics.baselines.map((b) => b.id)).toEqual(expect.arrayContaining(["majority", "heading", "afinn", "naive_bayes", "learner:sparse_logreg"]));
    // A theme with no gold positives in these rows is reported as not evaluable, never as F1 = 0 or NaN.
    const unevaluable = metrics.themes.by_framework.all!.per_theme.filter((t) => !t.evaluable);
    for (const t of unevaluable) expect(t.f1).toBeNull();
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/<svg/);
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/## Baselines and human ceiling/);

    const c = io();
    expect(await main(["eval", "--compare", out, out], c)).toBe(0);
    expect(c.out).toMatch(/sentiment macro-F1 \[all\].*\+0\.000/);

    // Two different runs: a much stronger sentiment penalty scores lower; the difference is B − A, with its sign.
    const cfg = join(out, "..", `strong-l2-${Date.now()}.json`);
    writeFileSync(cfg, JSON.stringify({ sentiment_l2: 0.5 }));
    const out2 = mkdtempSync(join(tmpdir(), "sf-eval-out2-"));
    expect(await main(["eval", "--labels", labels, "--out", out2, "--config", cfg, "--bootstrap", "20", "--second-pass", join(labels, "none"), "--first-pass", join(labels, "none"), "--quiet"], io())).toBe(0);
    const m2 = MetricsJsonSchema.parse(JSON.parse(readFileSync(join(out2, "metrics.json"), "utf8")));
    const a = metrics.sentiment.by_framework.all!.macro_f1!;
    const b = m2.sentiment.by_framework.all!.macro_f1!;
    expect(Math.abs(b - a)).toBeGreaterThan(0.005);
    const d = io();
    expect(await main(["eval", "--compare", out, out2], d)).toBe(0);
    const line = d.out.split("\n").find((l) => l.startsWith("sentiment macro-F1 [all]"))!;
    const shown = Number(/([+-]\d\.\d{3})/.exec(line.slice(line.indexOf(b.toFixed(3)) + 5))![1]);
    expect(shown).toBeCloseTo(b - a, 3);
  }, 120_000);

  test("a labels folder with a single letter: no fold possible, one clear line, exit 1", async () => {
    const r = io();
    expect(await main(["eval", "--labels", labelsDir(["westminster-2020"], 20), "--quiet"], r)).toBe(1);
    expect(r.err).toMatch(/at least 2 documents; found 1 — no fold is possible/);
  });

  test("an empty labels file: one clear line naming it, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sf-eval-empty-"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "westminster-2020.csv"), "");
    const r = io();
    expect(await main(["eval", "--labels", dir, "--quiet"], r)).toBe(1);
    expect(r.err).toMatch(/westminster-2020\.csv: labels file is empty/);
  });
});
