/**
 * classify, summary and parse on batches: document columns on every row, folders as inputs,
 * --keep-going, the Excel CSV, progress and the last line, and tables that fit the terminal.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";

type TestIo = Io & { out: string; err: string };
function io(extra: Partial<Io> = {}): TestIo {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.alloc(0), ...extra };
  return r;
}
const csvRows = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ""), { header: true, skipEmptyLines: true }).data;
const tmp = () => mkdtempSync(join(tmpdir(), "sf-batch-cmd-"));
const LETTERS = readdirSync("data/letters").sort().map((f) => join("data/letters", f));

describe("every classify row carries its document", () => {
  test("csv: area, framework, outcome, inspection dates and source next to letter_id, as the parser reads them", async () => {
    const r = io();
    expect(await main(["classify", "data/letters/medway-2017.txt", "data/letters/islington-2021.txt"], r)).toBe(0);
    const rows = csvRows(r.out);
    const parsed = io();
    await main(["parse", "data/letters/medway-2017.txt", "data/letters/islington-2021.txt"], parsed);
    const docs = parsed.out.trim().split("\n").map((l) => JSON.parse(l));
    for (const doc of docs) {
      const mine = rows.filter((x) => x.source === doc.source);
      expect(mine.length).toBe(doc.findings.reduce((n: number, f: { sentences: unknown[] }) => n + f.sentences.length, 0));
      for (const x of mine) {
        expect(x.letter_id).toBe(doc.letter_id);
        expect(x.area).toBe(doc.metadata.local_area);
        expect(x.framework).toBe(doc.framework);
        expect(x.inspection_start).toBe(doc.metadata.inspection_start);
        expect(x.inspection_end).toBe(doc.metadata.inspection_end);
        // A 2016–22 letter's outcome is whether a written statement of action is required.
        expect(x.outcome).toBe(doc.metadata.wsoa_required ? "wsoa_required" : "wsoa_not_required");
      }
    }
  });

  test("jsonl carries the same fields; --sentences rows name their file as source", async () => {
    const r = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", "--format", "jsonl"], r)).toBe(0);
    const first = JSON.parse(r.out.split("\n")[0]!);
    expect(Object.keys(first).slice(0, 7)).toEqual(["letter_id", "area", "framework", "outcome", "inspection_start", "inspection_end", "source"]);
    expect(first).toMatchObject({ area: "Westminster", framework: "2016", source: "data/letters/westminster-2020.txt" });
    const d = tmp();
    writeFileSync(join(d, "s.txt"), "Children wait too long.\n");
    const s = io();
    expect(await main(["classify", "--sentences", join(d, "s.txt"), "--format", "jsonl"], s)).toBe(0);
    expect(JSON.parse(s.out)).toMatchObject({ area: null, outcome: null, source: join(d, "s.txt") });
  });

  test("csv-excel: a UTF-8 byte-order mark and CRLF, and otherwise the same rows as csv", async () => {
    const plain = io();
    const excel = io();
    expect(await main(["classify", "data/letters/medway-2017.txt"], plain)).toBe(0);
    expect(await main(["classify", "data/letters/medway-2017.txt", "--format", "csv-excel"], excel)).toBe(0);
    expect(excel.out.startsWith("\ufeffletter_id,")).toBe(true);
    expect(excel.out.split("\r\n").length).toBe(plain.out.split("\n").length);
    expect(csvRows(excel.out)).toEqual(csvRows(plain.out));
    const help = io();
    await main(["classify", "--help"], help);
    expect(help.out).toMatch(/csv-excel is CSV for double-clicking in Excel \(UTF-8 byte-order mark/);
  });
});

describe("folders and --keep-going", () => {
  test("a folder gives the same rows as its files listed in name order", async () => {
    const a = io();
    const b = io();
    expect(await main(["classify", "data/letters", "--quiet"], a)).toBe(0);
    expect(await main(["classify", ...LETTERS, "--quiet"], b)).toBe(0);
    expect(a.out).toBe(b.out);
    expect(new Set(csvRows(a.out).map((x) => x.source)).size).toBe(LETTERS.length - 1); // the council report has no findings
  });

  test("without --keep-going a bad file stops the run: one line, nothing on stdout, --out untouched", async () => {
    const d = tmp();
    const out = join(d, "out.csv");
    writeFileSync(out, "precious\n");
    const r = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", join(d, "missing.txt"), "--out", out], r)).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain(join(d, "missing.txt"));
    expect(r.out).toBe("");
    expect(readFileSync(out, "utf8")).toBe("precious\n");
  });

  test("with --keep-going the bad file is reported and skipped, the others written, and the exit code is 1", async () => {
    const d = tmp();
    const bad = join(d, "empty.txt");
    writeFileSync(bad, "");
    const out = join(d, "out.csv");
    const r = io();
    expect(await main(["classify", "data/letters/westminster-2020.txt", bad, "data/letters/islington-2021.txt", "--keep-going", "--out", out], r)).toBe(1);
    const rows = csvRows(readFileSync(out, "utf8"));
    expect(new Set(rows.map((x) => x.letter_id))).toEqual(new Set(["westminster-2020", "islington-2021"]));
    const lines = r.err.trim().split("\n");
    expect(lines.filter((l) => l.includes(bad))).toEqual([`send-findings: ${bad}: file is empty; expected the text of an inspection letter or report (skipped)`]);
    expect(lines.at(-1)).toBe(`send-findings: wrote ${rows.length} sentences of 2 documents (csv) to ${out}; 1 file skipped (see above)`);
    // --quiet silences progress, not the report of a skipped file.
    const q = io();
    expect(await main(["classify", bad, "data/letters/islington-2021.txt", "--keep-going", "--quiet"], q)).toBe(1);
    expect(q.err.trim().split("\n")).toEqual([expect.stringContaining(`${bad}: file is empty`)]);
  });

  test("progress: one line per document when the run is slow and stderr is not a terminal; nothing with --quiet", async () => {
    let t = 0;
    const slow = () => (t += 700);
    const r = io({ now: slow });
    expect(await main(["classify", "data/letters/westminster-2020.txt", "data/letters/islington-2021.txt"], r)).toBe(0);
    expect(r.err.trim().split("\n")).toEqual([
      "send-findings: [1/2] data/letters/westminster-2020.txt: 132 sentences",
      "send-findings: [2/2] data/letters/islington-2021.txt: 193 sentences",
      "send-findings: wrote 325 sentences of 2 documents (csv) to standard output",
    ]);
    const q = io({ now: slow });
    expect(await main(["classify", "data/letters/westminster-2020.txt", "data/letters/islington-2021.txt", "--quiet"], q)).toBe(0);
    expect(q.err).toBe("");
  });

  test("parse and summary take folders and --keep-going too", async () => {
    const d = tmp();
    copyFileSync("data/letters/westminster-2020.txt", join(d, "westminster-2020.txt"));
    writeFileSync(join(d, "broken.pdf"), "%PDF-1.7\n1 0 obj\n<< /Type /Catalog");
    const p = io();
    expect(await main(["parse", d, "--keep-going", "--quiet"], p)).toBe(1);
    expect(p.out.trim().split("\n").map((l) => JSON.parse(l).letter_id)).toEqual(["westminster-2020"]);
    const s = io();
    expect(await main(["summary", d, "--keep-going", "--format", "json", "--quiet"], s)).toBe(1);
    expect(JSON.parse(s.out).letters.map((x: { letter_id: string }) => x.letter_id)).toEqual(["westminster-2020"]);
  });
});

describe("tables fit the terminal", () => {
  const width = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));
  const words = (text: string) => text.split(/\s+/).filter(Boolean);

  test("classify --format table wraps every sentence to the terminal's width (100 when not a terminal), losing no word", async () => {
    const csv = io();
    await main(["classify", "data/letters/medway-2017.txt"], csv);
    for (const columns of [undefined, 60, 160]) {
      const r = io({ stdoutColumns: columns });
      expect(await main(["classify", "data/letters/medway-2017.txt", "--format", "table"], r)).toBe(0);
      expect(width(r.out)).toBeLessThanOrEqual(columns ?? 100);
      // Every word of every sentence is on screen, in order.
      const shown = words(r.out).join(" ");
      for (const row of csvRows(csv.out)) expect(shown).toContain(words(row.text!).join(" ").split(" ").slice(-3).join(" "));
    }
    const wide = io({ stdoutColumns: 160 });
    await main(["classify", "data/letters/medway-2017.txt", "--format", "table"], wide);
    expect(width(wide.out)).toBeGreaterThan(100); // a wide terminal is used, not cut at 110
  });

  test("summary: one row per document across letters, and no line past 100 columns for many documents", async () => {
    const r = io();
    expect(await main(["summary", "data/letters", "--quiet"], r)).toBe(0);
    expect(width(r.out)).toBeLessThanOrEqual(100);
    const across = r.out.slice(r.out.indexOf("══ across letters"));
    for (const f of LETTERS) {
      const id = f.replace(/^.*\//, "").replace(/\.txt$/, "");
      expect(across.split("\n").filter((l) => l.startsWith(`${id} `))).toHaveLength(1);
    }
    const j = io();
    expect(await main(["summary", "data/letters/medway-2017.txt", "--format", "json"], j)).toBe(0);
    expect(JSON.parse(j.out).letters[0]).toMatchObject({ letter_id: "medway-2017", area: "Medway", framework: "2016", outcome: "wsoa_required", source: "data/letters/medway-2017.txt" });
  });
});
