import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { typesetLetter } from "./testing/pdf-fixtures.ts";
import { formatError, InputError } from "./errors.ts";
import { decodeText, firstInvalidUtf8, MAX_TEXT_BYTES, readSource, readSourceBytes } from "./ingest.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...enc(p)] : p)));
const tmp = () => mkdtempSync(join(tmpdir(), "send-findings-ingest-"));

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

async function rejected(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("decodeText: normalisation", () => {
  test.each([
    ["plain text is unchanged", bytes("Main findings\n- Leaders are ambitious.\n"), "Main findings\n- Leaders are ambitious.\n"],
    ["a UTF-8 BOM is stripped (Word's 'UTF-8 with BOM')", bytes([0xef, 0xbb, 0xbf], "Main findings\n"), "Main findings\n"],
    ["CRLF becomes LF (Windows exports)", bytes("Main findings\r\n\r\n- Plans.\r\n"), "Main findings\n\n- Plans.\n"],
    ["a lone CR becomes LF (old Mac exports)", bytes("Main findings\r- Plans.\r"), "Main findings\n- Plans.\n"],
    ["decomposed accents are composed (NFC)", bytes("Cafe\u0301 and nai\u0308ve"), "Café and naïve"],
    ["curly quotes and bullets survive", bytes("■ Leaders’ work"), "■ Leaders’ work"],
    ["tabs and form feeds (page breaks) are kept", bytes("a\tb\n\f\nc"), "a\tb\n\f\nc"],
    ["a BOM mid-text is not stripped", bytes("a\ufeffb"), "a\ufeffb"],
  ])("%s", (_case, input, expected) => {
    expect(decodeText(input, "a.txt")).toBe(expected);
  });

  test.prop([fc.string({ unit: "grapheme" })])("normalising twice changes nothing", (s) => {
    fc.pre(s.trim() !== "" && !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s));
    const once = decodeText(enc(s), "a.txt");
    expect(decodeText(enc(once), "a.txt")).toBe(once);
  });
});

describe("decodeText: refusals", () => {
  test.each([
    ["0 bytes", new Uint8Array(0), "E_EMPTY", undefined],
    ["only white space", bytes(" \n\t\r\n  "), "E_EMPTY", undefined],
    ["only a BOM and a newline", bytes([0xef, 0xbb, 0xbf], "\n"), "E_EMPTY", undefined],
    ["a NUL byte (binary)", bytes("Main findings", [0], "x"), "E_BINARY", undefined],
    ["a NUL byte far into the file", bytes("a".repeat(20000), [0]), "E_BINARY", undefined],
    ["mostly control bytes", Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x01)), "E_BINARY", undefined],
    ["UTF-16 LE with BOM", Uint8Array.from([0xff, 0xfe, 0x41, 0x00]), "E_ENCODING", 1],
    ["Latin-1 é on line 3", bytes("Main findings\n\nCaf", [0xe9], "\n"), "E_ENCODING", 3],
    ["a lone continuation byte on line 1", bytes("ab", [0x80], "c"), "E_ENCODING", 1],
    ["an overlong '/' (C0 AF) on line 2", bytes("a\n", [0xc0, 0xaf]), "E_ENCODING", 2],
    ["an encoded surrogate (ED A0 80) on line 2", bytes("a\n", [0xed, 0xa0, 0x80]), "E_ENCODING", 2],
    ["above U+10FFFF (F4 90 80 80)", bytes([0xf4, 0x90, 0x80, 0x80]), "E_ENCODING", 1],
    ["a sequence cut off at the end on line 4", bytes("1\n2\n3\nend", [0xe2, 0x80]), "E_ENCODING", 4],
  ])("%s → %s", (_case, input, code, line) => {
    const err = thrown(() => decodeText(input, "letters/x.txt"));
    expect(err).toMatchObject({ code, file: "letters/x.txt", line });
    expect(formatError(err)).not.toMatch(/\n/);
  });

  test("a text over MAX_TEXT_BYTES is refused in one line that names the file and the limit", () => {
    const big = new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61);
    const err = thrown(() => decodeText(big, "huge.txt"));
    expect(err.code).toBe("E_TOO_LARGE");
    const line = formatError(err);
    expect(line).toMatch(/^send-findings: huge\.txt: /);
    expect(line).toContain(`${MAX_TEXT_BYTES / 1048576} MiB`);
    expect(line).not.toMatch(/\n/);
    expect(decodeText(big.subarray(0, MAX_TEXT_BYTES), "ok.txt")).toHaveLength(MAX_TEXT_BYTES);
  });
});

describe("firstInvalidUtf8 agrees with TextDecoder", () => {
  const fatal = new TextDecoder("utf-8", { fatal: true });
  test.prop([fc.uint8Array({ maxLength: 64 })], { seed: 42, numRuns: 500 })("the reported offset is where strict decoding first fails", (b) => {
    const { offset, line } = firstInvalidUtf8(b);
    expect(() => fatal.decode(b.subarray(0, offset))).not.toThrow();
    if (offset < b.length) expect(() => fatal.decode(b)).toThrow();
    else expect(() => fatal.decode(b)).not.toThrow();
    expect(line).toBe(1 + b.subarray(0, offset).filter((x) => x === 0x0a).length);
  });
});

describe("readSource", () => {
  test("a missing path → E_NOT_FOUND", async () => {
    const path = join(tmp(), "nope.txt");
    expect(await rejected(readSource(path))).toMatchObject({ code: "E_NOT_FOUND", file: path });
  });

  test("a directory → E_IS_DIRECTORY", async () => {
    const dir = tmp();
    expect(await rejected(readSource(dir))).toMatchObject({ code: "E_IS_DIRECTORY", file: dir });
  });

  test("a text file is decoded and normalised", async () => {
    const path = join(tmp(), "letter.txt");
    writeFileSync(path, "\ufeffMain findings\r\n- Leaders are ambitious.\r\n");
    expect(await readSource(path)).toEqual({ source: path, text: "Main findings\n- Leaders are ambitious.\n", format: "text", pages: null });
  });

  test("the content decides, not the name: a PDF called .txt is read as a PDF, text called .pdf as text", async () => {
    const dir = tmp();
    const pdf = await typesetLetter([{ kind: "heading", text: "Main findings" }]);
    writeFileSync(join(dir, "report.txt"), pdf.bytes);
    writeFileSync(join(dir, "letter.pdf"), "Main findings\n");
    expect(await readSource(join(dir, "report.txt"))).toMatchObject({ format: "pdf", pages: 1, text: "Main findings\n" });
    expect(await readSource(join(dir, "letter.pdf"))).toMatchObject({ format: "text", pages: null, text: "Main findings\n" });
  });

  test("an oversized text file is refused from its size (a sparse 50 MB file, never written out)", async () => {
    const path = join(tmp(), "log.txt");
    const fd = openSync(path, "w");
    writeFileSync(fd, "not a PDF\n");
    ftruncateSync(fd, 50_000_000);
    closeSync(fd);
    const err = await rejected(readSource(path));
    expect(err).toMatchObject({ code: "E_TOO_LARGE", file: path });
    expect(formatError(err)).toMatch(/47\.7 MiB.*10 MiB/);
  });

  test('"-" reads standard input through opts.readStdin', async () => {
    const doc = await readSource("-", { readStdin: async () => Buffer.from("Main findings\r\n") });
    expect(doc).toEqual({ source: "-", text: "Main findings\n", format: "text", pages: null });
  });

  test('"-" with a PDF on standard input', async () => {
    const pdf = await typesetLetter([{ kind: "heading", text: "Main findings" }, { kind: "bullet", text: "Plans are late." }]);
    const doc = await readSource("-", { readStdin: async () => Buffer.from(pdf.bytes) });
    expect(doc).toEqual({ source: "-", text: "Main findings\n\n• Plans are late.\n", format: "pdf", pages: 1 });
  });

  test('"-" with empty standard input → E_EMPTY naming "-"', async () => {
    expect(await rejected(readSource("-", { readStdin: async () => Buffer.alloc(0) }))).toMatchObject({ code: "E_EMPTY", file: "-" });
  });

  test("a Buffer slice from a pooled allocation is read from its own bytes only", async () => {
    const pool = Buffer.from("JUNK Main findings\n JUNK");
    const doc = await readSource("-", { readStdin: async () => pool.subarray(5, 19) });
    expect(doc.text).toBe("Main findings\n");
  });

  test("the user's file is not modified", async () => {
    const path = join(tmp(), "letter.txt");
    writeFileSync(path, "Main findings\r\n");
    const before = readFileSync(path);
    await readSource(path);
    expect(readFileSync(path)).toEqual(before);
  });
});

describe("readSourceBytes", () => {
  test("a %PDF- header after a little leading junk is still a PDF", async () => {
    const pdf = await typesetLetter([{ kind: "heading", text: "Main findings" }]);
    const junk = Uint8Array.from([...enc("junk\n"), ...pdf.bytes]);
    expect(await readSourceBytes(junk, "x")).toMatchObject({ format: "pdf", text: "Main findings\n" });
  });
});
