import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";
import { MetricsJsonSchema } from "../eval/report/schema.ts";
import { DEFAULT_TARGETS } from "../eval/targets.ts";

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
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/## Baselines and the human ceiling/);

    // Every default target is judged, and the HTML names it.
    expect(metrics.targets?.map((t) => t.metric).sort()).toEqual(Object.keys(DEFAULT_TARGETS).sort());
    const all = metrics.sentiment.by_framework.all!;
    expect(all.flip!.n_flipped).toBe(all.confusion.counts[0]![1]! + all.confusion.counts[1]![0]!);

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

  test("parallel and serial runs write identical metrics.json", async () => {
    const labels = labelsDir(["westminster-2020", "islington-2021", "medway-2017"], 40);
    const none = ["--second-pass", join(labels, "none"), "--first-pass", join(labels, "none")];
    const outs = ["1", "2"].map((jobs) => {
      const out = mkdtempSync(join(tmpdir(), `sf-eval-jobs${jobs}-`));
      return { jobs, out };
    });
    const errs: string[] = [];
    for (const { jobs, out } of outs) {
      const r = io();
      expect(await main(["eval", "--labels", labels, "--out", out, "--bootstrap", "20", "--jobs", jobs, ...none], r)).toBe(0);
      errs.push(r.err);
    }
    // Progress is reported per fold on stderr, and the parallel run did use worker threads.
    expect(errs[0]).toMatch(/cross-validation: fold 3 of 3 done/);
    expect(errs[1]).toMatch(/on 2 worker threads/);
    const [serial, parallel] = outs.map(({ out }) => readFileSync(join(out, "metrics.json")));
    expect(parallel!.length).toBeGreaterThan(1000);
    expect(parallel!.equals(serial!)).toBe(true);
  }, 180_000);

  test("--compare: the change B − A with a paired interval that contains it, a verdict, and Markdown with --out", async () => {
    const labels = labelsDir(["westminster-2020", "islington-2021", "medway-2017"], 40);
    const none = ["--second-pass", join(labels, "none"), "--first-pass", join(labels, "none"), "--bootstrap", "200", "--quiet"];
    const a = mkdtempSync(join(tmpdir(), "sf-eval-a-"));
    const b = mkdtempSync(join(tmpdir(), "sf-eval-b-"));
    const config = join(b, "config.json");
    // A much stronger penalty: a real change in the model, so B − A is not 0 by construction.
    writeFileSync(config, JSON.stringify({ sentiment_l2: 0.05 }));
    expect(await main(["eval", "--labels", labels, "--out", a, ...none], io())).toBe(0);
    expect(await main(["eval", "--labels", labels, "--out", b, "--config", config, ...none], io())).toBe(0);
    const ma = MetricsJsonSchema.parse(JSON.parse(readFileSync(join(a, "metrics.json"), "utf8")));
    const mb = MetricsJsonSchema.parse(JSON.parse(readFileSync(join(b, "metrics.json"), "utf8")));
    const c = io();
    const md = join(a, "compare.md");
    expect(await main(["eval", "--compare", a, b, "--out", md], c)).toBe(0);
    const line = c.out.split("\n").find((l) => l.startsWith("sentiment macro-F1 [all]"))!;
    const m = /([+-]\d\.\d{3})\s+([+-]\d\.\d{3}) to ([+-]\d\.\d{3})\s+B (better|worse|within noise)$/.exec(line);
    expect(m, line).not.toBeNull();
    const [delta, lo, hi] = [m![1], m![2], m![3]].map(Number) as [number, number, number];
    // Both runs scored the same documents: the paired difference is the difference of the figures.
    expect(delta).toBeCloseTo(mb.sentiment.by_framework.all!.macro_f1! - ma.sentiment.by_framework.all!.macro_f1!, 3);
    expect(delta).not.toBe(0);
    expect(lo).toBeLessThanOrEqual(delta);
    expect(hi).toBeGreaterThanOrEqual(delta);
    expect(m![4]).toBe(lo > 0 ? "better" : hi < 0 ? "worse" : "within noise");
    const text = readFileSync(md, "utf8");
    expect(text.startsWith("# Comparison of two evaluation runs\n")).toBe(true);
    expect(text).toMatch(/^\| metric \| A \| A 95% CI \| B \| B 95% CI \| B − A \| paired 95% CI of B − A \| verdict \|$/m);
    expect(text).toMatch(/^\| sentiment macro-F1 \[all\] \| /m);
  }, 180_000);

  test("the model hash in metrics.json is the hash of the file train writes from the same labels and seed", async () => {
    const labels = labelsDir(["westminster-2020", "islington-2021"], 40);
    const out = mkdtempSync(join(tmpdir(), "sf-eval-hash-"));
    const model = join(out, "model.json");
    expect(await main(["train", "--labels", labels, "--out", model, "--seed", "7", "--quiet"], io())).toBe(0);
    expect(await main(["eval", "--labels", labels, "--out", out, "--seed", "7", "--bootstrap", "10", "--jobs", "1", "--quiet", "--second-pass", join(labels, "none"), "--first-pass", join(labels, "none")], io())).toBe(0);
    const metrics = MetricsJsonSchema.parse(JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")));
    expect(metrics.setup.model_sha256).toBe(createHash("sha256").update(readFileSync(model)).digest("hex"));
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain(metrics.setup.model_sha256!);
  }, 120_000);

  test("a targets file: only its targets are judged; an unknown key is refused in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sf-eval-targets-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ sentiment_macro_f1: 0.8, accuracy: 0.9 }));
    const r = io();
    expect(await main(["eval", "--labels", labelsDir(["westminster-2020", "islington-2021"], 20), "--targets", bad, "--quiet"], r)).toBe(1);
    expect(r.err).toMatch(/bad\.json: invalid targets: .*accuracy/);
    expect(r.err.split("\n").filter(Boolean)).toHaveLength(1);
  });

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
