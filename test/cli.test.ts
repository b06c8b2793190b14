import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main, type Io } from "../scripts/cli.ts";

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

  test.each([
    ["missing path", join(dir, "nope.txt"), "E_NOT_FOUND"],
    ["directory", dir, "is a directory"],
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
    expect(r.out).toMatch(/--format <value>.*csv, jsonl, table/);
    expect(r.out).toMatch(/exit codes: 0 ok, 1 bad input/);
  });
});
