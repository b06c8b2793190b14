/**
 * `send-findings report`: the files it writes, the workbook read back with exceljs, what it leaves
 * out, and bad input (one line, nothing lost, --out never an input). The pages themselves are
 * checked in a browser by eval/site/site.browser.test.ts.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { beforeAll, describe, expect, test } from "vitest";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";

type TestIo = Io & { out: string; err: string };
function io(): TestIo {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.alloc(0) };
  return r;
}
const tmp = () => mkdtempSync(join(tmpdir(), "sf-report-"));
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
const csvRows = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

/** The seed letters, a recipe (not a letter) and a second Westminster document (so one area has a before/after page). */
function inputs(): { dir: string; files: string[] } {
  const dir = tmp();
  const letters = join(dir, "letters");
  mkdirSync(letters);
  for (const f of readdirSync("data/letters")) copyFileSync(join("data/letters", f), join(letters, f));
  copyFileSync("data/letters/westminster-2020.txt", join(letters, "westminster-2020-copy.txt"));
  writeFileSync(join(letters, "recipe.txt"), "Lemon drizzle cake\n\nIngredients\n\n- 200g flour\n- 2 eggs\n\nMethod\n\nMix everything. Bake for 40 minutes.\n");
  return { dir: letters, files: readdirSync(letters).sort().map((f) => join(letters, f)) };
}

describe("send-findings report", () => {
  const { dir, files } = inputs();
  const out = join(tmp(), "site");
  const r = io();
  let code = -1;
  const classified = io();

  beforeAll(async () => {
    code = await main(["report", dir, "--out", out], r);
    await main(["classify", dir, "--quiet"], classified);
  }, 120_000);

  test("writes index.html, a page per letter, a before/after page per repeated area, and findings.xlsx; the last line says where", () => {
    expect(code).toBe(0);
    const ids = [...new Set(csvRows(classified.out).map((x) => x.letter_id!))].sort();
    expect(readdirSync(join(out, "letters")).sort()).toEqual(ids.map((id) => `${id}.html`).sort());
    expect(readdirSync(join(out, "areas"))).toEqual(["westminster.html"]);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    expect(existsSync(join(out, "findings.xlsx"))).toBe(true);
    const last = r.err.trim().split("\n").at(-1)!;
    expect(last).toMatch(new RegExp(`^send-findings: wrote .*index\\.html \\(${ids.length} letter pages, 1 before/after page\\) and .*findings\\.xlsx: ${ids.length} documents, ${csvRows(classified.out).length} sentences; 2 left out \\(not letters\\)$`));
  });

  test("a file that is not a letter is a warning and is left out, with the reason on the index page", () => {
    const recipe = files.find((f) => f.endsWith("recipe.txt"))!;
    expect(r.err).toContain(`send-findings: ${recipe}: warning: left out of the site and workbook: no inspection sections found`);
    expect(r.err).toMatch(/city-of-london-2019-progress\.txt: warning: left out of the site and workbook: a council report without an inspection letter/);
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain(`<code>${recipe}</code>: left out, no inspection sections found`);
    expect(existsSync(join(out, "letters", "recipe.html"))).toBe(false);
  });

  test("the workbook read back: sheets documents, findings, sentences; sentences = the classify CSV row for row; outcome filled", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "findings.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["documents", "findings", "sentences"]);
    const csv = csvRows(classified.out);
    const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
    const sentences = wb.getWorksheet("sentences")!;
    expect(header(sentences)).toEqual(Object.keys(csv[0]!));
    expect(sentences.rowCount - 1).toBe(csv.length);
    // Row for row the same text and label; probabilities are numbers, equal to the CSV's 4 decimals.
    csv.forEach((c, i) => {
      const row = sentences.getRow(i + 2);
      const cell = (name: string) => row.getCell(Object.keys(c).indexOf(name) + 1).value;
      expect(cell("text")).toBe(c.text);
      expect(cell("sentiment")).toBe(c.sentiment);
      expect(typeof cell("p_weakness")).toBe("number");
      expect((cell("p_weakness") as number).toFixed(4)).toBe(c.p_weakness);
      expect(cell("outcome")).toBe(c.outcome);
      expect(cell("outcome")).toMatch(/^(wsoa_required|wsoa_not_required)$/);
    });
    const documents = wb.getWorksheet("documents")!;
    const ids = new Set(csv.map((c) => c.letter_id));
    expect(documents.rowCount - 1).toBe(ids.size); // the recipe and the council report are not rows of zeros
    const dh = header(documents) as string[];
    for (let i = 2; i <= documents.rowCount; i++) expect(documents.getRow(i).getCell(dh.indexOf("outcome") + 1).value).toBeTruthy();
    const findings = wb.getWorksheet("findings")!;
    const findingKeys = new Set(csv.map((c) => `${c.source}|${c.section}|${c.subsection}|${c.finding_index}`));
    expect(findings.rowCount - 1).toBe(findingKeys.size);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getColumn(1).width).toBeGreaterThan(8);
    }
  });

  test("running again over its own earlier site replaces it", async () => {
    const again = io();
    expect(await main(["report", "data/letters/westminster-2020.txt", "--out", out, "--quiet"], again)).toBe(0);
    expect(again.err).toBe("");
    expect(readdirSync(join(out, "letters"))).toEqual(["westminster-2020.html"]);
    expect(existsSync(join(out, "areas"))).toBe(false);
  });
});

describe("report: bad input", () => {
  test("--out is required; no inputs is a usage error", async () => {
    const a = io();
    expect(await main(["report", "data/letters"], a)).toBe(2);
    expect(a.err.trim()).toMatch(/^send-findings: report: --out DIR is required/);
    const b = io();
    expect(await main(["report", "--out", join(tmp(), "x")], b)).toBe(2);
  });

  test("a missing file: one line, exit 1, and no site written", async () => {
    const out = join(tmp(), "site");
    const r = io();
    expect(await main(["report", "data/letters/westminster-2020.txt", "no/such/letter.txt", "--out", out], r)).toBe(1);
    expect(r.err.trim().split("\n")).toEqual([expect.stringMatching(/^send-findings: no\/such\/letter\.txt: no such file/)]);
    expect(existsSync(out)).toBe(false);
  });

  test("--keep-going: the unreadable file is skipped, reported on stderr and on the index page, exit 1", async () => {
    const d = tmp();
    const bad = join(d, "broken.pdf");
    writeFileSync(bad, "%PDF-1.7\n1 0 obj\n<< /Type /Catalog");
    const out = join(d, "site");
    const r = io();
    expect(await main(["report", "data/letters/westminster-2020.txt", bad, "--out", out, "--keep-going", "--quiet"], r)).toBe(1);
    expect(r.err.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^send-findings: ${bad}: .*PDF.* \\(skipped\\)$`))]);
    expect(readdirSync(join(out, "letters"))).toEqual(["westminster-2020.html"]);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain(`<code>${bad}</code>: could not be read`);
  });

  test("--out is never an input, nor a folder holding one, nor a file, nor a folder of the user's files", async () => {
    const d = tmp();
    const letter = join(d, "westminster-2020.txt");
    copyFileSync("data/letters/westminster-2020.txt", letter);
    const notes = join(d, "notes");
    mkdirSync(notes);
    writeFileSync(join(notes, "mine.txt"), "my notes\n");
    const hashes = () => [sha(letter), sha(join(notes, "mine.txt"))];
    const before = hashes();
    for (const [out, what] of [
      [letter, "is an input or holds one"],
      [d, "is an input or holds one"],
      [notes, "holds files that send-findings report did not write (mine.txt)"],
    ] as const) {
      const r = io();
      expect(await main(["report", letter, "--out", out], r)).toBe(1);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toContain(`send-findings: ${out}: --out ${what}`);
    }
    const file = join(d, "file.html");
    writeFileSync(file, "<p>mine</p>");
    const r = io();
    expect(await main(["report", letter, "--out", file], r)).toBe(1);
    expect(r.err).toMatch(/--out is a file; expected a folder/);
    expect(readFileSync(file, "utf8")).toBe("<p>mine</p>");
    expect(hashes()).toEqual(before);
    expect(readdirSync(d).sort()).toEqual(["file.html", "notes", "westminster-2020.txt"]);
  });
});
