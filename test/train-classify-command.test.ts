import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, test } from "vitest";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";

function io(stdin = ""): Io & { out: string; err: string } {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.from(stdin) };
  return r;
}
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

function labelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sf-train-labels-"));
  for (const id of ["westminster-2020", "islington-2021"]) {
    const lines = readFileSync(`data/labels/${id}.csv`, "utf8").split("\n");
    writeFileSync(join(dir, `${id}.csv`), `${lines.slice(0, 81).join("\n")}\n`);
  }
  return dir;
}

describe("send-findings train → classify", () => {
  const labels = labelsDir();
  const dir = mkdtempSync(join(tmpdir(), "sf-train-out-"));
  const model = join(dir, "m.json");
  let trainOut = "";

  // One model for the tests below, trained here so that no test depends on another having run.
  beforeAll(async () => {
    const a = io();
    expect(await main(["train", "--labels", labels, "--out", model, "--seed", "3", "--quiet"], a)).toBe(0);
    trainOut = a.out;
  }, 120_000);

  test("same labels + seed = byte-identical model file, with cross-validated metrics", async () => {
    expect(trainOut).toMatch(/leave-one-document-out/);
    const again = join(dir, "again.json");
    expect(await main(["train", "--labels", labels, "--out", again, "--seed", "3", "--quiet"], io())).toBe(0);
    expect(sha(again)).toBe(sha(model));
    expect(JSON.parse(readFileSync(model, "utf8")).metrics.frameworks.all.n_sentences).toBe(160);
  }, 120_000);

  test("a bad config fails in one line and leaves the previous model untouched", async () => {
    const before = sha(model);
    const cfg = join(dir, "bad.json");
    writeFileSync(cfg, JSON.stringify({ sentimnet_l2: 0.1 }));
    const r = io();
    expect(await main(["train", "--labels", labels, "--out", model, "--config", cfg], r)).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/bad\.json: invalid config/);
    expect(sha(model)).toBe(before);
  });

  test("classify csv: one row per sentence with the documented columns and probabilities summing to 1", async () => {
    const r = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", "--model", model], r)).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe(
      "letter_id,area,framework,outcome,inspection_start,inspection_end,source,section,subsection,finding_index,sentence_index,text,silver,sentiment,p_strength,p_weakness,p_neutral,themes,finding_rollup",
    );
    const rows = Papa.parse<Record<string, string>>(r.out, { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(132);
    for (const row of rows) {
      const p = [Number(row.p_strength), Number(row.p_weakness), Number(row.p_neutral)];
      expect(p.every((x) => x >= 0 && x <= 1)).toBe(true);
      // Written to four decimals, so the sum is 1 within rounding.
      expect(p[0]! + p[1]! + p[2]!, row.text).toBeCloseTo(1, 3);
      // The label is the most probable class.
      expect(["strength", "weakness", "neutral"][p.indexOf(Math.max(...p))]).toBe(row.sentiment);
    }
  });

  test("classify --sentences - and jsonl; summary table across letters", async () => {
    const r = io("Children wait too long for assessments.\n\nLeaders work well together.\n");
    expect(await main(["classify", "--sentences", "-", "--model", model, "--format", "jsonl"], r)).toBe(0);
    const rows = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    for (const x of rows) expect(x.p_strength + x.p_weakness + x.p_neutral).toBeCloseTo(1, 3);
    const s = io();
    expect(await main(["summary", "data/letters/westminster-2020.txt", "data/letters/islington-2021.txt", "--model", model], s)).toBe(0);
    expect(s.out).toMatch(/across letters/);
  });

  test("classify --explain says in words what pushed each decision (the same words in every format)", async () => {
    const code = /(?:^|[\s(;'"])(?:ev|h|cue|pos|t|ft|pt|nt|lt|[cmn]):[\w-]/m;
    const table = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", "--model", model, "--explain", "--format", "table"], table)).toBe(0);
    const because = table.out.split("\n").filter((l) => l.trimStart().startsWith("because: "));
    expect(because.length).toBeGreaterThan(100);
    expect(table.out).toMatch(/because: .*(evaluative word \((strength|weakness) cue\)|section heading: |word ')/);
    expect(table.out.match(code)?.[0] ?? null).toBeNull();
    const jsonl = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", "--model", model, "--explain", "--format", "jsonl"], jsonl)).toBe(0);
    const rows = jsonl.out.trim().split("\n").map((l) => JSON.parse(l) as { explain: { feature: string; weight: number; words: string }[] });
    // JSONL keeps the feature names for tools, each with its words.
    const items = rows.flatMap((r) => r.explain);
    expect(items.some((e) => /^(ev|h|cue|pos):/.test(e.feature))).toBe(true);
    for (const e of items) expect(e.words).not.toMatch(code);
    const csv = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", "--model", model, "--explain"], csv)).toBe(0);
    expect(csv.out.split("\n")[0]!.endsWith(",explain")).toBe(true);
    expect(csv.out).toContain(`${items[0]!.words} (${items[0]!.weight >= 0 ? "+" : ""}${items[0]!.weight.toFixed(2)})`);
  });

  test("summary keeps a document without findings in the comparison, with zeros, and says why", async () => {
    const s = io();
    expect(await main(["summary", "data/letters/westminster-2020.txt", "data/letters/city-of-london-2019-progress.txt", "--model", model], s)).toBe(0);
    expect(s.err).toMatch(/city-of-london-2019-progress\.txt: no findings to summarise \(kind council_report\)/);
    expect(s.out).toMatch(/══ city-of-london-2019-progress: 0 findings, 0 sentences/);
    expect(s.out).toMatch(/\ncity-of-london-2019-progress +— +0 +0 +0 +0 +—\n/);
    // % weakness: one decimal, right-aligned under its header.
    const row = s.out.split("\n").find((l) => l.startsWith("westminster-2020 "))!;
    const header = s.out.split("\n").find((l) => l.startsWith("letter "))!;
    const pct = row.match(/ (\d+\.\d)%/)!;
    expect(row.indexOf(pct[0]) + pct[0].length).toBe(header.indexOf("% weakness") + "% weakness".length);
    const j = io();
    expect(await main(["summary", "data/letters/city-of-london-2019-progress.txt", "--model", model, "--format", "json"], j)).toBe(0);
    expect(JSON.parse(j.out).letters).toEqual([expect.objectContaining({ letter_id: "city-of-london-2019-progress", sentences: 0, findings: 0 })]);
  });

  test("a truncated model file is refused in one line", async () => {
    const bad = join(dir, "trunc.json");
    writeFileSync(bad, readFileSync(model, "utf8").slice(0, 500));
    const r = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", "--model", bad], r)).toBe(1);
    expect(r.err).toMatch(/trunc\.json: not valid JSON/);
  });
});
