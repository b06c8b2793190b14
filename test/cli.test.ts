import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseLabelsCsv } from "../pipeline/labels/files.ts";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";

function io(stdin = ""): Io & { out: string; err: string } {
  const r = {
    out: "",
    err: "",
    stdout: (c: string) => void (r.out += c),
    stderr: (c: string) => void (r.err += c),
    readStdin: async () => Buffer.from(stdin),
  };
  return r;
}

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
const tmp = () => mkdtempSync(join(tmpdir(), "send-findings-cli-"));

describe("send-findings parse", () => {
  test("json: one document per line with findings and sentences", async () => {
    const r = io();
    expect(await main(["parse", "data/letters/westminster-2020.txt"], r)).toBe(0);
    const doc = JSON.parse(r.out.trim());
    expect(doc.letter_id).toBe("westminster-2020");
    expect(doc.kind).toBe("outcome_letter");
    expect(doc.findings.length).toBeGreaterThan(30);
    expect(doc.findings[0].sentences.length).toBeGreaterThan(0);
  });

  test("table: sections with finding counts", async () => {
    const r = io();
    expect(await main(["parse", "data/letters/medway-2017.txt", "--format", "table"], r)).toBe(0);
    expect(r.out).toMatch(/kind: committee_report/);
    expect(r.out).toMatch(/significant_weaknesses\s+8/);
  });

  test("- reads standard input", async () => {
    const r = io(readFileSync("data/letters/islington-2021.txt", "utf8"));
    expect(await main(["parse", "-"], r)).toBe(0);
    expect(JSON.parse(r.out).letter_id).toBe("stdin");
  });

  test("a council report without a letter parses with no findings", async () => {
    const r = io();
    expect(await main(["parse", "data/letters/city-of-london-2019-progress.txt"], r)).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.kind).toBe("council_report");
    expect(doc.findings).toEqual([]);
  });
});

describe("bad input: one line, no stack, non-zero exit", () => {
  const dir = tmp();
  const empty = join(dir, "empty.txt");
  writeFileSync(empty, "");
  const binary = join(dir, "binary.bin");
  writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]));
  const latin1 = join(dir, "latin1.txt");
  writeFileSync(latin1, Buffer.concat([Buffer.from("Main findings\n\n- Caf"), Buffer.from([0xe9]), Buffer.from(" is open.\n")]));
  const corrupt = join(dir, "corrupt.pdf");
  writeFileSync(corrupt, "%PDF-1.7\n1 0 obj\n<< /Type /Catalog");
  const noLetters = tmp();
  writeFileSync(join(noLetters, "notes.md"), "# not a letter\n");

  test.each([
    ["missing path", join(dir, "nope.txt"), "E_NOT_FOUND"],
    ["folder without letters", noLetters, "folder holds no .pdf or .txt files"],
    ["empty file", empty, "empty"],
    ["binary file", binary, "binary"],
    ["invalid UTF-8", latin1, "invalid UTF-8"],
    ["corrupt PDF", corrupt, "PDF"],
  ])("%s", async (_case, path, fragment) => {
    const r = io();
    const code = await main(["parse", path], r);
    expect(code).toBe(1);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    if (fragment !== "E_NOT_FOUND") expect(lines[0]).toContain(fragment);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe("");
  });

  test("invalid UTF-8 names the line", async () => {
    const r = io();
    await main(["parse", latin1], r);
    expect(r.err).toContain(`${latin1}:3:`);
  });

  test("usage errors exit 2 and name the flag and choices", async () => {
    const r = io();
    expect(await main(["parse", "data/letters/westminster-2020.txt", "--format", "xml"], r)).toBe(2);
    expect(r.err).toMatch(/--format: "xml"; expected one of json, table/);
    const r2 = io();
    expect(await main(["frobnicate"], r2)).toBe(2);
    expect(r2.err).toMatch(/unknown command "frobnicate"/);
    const r3 = io();
    expect(await main(["parse", "--bogus"], r3)).toBe(2);
  });

  test("--out refuses to overwrite an input, and a failed run leaves the user's file untouched", async () => {
    const d = tmp();
    const input = join(d, "letter.txt");
    writeFileSync(input, readFileSync("data/letters/westminster-2020.txt"));
    const before = sha(input);
    const r = io();
    expect(await main(["parse", input, "--out", input], r)).toBe(1);
    expect(sha(input)).toBe(before);

    const out = join(d, "out.jsonl");
    writeFileSync(out, "precious\n");
    const r2 = io();
    expect(await main(["parse", "data/letters/westminster-2020.txt", join(d, "missing.txt"), "--out", out], r2)).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    expect(existsSync(`${out}.tmp-${process.pid}`)).toBe(false);
  });

  test("--help lists options and exit codes", async () => {
    const r = io();
    expect(await main(["classify", "--help"], r)).toBe(0);
    expect(r.out).toMatch(/--format <value>.*csv, csv-excel, jsonl, table/);
    expect(r.out).toMatch(/exit codes: 0 ok, 1 bad input/);
  });
});

describe("send-findings labels sheet / import", () => {
  /** The sheet of westminster-2020 filled in with its committed labels (sid order is reading order). */
  async function filledSheet(): Promise<string> {
    const r = io();
    expect(await main(["labels", "sheet", "westminster-2020"], r)).toBe(0);
    const gold = parseLabelsCsv(readFileSync("data/labels/westminster-2020.csv", "utf8"), "gold.csv");
    expect(r.out.trim().split("\n").length - 1).toBe(gold.length);
    const sentiments = gold.map((g) => g.sentiment);
    return `${["sid,sentiment", ...sentiments.map((s, i) => `${i},${s}`)].join("\n")}\n`;
  }

  test("a filled-in sheet becomes a label file the corpus loader accepts", async () => {
    const d = tmp();
    const sheet = join(d, "answers.csv");
    writeFileSync(sheet, await filledSheet());
    const out = join(d, "labels", "westminster-2020.csv");
    const r = io();
    expect(await main(["labels", "import", "westminster-2020", sheet, "--annotator", "annotator-z", "--out", out], r)).toBe(0);
    expect(r.err).toMatch(/132 sentences labelled by annotator-z/);
    const s = io();
    expect(await main(["labels", "stats", "--labels", join(d, "labels")], s)).toBe(0);
    expect(s.out).toMatch(/2016–22 letters: 132 sentences in 1 documents/);
  });

  test("an existing label file is replaced only with --force, and a failed import leaves it as it was", async () => {
    const d = tmp();
    const sheet = join(d, "answers.csv");
    writeFileSync(sheet, await filledSheet());
    const out = join(d, "westminster-2020.csv");
    writeFileSync(out, "precious\n");
    const r = io();
    expect(await main(["labels", "import", "westminster-2020", sheet, "--annotator", "a", "--out", out], r)).toBe(1);
    expect(r.err.trim()).toBe(`send-findings: ${out}: a label file is already there; hand labels are not replaced unless you pass --force`);
    writeFileSync(join(d, "bad.csv"), "sid,sentiment\n0,strength\n1,great\n");
    const r2 = io();
    expect(await main(["labels", "import", "westminster-2020", join(d, "bad.csv"), "--annotator", "a", "--out", out, "--force"], r2)).toBe(1);
    expect(r2.err.trim()).toMatch(new RegExp(`^send-findings: ${join(d, "bad.csv")}:3: sid 1: column "sentiment": "great" is not one of`));
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    const r3 = io();
    expect(await main(["labels", "import", "westminster-2020", sheet, "--annotator", "a", "--out", out, "--force"], r3)).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^letter_id,section,subsection/);
  });

  test("a sheet does not replace a file that is there without --force, nor an import its own sheet", async () => {
    const d = tmp();
    const sheet = join(d, "sheet.csv");
    writeFileSync(sheet, "sid,finding,sentence,sentiment,themes,note\n0,x,x,strength,,half done\n");
    const r = io();
    expect(await main(["labels", "sheet", "westminster-2020", "--out", sheet], r)).toBe(1);
    expect(r.err.trim()).toBe(`send-findings: ${sheet}: a file is already there (a sheet being filled in?); it is not replaced unless you pass --force`);
    expect(readFileSync(sheet, "utf8")).toMatch(/half done/);
    const r2 = io();
    expect(await main(["labels", "sheet", "westminster-2020", "--out", sheet, "--force"], r2)).toBe(0);
    expect(readFileSync(sheet, "utf8").split("\n")).toHaveLength(134);
    const r3 = io();
    expect(await main(["labels", "import", "westminster-2020", sheet, "--annotator", "a", "--out", sheet, "--force"], r3)).toBe(1);
    expect(r3.err).toMatch(/--out names one of the input files/);
  });

  test("usage and unknown documents", async () => {
    const r = io();
    expect(await main(["labels", "import", "westminster-2020", "x.csv"], r)).toBe(2);
    expect(r.err).toMatch(/--annotator NAME is required/);
    const r2 = io();
    expect(await main(["labels", "sheet", "nowhere-2030"], r2)).toBe(1);
    expect(r2.err).toMatch(/unknown letter_id "nowhere-2030"; add it to data\/documents.json/);
    expect(r2.err.trim().split("\n")).toHaveLength(1);
  });

  test("errors say what the file should have held: a sheet, or sentences, not a letter", async () => {
    const d = tmp();
    const r = io();
    expect(await main(["labels", "import", "westminster-2020", join(d, "none.csv"), "--annotator", "a", "--out", join(d, "o.csv")], r)).toBe(1);
    expect(r.err.trim()).toBe(`send-findings: ${join(d, "none.csv")}: no such file; expected a labelling sheet (CSV with sid and sentiment columns)`);
    writeFileSync(join(d, "empty.txt"), "");
    const r2 = io();
    expect(await main(["classify", "--sentences", join(d, "empty.txt")], r2)).toBe(1);
    expect(r2.err.trim()).toBe(`send-findings: ${join(d, "empty.txt")}: file is empty; expected a text file with one sentence per line`);
  });

  test("a report's sheet is not written inside the repository", async () => {
    const r = io();
    expect(await main(["labels", "sheet", "rutland-2023", "--out", "data/rutland-sheet.csv"], r)).toBe(1);
    expect(r.err).toMatch(/holds text of a report that is never committed; write it outside the repository/);
    expect(existsSync("data/rutland-sheet.csv")).toBe(false);
  });
});
